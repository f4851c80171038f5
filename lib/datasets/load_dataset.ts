import { basename, extname } from "node:path";
import { digest } from "../random/rng.ts";
import type { Task } from "../tasks/task.ts";
import { type Adapter, type AdapterName, type FieldMap, inferAnswerKind } from "./adapters.ts";
import { resolveAdapter } from "./adapter_registry.ts";
import { DatasetRowError } from "./dataset_error.ts";
import {
  type RawRecord,
  readJsonlRecords,
  readJsonRecords,
  readParquetRecords,
} from "./records.ts";
import { dropInstruction } from "./instructions.ts";

/** Options for {@linkcode loadDataset} and {@linkcode streamDataset}. */
export interface LoadDatasetOptions {
  /**
   * File format. Default: from the extension (`.jsonl`/`.ndjson`, `.json` (a JSON array, a
   * wrapped array, or JSON Lines) or `.parquet`).
   */
  readonly format?: "jsonl" | "json" | "parquet";
  /**
   * Drop the dataset's own answer-format instruction from each question (verl's GSM8K rows say
   * "output the final answer after ####", which conflicts with a composed prompt's format):
   * `true` for the built-in patterns (`ANSWER_INSTRUCTIONS`), or your own pattern. Default false.
   */
  readonly dropInstruction?: boolean | RegExp;
  /**
   * A registered adapter's name (built-in or added with `registerAdapter`) or an adapter
   * function. Default `"plain"` (with `fields`).
   */
  readonly adapter?: AdapterName | (string & Record<never, never>) | Adapter;
  /** Field names for the plain adapter. */
  readonly fields?: FieldMap;
  /** Dataset name for ids and `family`. Default: the file's base name. */
  readonly name?: string;
  /** `"throw"` (default) stops at the first malformed row; `"skip"` skips it and reports it. */
  readonly onError?: "throw" | "skip";
  /** Require integer answers (as composition does); other rows are malformed. */
  readonly requireInteger?: boolean;
}

/** A row that was skipped, and why. */
export interface SkippedRow {
  /** 1-based line (JSONL) or row (Parquet). */
  readonly line: number;
  /** The field at fault, when one is. */
  readonly field: string | undefined;
  /** What was wrong. */
  readonly reason: string;
}

/** Everything a load produced. */
export interface LoadedDataset {
  /** The tasks read, in file order. */
  readonly tasks: Task[];
  /** Rows skipped with `onError: "skip"` (always empty with `"throw"`). */
  readonly skipped: SkippedRow[];
  /** Records read (tasks plus skipped). */
  readonly read: number;
}

/**
 * Streams tasks from a JSONL or Parquet dataset through an adapter. Malformed rows throw a
 * `DatasetRowError` naming file, line and field, or with `onError: "skip"` are passed to
 * `onSkip` and skipped; nothing is dropped silently.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { streamDataset } from "./load_dataset.ts";
 * const path = await Deno.makeTempFile({ suffix: ".jsonl" });
 * await Deno.writeTextFile(path, '{"question": "q1", "answer": "Work\\n#### 1,200"}\n{"question": "q2", "answer": "no"}\n');
 * const skipped: number[] = [];
 * const answers: string[] = [];
 * for await (const task of streamDataset(path, { adapter: "gsm8k", onError: "skip" }, (row) => skipped.push(row.line))) {
 *   answers.push(task.answer);
 * }
 * assert.deepEqual(answers, ["1200"]);
 * assert.deepEqual(skipped, [2]);
 * await Deno.remove(path);
 * ```
 */
export async function* streamDataset(
  path: string,
  options: LoadDatasetOptions = {},
  onSkip: (row: SkippedRow) => void = () => {},
): AsyncGenerator<Task> {
  const ext = extname(path).toLowerCase();
  const format = options.format ??
    (ext === ".parquet"
      ? "parquet"
      : ext === ".jsonl" || ext === ".ndjson"
      ? "jsonl"
      : ext === ".json"
      ? "json"
      : undefined);
  if (!format) {
    throw new TypeError(
      `Cannot tell the format of "${path}": expected a .jsonl, .json or .parquet extension, or pass format`,
    );
  }
  const adapter: Adapter = resolveAdapter(options.adapter, options.fields);
  const name = options.name ?? basename(path).replace(/\.(jsonl|json|ndjson|parquet)$/i, "");
  const records: AsyncGenerator<RawRecord> = format === "parquet"
    ? readParquetRecords(path)
    : format === "json"
    ? readJsonRecords(path)
    : readJsonlRecords(path);
  let row = 0;
  for await (const record of records) {
    if (record.error) {
      if (options.onError !== "skip") throw record.error;
      onSkip({ line: record.line, field: undefined, reason: record.error.message });
      row++;
      continue;
    }
    const { line, value } = record;
    const index = row++;
    try {
      const p = adapter(value, { file: path, line });
      if (options.requireInteger && !/^-?\d+$/.test(p.answer)) {
        throw new DatasetRowError(
          path,
          line,
          "answer",
          `expected an integer answer, got "${p.answer}"`,
        );
      }
      yield {
        id: `${name}-${p.id ?? `r${index}`}-${digest([p.question, p.answer], 6)}`,
        family: name,
        question: options.dropInstruction
          ? dropInstruction(
            p.question,
            options.dropInstruction === true ? undefined : options.dropInstruction,
          )
          : p.question,
        answer: p.answer,
        answer_kind: p.answer_kind ?? inferAnswerKind(p.answer),
        difficulty: p.difficulty ?? {},
        source: {
          kind: "dataset",
          dataset: name,
          row: index,
          file: path,
          ...(p.id ? { row_id: p.id } : {}),
        },
      };
    } catch (error) {
      if (!(error instanceof DatasetRowError) || options.onError !== "skip") throw error;
      onSkip({ line: error.line, field: error.field, reason: error.message });
    }
  }
}

/**
 * Loads a whole dataset (see {@linkcode streamDataset}) and reports skipped rows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadDataset } from "./load_dataset.ts";
 * const { tasks, skipped, read } = await loadDataset(new URL("../../data/word_problems.jsonl", import.meta.url).pathname);
 * assert.equal(tasks.length, 40);
 * assert.deepEqual(skipped, []);
 * assert.equal(read, 40);
 * ```
 */
export async function loadDataset(
  path: string,
  options: LoadDatasetOptions = {},
): Promise<LoadedDataset> {
  const skipped: SkippedRow[] = [];
  const tasks: Task[] = [];
  for await (const task of streamDataset(path, options, (row) => skipped.push(row))) {
    tasks.push(task);
  }
  return { tasks, skipped, read: tasks.length + skipped.length };
}
