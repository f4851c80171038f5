/**
 * Evaluation runs: a policy (a model or a simulated one) answers tasks, every response is
 * verified per problem and scored, with R-Horizon's expected accuracy when pass rates are known.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runEvaluation } from "./mod.ts";
 * const task = {
 *   id: "t",
 *   family: "toy",
 *   question: "1 + 1?",
 *   answer: "2",
 *   answer_kind: "integer" as const,
 *   difficulty: {},
 *   source: { kind: "dataset" as const, dataset: "toy", row: 0 },
 * };
 * const policy = { name: "toy", respond: () => Promise.resolve({ text: "\\boxed{2}" }) };
 * const [sample] = await Array.fromAsync(runEvaluation(policy, [task]));
 * assert.equal(sample!.correct, true);
 * ```
 * @module
 */
export { type EvaluatedSample, type EvaluationOptions, runEvaluation } from "./run_evaluation.ts";
export { standalonePassRates } from "./standalone_pass_rates.ts";
