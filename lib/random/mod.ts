/**
 * Seeded randomness: every random choice in Farsight takes a seed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "./mod.ts";
 * // the same seed gives the same order
 * assert.deepEqual(createRng(1).shuffle([1, 2, 3]), createRng(1).shuffle([1, 2, 3]));
 * ```
 * @module
 */
export { createRng, digest, hashSeed, type Rng, rngFromState, type Seed } from "./rng.ts";
