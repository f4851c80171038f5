/**
 * The one table of export formats. The compose CLI's `--format` choices, its help text and its
 * validation derive from it, {@linkcode exportLine} and {@linkcode exportFile} look formats up
 * in it, and {@linkcode registerExportFormat} adds a format (say, a notebook's own trainer
 * layout) that every entry point then accepts by name. A format object is accepted wherever a
 * name is.
 * @module
 */
import type { ComposedTask } from "../compose/composed_task.ts";
import { compositionParquet } from "./composition_parquet.ts";
import {
  type ExportOptions,
  toOpenRlhfRow,
  toRHorizonRow,
  toTrlRow,
  verlParquet,
} from "./exports.ts";

/** Options of line formats: {@linkcode ExportOptions}, OpenRLHF's keys, the row's index. */
export interface LineExportOptions extends ExportOptions {
  /** OpenRLHF's `--input_key`. Default `"input"`. */
  readonly inputKey?: string;
  /** OpenRLHF's `--label_key`. Default `"label"`. */
  readonly labelKey?: string;
  /** The row's index in the whole export (R-Horizon's `instanceId`). */
  readonly index?: number;
}

/** A format written one JSON line per composed task (streams: tasks need not fit in memory). */
export interface LineExportFormat {
  /** Written one JSON line per task. */
  readonly kind: "lines";
  /** One line of help. */
  readonly description: string;
  /** The row for one task, as a JSON-serialisable value. */
  readonly row: (task: ComposedTask, options: LineExportOptions) => unknown;
}

/** A format written as one binary file from every task (Parquet). */
export interface FileExportFormat {
  /** Written as one file from every task. */
  readonly kind: "file";
  /** One line of help. */
  readonly description: string;
  /** The file's bytes. */
  readonly file: (tasks: readonly ComposedTask[], options: ExportOptions) => Uint8Array;
}

/** An export format: written line by line, or as one file. */
export type ExportFormatSpec = LineExportFormat | FileExportFormat;

/** The built-in export format names. */
export type ExportFormat = "jsonl" | "parquet" | "verl" | "trl" | "openrlhf" | "rhorizon";

const FORMATS = new Map<string, ExportFormatSpec>([
  ["jsonl", {
    kind: "lines",
    description: "Farsight's composed-task contract",
    row: (task) => task,
  }],
  ["parquet", {
    kind: "file",
    description: "the composed-task contract as Parquet",
    file: (tasks) => compositionParquet(tasks),
  }],
  ["verl", {
    kind: "file",
    description: "verl's RL dataset parquet",
    file: (tasks, options) => verlParquet(tasks, options),
  }],
  ["trl", { kind: "lines", description: "TRL / Hugging Face JSONL", row: toTrlRow }],
  ["openrlhf", { kind: "lines", description: "OpenRLHF JSONL", row: toOpenRlhfRow }],
  ["rhorizon", {
    kind: "lines",
    description: "R-Horizon's JSONL",
    row: (task, options) =>
      toRHorizonRow(task, options.index !== undefined ? { index: options.index } : {}),
  }],
]);

/**
 * Adds an export format under a name. Refuses a name in use unless `override` is set.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exportFormatNames, registerExportFormat } from "./format_registry.ts";
 * registerExportFormat("ids_only", { kind: "lines", description: "ids", row: (t) => ({ id: t.id }) });
 * assert.ok(exportFormatNames().includes("ids_only"));
 * assert.throws(() => registerExportFormat("trl", { kind: "lines", description: "", row: () => 0 }), /already registered/);
 * ```
 */
export function registerExportFormat(
  name: string,
  format: ExportFormatSpec,
  options: { readonly override?: boolean } = {},
): void {
  if (FORMATS.has(name) && !options.override) {
    throw new Error(
      `Export format "${name}" is already registered; pass { override: true } to replace it`,
    );
  }
  FORMATS.set(name, format);
}

/**
 * The registered export format names, built-ins first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exportFormatNames } from "./format_registry.ts";
 * assert.deepEqual(exportFormatNames().slice(0, 6), ["jsonl", "parquet", "verl", "trl", "openrlhf", "rhorizon"]);
 * ```
 */
export function exportFormatNames(): string[] {
  return [...FORMATS.keys()];
}

/**
 * The format for a name (or the format itself), with an error naming the registered ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getExportFormat } from "./format_registry.ts";
 * assert.equal(getExportFormat("verl").kind, "file");
 * assert.throws(() => getExportFormat("csv"), /Unknown export format "csv": expected one of jsonl, parquet/);
 * ```
 */
export function getExportFormat(format: string | ExportFormatSpec): ExportFormatSpec {
  if (typeof format !== "string") return format;
  const found = FORMATS.get(format);
  if (!found) {
    throw new Error(
      `Unknown export format "${format}": expected one of ${exportFormatNames().join(", ")}`,
    );
  }
  return found;
}

/**
 * One JSONL line for a composed task in a line format (`"jsonl"` is Farsight's own contract).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeFromGenerators } from "../compose/sample.ts";
 * import { exportLine } from "./format_registry.ts";
 * const [task] = composeFromGenerators({ families: ["gcd"], depth: 2, count: 1 });
 * assert.equal(JSON.parse(exportLine(task!, "openrlhf", { groundTruth: "last" })).label, task!.answer);
 * assert.throws(() => exportLine(task!, "verl"), /"verl" is written as one file/);
 * ```
 */
export function exportLine(
  task: ComposedTask,
  format: string | ExportFormatSpec,
  options: LineExportOptions = {},
): string {
  const spec = getExportFormat(format);
  if (spec.kind !== "lines") {
    throw new Error(
      `Export format ${JSON.stringify(format)} is written as one file: use exportFile`,
    );
  }
  return JSON.stringify(spec.row(task, options));
}

/**
 * A whole export as bytes: a file format's file, or a line format's lines (each ending in a
 * newline).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeFromGenerators } from "../compose/sample.ts";
 * import { exportFile } from "./format_registry.ts";
 * const tasks = [...composeFromGenerators({ families: ["gcd"], depth: 2, count: 2 })];
 * const text = new TextDecoder().decode(exportFile(tasks, "trl"));
 * assert.equal(text.trimEnd().split("\n").length, 2);
 * assert.equal(new TextDecoder().decode(exportFile(tasks, "verl").slice(0, 4)), "PAR1");
 * ```
 */
export function exportFile(
  tasks: readonly ComposedTask[],
  format: string | ExportFormatSpec,
  options: LineExportOptions = {},
): Uint8Array {
  const spec = getExportFormat(format);
  if (spec.kind === "file") return spec.file(tasks, options);
  const base = options.index ?? 0;
  const lines = tasks.map((t, i) =>
    `${JSON.stringify(spec.row(t, { ...options, index: base + i }))}\n`
  );
  return new TextEncoder().encode(lines.join(""));
}
