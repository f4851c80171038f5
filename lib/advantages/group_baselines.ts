import { mean, std, type StdConvention } from "../stats/stats.ts";

/** Options for {@linkcode grpoAdvantages}. */
export interface GrpoOptions {
  /**
   * Standard deviation convention. Default `"unbiased"` (n−1), as verl (`torch.std`) and TRL;
   * `"population"` for implementations that divide by n.
   */
  readonly std?: StdConvention;
  /** Added to the std. Default 1e-6 (verl); TRL uses 1e-4, OpenRLHF 1e-9. */
  readonly eps?: number;
  /** Divide by the std. Default true; `false` is Dr.GRPO's advantage. */
  readonly scale?: boolean;
}

/**
 * GRPO's group-normalised advantages (DeepSeekMath, arXiv 2402.03300):
 * `A_i = (r_i − mean(r)) / (std(r) + ε)`, the same for every token of response i. A singleton
 * group uses mean 0 and std 1 (verl), so `A = r`. NaN rewards (TRL's "not applicable") get
 * advantage 0 and do not move the group statistics.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { grpoAdvantages } from "./group_baselines.ts";
 * const round = (xs: number[]) => xs.map((x) => +x.toFixed(6));
 * assert.deepEqual(round(grpoAdvantages([1, 0, 0, 0])), [1.499997, -0.499999, -0.499999, -0.499999]);
 * // TRL's ε = 1e-4
 * assert.deepEqual(round(grpoAdvantages([1, 0, 0, 0], { eps: 1e-4 })), [1.4997, -0.4999, -0.4999, -0.4999]);
 * ```
 */
export function grpoAdvantages(rewards: readonly number[], options: GrpoOptions = {}): number[] {
  const eps = options.eps ?? 1e-6;
  if (rewards.length === 1) return [Number.isNaN(rewards[0]!) ? 0 : rewards[0]!];
  const m = mean(rewards);
  const s = std(rewards, options.std ?? "unbiased");
  return rewards.map((r) => {
    if (Number.isNaN(r)) return 0;
    if (options.scale === false) return r - m;
    const a = (r - m) / ((Number.isNaN(s) ? 1 : s) + eps);
    return Number.isNaN(a) ? 0 : a;
  });
}

/**
 * Dr.GRPO's advantage (Liu et al., arXiv 2503.20783): `A_i = r_i − mean(r)`, no std division.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { drGrpoAdvantages } from "./group_baselines.ts";
 * assert.deepEqual(drGrpoAdvantages([1, 0, 0, 1, 1]), [0.4, -0.6, -0.6, 0.4, 0.4]);
 * ```
 */
export function drGrpoAdvantages(rewards: readonly number[]): number[] {
  return grpoAdvantages(rewards, { scale: false });
}

/**
 * Per-token loss weights: GRPO's `1/(G·|o_i|)` per response, or Dr.GRPO's constant
 * `1/(G·L_max)` for every token (arXiv 2503.20783).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tokenLossWeights } from "./group_baselines.ts";
 * const weights = tokenLossWeights([10, 40, 20, 30, 50], "grpo").map((w) => +w.toFixed(5));
 * assert.deepEqual(weights, [0.02, 0.005, 0.01, 0.00667, 0.004]);
 * assert.deepEqual(tokenLossWeights([10, 40], "dr_grpo", 64), [0.0078125, 0.0078125]);
 * ```
 */
export function tokenLossWeights(
  lengths: readonly number[],
  mode: "grpo" | "dr_grpo",
  maxLength?: number,
): number[] {
  const g = lengths.length;
  if (mode === "grpo") return lengths.map((l) => 1 / (g * l));
  if (!(maxLength && maxLength > 0)) {
    throw new RangeError("Dr.GRPO token weights need maxLength > 0");
  }
  return lengths.map(() => 1 / (g * maxLength));
}

/**
 * RLOO's leave-one-out baseline: `A_i = r_i − mean_{j≠i} r_j`. A singleton group gets `A = r`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rlooAdvantages } from "./group_baselines.ts";
 * assert.deepEqual(rlooAdvantages([1, 1, 0, 0]).map((a) => +a.toFixed(4)), [0.6667, 0.6667, -0.6667, -0.6667]);
 * ```
 */
