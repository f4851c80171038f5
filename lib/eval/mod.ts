/**
 * Evaluation runs: a policy (a model or a simulated one) answers tasks, every response is
 * verified per problem and scored, with R-Horizon's expected accuracy when pass rates are known.
 *
 * @example
 * ```ts ignore
 * import { runEvaluation } from "./mod.ts";
 * ```
 * @module
 */
export * from "./run_evaluation.ts";
