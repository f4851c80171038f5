/**
 * Training small models: a jax-js decoder with the project's ONNX architecture (RMSNorm,
 * rotary positions, grouped-query attention, SwiGLU), compact chain data from the project's
 * own composition, supervised training with AdamW, export through the project's ONNX writer,
 * ONNX sampling and evaluation by horizon, and GRPO-family RLVR with a horizon curriculum.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { compactExample, sampleChain, scoreCompact } from "./mod.ts";
 * const task = sampleChain(3, 1, 0);
 * const ex = compactExample(task);
 * assertEquals(scoreCompact(task, ex.response).reward, 1);
 * ```
 * @module
 */
export {
  type AdamOptions,
  type AdamState,
  adamStep,
  createAdam,
  globalNorm,
  learningRate,
} from "./adam.ts";
export {
  chainExamples,
  type ChainOptions,
  chainSuite,
  COMPACT,
  compactExample,
  compactQuestion,
  type DepthMix,
  familyExamples,
  sampleChain,
  splitCompactResponse,
  type TextExample,
} from "./chain_data.ts";
export {
  CHAIN_ALPHABET,
  type CharTokenizer,
  charTokenizer,
  decodeChars,
  encodeChars,
  hfTokenizerJson,
  SPECIAL_TOKENS,
} from "./char_tokenizer.ts";
export { compactPolicy, usesCompactPrompts } from "./compact_policy.ts";
export {
  exportModel,
  exportOnnxBytes,
  type ModelExportOptions,
  PROMPT_FORMAT,
  PROMPT_FORMAT_KEY,
} from "./export.ts";
// trainRl takes its estimators from lib/advantages' registry (one name, one table).
export {
  type PgGroup,
  type PgHostBatch,
  type PgResponse,
  policyGradientBatch,
  type RlHorizonSchedule,
  type RlOptions,
  type RlResult,
  type RlStepLog,
  stageLearningRate,
  tokenNormalisationFor,
  trainRl,
  updateWidth,
} from "./grpo.ts";
export {
  crossEntropyLoss,
  f32,
  flattenWeights,
  type ForwardConsts,
  forwardConsts,
  forwardLogits,
  fromJax,
  i32,
  initWeights,
  type JaxArray,
  type JaxBatch,
  jaxLeaves,
  type JaxParams,
  type JaxPgBatch,
  logitsFn,
  lossAndGradFn,
  parameterCount,
  pgLossAndGradFn,
  type PgLossOptions,
  policyGradientLoss,
  toJax,
  unflattenWeights,
  weightShapes,
} from "./model.ts";
export { type ChainRecipe, SHIPPED_RECIPE } from "./recipe.ts";
export {
  compareSchedules,
  defaultSchedules,
  type DepthRow,
  modelTokenizer,
  type RlStudyOptions,
  type RlStudyRecord,
  runRlStudy,
  type ScheduleStudy,
  type ScheduleStudyOptions,
} from "./rl_study.ts";
export {
  type ArmEvaluation,
  type ArmPlan,
  type ArmRecord,
  armRecordPath,
  type ArmStudySettings,
  DEFAULT_ARM_SETTINGS,
  readStudyRecords,
  type RunArmOptions,
  runRlStudyArms,
  runStudyArm,
  type RunStudyOptions,
  seedChainInterval,
  STUDY_ARMS,
  studyArm,
  type StudyRow,
  type StudySummary,
  summarizeRlStudy,
} from "./rl_study_arms.ts";
export {
  type DepthAccuracy,
  evaluateByDepth,
  generateCompact,
  type HorizonEvaluation,
  loadTrainedModel,
  maxResponseTokens,
  OnnxSampler,
} from "./sampler.ts";
export { finalAnswersText, scoreCompact, strictCompactAnswers } from "./score.ts";
export {
  firstErrorStepRewards,
  processStepAdvantages,
  stepGroupAdvantages,
  tokenSteps,
} from "./step_credit.ts";
export {
  type BatchKind,
  type Checkpoint,
  evaluateTeacherForced,
  heldOutChains,
  loadCheckpoint,
  loadWeights,
  lossAndGrads,
  orderedGrads,
  packBatch,
  saveCheckpoint,
  type SftOptions,
  type SftProgress,
  type SftResult,
  type TeacherForced,
  teacherForced,
  type TokenBatch,
  trainSupervised,
} from "./sft.ts";
export { trainChainModel, type TrainingRecord, trainSecondsOf } from "./train_model.ts";
