import { mean, std, type StdConvention } from "../stats/stats.ts";

/**
 * EAPO's geometrically discounted round rewards (IterResearch, Chen et al., arXiv 2511.07327,
 * Eq. 3): `r_t = γ^(T−t)·R_T` for rounds t = 1..T. The paper does not state γ; 0.9 here is our
 * default.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eapoRewards } from "./eapo.ts";
 * assert.deepEqual(eapoRewards(1, 4).map((r) => +r.toFixed(6)), [0.729, 0.81, 0.9, 1]);
 * ```
 */
export function eapoRewards(outcome: number, rounds: number, gamma = 0.9): number[] {
  return Array.from({ length: rounds }, (_, i) => gamma ** (rounds - (i + 1)) * outcome);
}

/**
 * EAPO's advantages: every round of every rollout of a question in one group, z-scored
 * (population std by default, as the worked example; the paper does not say).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eapoAdvantages } from "./eapo.ts";
 * assert.deepEqual(eapoAdvantages([1, 1, 0], [4, 2, 3])[1]!.map((a) => +a.toFixed(4)), [0.7186, 0.9528]);
 * ```
 */
export function eapoAdvantages(
  outcomes: readonly number[],
  rounds: readonly number[],
  options: { gamma?: number; std?: StdConvention; eps?: number } = {},
): number[][] {
  const rewards = outcomes.map((o, i) => eapoRewards(o, rounds[i]!, options.gamma ?? 0.9));
  const all = rewards.flat();
  const m = mean(all), s = std(all, options.std ?? "population") + (options.eps ?? 0);
  return rewards.map((r) => r.map((x) => (s > 0 ? (x - m) / s : 0)));
}
