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
  /**
   * The task this attempt answers. Attempts of one task share it, and the bootstrap resamples
   * tasks (each task's mean Acc_all), not attempts. Default: every attempt its own task.
   */
  readonly taskId?: string;
  /** Acc_all as a scorer already decided it. Default: every problem right. */
  readonly correct?: boolean;
}

/** Accuracy at one horizon. */
export interface HorizonRow {
  /** Composed depth (horizon). */
  readonly depth: number;
  /** Results at this depth. */
  readonly n: number;
  /** Distinct tasks at this depth (`n` when results carry no `taskId`). */
  readonly tasks: number;
  /** Acc_all: every problem right. */
  readonly accuracy: number;
  /**
   * Seeded bootstrap interval of `accuracy`, over tasks' mean Acc_all; the seed of depth `d` is
   * `[seed, d]`, so each depth draws its own stream.
   */
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
 * `summarizeScores` builds on it, so every horizon table shares one accuracy and one bootstrap.
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
    const all = at.map((r) =>
      (r.correct ?? (r.perProblem.length > 0 && r.perProblem.every(Boolean))) ? 1 : 0
    );
    const last = at.map((r) => (r.perProblem[r.perProblem.length - 1] ? 1 : 0));
    const withExpected = at.filter((r) => r.expected !== undefined);
    const byTask = new Map<string | number, number[]>();
    at.forEach((r, i) => {
      const key = r.taskId ?? i;
      byTask.set(key, [...(byTask.get(key) ?? []), all[i]!]);
    });
    const taskMeans = [...byTask.values()].map((xs) => xs.reduce((s, x) => s + x, 0) / xs.length);
    const { seed = 0, ...bootstrap } = options;
    return {
      depth,
      n: at.length,
      tasks: byTask.size,
      accuracy: all.reduce<number>((s, x) => s + x, 0) / at.length,
      interval: bootstrapInterval(taskMeans, { ...bootstrap, seed: [seed, depth] }),
      accuracyLast: last.reduce<number>((s, x) => s + x, 0) / at.length,
      expected: withExpected.length
        ? withExpected.reduce((s, r) => s + r.expected!, 0) / withExpected.length
        : NaN,
      lastRightEarlierWrong: at.filter((_, i) => last[i] === 1 && all[i] === 0).length,
    };
  });
}
