import { bootstrapInterval, type Interval } from "./bootstrap.ts";

/** One scored composed-task attempt. */
export interface HorizonResult {
  /** Horizon (depth or number of composed problems). */
  readonly depth: number;
  /** Per-problem correctness, in order. */
  readonly perProblem: readonly boolean[];
  /**
   * R-Horizon's per-instance expected accuracy, `Π p_i` over the problems' single-problem pass
   * rates (arXiv 2510.08189, Eq. 4), when known.
   */
  readonly expected?: number;
}

/** Accuracy at one horizon. */
export interface HorizonRow {
  /** Composed depth (horizon). */
  readonly depth: number;
  /** Results at this depth. */
  readonly n: number;
  /** Acc_all: every problem right. */
  readonly accuracy: number;
  /** Seeded bootstrap interval of `accuracy`. */
  readonly interval: Interval;
  /** Acc_last: the last problem right. */
  readonly accuracyLast: number;
  /** Mean per-instance expected accuracy (NaN when no result carries one). */
  readonly expected: number;
  /** Attempts whose last answer is right although an earlier one is wrong. */
  readonly lastRightEarlierWrong: number;
}

/**
 * Accuracy against horizon with R-Horizon's expected curve: per depth, Acc_all with a seeded
 * bootstrap interval, Acc_last, the mean of the per-instance expected accuracies, and how many
 * attempts got the last answer right after an earlier error (R-Horizon's App. D.2 anomaly).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { accuracyByHorizon } from "./horizon.ts";
 * const rows = accuracyByHorizon([
 *   { depth: 2, perProblem: [true, true], expected: 0.81 },
 *   { depth: 2, perProblem: [false, true], expected: 0.81 },
 * ]);
 * assert.deepEqual(rows[0]!.accuracyLast, 1);
 * ```
 */
export function accuracyByHorizon(
  results: readonly HorizonResult[],
  options: { seed?: number; resamples?: number; confidence?: number } = {},
): HorizonRow[] {
  const depths = [...new Set(results.map((r) => r.depth))].sort((a, b) => a - b);
  return depths.map((depth) => {
    const at = results.filter((r) => r.depth === depth);
    const all = at.map((r) => (r.perProblem.length > 0 && r.perProblem.every(Boolean) ? 1 : 0));
    const last = at.map((r) => (r.perProblem[r.perProblem.length - 1] ? 1 : 0));
    const withExpected = at.filter((r) => r.expected !== undefined);
    return {
      depth,
      n: at.length,
      accuracy: all.reduce<number>((s, x) => s + x, 0) / at.length,
      interval: bootstrapInterval(all, { seed: [options.seed ?? 0, depth], ...options }),
      accuracyLast: last.reduce<number>((s, x) => s + x, 0) / at.length,
      expected: withExpected.length
        ? withExpected.reduce((s, r) => s + r.expected!, 0) / withExpected.length
        : NaN,
      lastRightEarlierWrong: at.filter((_, i) => last[i] === 1 && all[i] === 0).length,
    };
  });
}
