import { expectedAccuracyIfKnown } from "../compose/sample.ts";
import type { ComposedTask } from "../compose/composed_task.ts";
import type { Policy } from "../policy/policy.ts";
import type { RewardParams, RewardSpec } from "../rewards/reward_registry.ts";
import { type ScoredResponse, scoreTask } from "../rewards/score_response.ts";
import type { Task } from "../tasks/task.ts";
import type { VerifyOptions } from "../verify/verify.ts";

/** One evaluated sample: the score plus the response and, when known, the expected accuracy. */
export interface EvaluatedSample extends ScoredResponse {
  /** The policy's response text. */
  readonly response: string;
  /** R-Horizon's per-instance expected accuracy Π p_i, when pass rates were given. */
  readonly expected?: number;
}

/** Options for {@linkcode runEvaluation}. */
export interface EvaluationOptions {
  /** Samples per task. Default 1. */
  readonly samples?: number;
  /** The reward: a registry name or a function. Default `"all"` (R_all). */
  readonly reward?: RewardSpec;
  /** Parameters of shaped rewards. */
  readonly params?: RewardParams;
  /** Verification options. */
  readonly verify?: VerifyOptions;
  /**
   * Single-problem pass rates by problem id (recomputed problems fall back to their base id),
   * for R-Horizon's expected accuracy; or a function of the problem.
   */
  readonly passRates?: Readonly<Record<string, number>> | ((problem: Task) => number | undefined);
  /** Called after each task with (tasks done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Skip samples already evaluated (e.g. when resuming); they are not returned. */
  readonly skip?: (task: Task | ComposedTask, sample: number) => boolean;
}

function expectedOf(
  task: Task | ComposedTask,
  rates: EvaluationOptions["passRates"],
): number | undefined {
  return rates
    ? expectedAccuracyIfKnown({
      id: task.id,
      problems: "problems" in task ? task.problems : [task],
    }, rates)
    : undefined;
}

/**
 * Runs a policy on tasks (k samples each), verifies every response per problem, and scores it.
 * Sequential and deterministic for seeded policies; yields results task by task so callers can
 * stream them to disk and resume.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Policy } from "../policy/policy.ts";
 * import type { Task } from "../tasks/task.ts";
 * import { runEvaluation } from "./run_evaluation.ts";
 * const task: Task = {
 *   id: "add-1",
 *   family: "add",
 *   question: "What is 2 + 3?",
 *   answer: "5",
 *   answer_kind: "integer",
 *   difficulty: {},
 *   source: { kind: "dataset", dataset: "toy", row: 0 },
 * };
 * // Right on even samples, wrong on odd ones.
 * const policy: Policy = {
 *   name: "toy",
 *   respond: (_task, { sample }) =>
 *     Promise.resolve({ text: `\\boxed{${sample % 2 ? 4 : 5}}` }),
 * };
 * const samples = await Array.fromAsync(
 *   runEvaluation(policy, [task], { samples: 2, passRates: { "add-1": 0.9 } }),
 * );
 * assert.deepEqual(samples.map((s) => [s.sample, s.correct, s.reward]), [[0, true, 1], [1, false, 0]]);
 * assert.equal(samples[0]!.expected, 0.9);
 * ```
 */
export async function* runEvaluation(
  policy: Policy,
  tasks: readonly (Task | ComposedTask)[],
  options: EvaluationOptions = {},
): AsyncGenerator<EvaluatedSample> {
  const samples = options.samples ?? 1;
  if (!(Number.isInteger(samples) && samples >= 1)) {
    throw new RangeError(`Invalid samples ${samples}: expected an integer >= 1`);
  }
  let done = 0;
  for (const task of tasks) {
    const expected = expectedOf(task, options.passRates);
    for (let sample = 0; sample < samples; sample++) {
      if (options.skip?.(task, sample)) continue;
      const { text } = await policy.respond(task, { sample });
      const scored = scoreTask(task, text, {
        sample,
        ...(options.reward ? { reward: options.reward } : {}),
        ...(options.params ? { params: options.params } : {}),
        ...(options.verify ? { verify: options.verify } : {}),
      });
      yield { ...scored, response: text, ...(expected !== undefined ? { expected } : {}) };
    }
    options.onProgress?.(++done, tasks.length);
  }
}
