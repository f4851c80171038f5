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
export * from "./adam.ts";
export * from "./chain_data.ts";
export * from "./char_tokenizer.ts";
export * from "./compact_policy.ts";
export * from "./export.ts";
export * from "./grpo.ts";
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
export * from "./recipe.ts";
export * from "./rl_study.ts";
export * from "./sampler.ts";
export * from "./score.ts";
export * from "./sft.ts";
export * from "./train_model.ts";
