import assert from "node:assert/strict";
import {
  calibratedPassRate,
  fitPositionDecay,
  independenceExpectation,
  passRatesFromResults,
} from "../../lib/papers/mod.ts";
import { composeFromGenerators } from "../../lib/compose/mod.ts";
import { simulatedPolicy } from "../../lib/policy/mod.ts";
import { runEvaluation } from "../../lib/eval/mod.ts";
import { accuracyByHorizon } from "../../lib/metrics/mod.ts";

Deno.test("independenceExpectation is p1^n and rejects bad input", () => {
  assert.equal(independenceExpectation(0.5, 3), 0.125);
  assert.throws(() => independenceExpectation(1.2, 2), /p1 must be in \[0, 1\], got 1.2/);
  assert.throws(() => independenceExpectation(0.5, 0), /n must be a positive integer/);
});

Deno.test("calibratedPassRate: per-id, seeded, mean matches, recomputed ids share the base", () => {
  const rate = calibratedPassRate(0.7, { seed: 3 });
  const ids = Array.from({ length: 4000 }, (_, i) => `p${i}`);
  const rates = ids.map((id) => rate({ id }));
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  assert.ok(Math.abs(mean - 0.7) < 0.02, `mean ${mean}`);
  assert.equal(rate({ id: "p5~2" }), rate({ id: "p5" }));
  assert.equal(calibratedPassRate(0.7, { seed: 3 })({ id: "p9" }), rate({ id: "p9" }));
  assert.notEqual(calibratedPassRate(0.7, { seed: 4 })({ id: "p9" }), rate({ id: "p9" }));
  // Low concentration spreads the rates; high concentration gathers them at the mean.
  const spread = (c: number) => {
    const r = calibratedPassRate(0.7, { seed: 1, concentration: c });
    const xs = ids.slice(0, 1000).map((id) => r({ id }));
    return Math.sqrt(xs.reduce((s, x) => s + (x - 0.7) ** 2, 0) / xs.length);
  };
  assert.ok(spread(1) > 2 * spread(50));
  assert.equal(calibratedPassRate(1)({ id: "x" }), 1);
  assert.throws(
    () => calibratedPassRate(0.5, { concentration: 0 }),
    /concentration must be positive/,
  );
});

Deno.test("fitPositionDecay recovers a known decay and reports the fit", () => {
  const p1 = 0.9, d = 0.93;
  const points = [1, 2, 3, 4, 5].map((n) => ({
    n,
    accuracy: 100 * p1 ** n * d ** ((n * (n - 1)) / 2),
  }));
  const fit = fitPositionDecay(90, points, { scale: 100 });
  assert.ok(Math.abs(fit.decay - d) < 1e-9);
  assert.ok(fit.rmse < 1e-9);
  assert.equal(fit.fitted.length, 5);
  const flat = fitPositionDecay(0.8, [{ n: 2, accuracy: 0.64 }, { n: 3, accuracy: 0.512 }]);
  assert.ok(Math.abs(flat.decay - 1) < 1e-12);
  assert.throws(
    () => fitPositionDecay(0.8, [{ n: 1, accuracy: 0.8 }]),
    /at least one point with n >= 2/,
  );
});

Deno.test("passRatesFromResults counts per task id", () => {
  assert.deepEqual(
    passRatesFromResults([
      { task_id: "a", correct: true },
      { task_id: "b", correct: false },
      { task_id: "a", correct: true },
      { task_id: "a", correct: false },
    ]),
    { a: 2 / 3, b: 0 },
  );
});

async function horizonRows(link: "offset" | "recompute", recallOriginal: number) {
  const rate = calibratedPassRate(0.8, { seed: 5 });
  const policy = simulatedPolicy({
    successProbability: ({ problem }) => rate(problem),
    recallOriginal,
    seed: 5,
  });
  const results = [];
  for (const depth of [1, 3]) {
    const tasks = composeFromGenerators({
      families: ["chain_sum", "gcd", "modular_power"],
      depth,
      count: 300,
      seed: depth,
      link,
    });
    for await (const s of runEvaluation(policy, [...tasks], { passRates: rate })) {
      results.push({ depth: s.depth, perProblem: s.per_problem, expected: s.expected });
    }
  }
  return accuracyByHorizon(results);
}

Deno.test("a calibrated simulated policy meets the independence expectation", async () => {
  const [, h3] = await horizonRows("offset", 0);
  assert.ok(Math.abs(h3!.accuracy - h3!.expected) < 0.07, `${h3!.accuracy} vs ${h3!.expected}`);
  assert.equal(h3!.lastRightEarlierWrong, 0);
});

Deno.test("recalling the original problem makes Acc_last exceed Acc_all on answer-preserving links only", async () => {
  const [, offset] = await horizonRows("offset", 0.8);
  assert.ok(
    offset!.accuracyLast > offset!.accuracy + 0.1,
    `${offset!.accuracyLast} vs ${offset!.accuracy}`,
  );
  assert.ok(offset!.lastRightEarlierWrong > 20);
  const [, recompute] = await horizonRows("recompute", 0.8);
  assert.equal(recompute!.lastRightEarlierWrong, 0);
});
