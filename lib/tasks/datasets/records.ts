import { parquetReadObjects } from "hyparquet";
import { DatasetRowError } from "./dataset_error.ts";

/** One raw record of a dataset file and where it came from; `error` when it is malformed. */
export type RawRecord =
  | { readonly line: number; readonly value: Record<string, unknown>; readonly error?: undefined }
  | { readonly line: number; readonly value?: undefined; readonly error: DatasetRowError };

/**
 * Streams the records of a JSONL file line by line (blank lines are skipped, not counted as
 * records). A line that is not a JSON object comes back with an `error` (a `DatasetRowError`
 * naming file and line) instead of a value, so the caller decides whether to stop or skip.
 *
 * @example
 * ```ts ignore
 * import { readJsonlRecords } from "./records.ts";
 * for await (const { line, value } of readJsonlRecords("data/problems.jsonl")) console.log(line, value);
 * ```
 */
export async function* readJsonlRecords(path: string): AsyncGenerator<RawRecord> {
  using file = await Deno.open(path);
  let line = 0;
  let buffer = "";
  const decoder = new TextDecoder();
  const parse = (text: string, at: number): RawRecord | null => {
    if (!text.trim()) return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return {
        line: at,
        error: new DatasetRowError(
          path,
          at,
          undefined,
          `invalid JSON (${error instanceof Error ? error.message : error})`,
        ),
      };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
      return {
        line: at,
        error: new DatasetRowError(path, at, undefined, `expected a JSON object, got ${got}`),
      };
    }
    return { line: at, value: value as Record<string, unknown> };
  };
  for await (const chunk of file.readable) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const record = parse(text, ++line);
      if (record) yield record;
    }
  }
  buffer += decoder.decode();
  const record = parse(buffer, ++line);
  if (record) yield record;
}

/**
 * Reads the records of a Parquet file (any writer; nested lists and structs become arrays and
 * objects, INT64 becomes BigInt). Rows are numbered from 1 for error messages.
 *
 * @example
 * ```ts ignore
 * import { readParquetRecords } from "./records.ts";
 * for await (const { value } of readParquetRecords("train.parquet")) console.log(value.prompt);
 * ```
 */
export async function* readParquetRecords(path: string): AsyncGenerator<RawRecord> {
  const bytes = await Deno.readFile(path);
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file: bytes.buffer as ArrayBuffer });
  } catch (error) {
    throw new DatasetRowError(
      path,
      0,
      undefined,
      `not a readable Parquet file (${error instanceof Error ? error.message : error})`,
    );
  }
  for (const [i, value] of rows.entries()) yield { line: i + 1, value };
}
