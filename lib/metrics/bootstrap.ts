import { createRng, type Seed } from "../random/rng.ts";

/** A point estimate with a confidence interval. */
export interface Interval {
  /** The statistic on the full data. */
  readonly estimate: number;
  /** Lower end of the interval. */
  readonly lo: number;
  /** Upper end of the interval. */
  readonly hi: number;
}

/**
 * A seeded percentile-bootstrap confidence interval for a statistic of a sample (default the
 * mean): `resamples` draws with replacement (default 1000), interval at `confidence` (default
 * 0.95). The same seed gives the same interval.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootstrapInterval } from "./bootstrap.ts";
 * const ci = bootstrapInterval([1, 0, 1, 1, 0, 1], { seed: 42 });
 * assert.deepEqual(ci.lo <= ci.estimate && ci.estimate <= ci.hi, true);
 * ```
 */
export function bootstrapInterval(
  values: readonly number[],
  options: {
    statistic?: (xs: readonly number[]) => number;
    resamples?: number;
    confidence?: number;
    seed?: Seed;
  } = {},
): Interval {
  const statistic = options.statistic ?? ((xs) => xs.reduce((s, x) => s + x, 0) / xs.length);
  if (values.length === 0) return { estimate: NaN, lo: NaN, hi: NaN };
  const resamples = options.resamples ?? 1000, confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`Invalid confidence ${confidence}: expected (0, 1)`);
  }
  const seed = options.seed ?? 0;
  const rng = createRng([
    "bootstrap",
    ...(Array.isArray(seed) ? seed : [seed as number | string | bigint]),
  ]);
  const stats = new Float64Array(resamples);
  const sample = new Array<number>(values.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[rng.int(0, values.length - 1)]!;
    stats[b] = statistic(sample);
  }
  stats.sort();
  const q = (p: number) => {
    const at = p * (resamples - 1), lo = Math.floor(at), hi = Math.ceil(at);
    return stats[lo]! + (stats[hi]! - stats[lo]!) * (at - lo);
  };
  const alpha = (1 - confidence) / 2;
  return { estimate: statistic(values), lo: q(alpha), hi: q(1 - alpha) };
}
