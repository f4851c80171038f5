import { mean, whiten } from "../stats/stats.ts";

/**
 * Discounted return-to-go of one sequence: `G_t = r_t + γ·G_{t+1}`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { returnsToGo } from "./token_level.ts";
 * assert.deepEqual(returnsToGo([0, 0, 1], 0.5), [0.25, 0.5, 1]);
 * ```
 */
export function returnsToGo(rewards: readonly number[], gamma = 1): number[] {
  const out = new Array<number>(rewards.length);
  let g = 0;
  for (let t = rewards.length - 1; t >= 0; t--) out[t] = g = rewards[t]! + gamma * g;
  return out;
}

function reshape(flat: readonly number[], like: readonly (readonly unknown[])[]): number[][] {
  let at = 0;
  return like.map((row) => flat.slice(at, at += row.length));
}

/**
 * Token-level GAE (Schulman et al. 2016), as verl's `gae`: `δ_t = r_t + γV_{t+1} − V_t`,
 * `A_t = δ_t + γλA_{t+1}`, `returns = A + V`, then whitening over every token of the batch
 * (unbiased variance, ε 1e-8) unless `whiten: false`. Defaults γ = 1, λ = 1 (verl's).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gaeAdvantages } from "./token_level.ts";
 * assert.deepEqual(gaeAdvantages([[0, 1]], [[0.5, 0.5]], { whiten: false }).advantages, [[0.5, 0.5]]);
 * ```
 */
export function gaeAdvantages(
  rewards: readonly (readonly number[])[],
  values: readonly (readonly number[])[],
  options: { gamma?: number; lambda?: number; whiten?: boolean } = {},
): { advantages: number[][]; returns: number[][] } {
  const gamma = options.gamma ?? 1, lambda = options.lambda ?? 1;
  const raw = rewards.map((r, i) => {
    const v = values[i];
    if (!v || v.length !== r.length) {
      throw new RangeError(`GAE needs one value per reward token (sequence ${i})`);
    }
    const a = new Array<number>(r.length);
    let last = 0;
    for (let t = r.length - 1; t >= 0; t--) {
      const next = t + 1 < r.length ? v[t + 1]! : 0;
      const delta = r[t]! + gamma * next - v[t]!;
      a[t] = last = delta + gamma * lambda * last;
    }
    return a;
  });
  const returns = raw.map((a, i) => a.map((x, t) => x + values[i]![t]!));
  const advantages = options.whiten === false ? raw : reshape(whiten(raw.flat()), raw);
  return { advantages, returns };
}

/**
 * REINFORCE++ (Hu 2025, verl `reinforce_plus_plus`): the token-level return-to-go with γ, then
 * whitening over every token of the batch; no group baseline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reinforcePlusPlusAdvantages } from "./token_level.ts";
 * // returns-to-go [[1, 1], [0, 0]], whitened over all four tokens (unbiased std 0.57735)
 * const advantages = reinforcePlusPlusAdvantages([[0, 1], [0, 0]]);
 * assert.deepEqual(advantages.flat().map((a) => +a.toFixed(6)), [0.866025, 0.866025, -0.866025, -0.866025]);
 * ```
 */
export function reinforcePlusPlusAdvantages(
  rewards: readonly (readonly number[])[],
  options: { gamma?: number } = {},
): number[][] {
  const g = rewards.map((r) => returnsToGo(r, options.gamma ?? 1));
  return reshape(whiten(g.flat()), g);
}

/**
 * REINFORCE++ with a group baseline (verl `reinforce_plus_plus_baseline`): `r_i − mean_G r`
 * broadcast to the response's tokens, then whitening over every token of the batch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reinforcePlusPlusBaselineAdvantages } from "./token_level.ts";
 * const advantages = reinforcePlusPlusBaselineAdvantages([1, 0, 1, 1], ["a", "a", "b", "b"], [2, 1, 1, 2]);
 * assert.deepEqual(advantages.map((a) => a.length), [2, 1, 1, 2]); // one advantage per token
 * assert.ok(advantages[0]![0]! > 0 && advantages[1]![0]! < 0); // above / below the group mean
 * ```
 */
export function reinforcePlusPlusBaselineAdvantages(
  scores: readonly number[],
  groups: readonly string[],
  lengths: readonly number[],
): number[][] {
  const means = new Map<string, number>();
  for (const g of new Set(groups)) means.set(g, mean(scores.filter((_, i) => groups[i] === g)));
  const centred = scores.map((s, i) => Array<number>(lengths[i]!).fill(s - means.get(groups[i]!)!));
  return reshape(whiten(centred.flat()), centred);
}

/**
 * ReMax (Li et al. 2023, verl `remax`): reverse-cumulative returns minus the greedy rollout's
 * reward `b`: `A_t = Σ_{t'≥t} r_{t'} − b`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { remaxAdvantages } from "./token_level.ts";
 * assert.deepEqual(remaxAdvantages([[0, 0, 1]], [0.4]), [[0.6, 0.6, 0.6]]);
 * ```
 */
export function remaxAdvantages(
  rewards: readonly (readonly number[])[],
  baselines: readonly number[],
): number[][] {
  return rewards.map((r, i) => returnsToGo(r, 1).map((g) => g - baselines[i]!));
}
