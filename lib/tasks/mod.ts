/**
 * Short verifiable problems: the task contract and procedural generators (dataset loaders live
 * in `lib/datasets`, exports for RL trainers in `lib/export`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateTask } from "./mod.ts";
 * assert.equal(generateTask("gcd", 0, { seed: 1 }).answer_kind, "integer");
 * ```
 * @module
 */
export {
  ANSWER_KINDS,
  type AnswerKind,
  type DatasetSource,
  type GeneratorSource,
  type Json,
  type Task,
} from "./task.ts";
export {
  type AttributeSpec,
  type ChainInput,
  checkTaskAnswer,
  defaultProjection,
  defineFamily,
  type Family,
  type FamilyCategory,
  type FamilyConfig,
  type FamilyConfigInput,
  familyProjection,
  generateTask,
  type GenerateTaskOptions,
  generateTasks,
  getFamily,
  listFamilies,
  projectAnswer,
  type ProjectionName,
  PROJECTIONS,
  REASONING_GYM_CATEGORIES,
  type ReasoningGymCategory,
  reasoningGymCategory,
  registerFamily,
  resolveConfig,
  taskFromParams,
  validateFamily,
} from "./generators/mod.ts";
export { baseTaskId, VARIANT_SEPARATOR, variantId } from "./task_id.ts";
