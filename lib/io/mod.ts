/**
 * File input and output shared by Farsight's areas: CSV with citation comments, atomic writes
 * that never leave a half-written file (temporaries removed on signals and on the next run), and
 * resumable JSONL that a run appends to.
 *
 * @example
 * ```ts
 * import { parseCsv } from "./mod.ts";
 * parseCsv("a,b\n1,2\n").rows; // [{ a: "1", b: "2" }]
 * ```
 * @module
 */
export * from "./csv.ts";
export * from "./atomic_write.ts";
export * from "./write_lines.ts";
export * from "./resumable_jsonl.ts";
export * from "./temp_files.ts";
