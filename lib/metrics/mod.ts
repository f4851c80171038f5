/**
 * Metrics for RLVR evaluation: unbiased pass@k (stable product form), maj@k, avg@k, seeded
 * bootstrap intervals, accuracy against horizon with R-Horizon's expected curve and the
 * Acc_last / Acc_all gap, verifier precision / recall / F1, and STARC reward distances.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { passAtK } from "./mod.ts";
 * assert.equal(passAtK(100, 10, 10).toFixed(6), "0.669524");
 * ```
 * @module
 */
export {
  avgAtK,
  bootstrapPassAtK,
  majAtK,
  meanPassAtK,
  passAtK,
  passAtKWithReplacement,
} from "./pass_at_k.ts";
export { bootstrapInterval, type Interval } from "./bootstrap.ts";
export { accuracyByHorizon, type HorizonResult, type HorizonRow } from "./horizon.ts";
export { type Agreement, verifierAgreement } from "./verifier_agreement.ts";
export {
  canonicalizeEpic,
  canonicalizeVal,
  type FiniteMdp,
  policyValue,
  type RewardTable,
  starcDistance,
  type StarcOptions,
  type TabularPolicy,
} from "./starc.ts";
export { pearson, spearman } from "./correlation.ts";
export { type HorizonSummary, type ScoreRecord, summarizeScores } from "./summarize_scores.ts";
export { type SummaryColumn, summaryRows, type SummaryRowsOptions } from "./summary_rows.ts";
