/**
 * Small statistics shared by the reward and advantage estimators.
 * @module
 */

/** Which standard deviation: `"unbiased"` divides by n−1 (`torch.std`, verl, TRL), `"population"` by n. */
export type StdConvention = "unbiased" | "population";

/**
 * Mean of the finite values (`NaN` and `null`-turned-`NaN` are ignored); `NaN` when none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mean } from "./stats.ts";
 * assert.deepEqual(mean([1, 2, NaN, 3]), 2);
 * ```
 */
export function mean(values: readonly number[]): number {
  let sum = 0, n = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n ? sum / n : NaN;
}

/**
 * Median of the non-NaN values (the mean of the two middle ones for an even count); `NaN` when
 * none. `Infinity` counts as a value, so "never reached" can be recorded as `Infinity`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { median } from "./stats.ts";
 * assert.equal(median([3, 1, 2]), 2);
 * assert.equal(median([4, 1, 3, 2]), 2.5);
 * assert.equal(median([1, Infinity, 5]), 5);
 * ```
 */
export function median(values: readonly number[]): number {
  const xs = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

/**
 * Standard deviation of the non-NaN values under a convention. An unbiased std of fewer than
 * two values is `NaN` (as `torch.std` and TRL's `nanstd`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { std } from "./stats.ts";
 * assert.deepEqual(std([1, 0, 0, 0]), 0.5);
 * std([1, 0, 0, 0], "population"); // 0.4330127…
 * ```
 */
export function std(values: readonly number[], convention: StdConvention = "unbiased"): number {
  const xs = values.filter((v) => !Number.isNaN(v));
  const n = xs.length;
  const denominator = convention === "unbiased" ? n - 1 : n;
  if (denominator <= 0) return NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / denominator);
}

/**
 * Masked whitening as verl does it: `(x − mean) / sqrt(var + eps)` over all values, with the
 * unbiased variance by default; `shiftMean: false` keeps only the scaling.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { whiten } from "./stats.ts";
 * assert.deepEqual(whiten([1, 2, 3], { eps: 0 }), [-1, 0, 1]);
 * assert.deepEqual(whiten([1, 2, 3]).map((v) => +v.toFixed(6)), [-1, 0, 1]); // eps = 1e-8
 * ```
 */
export function whiten(
  values: readonly number[],
  options: { eps?: number; convention?: StdConvention; shiftMean?: boolean } = {},
): number[] {
  const m = mean(values);
  const s = std(values, options.convention ?? "unbiased");
  const variance = Number.isNaN(s) ? 0 : s * s;
  const scale = Math.sqrt(variance + (options.eps ?? 1e-8));
  return values.map((v) => ((options.shiftMean ?? true) ? v - m : v) / scale);
}

/**
 * Groups indices by key, keeping first-seen order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { groupIndices } from "./stats.ts";
 * assert.deepEqual(groupIndices(["a", "b", "a"]), new Map([["a", [0, 2]], ["b", [1]]]));
 * ```
 */
export function groupIndices<K>(keys: readonly K[]): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  keys.forEach((k, i) => {
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  return groups;
}

/**
 * Throws a `RangeError` naming `name` when two lengths differ.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertSameLength } from "./stats.ts";
 * assertSameLength("lengths", [1, 2], [3, 4]); // same length: no error
 * assert.throws(() => assertSameLength("lengths", [1, 2], [3]), /Invalid lengths/);
 * ```
 */
export function assertSameLength(name: string, a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) {
    throw new RangeError(`Invalid ${name}: expected ${a.length} entries to match, got ${b.length}`);
  }
}
