import assert from "node:assert/strict";
import {
  distanceRegretCorrelations,
  normalisedRegret,
  optimalPolicy,
  randomMdp,
  randomReward,
  rewardDistanceStudy,
} from "../../lib/papers/mod.ts";
import { pearson, spearman } from "../../lib/metrics/mod.ts";

const twoState = { transitions: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], gamma: 0.9 };
const toState1 = [[[0, 1], [0, 1]], [[0, 1], [0, 1]]];
const toState0 = [[[1, 0], [1, 0]], [[1, 0], [1, 0]]];

Deno.test("pearson and spearman on known data, ties and bad input", () => {
  assert.ok(Math.abs(pearson([1, 2, 3, 4], [2, 4, 6, 8]) - 1) < 1e-12);
  assert.ok(Math.abs(pearson([1, 2, 3, 4], [8, 6, 4, 2]) + 1) < 1e-12);
  assert.equal(spearman([1, 2, 3, 4], [1, 8, 27, 64]), 1);
  assert.ok(Math.abs(spearman([1, 1, 2], [1, 1, 2]) - 1) < 1e-12);
  assert.ok(Number.isNaN(pearson([1, 1], [1, 2])));
  assert.throws(() => pearson([1], [1]), /equal length >= 2/);
});

Deno.test("randomMdp: rows are distributions with the requested branching; seeded", () => {
  const mdp = randomMdp(6, 3, { branching: 2, seed: 4 });
  for (const s of mdp.transitions) {
    for (const row of s) {
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      assert.equal(row.filter((p) => p > 0).length, 2);
    }
  }
  assert.deepEqual(randomMdp(6, 3, { branching: 2, seed: 4 }), mdp);
  assert.throws(() => randomMdp(0, 2), /positive integers/);
});

Deno.test("optimalPolicy and normalisedRegret on the two-state MDP", () => {
  const { policy, values } = optimalPolicy(toState1, twoState);
  assert.deepEqual(policy, [[0, 1], [0, 1]]);
  assert.ok(Math.abs(values[0]! - 10) < 1e-6);
  assert.equal(normalisedRegret(toState1, toState0, twoState), 1);
  assert.equal(normalisedRegret(toState1, toState1, twoState), 0);
  // Scaling and shaping the proxy costs nothing.
  const shaped = toState1.map((a, s) =>
    a.map((b) => b.map((x, t) => 3 * x + 0.9 * [0, 5][t]! - [0, 5][s]!))
  );
  assert.equal(normalisedRegret(toState1, shaped, twoState), 0);
  // A constant reward: every policy is optimal.
  assert.equal(
    normalisedRegret(
      randomReward(2, 2, 1).map((a) => a.map((b) => b.map(() => 1))),
      toState0,
      twoState,
    ),
    0,
  );
});

Deno.test("rewardDistanceStudy: STARC tracks regret better than the raw distance; seeded", () => {
  const rows = rewardDistanceStudy({ pairs: 80, states: 5, actions: 2, seed: 7 });
  assert.equal(rows.length, 80);
  for (const r of rows) {
    assert.ok(r.regret >= 0 && r.regret <= 1);
    assert.ok(r.starcVal >= 0 && r.starcVal <= 2 + 1e-9);
  }
  const [val, epic, raw] = distanceRegretCorrelations(rows);
  assert.ok(val!.spearman > raw!.spearman + 0.1, JSON.stringify([val, raw]));
  assert.ok(epic!.spearman > raw!.spearman);
  assert.deepEqual(
    rewardDistanceStudy({ pairs: 3, states: 4, actions: 2, seed: 7 }),
    rewardDistanceStudy({ pairs: 3, states: 4, actions: 2, seed: 7 }),
  );
});
