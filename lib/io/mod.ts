/**
 * File input and output shared by Farsight's areas: CSV with citation comments, atomic writes
 * that never leave a half-written file (temporaries removed on signals and on the next run), and
 * resumable JSONL that a run appends to; and long work (JSON of many megabytes) cut into time
 * slices, so a server's event loop keeps answering.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsv } from "./mod.ts";
 * assert.deepEqual(parseCsv("a,b\n1,2\n").rows, [{ a: "1", b: "2" }]);
 * ```
 * @module
 */
export { type CsvDocument, CsvSyntaxError, parseCsv, readCsv } from "./csv.ts";
export { writeFileAtomic } from "./atomic_write.ts";
export { writeLinesAtomic } from "./write_lines.ts";
export { type JsonlResume, JsonlResumeError, resumeJsonl } from "./resumable_jsonl.ts";
export { removeStaleTemporaries } from "./temp_files.ts";
export { runSteps, runStepsSliced, type SliceOptions, type Steps } from "./time_slices.ts";
export {
  type JsonStepOptions,
  parseJsonBytesSteps,
  parseJsonSteps,
  stringifyJsonSteps,
} from "./json_slices.ts";
export {
  checkResume,
  type Fingerprint,
  fingerprint,
  provenanceDifferences,
  provenancePath,
  readProvenance,
  ResumeMismatchError,
  type RunProvenance,
  writeProvenance,
} from "./run_provenance.ts";
