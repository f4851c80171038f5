/**
 * Outcome reward: 1 for a correct answer, 0 (or −1 with `plusMinus`, as verl's `math_dapo`)
 * for a wrong one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { outcomeReward } from "./outcome.ts";
 * assert.deepEqual(outcomeReward(false, { plusMinus: true }), -1);
 * ```
 */
export function outcomeReward(correct: boolean, options: { plusMinus?: boolean } = {}): number {
  return correct ? 1 : options.plusMinus ? -1 : 0;
}

/**
 * R_all for a composed task (R-Horizon, arXiv 2510.08189, Eq. 6): 1 only if every problem is
 * right. An empty list scores 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rewardAll } from "./outcome.ts";
 * assert.deepEqual(rewardAll([true, false, true]), 0);
 * ```
 */
export function rewardAll(perProblem: readonly boolean[]): number {
  return perProblem.length > 0 && perProblem.every(Boolean) ? 1 : 0;
}

/**
 * R_last (R-Horizon, Eq. 6; the paper's default): 1 if the last problem is right.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rewardLast } from "./outcome.ts";
 * assert.deepEqual(rewardLast([false, false, true]), 1);
 * ```
 */
export function rewardLast(perProblem: readonly boolean[]): number {
  return perProblem.length > 0 && perProblem[perProblem.length - 1] ? 1 : 0;
}

/**
 * The fraction of problems answered correctly (a partial-credit variant neither paper trains
 * with).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fractionCorrect } from "./outcome.ts";
 * assert.deepEqual(fractionCorrect([true, false, true, true]), 0.75);
 * ```
 */
export function fractionCorrect(perProblem: readonly boolean[]): number {
  return perProblem.length ? perProblem.filter(Boolean).length / perProblem.length : 0;
}
