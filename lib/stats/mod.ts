/**
 * Small statistics shared across areas (rewards, advantages, metrics): NaN-ignoring mean and median,
 * standard deviation under a named convention, verl-style whitening and grouping by key.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mean, std } from "./mod.ts";
 * assert.deepEqual(mean([1, 2, NaN, 3]), 2);
 * assert.deepEqual(std([1, 0, 0, 0]), 0.5);
 * ```
 * @module
 */
export {
  assertSameLength,
  groupIndices,
  mean,
  median,
  std,
  type StdConvention,
  whiten,
} from "./stats.ts";
