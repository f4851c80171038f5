/**
 * Rewards for RLVR: outcome (binary or ±1), R_all / R_last / fraction-correct for composed
 * tasks, format rewards, length and DAPO overlong penalties, G-RA gated accumulation, REVER's
 * plan reward, PAR shaping and its baselines, Clip and Delta process-reward refinements, EAPO
 * discounting, and TRL-style combination of several reward functions. Shaping methods live in
 * one open table, {@linkcode SHAPING_METHODS}: resolve a name or a function with
 * {@linkcode resolveShaping}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { overlongPenalty, rewardAll } from "./mod.ts";
 * assert.deepEqual(rewardAll([true, true]), 1);
 * assert.deepEqual(overlongPenalty(90, { maxLength: 100, buffer: 20 }), -0.5);
 * ```
 * @module
 */
export { fractionCorrect, outcomeReward, rewardAll, rewardLast } from "./outcome.ts";
export { cosineScaledReward, lengthPenalty, overlongPenalty } from "./length.ts";
export { answerTagFormatReward, composedFormatReward, thinkFormatReward } from "./format.ts";
export {
  directReturn,
  gatedChannels,
  gatedReturn,
  gatedStepRewards,
  type RewardChannel,
} from "./gated.ts";
export { orderedMatching, planReward } from "./plan.ts";
export {
  ceilReward,
  centredReward,
  EMPTY_RUNNING_STATS,
  lscReward,
  normalQuantile,
  parReward,
  relativeTanhReward,
  type RunningStats,
  runningStd,
  sgfcReward,
  shapeWithRunningStats,
  sigmoidReward,
  updateRunningStats,
} from "./par.ts";
export {
  registerShaping,
  resolveShaping,
  shapeReward,
  shapeWith,
  SHAPING_METHODS,
  type ShapingContext,
  type ShapingFunction,
  type ShapingMethod,
  type ShapingMethodEntry,
} from "./shaping.ts";
export {
  clipProcessRewards,
  deltaProcessRewards,
  type ProcessRefinement,
  processReturn,
} from "./process.ts";
export { eapoAdvantages, eapoRewards } from "./eapo.ts";
export { type CombineOptions, combineRewards } from "./combine.ts";
export {
  type ComposedRewardKind,
  type Gold,
  goldAnswers,
  type ResponseScore,
  scoredRecord,
  type ScoredResponse,
  type ScoreItem,
  type ScoreOptions,
  scoreResponse,
  scoreResponses,
  scoreTask,
  taskDepth,
  taskGold,
} from "./score_response.ts";
export {
  isRewardName,
  registerReward,
  resolveReward,
  rewardEntries,
  type RewardEntry,
  type RewardFunction,
  type RewardInput,
  type RewardName,
  rewardNames,
  type RewardParams,
  type RewardSpec,
  weightedReward,
} from "./reward_registry.ts";
export {
  LABEL_FORMATS,
  LabelError,
  type LabelFormat,
  labelFormatFor,
  parseLabel,
} from "./labels.ts";
export { maskPlaceholders, PLACEHOLDER, stripPrompt } from "./response_text.ts";
