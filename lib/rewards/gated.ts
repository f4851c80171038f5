/**
 * G-RA's gated accumulation (Sun et al., arXiv 2508.10548): the immediate step rewards count
 * only when the outcome reward reaches `delta`: `R = r_high + Σ r_low · 1[r_high ≥ δ]`. The
 * paper's δ is not published (docs/rewards.md); default 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gatedReturn } from "./gated.ts";
 * gatedReturn(-1, [0.1, 0.2, -0.1, 0.3]); // -1 (gate closed)
 * assert.deepEqual(gatedReturn(0, [0.1, 0.2, -0.1, 0.3]), 0.5);
 * ```
 */
export function gatedReturn(outcome: number, stepRewards: readonly number[], delta = 0): number {
  return outcome >= delta ? outcome + stepRewards.reduce((s, r) => s + r, 0) : outcome;
}

/**
 * Direct reward accumulation (G-RA's baseline): `R = r_high + Σ r_low`, always.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { directReturn } from "./gated.ts";
 * assert.deepEqual(directReturn(-1, [0.1, 0.2, -0.1, 0.3]), -0.5);
 * ```
 */
export function directReturn(outcome: number, stepRewards: readonly number[]): number {
  return outcome + stepRewards.reduce((s, r) => s + r, 0);
}

/**
 * The per-step rewards after gating (zeros when the gate is closed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gatedStepRewards } from "./gated.ts";
 * assert.deepEqual(gatedStepRewards(-1, [0.1, 0.2]), [0, 0]);
 * ```
 */
export function gatedStepRewards(
  outcome: number,
  stepRewards: readonly number[],
  delta = 0,
): number[] {
  return stepRewards.map((r) => (outcome >= delta ? r : 0));
}

/** One reward channel for {@linkcode gatedChannels}. */
export interface RewardChannel {
  /** The channel's reward. */
  readonly value: number;
  /** Higher is more important. */
  readonly priority: number;
  /** The channel gates lower-priority channels unless `value >= threshold`. */
  readonly threshold: number;
}

/**
 * G-RA's multi-priority form (reconstructed in docs/rewards.md): a channel counts only if every
 * channel of higher priority clears its threshold, `R = Σ_i R_i · Π_{p_j > p_i} 1[R_j ≥ δ_j]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gatedChannels } from "./gated.ts";
 * const value = gatedChannels([
 *   { value: 0, priority: 2, threshold: 1 }, // tests not passing: gates the rest
 *   { value: 0.4, priority: 1, threshold: 0 },
 * ]);
 * assert.deepEqual(value, 0);
 * ```
 */
export function gatedChannels(channels: readonly RewardChannel[]): number {
  return channels.reduce((sum, c) => {
    const open = channels.every((o) => o.priority <= c.priority || o.value >= o.threshold);
    return open ? sum + c.value : sum;
  }, 0);
}
