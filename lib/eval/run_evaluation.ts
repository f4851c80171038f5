import { expectedAccuracyIfKnown } from "../compose/sample.ts";
import type { ComposedTask } from "../compose/composed_task.ts";
import type { Policy } from "../policy/policy.ts";
import type { RewardParams, RewardSpec } from "../rewards/reward_registry.ts";
import { type ScoredResponse, scoreTask } from "../rewards/score_response.ts";
import type { Task } from "../tasks/task.ts";
import type { VerifyOptions } from "../verify/verify.ts";

/** One evaluated sample: the score plus the response and, when known, the expected accuracy. */
export interface EvaluatedSample extends ScoredResponse {
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
 * ```ts ignore
 * import { runEvaluation } from "./run_evaluation.ts";
 * for await (const sample of runEvaluation(policy, tasks, { samples: 4 })) console.log(sample.correct);
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
