/**
 * DAPO's overlong penalty (Yu et al. 2025, Eq. 13): 0 up to `maxLength − buffer`, then linear
 * down to `−factor` at `maxLength`. Beyond `maxLength` it is `−factor` when `clamp` is true
 * (OpenRLHF and TRL, the default) and keeps falling when false (verl, which relies on generation
 * being capped).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { overlongPenalty } from "./length.ts";
 * assert.deepEqual(overlongPenalty(90, { maxLength: 100, buffer: 20 }), -0.5);
 * assert.deepEqual(overlongPenalty(80, { maxLength: 100, buffer: 20 }), 0);
 * assert.deepEqual(overlongPenalty(120, { maxLength: 100, buffer: 20 }), -1);
 * ```
 */
export function overlongPenalty(
  length: number,
  options: { maxLength: number; buffer: number; factor?: number; clamp?: boolean },
): number {
  const { maxLength, buffer } = options;
  if (!(buffer > 0 && buffer <= maxLength)) {
    throw new RangeError(`Invalid buffer ${buffer}: expected 0 < buffer <= maxLength`);
  }
  const factor = options.factor ?? 1;
  const exceed = length - (maxLength - buffer);
  if (exceed <= 0) return 0;
  const clamped = options.clamp === false ? exceed : Math.min(exceed, buffer);
  return (-clamped / buffer) * factor;
}

/**
 * A linear length penalty past a budget, as PAR applies before shaping (Fu et al.,
 * arXiv 2502.18770: `−0.01·(len − 300)` beyond 300 tokens, the defaults).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lengthPenalty } from "./length.ts";
 * assert.deepEqual(lengthPenalty(350), -0.5);
 * ```
 */
export function lengthPenalty(
  length: number,
  options: { budget?: number; coefficient?: number } = {},
): number {
  const budget = options.budget ?? 300, coefficient = options.coefficient ?? 0.01;
  return length > budget ? -coefficient * (length - budget) : 0;
}

/**
 * TRL's cosine length-scaled reward: `v_min + ½(v_max − v_min)(1 + cos(π·len/maxLength))`, with
 * (0.5, 1) for correct answers and, swapped, (−0.5, −1) for wrong ones by default: short
 * correct answers earn most and short wrong answers lose most.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cosineScaledReward } from "./length.ts";
 * assert.deepEqual(cosineScaledReward(true, 0, { maxLength: 100 }), 1);
 * assert.deepEqual(cosineScaledReward(false, 0, { maxLength: 100 }), -1);
 * ```
 */
export function cosineScaledReward(
  correct: boolean,
  length: number,
  options: {
    maxLength: number;
    minCorrect?: number;
    maxCorrect?: number;
    minWrong?: number;
    maxWrong?: number;
  },
): number {
  const progress = Math.min(1, length / options.maxLength);
  const [vMin, vMax] = correct
    ? [options.minCorrect ?? 0.5, options.maxCorrect ?? 1]
    : [options.maxWrong ?? -0.5, options.minWrong ?? -1];
  return vMin + 0.5 * (vMax - vMin) * (1 + Math.cos(Math.PI * progress));
}
