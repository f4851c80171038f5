/**
 * Reproductions of the papers Farsight cites: their published numbers (loaded from the cited
 * CSV files in `data/`) and the seeded studies and toys that check their claims (R-Horizon's
 * horizon calibration, h1's horizon learner, PAR's reward hacking, Gao et al.'s repeated step,
 * G-RA's tool calling, STARC's random MDPs, pass@k estimators, credit assignment per step).
 * The primitives they use live in `rewards`, `advantages`, `metrics` and `curriculum`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadRHorizonFig3 } from "./mod.ts";
 * const { rows } = await loadRHorizonFig3();
 * assert.ok(rows.some((r) => r.benchmark === "MATH500"));
 * ```
 * @module
 */
export {
  type HorizonAccuracy,
  type HorizonDecaySummary,
  loadRHorizonFig3,
  type PaperTable,
  RHORIZON_FIG3_CSV,
  summariseHorizonDecay,
} from "./rhorizon_fig3.ts";
export {
  calibratedPassRate,
  type CalibratedPassRateOptions,
  fitPositionDecay,
  independenceExpectation,
  passRatesFromResults,
  type PositionDecayFit,
} from "./horizon_calibration.ts";
export {
  calibratedPolicy,
  type CalibratedPolicyOptions,
  HORIZON_STUDY_FAMILIES,
  horizonStudy,
  type HorizonStudyOptions,
} from "./horizon_study.ts";
export {
  type HorizonLearnerOptions,
  type HorizonLearnerResult,
  type HorizonSchedule,
  trainHorizonLearner,
} from "./horizon_learner.ts";
export {
  type HackingStep,
  repeatedStepToy,
  type RepeatedStepToyOptions,
  rewardHackingToy,
  type RewardHackingToyOptions,
  shapingCurves,
} from "./shaping_study.ts";
export {
  type StoppingPolicyOptions,
  type StoppingStep,
  trainStoppingPolicy,
} from "./stopping_policy.ts";
export { toolCallingToy, type ToolCallingToyOptions } from "./tool_calling_toy.ts";
export {
  creditByStep,
  type CreditByStepOptions,
  type StepCredit,
  type StepRollout,
} from "./credit_study.ts";
export {
  type MajorityRow,
  majorityStudy,
  type PassAtKRow,
  passAtKStudy,
  type SamplingStudyOptions,
} from "./sampling_study.ts";
export {
  distanceRegretCorrelations,
  normalisedRegret,
  optimalPolicy,
  randomMdp,
  type RandomMdpOptions,
  randomReward,
  type RewardDistanceRow,
  rewardDistanceStudy,
  type RewardDistanceStudyOptions,
} from "./reward_regret.ts";
