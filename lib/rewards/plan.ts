/**
 * The size of the maximum order-preserving (non-crossing) matching between two sequences,
 * where `matches(a, b)` says which pairs may match. With equality it is the LCS length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { orderedMatching } from "./plan.ts";
 * assert.deepEqual(orderedMatching(["a", "c", "b", "d"], ["a", "b", "c", "d"]), 3);
 * ```
 */
export function orderedMatching<T>(
  predicted: readonly T[],
  reference: readonly T[],
  matches: (a: T, b: T) => boolean = (a, b) => a === b,
): number {
  const m = reference.length;
  let prev = new Array<number>(m + 1).fill(0);
  for (const p of predicted) {
    const row = new Array<number>(m + 1).fill(0);
    for (let j = 1; j <= m; j++) {
      row[j] = matches(p, reference[j - 1]!) ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    }
    prev = row;
  }
  return prev[m]!;
}

/**
 * REVER's plan reward (Bo et al., arXiv 2509.25852), as reconstructed in docs/rewards.md: the
 * ordered matching size M between predicted and reference skill sequences, normalised by
 * `max(|ŷ|, |y|)` (default; penalises missing and extra steps), `|y|` (recall) or
 * `(|ŷ| + |y|)/2` (F1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planReward } from "./plan.ts";
 * const gt = ["pick(cup)", "place(cup,tray)", "open(drawer)", "pick(pen)"];
 * const pred = ["pick(cup)", "open(drawer)", "place(cup,tray)", "pick(pen)", "close(drawer)"];
 * assert.deepEqual(planReward(pred, gt), 0.6);
 * assert.deepEqual(planReward(pred, gt, { normalize: "recall" }), 0.75);
 * ```
 */
export function planReward<T>(
  predicted: readonly T[],
  reference: readonly T[],
  options: { normalize?: "max" | "recall" | "f1"; matches?: (a: T, b: T) => boolean } = {},
): number {
  const m = orderedMatching(predicted, reference, options.matches);
  const denominator = options.normalize === "recall"
    ? reference.length
    : options.normalize === "f1"
    ? (predicted.length + reference.length) / 2
    : Math.max(predicted.length, reference.length);
  return denominator > 0 ? m / denominator : 0;
}
