import { baseTaskId } from "../tasks/task_id.ts";
import type { Task } from "../tasks/task.ts";
import { createRng } from "../random/rng.ts";
import { betaDraw } from "./sampling_study.ts";

/**
 * R-Horizon's expected accuracy at horizon `n` for problems drawn independently from a pool whose
 * mean single-problem accuracy is `p1`: `p1 ** n`. The paper's per-instance expectation is
 * `Π p_i` (arXiv 2510.08189, Eq. 4); when the `n` problems are drawn independently its mean is
 * `Π E[p_i] = p1 ** n`, however the pass rates are spread across problems.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { independenceExpectation } from "./horizon_calibration.ts";
 * assert.equal(independenceExpectation(0.9, 2).toFixed(6), "0.810000");
 * ```
 */
export function independenceExpectation(p1: number, n: number): number {
  if (!(p1 >= 0 && p1 <= 1)) {
    throw new RangeError(`independenceExpectation: p1 must be in [0, 1], got ${p1}`);
  }
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`independenceExpectation: n must be a positive integer, got ${n}`);
  }
  return p1 ** n;
}

/** Options for {@linkcode calibratedPassRate}. */
export interface CalibratedPassRateOptions {
  /**
   * Beta concentration `a + b` of the per-problem pass rates: small values make most problems
   * either easy or hard, large ones put every problem near the mean. Default 4.
   */
  readonly concentration?: number;
  /** Seed. Default 0. */
  readonly seed?: number;
}

/**
 * Per-problem single-problem pass rates with a given mean accuracy, for a simulated policy
 * calibrated to a paper's n=1 accuracy: each problem id gets its own seeded draw from
 * Beta(mean·c, (1 − mean)·c). The same (seed, problem id) always gives the same rate, so the rates
 * serve both the policy and the expected accuracy. Recomputed problems (`id~k`) share their base
 * problem's rate.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { calibratedPassRate } from "./horizon_calibration.ts";
 * const rate = calibratedPassRate(0.8, { seed: 1 });
 * const p = rate({ id: "gcd-0" } as never);
 * assert.deepEqual(p >= 0 && p <= 1, true);
 * ```
 */
export function calibratedPassRate(
  mean: number,
  options: CalibratedPassRateOptions = {},
): (problem: Pick<Task, "id">) => number {
  if (!(mean >= 0 && mean <= 1)) {
    throw new RangeError(`calibratedPassRate: mean must be in [0, 1], got ${mean}`);
  }
  const c = options.concentration ?? 4;
  if (!(c > 0) || !Number.isFinite(c)) {
    throw new RangeError(`calibratedPassRate: concentration must be positive, got ${c}`);
  }
  const cache = new Map<string, number>();
  return (problem) => {
    const id = baseTaskId(problem.id);
    let p = cache.get(id);
    if (p === undefined) {
      if (mean === 0 || mean === 1) p = mean;
      else {
        const rng = createRng(["calibrated_pass_rate", options.seed ?? 0, id]);
        p = betaDraw(rng, mean * c, (1 - mean) * c);
      }
      cache.set(id, p);
    }
    return p;
  };
}

/** A fitted per-position decay; see {@linkcode fitPositionDecay}. */
export interface PositionDecayFit {
  /** Factor applied to the success probability per position in the prompt (1 = independence). */
  readonly decay: number;
  /** The fitted curve at each given n, in the input order. */
  readonly fitted: readonly { readonly n: number; readonly accuracy: number }[];
  /** Root-mean-square error of the fit in accuracy (same units as the input). */
  readonly rmse: number;
}

/**
 * Fits how far accuracy at horizon n falls below independence, as one factor `d` per position:
 * the problem at 0-based position `i` is solved with probability `p1 · d^i`, so
 * `acc(n) = p1^n · d^(n(n−1)/2)`. Least squares on the log ratio to independence, over points
 * with n ≥ 2 and accuracy > 0. Accuracies may be fractions or percentages (`scale`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitPositionDecay } from "./horizon_calibration.ts";
 * const { decay } = fitPositionDecay(0.9, [{ n: 2, accuracy: 0.9 * 0.9 * 0.95 }]);
 * assert.deepEqual(Math.round(decay * 100), 95);
 * ```
 */
export function fitPositionDecay(
  p1: number,
  points: readonly { readonly n: number; readonly accuracy: number }[],
  options: { scale?: number } = {},
): PositionDecayFit {
  const scale = options.scale ?? 1;
  const p = p1 / scale;
  if (!(p > 0 && p <= 1)) {
    throw new RangeError(`fitPositionDecay: p1 must be in (0, ${scale}], got ${p1}`);
  }
  let num = 0, den = 0;
  for (const { n, accuracy } of points) {
    if (n < 2 || !(accuracy > 0)) continue;
    const w = (n * (n - 1)) / 2;
    num += w * Math.log(accuracy / scale / p ** n);
    den += w * w;
  }
  if (den === 0) {
    throw new RangeError("fitPositionDecay: need at least one point with n >= 2 and accuracy > 0");
  }
  const decay = Math.exp(num / den);
  const fitted = points.map(({ n }) => ({
    n,
    accuracy: scale * p ** n * decay ** ((n * (n - 1)) / 2),
  }));
  const rmse = Math.sqrt(
    points.reduce((s, pt, i) => s + (pt.accuracy - fitted[i]!.accuracy) ** 2, 0) / points.length,
  );
  return { decay, fitted, rmse };
}

/**
 * Single-problem pass rates measured from scored results: per task id, the fraction of samples
 * judged correct. Use depth-1 results to get the rates R-Horizon's expected accuracy needs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { passRatesFromResults } from "./horizon_calibration.ts";
 * const rates = passRatesFromResults([
 *   { task_id: "a", correct: true },
 *   { task_id: "a", correct: false },
 * ]);
 * assert.deepEqual(rates, { a: 0.5 });
 * ```
 */
export function passRatesFromResults(
  results: readonly { readonly task_id: string; readonly correct: boolean }[],
): Record<string, number> {
  const counts = new Map<string, [number, number]>();
  for (const r of results) {
    const c = counts.get(r.task_id) ?? [0, 0];
    c[0] += r.correct ? 1 : 0;
    c[1] += 1;
    counts.set(r.task_id, c);
  }
  return Object.fromEntries([...counts].map(([id, [k, n]]) => [id, k / n]));
}
