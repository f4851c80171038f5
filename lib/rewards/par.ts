/**
 * Reward shaping from PAR (Fu et al., "Reward Shaping to Mitigate Reward Hacking in RLHF",
 * arXiv 2502.18770) and the baselines its code compares against.
 * @module
 */

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * PAR: the mean over M reference rewards of `σ(k·(r − r_ref))`, bounded in (0, 1) and centred
 * on the references. Defaults are the code's: k = 1, M = 10 (the first 10 references).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parReward } from "./par.ts";
 * assert.equal(parReward(2.0, [1.0, 2.5, 0.0]).toFixed(6), "0.663132");
 * ```
 */
export function parReward(
  reward: number,
  references: readonly number[],
  options: { k?: number; maxRefs?: number } = {},
): number {
  const refs = references.slice(0, options.maxRefs ?? 10);
  if (refs.length === 0) throw new RangeError("PAR needs at least one reference reward");
  const k = options.k ?? 1;
  return refs.reduce((s, ref) => s + sigmoid(k * (reward - ref)), 0) / refs.length;
}

/**
 * PAR's "sgfc" (slow growth, fast convergence) variant: `mean σ(k·((r − shift) − r_ref))`,
 * k = 3 and shift = 3 as in the paper's figure.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sgfcReward } from "./par.ts";
 * assert.deepEqual(sgfcReward(3, [0]), 0.5);
 * ```
 */
export function sgfcReward(
  reward: number,
  references: readonly number[],
  options: { k?: number; shift?: number } = {},
): number {
  return parReward(reward - (options.shift ?? 3), references, { k: options.k ?? 3 });
}

/**
 * The centred reward `mean(r − r_ref)` (unbounded; PAR's principle-3 ablation).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { centredReward } from "./par.ts";
 * assert.equal(centredReward(2.0, [1.0, 2.5, 0.0]).toFixed(6), "0.833333");
 * ```
 */
export function centredReward(reward: number, references: readonly number[]): number {
  return references.reduce((s, ref) => s + (reward - ref), 0) / references.length;
}

/**
 * Relative tanh: `mean tanh(r − r_ref)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relativeTanhReward } from "./par.ts";
 * assert.equal(relativeTanhReward(2.0, [1.0, 2.5, 0.0]).toFixed(6), "0.421168");
 * ```
 */
export function relativeTanhReward(reward: number, references: readonly number[]): number {
  return references.reduce((s, ref) => s + Math.tanh(reward - ref), 0) / references.length;
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalQuantile } from "./par.ts";
 * assert.equal(normalQuantile(0.5), 0);
 * assert.equal(normalQuantile(0.975).toFixed(6), "1.959964");
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`Invalid probability ${p}: expected 0 < p < 1`);
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const poly = (coeffs: number[], x: number) => coeffs.reduce((acc, k) => acc * x + k, 0);
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5, r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/**
 * LSC, the log-sigmoid-centred reward: `log σ(r − r_ref^0.85)`, where `r_ref^0.85` is the 85th
 * percentile of a normal fitted to all references (mean, unbiased std + 1e-5), as PAR's code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lscReward } from "./par.ts";
 * assert.equal(lscReward(2.0, [1.0, 2.5, 0.0]).toFixed(6), "-0.956018");
 * ```
 */
export function lscReward(
  reward: number,
  references: readonly number[],
  options: { quantile?: number } = {},
): number {
  const n = references.length;
  if (n < 2) throw new RangeError("LSC needs at least two reference rewards");
  const m = references.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(references.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1)) + 1e-5;
  const threshold = m + sd * normalQuantile(options.quantile ?? 0.85);
  return Math.log(sigmoid(reward - threshold));
}

/**
 * Ceil: `min(r, c)` (PAR tried c = 3, 4, 5).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ceilReward } from "./par.ts";
 * assert.deepEqual(ceilReward(3.5, 3), 3);
 * ```
 */
export function ceilReward(reward: number, ceiling: number): number {
  return Math.min(reward, ceiling);
}

/**
 * Pure sigmoid `σ(k·r)` and `tanh(r)`, the uncentred bounded shapes PAR compares.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sigmoidReward } from "./par.ts";
 * assert.deepEqual(sigmoidReward(0), 0.5);
 * ```
 */
export function sigmoidReward(reward: number, k = 1): number {
  return sigmoid(k * reward);
}

/** Running statistics over every reward seen so far (plain data; update with {@linkcode updateRunningStats}). */
export interface RunningStats {
  /** Rewards seen. */
  readonly count: number;
  /** Their mean. */
  readonly mean: number;
  /** Sum of squared deviations (Welford). */
  readonly m2: number;
  /** Their minimum (`Infinity` when none). */
  readonly min: number;
  /** Their maximum (`-Infinity` when none). */
  readonly max: number;
}

/** Empty running statistics. */
export const EMPTY_RUNNING_STATS: RunningStats = {
  count: 0,
  mean: 0,
  m2: 0,
  min: Infinity,
  max: -Infinity,
};

/**
 * Adds a batch to running statistics (Welford's update; exact for any batch split).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EMPTY_RUNNING_STATS, updateRunningStats } from "./par.ts";
 * assert.deepEqual(updateRunningStats(EMPTY_RUNNING_STATS, [2, -1, 0.5, 3.5]).mean, 1.25);
 * ```
 */
export function updateRunningStats(stats: RunningStats, batch: readonly number[]): RunningStats {
  let { count, mean, m2, min, max } = stats;
  for (const x of batch) {
    count++;
    const d = x - mean;
    mean += d / count;
    m2 += d * (x - mean);
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  return { count, mean, m2, min, max };
}

/**
 * Population standard deviation of running statistics (PAR's RunningStats).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EMPTY_RUNNING_STATS, runningStd, updateRunningStats } from "./par.ts";
 * assert.equal(runningStd(updateRunningStats(EMPTY_RUNNING_STATS, [1, 3])), 1);
 * assert.equal(runningStd(EMPTY_RUNNING_STATS), 0);
 * ```
 */
export function runningStd(stats: RunningStats): number {
  return stats.count ? Math.sqrt(stats.m2 / stats.count) : 0;
}

/**
 * Running-statistics shaping as PAR's code does it: the batch first updates the statistics, then
 * `meanstd` gives `(r − μ)/σ` (σ = 0 → 1), `clip` gives `clip(r, μ − σ, μ + σ)`, and `minmax`
 * gives `(r − min)/(max − min)`. Returns the shaped batch and the new statistics.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EMPTY_RUNNING_STATS, shapeWithRunningStats } from "./par.ts";
 * const { values } = shapeWithRunningStats([2, -1, 0.5, 3.5], EMPTY_RUNNING_STATS, "minmax");
 * assert.deepEqual(values.map((v) => +v.toFixed(6)), [0.666667, 0, 0.333333, 1]);
 * ```
 */
export function shapeWithRunningStats(
  batch: readonly number[],
  stats: RunningStats,
  mode: "meanstd" | "clip" | "minmax",
): { values: number[]; stats: RunningStats } {
  const next = updateRunningStats(stats, batch);
  const mu = next.mean, sd = runningStd(next);
  const values = batch.map((r) => {
    if (mode === "meanstd") return (r - mu) / (sd || 1);
    if (mode === "clip") return Math.min(Math.max(r, mu - sd), mu + sd);
    const span = next.max - next.min;
    return span > 0 ? (r - next.min) / span : 0;
  });
  return { values, stats: next };
}