export function rlooAdvantages(rewards: readonly number[]): number[] {
  const n = rewards.length;
  if (n === 1) return [rewards[0]!];
  const total = rewards.reduce((s, r) => s + r, 0);
  return rewards.map((r) => r - (total - r) / (n - 1));
}

/**
 * OPO's length-weighted optimal baseline (arXiv 2505.23585): `b = Σ L_j r_j / Σ L_j`,
 * `A_i = r_i − b`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { opoAdvantages } from "./group_baselines.ts";
 * assert.deepEqual(opoAdvantages([1, 0], [10, 30]), [0.75, -0.25]);
 * ```
 */
export function opoAdvantages(rewards: readonly number[], lengths: readonly number[]): number[] {
  if (rewards.length !== lengths.length) throw new RangeError("OPO needs one length per reward");
  const totalLength = lengths.reduce((s, l) => s + l, 0);
  const b = totalLength > 0 ? rewards.reduce((s, r, i) => s + lengths[i]! * r, 0) / totalLength : 0;
  return rewards.map((r) => r - b);
}

/**
 * GPG's advantages (verl `gpg`): `α = B / max(1, #non-zero rewards in the batch)`, then
 * `A_i = α · (r_i − mean_G r)`. Takes the whole batch as groups.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gpgAdvantages } from "./group_baselines.ts";
 * assert.deepEqual(gpgAdvantages([[1, 0], [0, 0]]), [[2, -2], [0, 0]]);
 * ```
 */
export function gpgAdvantages(groups: readonly (readonly number[])[]): number[][] {
  const all = groups.flat();
  const alpha = all.length / Math.max(1, all.filter((r) => r !== 0).length);
  return groups.map((g) => {
    const m = mean(g);
    return g.map((r) => alpha * (r - m));
  });
}

/**
 * Pass@k-style GRPO (verl `grpo_passk`, arXiv 2503.19595): only the best response of the group
 * gets a non-zero advantage, `r_max − r_second`, optionally divided by `std + ε`. Needs n ≥ 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { passAtKGrpoAdvantages } from "./group_baselines.ts";
 * assert.deepEqual(passAtKGrpoAdvantages([0.2, 1, 0.5]), [0, 0.5, 0]);
 * ```
 */
export function passAtKGrpoAdvantages(
  rewards: readonly number[],
  options: { normalize?: boolean; eps?: number; std?: StdConvention } = {},
): number[] {
  if (rewards.length < 2) throw new RangeError("Pass@k GRPO needs at least 2 responses per group");
  let best = 0;
  rewards.forEach((r, i) => {
    if (r > rewards[best]!) best = i;
  });
  const second = Math.max(...rewards.filter((_, i) => i !== best));
  let a = rewards[best]! - second;
  if (options.normalize) a /= std(rewards, options.std ?? "unbiased") + (options.eps ?? 1e-6);
  return rewards.map((_, i) => (i === best ? a : 0));
}

/**
 * Expert iteration / rejection-sampling fine-tuning as an advantage: a response whose reward
 * reaches `threshold` (verified right; default 1) gets advantage 1, every other 0. The policy
 * gradient at ratio 1 with these advantages is the supervised gradient on the verified
 * responses: RAFT (Dong et al., arXiv 2304.06767) and ReST's improve step (Gulcehre et al.,
 * arXiv 2308.08998) filter by reward, then fine-tune on what passed. No baseline, so nothing is
 * pushed down.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expertIterationAdvantages } from "./group_baselines.ts";
 * assert.deepEqual(expertIterationAdvantages([1, 0, 1, 0.5]), [1, 0, 1, 0]);
 * assert.deepEqual(expertIterationAdvantages([1, 0, 0.5], { threshold: 0.5 }), [1, 0, 1]);
 * ```
 */
export function expertIterationAdvantages(
  rewards: readonly number[],
  options: { threshold?: number } = {},
): number[] {
  const threshold = options.threshold ?? 1;
  return rewards.map((r) => (r >= threshold ? 1 : 0));
}
