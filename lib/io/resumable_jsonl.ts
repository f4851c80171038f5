/** What {@linkcode resumeJsonl} found and did to the file. */
export interface JsonlResume {
  /** Records read (complete, parsed lines). */
  readonly records: number;
  /**
   * `"none"`; `"newline-added"` when the last record had lost its newline (it was complete, so
   * it is kept and a newline added: later lines are never merged onto it); `"torn-line-removed"`
   * when the last line was cut off mid-record (it is removed).
   */
  readonly repair: "none" | "newline-added" | "torn-line-removed";
  /** Bytes removed from the end (a torn last line and trailing blanks). */
  readonly removedBytes: number;
}

/** Raised for a malformed line before the end of a file being resumed, naming file and line. */
export class JsonlResumeError extends Error {
  /** The file being resumed. */
  readonly file: string;
  /** 1-based number of the malformed line. */
  readonly line: number;
  /** Builds the error for `file` at 1-based `line`, with what was wrong. */
  constructor(file: string, line: number, detail: string) {
    super(`Cannot resume from ${file}:${line}: ${detail}`);
    this.name = "JsonlResumeError";
    this.file = file;
    this.line = line;
  }
}

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 32 && b !== 9 && b !== 13) return false;
  return true;
}

/**
 * Reads a JSONL file that a run appends to, so the run can resume: calls `onRecord` for each
 * complete line, in one linear pass with memory bounded by the longest line, and leaves the
 * file ready for appending. A last line that lost its newline but holds a whole record is kept
 * and given its newline; a torn last line (a record cut off by a crash) is removed. A malformed
 * line with records after it is an error naming the line, as is an error thrown by `onRecord`.
 * A missing file is an empty one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resumeJsonl } from "./resumable_jsonl.ts";
 * const path = await Deno.makeTempFile({ suffix: ".jsonl" });
 * await Deno.writeTextFile(path, '{"a":1}\n{"a":2}\n{"a":');
 * const seen: unknown[] = [];
 * const report = await resumeJsonl(path, (value) => seen.push(value));
 * assert.deepEqual(seen, [{ a: 1 }, { a: 2 }]);
 * assert.equal(report.repair, "torn-line-removed");
 * assert.equal(await Deno.readTextFile(path), '{"a":1}\n{"a":2}\n');
 * await Deno.remove(path);
 * ```
 */
export async function resumeJsonl(
  path: string,
  onRecord: (value: unknown, line: number) => void,
): Promise<JsonlResume> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true, write: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { records: 0, repair: "none", removedBytes: 0 };
    }
    throw error;
  }
  const decoder = new TextDecoder();
  let records = 0;
  let line = 0;
  /** Bytes up to the end of the last line that is kept. */
  let keep = 0;
  let offset = 0;
  let pieces: Uint8Array[] = [];
  let pieceBytes = 0;
  let bad: { line: number; detail: string } | null = null;

  const handle = (bytes: Uint8Array, end: number): boolean => {
    line++;
    if (isBlank(bytes)) return true;
    if (bad) throw new JsonlResumeError(path, bad.line, `${bad.detail}, and records follow it`);
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(bytes));
    } catch (error) {
      bad = { line, detail: `malformed line (${error instanceof Error ? error.message : error})` };
      return false;
    }
    try {
      onRecord(value, line);
    } catch (error) {
      throw new JsonlResumeError(
        path,
        line,
        error instanceof Error ? error.message : String(error),
      );
    }
    records++;
    keep = end;
    return true;
  };

  let unterminatedRecord = false;
  try {
    const buffer = new Uint8Array(1 << 16);
    for (;;) {
      const n = await file.read(buffer);
      if (n === null) break;
      const chunk = buffer.subarray(0, n);
      let start = 0;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, start)) {
        const part = chunk.subarray(start, i);
        let bytes: Uint8Array;
        if (pieces.length) {
          bytes = new Uint8Array(pieceBytes + part.length);
          let at = 0;
          for (const p of pieces) (bytes.set(p, at), at += p.length);
          bytes.set(part, at);
          pieces = [];
          pieceBytes = 0;
        } else bytes = part;
        handle(bytes, offset + i + 1);
        start = i + 1;
      }
      if (start < chunk.length) {
        pieces.push(chunk.slice(start));
        pieceBytes += chunk.length - start;
      }
      offset += n;
    }
    if (pieceBytes) {
      const bytes = new Uint8Array(pieceBytes);
      let at = 0;
      for (const p of pieces) (bytes.set(p, at), at += p.length);
      const before = records;
      handle(bytes, offset);
      unterminatedRecord = records > before;
    }
    if (unterminatedRecord) {
      await file.seek(0, Deno.SeekMode.End);
      await file.write(new Uint8Array([10]));
      return { records, repair: "newline-added", removedBytes: 0 };
    }
    if (keep < offset) {
      await file.truncate(keep);
      return { records, repair: bad ? "torn-line-removed" : "none", removedBytes: offset - keep };
    }
    return { records, repair: "none", removedBytes: 0 };
  } finally {
    file.close();
  }
}
