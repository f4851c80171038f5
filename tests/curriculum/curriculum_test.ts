import assert from "node:assert/strict";
import {
  attributeRanges,
  createCurriculum,
  currentHorizon,
  type CurriculumState,
  filterByPassRateBand,
  nextBatch,
  REASONING_GYM_THRESHOLDS,
  recordScores,
  simulateCurriculum,
  successRate,
} from "../../lib/curriculum/mod.ts";

Deno.test("defaults are Reasoning Gym's: window 2560, raise above 0.70, lower below 0.30", () => {
  const s = createCurriculum({ families: ["chain_sum"] });
  assert.deepEqual(s.policy, { kind: "threshold", ...REASONING_GYM_THRESHOLDS, target: "horizon" });
  assert.deepEqual(REASONING_GYM_THRESHOLDS, { window: 2560, raise: 0.7, lower: 0.3 });
  assert.deepEqual(s.horizons, [1, 2, 3, 4, 5, 6, 7, 8]);
});

Deno.test("threshold policy promotes on a full window above raise, demotes below lower, clears the window", () => {
  const policy = {
    kind: "threshold",
    window: 10,
    raise: 0.7,
    lower: 0.3,
    target: "horizon",
  } as const;
  let s = createCurriculum({ families: ["gcd"], policy });
  s = recordScores(s, Array(9).fill(1));
  assert.equal(s.horizonLevel, 0, "window not full yet");
  s = recordScores(s, [1]);
  assert.equal(s.horizonLevel, 1);
  assert.deepEqual(s.window, []);
  s = recordScores(s, [1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
  assert.equal(s.horizonLevel, 1, "0.70 is not above 0.70");
  s = recordScores(s, Array(10).fill(0));
  assert.equal(s.horizonLevel, 0);
  assert.deepEqual(s.history.map((e) => [e.event, e.horizon]), [["promote", 2], ["demote", 1]]);
  assert.equal(s.window.length, 5, "the zeros after the demotion start a new window");
  assert.equal(successRate(s), 0);
  assert.equal(successRate(createCurriculum({ families: ["gcd"] })), null);
  assert.throws(() => recordScores(s, [2]), /Invalid score at 0/);
});

Deno.test("fixed stages advance every stepsPerStage batches and stop at the last", () => {
  let s = createCurriculum({
    families: ["chain_sum"],
    horizons: [1, 2, 3],
    policy: { kind: "fixed_stages", stepsPerStage: 2 },
  });
  const seen: number[] = [];
  for (let i = 0; i < 8; i++) {
    const b = nextBatch(s, 3);
    seen.push(...new Set(b.tasks.map((t) => t.depth)));
    s = b.state;
  }
  assert.deepEqual(seen, [1, 1, 2, 2, 3, 3, 3, 3]);
});

Deno.test("attribute levels map to inclusive, upper-bound and last-k ranges and reach the tasks", () => {
  assert.deepEqual(attributeRanges("chain_sum", 0), { terms: [2, 2], digits: [1, 1] });
  assert.deepEqual(attributeRanges("chain_sum", 3, "inclusive"), { terms: [2, 5], digits: [1, 4] });
  assert.deepEqual(attributeRanges("chain_sum", 3, "upper_bound"), {
    terms: [5, 5],
    digits: [4, 4],
  });
  assert.deepEqual(attributeRanges("chain_sum", 3, "last_k", 3), { terms: [3, 5], digits: [2, 4] });
  assert.deepEqual(attributeRanges("chain_sum", 99, "upper_bound"), {
    terms: [12, 12],
    digits: [18, 18],
  });
  const s = createCurriculum({
    families: ["chain_sum"],
    attributeLevel: 5,
    rangeMode: "upper_bound",
    horizons: [1],
    policy: { kind: "mixture" },
  });
  for (const t of nextBatch(s, 10).tasks) {
    assert.deepEqual(t.problems[0]!.difficulty, { terms: 8, digits: 8 });
  }
});

Deno.test("mixture draws horizons by weight and families by weight", () => {
  const s = createCurriculum({
    families: [{ name: "gcd", weight: 3 }, { name: "chain_sum", weight: 1 }],
    horizons: [1, 2],
    horizonWeights: [1, 3],
    policy: { kind: "mixture" },
    seed: 5,
  });
  const { tasks } = nextBatch(s, 800);
  const deep = tasks.filter((t) => t.depth === 2).length / tasks.length;
  assert.ok(Math.abs(deep - 0.75) < 0.05, `share of depth 2: ${deep}`);
  const gcd = tasks.flatMap((t) => t.problems).filter((p) => p.family === "gcd").length /
    tasks.reduce((n, t) => n + t.problems.length, 0);
  assert.ok(Math.abs(gcd - 0.75) < 0.05, `share of gcd: ${gcd}`);
  assert.equal(currentHorizon(s), 2);
});

Deno.test("state saves as JSON and resumes to the same batches", () => {
  let s: CurriculumState = createCurriculum({
    families: ["chain_sum", "gcd"],
    seed: 3,
    policy: { kind: "threshold", window: 8, raise: 0.7, lower: 0.3, target: "both" },
  });
  for (let i = 0; i < 3; i++) {
    const b = nextBatch(s, 4);
    s = recordScores(b.state, [1, 1, 1, 1]);
  }
  const saved = JSON.stringify(s);
  const resumed: CurriculumState = JSON.parse(saved);
  assert.equal(JSON.stringify(nextBatch(resumed, 5).tasks), JSON.stringify(nextBatch(s, 5).tasks));
  assert.equal(s.attributeLevel, s.horizonLevel, "target both moves both");
  assert.ok(s.horizonLevel >= 1);
});

Deno.test("invalid options get errors naming them", () => {
  assert.throws(() => createCurriculum({ families: [] }), /no families/);
  assert.throws(() => createCurriculum({ families: ["nope"] }), /Unknown task family "nope"/);
  assert.throws(() => createCurriculum({ families: ["gcd"], horizons: [0] }), /Invalid horizons/);
  assert.throws(
    () =>
      createCurriculum({
        families: ["gcd"],
        policy: { kind: "threshold", window: 5, raise: 0.3, lower: 0.7, target: "horizon" },
      }),
    /Invalid thresholds/,
  );
  assert.throws(
    () => nextBatch(createCurriculum({ families: ["gcd"] }), 0),
    /Invalid batch size 0/,
  );
});

Deno.test("pass-rate band keeps (lo, hi) and counts what it drops", () => {
  const rates = [0, 0.1, 0.5, 0.99, 1, 1];
  const r = filterByPassRateBand(rates.map((_, i) => i), (i) => rates[i]!);
  assert.deepEqual(r, { kept: [1, 2, 3], tooHard: 1, tooEasy: 2 });
  assert.deepEqual(filterByPassRateBand([0.2, 0.5, 0.8], (x) => x, { lo: 0.3, hi: 0.7 }).kept, [
    0.5,
  ]);
  assert.throws(() => filterByPassRateBand([1.5], (x) => x), /Invalid pass rate/);
});

Deno.test("a simulated learner climbs the horizon under the threshold policy", () => {
  const start = createCurriculum({
    families: ["chain_sum"],
    seed: 2,
    policy: { kind: "threshold", window: 64, raise: 0.7, lower: 0.3, target: "horizon" },
  });
  const { trace, state } = simulateCurriculum(start, {
    steps: 40,
    batchSize: 32,
    successProbability: (t, step) => Math.min(0.99, 0.85 + 0.004 * step) ** t.depth,
    seed: 4,
  });
  assert.equal(trace.length, 40);
  assert.ok(currentHorizon(state) >= 4, `reached ${currentHorizon(state)}`);
  const again = simulateCurriculum(start, {
    steps: 40,
    batchSize: 32,
    successProbability: (t, step) => Math.min(0.99, 0.85 + 0.004 * step) ** t.depth,
    seed: 4,
  });
  assert.deepEqual(again.trace, trace, "seeded");
});
