/**
 * Seeded randomness: every random choice in Farsight takes a seed.
 *
 * @example
 * ```ts
 * import { createRng } from "./mod.ts";
 * createRng(1).shuffle([1, 2, 3]);
 * ```
 * @module
 */
export * from "./rng.ts";
