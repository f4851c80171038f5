/**
 * Metrics for RLVR evaluation: unbiased pass@k (stable product form), maj@k, avg@k, seeded
 * bootstrap intervals, accuracy against horizon with R-Horizon's expected curve and the
 * Acc_last / Acc_all gap, verifier precision / recall / F1, and STARC reward distances.
 *
 * @example
 * ```ts
 * import { passAtK } from "./mod.ts";
 * passAtK(100, 10, 10); // 0.669524
 * ```
 * @module
 */
export * from "./pass_at_k.ts";
export * from "./bootstrap.ts";
export * from "./horizon.ts";
export * from "./verifier_agreement.ts";
export * from "./starc.ts";
export * from "./correlation.ts";
export * from "./reward_regret.ts";
export * from "./summarize_scores.ts";
export * from "./sampling_study.ts";
