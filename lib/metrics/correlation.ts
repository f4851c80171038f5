/**
 * Pearson's correlation coefficient of paired samples. NaN when either side is constant.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pearson } from "./correlation.ts";
 * assert.equal(pearson([1, 2, 3], [2, 4, 7]).toFixed(3), "0.993");
 * ```
 */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length < 2) {
    throw new RangeError(
      `pearson: need two samples of equal length >= 2, got ${xs.length} and ${ys.length}`,
    );
  }
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx, dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** Ranks from 1, ties sharing their mean rank. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/**
 * Spearman's rank correlation (Pearson's on ranks, ties averaged).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spearman } from "./correlation.ts";
 * assert.deepEqual(spearman([1, 2, 3], [1, 4, 9]), 1);
 * ```
 */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  return pearson(ranks(xs), ranks(ys));
}
