/**
 * Exports of composed tasks for the RL trainers people run: verl parquet, TRL / Hugging Face
 * JSONL, OpenRLHF JSONL and R-Horizon JSONL.
 *
 * @example
 * ```ts
 * import { composeFromGenerators } from "../compose/sample.ts";
 * import { exportLine } from "./mod.ts";
 * const [task] = composeFromGenerators({ families: ["gcd"], depth: 2, count: 1 });
 * JSON.parse(exportLine(task!, "openrlhf")).label; // the final answer
 * ```
 * @module
 */
export * from "./exports.ts";
export * from "./composition_parquet.ts";
export * from "./format_registry.ts";
