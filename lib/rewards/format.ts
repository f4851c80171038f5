/**
 * TRL's think-format reward: 1 when the response is exactly one `<think>…</think>` block
 * followed by anything, else 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { thinkFormatReward } from "./format.ts";
 * assert.deepEqual(thinkFormatReward("<think>plan</think> The answer is 4."), 1);
 * assert.deepEqual(thinkFormatReward("The answer is 4."), 0);
 * ```
 */
export function thinkFormatReward(response: string): number {
  return /^<think>(?![\s\S]*<think>)[\s\S]*?<\/think>[\s\S]*$/.test(response) ? 1 : 0;
}

/**
 * Reasoning Gym's answer-tag format: `<think>…</think>` then `<answer>…</answer>` (whitespace
 * allowed between), 1 or 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { answerTagFormatReward } from "./format.ts";
 * assert.deepEqual(answerTagFormatReward("<think>x</think>\n<answer>4</answer>"), 1);
 * ```
 */
export function answerTagFormatReward(response: string): number {
  return /^\s*<think>[\s\S]*?<\/think>\s*<answer>[\s\S]*?<\/answer>\s*$/.test(response) ? 1 : 0;
}

/**
 * Format reward for composed tasks: the fraction of problems 1..n that have a
 * `Problem k: \boxed{…}` line (R-Horizon's answer block), so a response that answers every
 * problem in the requested format scores 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composedFormatReward } from "./format.ts";
 * assert.deepEqual(composedFormatReward("Problem 1: \\boxed{3}\nProblem 2: \\boxed{7}", 2), 1);
 * assert.deepEqual(composedFormatReward("Problem 1: \\boxed{3}", 2), 0.5);
 * ```
 */
export function composedFormatReward(response: string, problems: number): number {
  if (problems <= 0) return 0;
  let found = 0;
  for (let k = 1; k <= problems; k++) {
    if (new RegExp(`Problem\\s*${k}\\s*[:.)]\\s*\\$?\\\\boxed\\{`).test(response)) found++;
  }
  return found / problems;
}
