import assert from "node:assert/strict";
import {
  accuracyByHorizon,
  avgAtK,
  bootstrapInterval,
  canonicalizeEpic,
  canonicalizeVal,
  majAtK,
  meanPassAtK,
  passAtK,
  passAtKWithReplacement,
  policyValue,
  starcDistance,
  verifierAgreement,
} from "../../lib/metrics/mod.ts";
import { assertClose } from "../_helpers/close.ts";

Deno.test("pass@k reference values (data/passk_reference.csv, Chen et al.'s estimator)", () => {
  assertClose(passAtK(10, 3, 1), 0.3);
  assertClose(passAtK(10, 3, 5), 0.916667);
  assertClose(passAtK(10, 0, 5), 0);
  assertClose(passAtK(5, 2, 3), 0.9);
  assert.equal(passAtK(4, 1, 4), 1);
  assertClose(passAtK(100, 10, 10), 0.669524);
  assertClose(passAtK(4, 1, 2), 0.5);
  assertClose(passAtKWithReplacement(4, 1, 2), 0.4375);
  assert.throws(() => passAtK(3, 1, 4), /k must not exceed n/);
  assert.throws(() => passAtK(3, 4, 1), RangeError);
});

Deno.test("pass@k agrees with the binomial definition", () => {
  const choose = (n: number, k: number): number => {
    let r = 1;
    for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
    return r;
  };
  const cases: [number, number, number][] = [[20, 7, 3], [16, 1, 8], [30, 29, 2], [12, 0, 12]];
  for (const [n, c, k] of cases) {
    const exact = n - c < k ? 1 : 1 - choose(n - c, k) / choose(n, k);
    assertClose(passAtK(n, c, k), exact, 1e-12);
  }
  assertClose(meanPassAtK([[true, false], [false, false]], 1), 0.25);
});

Deno.test("avg@k and maj@k (ties go to the earliest answer)", () => {
  assert.equal(avgAtK([1, 0, 1, 1], 2), 0.5);
  assert.deepEqual(
    majAtK([{ key: "4", correct: true }, { key: "5", correct: false }, {
      key: "5",
      correct: false,
    }]),
    {
      answer: "5",
      correct: false,
      votes: 2,
    },
  );
  assert.equal(majAtK([{ key: "a", correct: true }, { key: "b", correct: false }]).answer, "a");
  assert.equal(majAtK([{ key: null, correct: false }]).answer, null);
  assert.equal(
    majAtK(
      [{ key: "x", correct: false }, { key: "y", correct: true }, { key: "y", correct: true }],
      2,
    ).answer,
    "x",
  );
});

Deno.test("bootstrap intervals are seeded and cover the estimate", () => {
  const values = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const a = bootstrapInterval(values, { seed: 1 });
  assert.deepEqual(bootstrapInterval(values, { seed: 1 }), a);
  const continuous = Array.from({ length: 50 }, (_, i) => Math.sin(i * 1.7));
  assert.notDeepEqual(
    bootstrapInterval(continuous, { seed: 1 }),
    bootstrapInterval(continuous, { seed: 2 }),
  );
  assert.ok(a.lo < a.estimate && a.estimate < a.hi);
  assertClose(a.estimate, 67 / 200, 1e-12);
  // For a proportion of n = 200 at p ≈ 1/3 the 95% interval half-width is about 1.96·sqrt(p(1−p)/n) ≈ 0.065.
  assert.ok(Math.abs((a.hi - a.lo) / 2 - 0.065) < 0.015, `half-width ${(a.hi - a.lo) / 2}`);
});

