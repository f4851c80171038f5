import { accuracyByHorizon } from "./horizon.ts";
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
 * interval, accuracy of the last problem, mean reward, expected accuracy, and pass@k. Accuracy,
 * its interval (over tasks), Acc_last and the expected accuracy come from
 * {@linkcode accuracyByHorizon}.
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
  const horizon = accuracyByHorizon(
    records.map((r) => ({
      depth: r.depth,
      perProblem: r.per_problem,
      taskId: r.task_id,
      correct: r.correct,
      ...(r.expected !== undefined ? { expected: r.expected } : {}),
    })),
    options,
  );
  return horizon.map((h) => {
    const at = records.filter((r) => r.depth === h.depth);
    const byTask = new Map<string, ScoreRecord[]>();
    for (const r of at) byTask.set(r.task_id, [...(byTask.get(r.task_id) ?? []), r]);
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
    return {
      depth: h.depth,
      tasks: h.tasks,
      responses: h.n,
      accuracy: h.accuracy,
      accuracy_lo: h.interval.lo,
      accuracy_hi: h.interval.hi,
      accuracy_last: h.accuracyLast,
      mean_reward: at.reduce((s, r) => s + r.reward, 0) / at.length,
      expected: h.expected,
      pass_at_k: pass,
    };
  });
}
