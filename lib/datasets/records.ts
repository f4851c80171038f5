import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { DatasetRowError } from "./dataset_error.ts";

/** One raw record of a dataset file and where it came from; `error` when it is malformed. */
export type RawRecord =
  | { readonly line: number; readonly value: Record<string, unknown>; readonly error?: undefined }
  | { readonly line: number; readonly value?: undefined; readonly error: DatasetRowError };

/**
 * Opens a file for reading, with errors that name it: a missing file, a directory where a file
 * is expected (`expected`, e.g. "a JSON-lines file"), or a file that cannot be read.
 */
async function openForReading(path: string, expected: string): Promise<Deno.FsFile> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound
      ? "no such file"
      : (error instanceof Error ? error.message : String(error)).replace(/ \(os error \d+\).*/, "");
    throw new Error(`cannot read ${path}: ${why}; expected ${expected}`);
  }
  if (info.isDirectory) {
    throw new Error(`cannot read ${path}: it is a directory; expected ${expected}`);
  }
  try {
    return await Deno.open(path);
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).replace(
      / \(os error \d+\).*/,
      "",
    );
    throw new Error(`cannot read ${path}: ${why}; expected ${expected}`);
  }
}

/**
 * Streams the records of a JSONL file line by line (blank lines are skipped, not counted as
 * records). A line that is not a JSON object comes back with an `error` (a `DatasetRowError`
 * naming file and line) instead of a value, so the caller decides whether to stop or skip.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readJsonlRecords } from "./records.ts";
 * const path = await Deno.makeTempFile({ suffix: ".jsonl" });
 * await Deno.writeTextFile(path, '{"a": 1}\n\nnot json\n');
 * const records = [];
 * for await (const r of readJsonlRecords(path)) records.push(r);
 * assert.deepEqual(records[0], { line: 1, value: { a: 1 } });
 * assert.equal(records[1]!.line, 3);
 * assert.ok(records[1]!.error);
 * await Deno.remove(path);
 * ```
 */
export async function* readJsonlRecords(path: string): AsyncGenerator<RawRecord> {
  using file = await openForReading(path, "a JSON-lines file");
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
 * objects, INT64 becomes BigInt), uncompressed or compressed with Snappy, GZIP, ZSTD, LZ4,
 * LZ4_RAW or Brotli (hyparquet-compressors). Rows are numbered from 1 for error messages.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parquetWriteBuffer } from "hyparquet-writer";
 * import { readParquetRecords } from "./records.ts";
 * const path = await Deno.makeTempFile({ suffix: ".parquet" });
 * await Deno.writeFile(path, new Uint8Array(parquetWriteBuffer({
 *   columnData: [{ name: "question", data: ["2+2?", "3+3?"], type: "STRING" }],
 * })));
 * const rows = [];
 * for await (const { line, value } of readParquetRecords(path)) rows.push([line, value!.question]);
 * assert.deepEqual(rows, [[1, "2+2?"], [2, "3+3?"]]);
 * await Deno.remove(path);
 * ```
 */
export async function* readParquetRecords(path: string): AsyncGenerator<RawRecord> {
  const bytes = await Deno.readFile(path);
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file: bytes.buffer as ArrayBuffer, compressors });
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

/** The 1-based line of each top-level element of the JSON array opening at `open`. */
function elementLines(text: string, open: number): number[] {
  const lines: number[] = [];
  let line = 1;
  for (let i = 0; i < open; i++) if (text.charCodeAt(i) === 10) line++;
  let depth = 0, inString = false, expecting = true;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\n") continue;
    if (depth === 1 && expecting && c !== "]") {
      lines.push(line);
      expecting = false;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      if (--depth === 0) break;
    } else if (c === "," && depth === 1) expecting = true;
  }
  return lines;
}

/**
 * Reads a `.json` dataset file as verl and Hugging Face `datasets` do: a JSON array of
 * objects, or an object wrapping one (`{"examples": [...]}`, R-Horizon's step-3 output, or
 * `{"data": [...]}`), or else JSON Lines. Each record carries the line its element starts on;
 * an element that is not an object comes back with an `error` naming that line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readJsonRecords } from "./records.ts";
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * await Deno.writeTextFile(path, '[\n  {"q": "1+1?", "a": 2},\n  {"q": "2+2?", "a": 4}\n]');
 * const records = await Array.fromAsync(readJsonRecords(path));
 * assert.deepEqual(records.map((r) => [r.line, r.value?.a]), [[2, 2], [3, 4]]);
 * await Deno.remove(path);
 * ```
 */
export async function* readJsonRecords(path: string): AsyncGenerator<RawRecord> {
  const text = await Deno.readTextFile(path);
  const start = text.search(/\S/);
  if (start < 0) return;
  let open = -1;
  let elements: unknown[] | undefined;
  if (text[start] === "[" || text[start] === "{") {
    let whole: unknown;
    try {
      whole = JSON.parse(text);
    } catch (error) {
      if (text[start] === "[") {
        throw new DatasetRowError(
          path,
          1,
          undefined,
          `invalid JSON array (${error instanceof Error ? error.message : error})`,
        );
      }
    }
    if (Array.isArray(whole)) {
      elements = whole;
      open = start;
    } else if (whole && typeof whole === "object") {
      const key = ["examples", "data", "rows"].find((k) =>
        Array.isArray((whole as Record<string, unknown>)[k])
      );
      if (key) {
        elements = (whole as Record<string, unknown[]>)[key];
        const at = text.search(new RegExp(`"${key}"\\s*:\\s*\\[`));
        open = at < 0 ? -1 : text.indexOf("[", at);
      }
    }
  }
  if (!elements) {
    yield* readJsonlRecords(path);
    return;
  }
  const lines = open >= 0 ? elementLines(text, open) : [];
  for (const [i, value] of elements.entries()) {
    const line = lines[i] ?? i + 1;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
      yield {
        line,
        error: new DatasetRowError(path, line, undefined, `expected a JSON object, got ${got}`),
      };
    } else yield { line, value: value as Record<string, unknown> };
  }
}
