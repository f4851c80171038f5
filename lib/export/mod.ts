/**
 * Exports of composed tasks for the RL trainers people run: verl parquet, TRL / Hugging Face
 * JSONL, OpenRLHF JSONL and R-Horizon JSONL.
 *
 * @example
 * ```ts
 * import { composeFromGenerators } from "../compose/sample.ts";
 * import assert from "node:assert/strict";
 * import { exportLine } from "./mod.ts";
 * const [task] = composeFromGenerators({ families: ["gcd"], depth: 2, count: 1 });
 * assert.equal(JSON.parse(exportLine(task!, "openrlhf")).label, JSON.stringify(task!.answers));
 * ```
 * @module
 */
export {
  dataSourceOf,
  exportLabel,
  type ExportOptions,
  type GroundTruth,
  toOpenRlhfRow,
  toRHorizonRow,
  toTrlRow,
  toVerlRow,
  verlParquet,
  type VerlRow,
} from "./exports.ts";
export { compositionParquet } from "./composition_parquet.ts";
export {
  exportFile,
  type ExportFormat,
  exportFormatNames,
  type ExportFormatSpec,
  exportLine,
  type FileExportFormat,
  getExportFormat,
  type LineExportFormat,
  type LineExportOptions,
  registerExportFormat,
} from "./format_registry.ts";
