/**
 * Answer verification for RLVR: extraction with a documented priority order, normalisation,
 * a bounded LaTeX parser, and sound equivalence (exact rationals, modular fingerprints for huge
 * values, polynomial identity testing over F_p, BigInt interval arithmetic for transcendental
 * values; sets, tuples, intervals, matrices and relations on top), with `undecided` and
 * `timeout` verdicts, plus per-problem verification of composed tasks and a worker pool that
 * kills stuck verifications.
 *
 * @example
 * ```ts
 * import { verifyAnswer } from "./mod.ts";
 * verifyAnswer("\\sqrt{8}", "\\boxed{2\\sqrt{2}}").correct; // true
 * ```
 * @module
 */
export * from "./extract.ts";
export * from "./normalize.ts";
export * from "./parse.ts";
export * from "./evaluate.ts";
export * from "./deadline.ts";
export * from "./interval.ts";
export * from "./modular.ts";
export * from "./radical.ts";
export * from "./decide.ts";
export * from "./equivalence.ts";
export * from "./verify.ts";
export * from "./worker_pool.ts";
export * from "./verify_worker.ts";
export * from "./verify_option_table.ts";
