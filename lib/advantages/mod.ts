/**
 * Advantage estimators: from rewards to per-response, per-step and per-token advantages.
 * GRPO (std convention and ε as options, so verl's and TRL's numbers are both reproducible),
 * Dr.GRPO, RLOO, REINFORCE++ and its baseline variant, ReMax, OPO, GPG, pass@k-GRPO, token-level
 * GAE, expert iteration (RAFT / ReST), Flow-GRPO, EMPG, SALT, IGPO and SPA. The group estimators share one signature and one open
 * table, {@linkcode ADVANTAGE_ESTIMATORS}: a name or a function is accepted wherever a name is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { grpoAdvantages, rlooAdvantages } from "./mod.ts";
 * assert.equal(grpoAdvantages([1, 0, 0, 0])[0]!.toFixed(6), "1.499997"); // verl's ε = 1e-6
 * assert.deepEqual(rlooAdvantages([1, 0, 0, 0]), [1, -1 / 3, -1 / 3, -1 / 3]);
 * ```
 * @module
 */
export {
  drGrpoAdvantages,
  expertIterationAdvantages,
  gpgAdvantages,
  grpoAdvantages,
  type GrpoOptions,
  opoAdvantages,
  passAtKGrpoAdvantages,
  rlooAdvantages,
  tokenLossWeights,
} from "./group_baselines.ts";
export {
  gaeAdvantages,
  reinforcePlusPlusAdvantages,
  reinforcePlusPlusBaselineAdvantages,
  remaxAdvantages,
  returnsToGo,
} from "./token_level.ts";
export {
  empgAdvantages,
  type EmpgOptions,
  flowGrpoAdvantages,
  grpoProcessAdvantages,
  igpoAdvantages,
  type IgpoOptions,
  saltAdvantages,
  spaEstimatorLoss,
  spaStepRewards,
} from "./credit_assignment.ts";
export { type AdvantageRow, compareAdvantages, type CompareAdvantagesOptions } from "./compare.ts";
export {
  ADVANTAGE_ESTIMATORS,
  type AdvantageContext,
  type AdvantageEstimator,
  type AdvantageEstimatorEntry,
  estimatorApplies,
  registerAdvantageEstimator,
  resolveAdvantageEstimator,
} from "./registry.ts";
