/**
 * The one place lib/train calls the project's scoring function: a compact response
 * (`"a12b9c18"`) is read strictly (labels in order, canonical integers, nothing after the last
 * answer), laid out as the `Problem k: \boxed{…}` lines the verifier reads, then scored by
 * `scoreResponse` with the chosen reward (R_all by default).
 * @module
 */
import type { ComposedTask } from "../compose/composed_task.ts";
import type { RewardSpec } from "../rewards/reward_registry.ts";
import { goldAnswers, type ResponseScore, scoreResponse } from "../rewards/score_response.ts";
import type { Task } from "../tasks/task.ts";
import { COMPACT } from "./chain_data.ts";

/**
 * Reads a compact response strictly, for a task of `depth` problems: one entry per problem,
 * its answer or `null` where there is none. The response must be the labels in order, each
 * followed by an integer in canonical form (`-?(0|[1-9][0-9]*)`: no sign on positives, no
 * leading zeros, no decimals), and nothing after the last problem's answer. Reading stops at
 * the first answer that is not canonical (it and every later problem get `null`); a response
 * that goes on past its last problem (another label, or any other text) gets no answer at all.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { strictCompactAnswers } from "./score.ts";
 * assert.deepEqual(strictCompactAnswers("a2b8c16", 3), ["2", "8", "16"]);
 * assert.deepEqual(strictCompactAnswers("a2b8c016", 3), ["2", "8", null]); // leading zero
 * assert.deepEqual(strictCompactAnswers("a2b8c16d5", 3), [null, null, null]); // past the end
 * assert.deepEqual(strictCompactAnswers("a2b-0c1", 3), ["2", null, null]);
 * assert.deepEqual(strictCompactAnswers("a2b8", 3), ["2", "8", null]);
 * ```
 */
export function strictCompactAnswers(response: string, depth: number): (string | null)[] {
  const answers: (string | null)[] = Array.from({ length: depth }, () => null);
  const labels = COMPACT.labels;
  let at = 0;
  for (let k = 0; k < depth && k < labels.length && at < response.length; k++) {
    if (response[at] !== labels[k]) return answers;
    let end = at + 1;
    while (end < response.length && !labels.includes(response[end]!)) end++;
    const text = response.slice(at + 1, end);
    if (!/^(0|-?[1-9][0-9]*)$/.test(text)) return answers;
    answers[k] = text;
    at = end;
  }
  return at < response.length ? answers.map(() => null) : answers;
}

/**
 * The verifier's layout of a compact response to a task of `depth` problems: one
 * `Problem k: \boxed{answer}` line per answer {@linkcode strictCompactAnswers} reads (a
 * problem without one gets no line, so the verifier scores it as unanswered).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { finalAnswersText } from "./score.ts";
 * assertEquals(finalAnswersText("a12b9", 2), "### Final Answers\nProblem 1: \\boxed{12}\nProblem 2: \\boxed{9}");
 * assertEquals(finalAnswersText("a12b09", 2), "### Final Answers\nProblem 1: \\boxed{12}");
 * ```
 */
export function finalAnswersText(response: string, depth: number): string {
  const lines = strictCompactAnswers(response, depth).flatMap((a, i) =>
    a === null ? [] : [`Problem ${i + 1}: \\boxed{${a}}`]
  );
  return ["### Final Answers", ...lines].join("\n");
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
    finalAnswersText(response, "problems" in task ? task.problems.length : 1),
    options.reward ? { reward: options.reward } : {},
  );
}
