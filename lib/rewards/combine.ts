import { mean, std } from "../stats/stats.ts";

/** Options for {@linkcode combineRewards}. */
export interface CombineOptions {
  /** One weight per reward function. Default all 1. */
  readonly weights?: readonly number[];
  /** Group id per row (rows of one prompt share it). Default: one group. */
  readonly groups?: readonly string[];
  /** TRL's `multi_objective_aggregation`. Default `"sum_then_normalize"`. */
  readonly aggregation?: "sum_then_normalize" | "normalize_then_sum";
  /** TRL's `scale_rewards` for `sum_then_normalize`: `"group"` (default), `"batch"` or `"none"`. */
  readonly scale?: "group" | "batch" | "none";
  /** Default 1e-4 (TRL). */
  readonly eps?: number;
}

/**
 * Combines several reward functions into advantages the way TRL's GRPOTrainer does. Each row
 * holds one value per function, with `null` meaning "not applicable". `sum_then_normalize`:
 * `R_i = Σ_k w_k r_ik` over applicable values (NaN when none), then `(R − group nanmean) /
 * (std + ε)` with the std of the group, the batch, or none. `normalize_then_sum` (GDPO): z-score
 * each function within the group first, sum, then z-score over the batch. Std is the unbiased
 * nanstd; any NaN advantage becomes 0, so an unscorable row carries no signal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { combineRewards } from "./combine.ts";
 * assert.deepEqual(combineRewards([[1, 0.5], [0, null], [null, null], [1, 1]]).rewards, [1.5, 0, NaN, 2]);
 * ```
 */
export function combineRewards(
  rows: readonly (readonly (number | null)[])[],
  options: CombineOptions = {},
): { rewards: number[]; advantages: number[] } {
  const k = rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== k) {
      throw new RangeError(`Invalid rewards row ${i}: expected ${k} values, got ${r.length}`);
    }
  });
  const weights = options.weights ?? Array<number>(k).fill(1);
  if (weights.length !== k) {
    throw new RangeError(`Invalid weights: expected ${k}, got ${weights.length}`);
  }
  const groups = options.groups ?? rows.map(() => "");
  const eps = options.eps ?? 1e-4;
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => members.set(g, [...(members.get(g) ?? []), i]));
  const nansum = (values: readonly (number | null)[], w: readonly number[]) => {
    let s = 0, any = false;
    values.forEach((v, j) => {
      if (v !== null && !Number.isNaN(v)) [s, any] = [s + w[j]! * v, true];
    });
    return any ? s : NaN;
  };
  let rewards: number[];
  let advantages: number[];
  if ((options.aggregation ?? "sum_then_normalize") === "sum_then_normalize") {
    rewards = rows.map((r) => nansum(r, weights));
    const batchStd = std(rewards);
    advantages = rewards.map((r, i) => {
      const g = members.get(groups[i]!)!.map((j) => rewards[j]!);
      const centred = r - mean(g);
      const scale = options.scale ?? "group";
      return scale === "none" ? centred : centred / ((scale === "batch" ? batchStd : std(g)) + eps);
    });
  } else {
    const normalised = rows.map((r, i) =>
      r.map((v, j) => {
        if (v === null || Number.isNaN(v)) return null;
        const col = members.get(groups[i]!)!.map((m) => rows[m]![j]).filter((x): x is number =>
          x !== null && !Number.isNaN(x)
        );
        return (v - mean(col)) / (std(col) + eps);
      })
    );
    rewards = normalised.map((r) => nansum(r, weights));
    const m = mean(rewards), s = std(rewards);
    advantages = rewards.map((r) => (r - m) / (s + eps));
  }
  return { rewards, advantages: advantages.map((a) => (Number.isNaN(a) ? 0 : a)) };
}
