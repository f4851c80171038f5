/**
 * R-Horizon's single-problem pass rates, measured: every constituent problem of the composed
 * tasks is asked alone, and its pass rate is the share of samples the verifier judges right.
 * @module
 */
import type { ComposedTask } from "../compose/composed_task.ts";
import { standaloneProblems } from "../compose/standalone.ts";
import type { Policy } from "../policy/policy.ts";
import type { Task } from "../tasks/task.ts";
import { type EvaluationOptions, runEvaluation } from "./run_evaluation.ts";

/**
 * Measures each composed problem's standalone pass rate with a policy: the problem asked alone
 * ({@linkcode standaloneProblems}), `samples` times, scored by the project's verifier. The
 * result is keyed by the composed problems' ids, so it is what {@linkcode runEvaluation}'s
 * `passRates` takes for R-Horizon's expected accuracy Π p_i. A single task (not composed)
 * is its own standalone problem. A problem shared by several tasks is asked once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeFromGenerators } from "../compose/sample.ts";
 * import { standalonePassRates } from "./standalone_pass_rates.ts";
 * const [task] = [...composeFromGenerators({ families: ["chain_sum"], depth: 2, count: 1, seed: 3 })];
 * // A policy that answers a problem asked alone right only when it is the chain's first one.
 * const first = task!.problems[0]!;
 * const policy = {
 *   name: "first-only",
 *   respond: (t: { answer?: string }) =>
 *     Promise.resolve({ text: `\\boxed{${t.answer === first.answer ? t.answer : "x"}}` }),
 * };
 * const rates = await standalonePassRates(policy, [task!], { samples: 2 });
 * assert.deepEqual(Object.keys(rates), task!.problems.map((p) => p.id));
 * assert.equal(rates[first.id], 1);
 * ```
 */
export async function standalonePassRates(
  policy: Policy,
  tasks: readonly (Task | ComposedTask)[],
  options: Pick<EvaluationOptions, "samples" | "verify" | "onProgress"> = {},
): Promise<Record<string, number>> {
  const askedFor = new Map<string, Task>();
  for (const task of tasks) {
    const problems = "problems" in task ? task.problems : [task];
    const alone = "problems" in task ? standaloneProblems(task) : [task];
    problems.forEach((p, k) => {
      if (!askedFor.has(p.id)) askedFor.set(p.id, alone[k]!);
    });
  }
  const rates: Record<string, number> = {};
  const { onProgress, ...evaluation } = options;
  let done = 0;
  for (const [id, alone] of askedFor) {
    let right = 0, asked = 0;
    for await (const s of runEvaluation(policy, [alone], evaluation)) {
      asked++;
      if (s.correct) right++;
    }
    rates[id] = right / asked;
    onProgress?.(++done, askedFor.size);
  }
  return rates;
}
