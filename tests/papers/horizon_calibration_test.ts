import assert from "node:assert/strict";
import {
  calibratedPassRate,
  calibratedPolicy,
  fitPositionDecay,
  horizonStudy,
  independenceExpectation,
  passRatesFromResults,
} from "../../lib/papers/mod.ts";

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

function horizonRows(link: "offset" | "recompute", recallOriginal: number) {
  const { policy, passRate } = calibratedPolicy({ p1: 0.8, recallOriginal, seed: 5 });
  return horizonStudy(policy, { depths: [1, 3], count: 300, link, passRates: passRate, seed: 5 });
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

Deno.test("horizonStudy with a calibrated, decaying policy falls below the expectation by the decay", async () => {
  const { policy, passRate } = calibratedPolicy({ p1: 0.9, decay: 0.9, seed: 2 });
  const rows = await horizonStudy(policy, {
    depths: [1, 4],
    count: 200,
    passRates: passRate,
    seed: 2,
  });
  assert.deepEqual(rows.map((r) => r.depth), [1, 4]);
  const [h1, h4] = rows;
  assert.ok(Math.abs(h1!.accuracy - h1!.expected) < 0.08);
  // Expected ratio at n = 4: 0.9^(0+1+2+3) ≈ 0.53.
  const ratio = h4!.accuracy / h4!.expected;
  assert.ok(ratio > 0.35 && ratio < 0.7, `ratio ${ratio}`);
  assert.match(policy.name, /decay=0.9/);
  assert.throws(() => calibratedPolicy({ p1: 0.9, decay: 0 }), /decay must be in/);
});
