/** A parsed CSV file: its `#` comment lines (e.g. a citation) and its records. */
export interface CsvDocument {
  /** Text of the leading lines that start with `#`, without the `#` and one space. */
  readonly comments: readonly string[];
  /** Header names, in order. */
  readonly columns: readonly string[];
  /** One object per record, header name to raw string. */
  readonly rows: readonly Record<string, string>[];
}

/** Raised for malformed CSV, naming the source and the line. */
export class CsvSyntaxError extends SyntaxError {
  /** The file (or label) the text came from. */
  readonly source: string;
  /** 1-based line number where the problem was found. */
  readonly line: number;
  /** Builds the error for `source` at 1-based `line`, with what was wrong. */
  constructor(source: string, line: number, detail: string) {
    super(`Cannot parse CSV ${source}:${line}: ${detail}`);
    this.name = "CsvSyntaxError";
    this.source = source;
    this.line = line;
  }
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). Leading lines that start
 * with `#` are returned as `comments`, so a data file can carry its citation. Every record
 * must have as many fields as the header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsv } from "./csv.ts";
 * const doc = parseCsv('# Source: a paper\nmodel,acc\n"a, b",0.5\n');
 * assert.deepEqual(doc.comments, ["Source: a paper"]);
 * assert.deepEqual(doc.columns, ["model", "acc"]);
 * assert.deepEqual(doc.rows, [{ model: "a, b", acc: "0.5" }]);
 * ```
 */
export function parseCsv(text: string, source = "<text>"): CsvDocument {
  const comments: string[] = [];
  let pos = 0;
  let line = 1;
  while (text.startsWith("#", pos)) {
    const end = text.indexOf("\n", pos);
    const raw = text.slice(pos + 1, end < 0 ? text.length : end).replace(/\r$/, "");
    comments.push(raw.startsWith(" ") ? raw.slice(1) : raw);
    pos = end < 0 ? text.length : end + 1;
    line++;
  }
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = "";
  let recordLine = line;
  let quoted = false;
  let fieldStarted = false;
  for (; pos < text.length; pos++) {
    const c = text[pos]!;
    if (quoted) {
      if (c === '"') {
        if (text[pos + 1] === '"') {
          field += '"';
          pos++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"') {
      if (field.length > 0) {
        throw new CsvSyntaxError(source, line, "quote inside an unquoted field");
      }
      quoted = true;
      fieldStarted = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      fieldStarted = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[pos + 1] === "\n") pos++;
      if (fieldStarted || field.length > 0 || fields.length > 0) {
        fields.push(field);
        records.push({ fields, line: recordLine });
      }
      fields = [];
      field = "";
      fieldStarted = false;
      line++;
      recordLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError(source, recordLine, "unterminated quoted field");
  if (fieldStarted || field.length > 0 || fields.length > 0) {
    fields.push(field);
    records.push({ fields, line: recordLine });
  }
  const header = records.shift();
  if (!header) throw new CsvSyntaxError(source, line, "expected a header row, found no records");
  const columns = header.fields;
  const rows = records.map(({ fields, line }) => {
    if (fields.length !== columns.length) {
      throw new CsvSyntaxError(
        source,
        line,
        `expected ${columns.length} fields (${columns.join(", ")}), found ${fields.length}`,
      );
    }
    return Object.fromEntries(columns.map((c, i) => [c, fields[i]!]));
  });
  return { comments, columns, rows };
}

/**
 * Reads and parses a CSV file with {@linkcode parseCsv}; errors name the file and line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readCsv } from "./csv.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "depth,acc\n1,0.9\n2,0.7\n");
 * const doc = await readCsv(path);
 * assert.deepEqual(doc.rows.map((r) => Number(r.acc)), [0.9, 0.7]);
 * await Deno.remove(path);
 * ```
 */
export async function readCsv(path: string | URL): Promise<CsvDocument> {
  const label = path instanceof URL ? decodeURIComponent(path.pathname) : path;
  return parseCsv(await Deno.readTextFile(path), label);
}
