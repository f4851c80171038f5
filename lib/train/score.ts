/**
 * The one place lib/train calls the project's scoring function: a compact response
 * (`"12,9,18"`) is laid out as the `Problem k: \boxed{…}` lines the verifier reads, then
 * scored by `scoreTask` with the chosen reward (R_all by default).
 * @module
 */
import type { ComposedTask } from "../compose/composed_task.ts";
import {
  type ComposedRewardKind,
  type ScoredResponse,
  scoreTask,
} from "../rewards/score_response.ts";
import type { Task } from "../tasks/task.ts";
import { splitCompactResponse } from "./chain_data.ts";

/**
 * The verifier's layout of a compact response: one `Problem k: \boxed{answer}` line per
 * comma-separated answer.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { finalAnswersText } from "./score.ts";
 * assertEquals(finalAnswersText("12,9"), "### Final Answers\nProblem 1: \\boxed{12}\nProblem 2: \\boxed{9}");
 * ```
 */
export function finalAnswersText(response: string): string {
  const answers = response.trim() === "" ? [] : splitCompactResponse(response);
  return ["### Final Answers", ...answers.map((a, i) => `Problem ${i + 1}: \\boxed{${a}}`)].join(
    "\n",
  );
}

/**
 * Scores a compact response to a task with the project's verifier and reward.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { scoreCompact } from "./score.ts";
 * import { sampleChain } from "./chain_data.ts";
 * const task = sampleChain(2, 3, 0);
 * assertEquals(scoreCompact(task, task.answers.join(",")).reward, 1);
 * assertEquals(scoreCompact(task, `${task.answers[0]},99`, { reward: "fraction" }).reward, 0.5);
 * ```
 */
export function scoreCompact(
  task: Task | ComposedTask,
  response: string,
  options: { sample?: number; reward?: ComposedRewardKind } = {},
): ScoredResponse {
  return scoreTask(task, finalAnswersText(response), options);
}
