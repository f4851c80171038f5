/**
 * Short verifiable problems: the task contract, procedural generators, dataset loaders and
 * exports for RL trainers.
 *
 * @example
 * ```ts
 * import { generateTask } from "./mod.ts";
 * generateTask("gcd", 0, { seed: 1 }).answer_kind; // "integer"
 * ```
 * @module
 */
export * from "./task.ts";
export * from "./generators/mod.ts";
export * from "./datasets/mod.ts";
export * from "./export/mod.ts";
