import type { ComposedTask } from "../compose/composed_task.ts";
import type { Task } from "../tasks/task.ts";
import { verifyComposed, type VerifyOptions } from "../verify/verify.ts";
import { fractionCorrect, rewardAll, rewardLast } from "./outcome.ts";

/** Which composed-task reward to compute. */
export type ComposedRewardKind = "all" | "last" | "fraction";

/** One scored response. */
export interface ScoredResponse {
  readonly task_id: string;
  readonly sample: number;
  /** Every problem right (R_all). */
  readonly correct: boolean;
  readonly per_problem: readonly boolean[];
  readonly reward: number;
  /** Extracted answer per problem (`null` where none). */
  readonly extracted: readonly (string | null)[];
  /** Status per problem (correct, wrong, no_answer, unparseable, timeout, error). */
  readonly status: readonly string[];
  readonly depth: number;
}

/** The gold answers of a task or composed task, in problem order. */
export function goldAnswers(task: Task | ComposedTask): readonly string[] {
  return "answers" in task ? task.answers : [task.answer];
}

/** The horizon of a task (1 for a single problem). */
export function taskDepth(task: Task | ComposedTask): number {
  return "depth" in task && typeof task.depth === "number" ? task.depth : 1;
}

/**
 * Scores one response to a task or composed task: verifies every problem (a single task is a
 * composed task of one), and computes the reward: R_all (default), R_last, or the fraction
 * correct.
 *
 * @example
 * ```ts ignore
 * import { scoreResponse } from "./score_response.ts";
 * scoreResponse(task, "### Final Answers\nProblem 1: \\boxed{7}", { sample: 0 }).reward;
 * ```
 */
export function scoreResponse(
  task: Task | ComposedTask,
  response: string,
  options: { sample?: number; reward?: ComposedRewardKind; verify?: VerifyOptions } = {},
): ScoredResponse {
  const golds = goldAnswers(task);
  const v = verifyComposed(golds, response, options.verify);
  return scoredFrom(
    task,
    v.perProblem,
    v.verdicts.map((x) => x.extracted.response),
    v.verdicts.map((x) => x.status),
    options,
  );
}

/** Builds a {@linkcode ScoredResponse} from per-problem verdicts (e.g. from a worker pool). */
export function scoredFrom(
  task: Task | ComposedTask,
  perProblem: readonly boolean[],
  extracted: readonly (string | null)[],
  status: readonly string[],
  options: { sample?: number; reward?: ComposedRewardKind } = {},
): ScoredResponse {
  const kind = options.reward ?? "all";
  const reward = kind === "last"
    ? rewardLast(perProblem)
    : kind === "fraction"
    ? fractionCorrect(perProblem)
    : rewardAll(perProblem);
  return {
    task_id: task.id,
    sample: options.sample ?? 0,
    correct: rewardAll(perProblem) === 1,
    per_problem: perProblem,
    reward,
    extracted,
    status,
    depth: taskDepth(task),
  };
}
