/**
 * Short verifiable problems: the task contract and procedural generators (dataset loaders live
 * in `lib/datasets`, exports for RL trainers in `lib/export`).
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
export * from "./task_id.ts";
