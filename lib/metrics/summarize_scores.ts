import { bootstrapInterval } from "./bootstrap.ts";
import { passAtK } from "./pass_at_k.ts";

/** What a summary needs from each scored response. */
export interface ScoreRecord {
  /** Task id; responses of one task share it. */
  readonly task_id: string;
  /** Composed depth of the task. */
  readonly depth: number;
  /** Whether the response is correct (Acc_all). */
  readonly correct: boolean;
  /** Verdict per problem of the composed task, in order. */
  readonly per_problem: readonly boolean[];
  /** The response's reward. */
  readonly reward: number;
  /** R-Horizon's per-instance expected accuracy, when known. */
  readonly expected?: number;
}

/** Metrics at one horizon. */
export interface HorizonSummary {
  /** Composed depth. */
  readonly depth: number;
  /** Distinct tasks at this depth. */
  readonly tasks: number;
  /** Scored responses at this depth. */
  readonly responses: number;
  /** Mean Acc_all over responses, with a seeded 95% bootstrap interval over tasks' means. */
  readonly accuracy: number;
  /** Lower end of the accuracy interval. */
  readonly accuracy_lo: number;
  /** Upper end of the accuracy interval. */
  readonly accuracy_hi: number;
  /** Mean Acc_last (last problem correct). */
  readonly accuracy_last: number;
  /** Mean reward. */
  readonly mean_reward: number;
  /** Mean expected accuracy (NaN when unknown). */
  readonly expected: number;
  /** Unbiased pass@k for k = 1, 2, 4, … up to the fewest samples per task. */
  readonly pass_at_k: Readonly<Record<string, number>>;
}

/**
 * Summarises scored responses by horizon: accuracy (all problems right) with a bootstrap
 * interval, accuracy of the last problem, mean reward, expected accuracy, and pass@k.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summarizeScores } from "./summarize_scores.ts";
 * const rows = summarizeScores([
 *   { task_id: "a", depth: 2, correct: true, per_problem: [true, true], reward: 1 },
 *   { task_id: "a", depth: 2, correct: false, per_problem: [false, true], reward: 0 },
 * ]);
 * assert.deepEqual(rows[0]!.pass_at_k["2"], 1);
 * ```
 */
export function summarizeScores(
  records: readonly ScoreRecord[],
  options: { seed?: number } = {},
): HorizonSummary[] {
  const depths = [...new Set(records.map((r) => r.depth))].sort((a, b) => a - b);
  return depths.map((depth) => {
    const at = records.filter((r) => r.depth === depth);
    const byTask = new Map<string, ScoreRecord[]>();
    for (const r of at) byTask.set(r.task_id, [...(byTask.get(r.task_id) ?? []), r]);
    const taskMeans = [...byTask.values()].map((rs) =>
      rs.filter((r) => r.correct).length / rs.length
    );
    const interval = bootstrapInterval(taskMeans, { seed: [options.seed ?? 0, depth] });
    const minSamples = Math.min(...[...byTask.values()].map((rs) => rs.length));
    const pass: Record<string, number> = {};
    for (let k = 1; k <= minSamples; k *= 2) {
      pass[String(k)] = [...byTask.values()].reduce((s, rs) =>
        s + passAtK(
          rs.length,
          rs.filter((r) => r.correct).length,
          k,
        ), 0) /
        byTask.size;
    }
    const withExpected = at.filter((r) => r.expected !== undefined);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    return {
      depth,
      tasks: byTask.size,
      responses: at.length,
      accuracy: mean(at.map((r) => (r.correct ? 1 : 0))),
      accuracy_lo: interval.lo,
      accuracy_hi: interval.hi,
      accuracy_last: mean(at.map((r) => (r.per_problem[r.per_problem.length - 1] ? 1 : 0))),
      mean_reward: mean(at.map((r) => r.reward)),
      expected: withExpected.length ? mean(withExpected.map((r) => r.expected!)) : NaN,
      pass_at_k: pass,
    };
  });
}
