/** One accuracy-by-horizon: `summarizeScores` and `accuracyByHorizon` agree on the same records. */
import assert from "node:assert/strict";
import { accuracyByHorizon } from "../../lib/metrics/horizon.ts";
import { summarizeScores } from "../../lib/metrics/summarize_scores.ts";

Deno.test("summarizeScores reports accuracyByHorizon's accuracy, interval over tasks and Acc_last", () => {
  const records = [];
  for (let t = 0; t < 12; t++) {
    for (let s = 0; s < 3; s++) {
      const depth = 1 + (t % 3);
      const per = Array.from({ length: depth }, (_, i) => (t * 7 + s * 3 + i) % 4 !== 0);
      records.push({
        task_id: `t${t}`,
        depth,
        per_problem: per,
        correct: per.every(Boolean),
        reward: per.filter(Boolean).length / depth,
        expected: 0.9 ** depth,
      });
    }
  }
  const summary = summarizeScores(records, { seed: 5 });
  const horizon = accuracyByHorizon(
    records.map((r) => ({
      depth: r.depth,
      perProblem: r.per_problem,
      taskId: r.task_id,
      expected: r.expected,
    })),
    { seed: 5 },
  );
  assert.deepEqual(
    summary.map((s) => [s.depth, s.tasks, s.accuracy, s.accuracy_lo, s.accuracy_hi, s.expected]),
    horizon.map((h) => [h.depth, h.tasks, h.accuracy, h.interval.lo, h.interval.hi, h.expected]),
  );
  // The interval resamples tasks: 4 tasks of 3 samples each at every depth.
  assert.deepEqual(horizon.map((h) => [h.n, h.tasks]), [[12, 4], [12, 4], [12, 4]]);
  const perAttempt = accuracyByHorizon(
    records.map((r) => ({ depth: r.depth, perProblem: r.per_problem })),
    { seed: 5 },
  );
  assert.deepEqual(perAttempt.map((h) => h.tasks), [12, 12, 12]);
});
