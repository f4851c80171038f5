/**
 * Long-horizon composition: chain short problems into dependent multi-step tasks, with exact
 * per-problem ground truth. Answer-preserving links (R-Horizon), recomputed links (h1),
 * breadth and DAGs, prompt templates, seeded sampling and R-Horizon's expected-accuracy filter.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeFromGenerators } from "./mod.ts";
 * const tasks = [...composeFromGenerators({ families: ["chain_sum", "linear_equation"], depth: 4, count: 2, seed: 7 })];
 * assert.equal(tasks[0]!.links.length, 3);
 * ```
 * @module
 */
export {
  applyTransform,
  type ComposedTask,
  type CompositionSource,
  describeTransform,
  type Link,
  type LinkTransform,
} from "./composed_task.ts";
export {
  findIntegerCandidates,
  type IntegerCandidate,
  type KeySelector,
  selectKeyInteger,
  type SelectKeyOptions,
} from "./key_selector.ts";
export {
  type ChatMessage,
  linkDefinition,
  type PromptProblem,
  type PromptTemplate,
  type PromptView,
  renderPrompt,
  RHORIZON_TEMPLATE,
  toChatMessages,
} from "./render.ts";
export { planParents, type Wiring } from "./structure.ts";
export {
  type AnswerPreservingOptions,
  composeAnswerPreserving,
  integerAnswer,
  UnlinkableProblemError,
} from "./answer_preserving.ts";
export {
  chooseTransform,
  composeRecomputed,
  type GeneratorItem,
  type RecomputedOptions,
  type TransformOp,
} from "./recomputed.ts";
export {
  composeFromGenerators,
  composeFromPool,
  composeSequence,
  difficultyScore,
  EXCLUDE_STRIDE,
  type ExcludedProblem,
  expectedAccuracy,
  type FamilySpec,
  filterByExpectedAccuracy,
  type GeneratorSampleOptions,
  type OffsetLinkIssue,
  offsetLinkIssues,
  type PassRates,
  type PoolSampleOptions,
  prepareSeedPool,
  type ProblemOrder,
  type SampleOptions,
  type SequenceOptions,
} from "./sample.ts";
export { composedTaskTable } from "./describe.ts";
export { PROMPT_TEMPLATES, rhorizonWording } from "./rhorizon_wording.ts";
export {
  analyseGsm8kRow,
  composeGsm8kRecomputed,
  composeRecomputedFromRows,
  type Gsm8kRecomputeOptions,
  prepareRecomputePool,
  type ProgramToken,
  type RecomputableRow,
  type RecomputeProgram,
  type RecomputeSkip,
  type RecomputeSkipReason,
  runRecomputeProgram,
} from "./gsm8k_recompute.ts";
export {
  baseProblems,
  fingerprintSet,
  type LeakageRecord,
  type LeakageReport,
  leakageReport,
  problemFingerprints,
  sharesBaseProblem,
} from "./leakage.ts";
export { standaloneProblems } from "./standalone.ts";
export { parseShard, type ShardRange, shardRange, takeRange } from "./shard.ts";
