/**
 * Dataset loaders: JSONL and Parquet with a field mapping, and adapters for GSM8K-style,
 * MATH-style, verl parquet, R-Horizon JSONL and plain question/answer rows. Malformed rows are
 * reported with file, line and field; skipping them is explicit and counted.
 *
 * @example
 * ```ts
 * import { loadDataset } from "./mod.ts";
 * const { tasks } = await loadDataset(new URL("../../data/word_problems.jsonl", import.meta.url).pathname, {
 *   fields: { id: "id", difficulty: ["level"] },
 * });
 * ```
 * @module
 */
export * from "./adapters.ts";
export * from "./dataset_error.ts";
export * from "./load_dataset.ts";
export * from "./records.ts";
export * from "./instructions.ts";
export * from "./rhorizon.ts";
export * from "./validate_row.ts";
export * from "./adapter_registry.ts";
