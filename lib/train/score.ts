/**
 * The one place lib/train calls the project's scoring function: a compact response
 * (`"a12b9c18"`) is laid out as the `Problem k: \boxed{…}` lines the verifier reads, then
 * scored by `scoreResponse` with the chosen reward (R_all by default).
 * @module
 */
import type { ComposedTask } from "../compose/composed_task.ts";
import type { RewardSpec } from "../rewards/reward_registry.ts";
import { goldAnswers, type ResponseScore, scoreResponse } from "../rewards/score_response.ts";
import type { Task } from "../tasks/task.ts";
import { splitCompactResponse } from "./chain_data.ts";

/**
 * The verifier's layout of a compact response: one `Problem k: \boxed{answer}` line per
 * labelled answer.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { finalAnswersText } from "./score.ts";
 * assertEquals(finalAnswersText("a12b9"), "### Final Answers\nProblem 1: \\boxed{12}\nProblem 2: \\boxed{9}");
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
 * assertEquals(scoreCompact(task, task.answers.map((a, i) => "ab"[i] + a).join("")).reward, 1);
 * assertEquals(scoreCompact(task, `a${task.answers[0]}b99`, { reward: "fraction" }).reward, 0.5);
 * ```
 */
export function scoreCompact(
  task: Task | ComposedTask,
  response: string,
  options: { reward?: RewardSpec } = {},
): ResponseScore {
  return scoreResponse(
    goldAnswers(task),
    finalAnswersText(response),
    options.reward ? { reward: options.reward } : {},
  );
}