Deno.test("accuracy by horizon reports Acc_all, Acc_last, expected and the anomaly", () => {
  const rows = accuracyByHorizon([
    { depth: 1, perProblem: [true], expected: 0.9 },
    { depth: 1, perProblem: [false], expected: 0.9 },
    { depth: 3, perProblem: [true, true, true], expected: 0.5 },
    { depth: 3, perProblem: [false, true, true], expected: 0.7 },
    { depth: 3, perProblem: [true, false, false], expected: 0.6 },
  ]);
  assert.deepEqual(rows.map((r) => [r.depth, r.n, r.accuracy, r.lastRightEarlierWrong]), [[
    1,
    2,
    0.5,
    0,
  ], [3, 3, 1 / 3, 1]]);
  assertClose(rows[1]!.accuracyLast, 2 / 3);
  assertClose(rows[1]!.expected, 0.6);
  assert.ok(Number.isNaN(accuracyByHorizon([{ depth: 2, perProblem: [true, true] }])[0]!.expected));
});

Deno.test("verifier precision, recall and F1", () => {
  const a = verifierAgreement([true, true, false, false], [true, false, false, true]);
  assert.deepEqual([a.truePositive, a.falsePositive, a.trueNegative, a.falseNegative], [
    1,
    1,
    1,
    1,
  ]);
  assert.deepEqual([a.precision, a.recall, a.f1, a.accuracy], [0.5, 0.5, 0.5, 0.5]);
  assert.equal(verifierAgreement([false], [true]).f1, 0);
  assert.throws(() => verifierAgreement([true], []), RangeError);
});

const mdp = { transitions: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], gamma: 0.9 };
const toState1 = [[[0, 1], [0, 1]], [[0, 1], [0, 1]]];
const toState0 = [[[1, 0], [1, 0]], [[1, 0], [1, 0]]];
const only01 = [[[0, 0], [0, 1]], [[0, 0], [0, 0]]];

Deno.test("STARC on the two-state example of docs/rewards.md", () => {
  assertClose(policyValue(toState1, mdp), [5, 5]);
  assertClose(canonicalizeVal(toState1, mdp).map((s) => s.map((a) => a[0])), [[-0.5, 0.5], [
    -0.5,
    0.5,
  ]]);
  assertClose(canonicalizeVal(only01, mdp).map((s) => s.map((a) => a[0])), [[-0.275, 0.275], [
    0.225,
    -0.225,
  ]]);
  const phi = [0, 5];
  const shaped = toState1.map((byA, s) =>
    byA.map((byT) => byT.map((r, t) => 2 * r + 0.9 * phi[t]! - phi[s]!))
  );
  assertClose(starcDistance(toState1, shaped, mdp), 0, 1e-9);
  assertClose(starcDistance(toState1, toState0, mdp), 2);
  assertClose(starcDistance(toState1, only01, mdp), 1.342011);
  assertClose(starcDistance(toState1, toState0, mdp, { halve: true }), 1);
});

Deno.test("EPIC canonicalisation removes potential shaping too", () => {
  const phi = [3, -1];
  const shaped = toState1.map((byA, s) =>
    byA.map((byT) => byT.map((r, t) => r + 0.9 * phi[t]! - phi[s]!))
  );
  assertClose(canonicalizeEpic(shaped, 0.9), canonicalizeEpic(toState1, 0.9), 1e-12);
  assertClose(starcDistance(toState1, shaped, mdp, { canonicalization: "epic" }), 0, 1e-9);
  assert.ok(starcDistance(toState1, toState0, mdp, { canonicalization: "epic" }) > 1.9);
});

Deno.test("bootstrap pass@k converges to the biased with-replacement value", async () => {
  const { bootstrapPassAtK } = await import("../../lib/metrics/mod.ts");
  const est = bootstrapPassAtK([true, false, false, false], 2, { seed: 3, resamples: 40000 });
  assertClose(est, 0.4375, 0.01);
  assert.ok(Math.abs(est - passAtK(4, 1, 2)) > 0.04, "and not to the unbiased 0.5");
  assert.equal(
    bootstrapPassAtK([true, false], 2, { seed: 1 }),
    bootstrapPassAtK([true, false], 2, { seed: 1 }),
  );
});
