/**
 * Dataset loaders: JSONL and Parquet with a field mapping, and adapters for GSM8K-style,
 * MATH-style, verl parquet, R-Horizon JSONL and plain question/answer rows. Malformed rows are
 * reported with file, line and field; skipping them is explicit and counted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadDataset } from "./mod.ts";
 * const { tasks } = await loadDataset(new URL("../../data/word_problems.jsonl", import.meta.url).pathname, {
 *   fields: { id: "id", difficulty: ["level"] },
 * });
 * assert.equal(tasks[0]!.difficulty.level, 1);
 * ```
 * @module
 */
export {
  type Adapter,
  type AdapterName,
  ADAPTERS,
  type ExtractedProblem,
  type FieldMap,
  getField,
  gsm8kAdapter,
  inferAnswerKind,
  lastBoxed,
  mathAdapter,
  plainAdapter,
  type RecordContext,
  rhorizonAdapter,
  verlAdapter,
} from "./adapters.ts";
export { DatasetRowError } from "./dataset_error.ts";
export { type OffsetLinkAdapter, offsetLinkAdapter } from "./offset_link_adapter.ts";
export {
  loadDataset,
  type LoadDatasetOptions,
  type LoadedDataset,
  type SkippedRow,
  streamDataset,
} from "./load_dataset.ts";
export {
  type RawRecord,
  readJsonlRecords,
  readJsonRecords,
  readParquetRecords,
} from "./records.ts";
export { ANSWER_INSTRUCTIONS, dropInstruction } from "./instructions.ts";
export { readRHorizonComposed, type RHorizonReadOptions } from "./rhorizon.ts";
export {
  readTaskFile,
  type ResponseRecord,
  validateResponseRecord,
  validateTaskRecord,
} from "./validate_row.ts";
export {
  adapterDescriptions,
  type AdapterEntry,
  adapterNames,
  registerAdapter,
  resolveAdapter,
} from "./adapter_registry.ts";
