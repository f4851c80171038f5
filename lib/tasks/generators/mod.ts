/**
 * Procedural generators of short verifiable problems: 24 families across arithmetic, algebra,
 * number theory, combinatorics and probability, graphs, algorithms and strings, logic and
 * word problems. Exact answers, difficulty attributes with levels, per-item seeding, and a
 * checker per family.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateTask, listFamilies } from "./mod.ts";
 * assert.ok(listFamilies().length >= 16);
 * assert.equal(generateTask("chain_sum", 0, { seed: 42, config: { terms: 3 } }).difficulty.terms, 3);
 * ```
 * @module
 */
export {
  type AttributeSpec,
  type ChainInput,
  defineFamily,
  type Family,
  type FamilyCategory,
  type FamilyConfig,
  familyProjection,
  REASONING_GYM_CATEGORIES,
  type ReasoningGymCategory,
  reasoningGymCategory,
} from "./family.ts";
export {
  checkTaskAnswer,
  type FamilyConfigInput,
  generateTask,
  type GenerateTaskOptions,
  generateTasks,
  getFamily,
  listFamilies,
  registerFamily,
  resolveConfig,
  taskFromParams,
  validateFamily,
} from "./registry.ts";
export { defaultProjection, projectAnswer, type ProjectionName, PROJECTIONS } from "./link.ts";
