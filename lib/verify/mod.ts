/**
 * Answer verification for RLVR: extraction with a documented priority order, normalisation,
 * a bounded LaTeX parser, and sound equivalence (exact rationals, modular fingerprints for huge
 * values, polynomial identity testing over F_p, BigInt interval arithmetic for transcendental
 * values; sets, tuples, intervals, matrices and relations on top), with `undecided` and
 * `timeout` verdicts, plus per-problem verification of composed tasks and a worker pool that
 * kills stuck verifications.
 *
 * The public API is the pipeline's stages (extract, normalise, parse, compare) and the
 * verifiers built on them; the decision procedures underneath (exact values, interval
 * enclosures, modular fingerprints, radical forms, deadlines) stay in their files.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifyAnswer } from "./mod.ts";
 * assert.equal(verifyAnswer("\\sqrt{8}", "\\boxed{2\\sqrt{2}}").correct, true);
 * assert.equal(verifyAnswer("3", "\\boxed{4}").status, "wrong");
 * ```
 * @module
 */
export {
  afterThinking,
  boxedContents,
  extractAnswer,
  type Extracted,
  EXTRACTION_PRIORITY,
  type ExtractionSource,
  type ExtractOptions,
  extractPerProblem,
  goldBoxes,
  type PerProblemExtraction,
  problemLineAnswer,
} from "./extract.ts";
export { normalizeAnswer, type NormalizeOptions, normalizeWithUnit } from "./normalize.ts";
export { currencyUnit, readUnit, relateUnits, type Unit, type UnitRelation } from "./units.ts";
export type { DecimalMode } from "./decide.ts";
export { type MathNode, MathParseError, PARSE_LIMITS, parseMath, type RelOp } from "./parse.ts";
export { type Equivalence, type EquivalenceOptions, equivalent } from "./equivalence.ts";
export {
  compareAnswers,
  type ComposedVerdict,
  goldAnswer,
  type Verdict,
  type VerdictStatus,
  verifyAnswer,
  verifyComposed,
  type VerifyOptions,
} from "./verify.ts";
export { VerifierPool, type VerifierPoolOptions } from "./worker_pool.ts";
export { serveVerifyJobs, type VerifyItem } from "./verify_worker.ts";
export {
  requestVerifyOptionKeys,
  VERIFY_OPTION_TABLE,
  type VerifyOptionInfo,
} from "./verify_option_table.ts";
