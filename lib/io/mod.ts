/**
 * File input and output shared by Farsight's areas: CSV with citation comments, and atomic
 * writes that never leave a half-written file.
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
