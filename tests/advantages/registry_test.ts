import assert from "node:assert/strict";
import {
  ADVANTAGE_ESTIMATORS,
  compareAdvantages,
  drGrpoAdvantages,
  expertIterationAdvantages,
  grpoAdvantages,
  registerAdvantageEstimator,
  resolveAdvantageEstimator,
  rlooAdvantages,
} from "../../lib/advantages/mod.ts";
import { creditByStep } from "../../lib/papers/mod.ts";

Deno.test("the registry's built-ins are the named estimator functions", () => {
  const rewards = [1, 0, 0.5, 1];
  assert.deepEqual(resolveAdvantageEstimator("grpo").estimate(rewards), grpoAdvantages(rewards));
  assert.deepEqual(
    resolveAdvantageEstimator("dr_grpo").estimate(rewards),
    drGrpoAdvantages(rewards),
  );
  assert.deepEqual(resolveAdvantageEstimator("rloo").estimate(rewards), rlooAdvantages(rewards));
  assert.deepEqual(
    Object.values(ADVANTAGE_ESTIMATORS).map((e) => e.label),
    [
      "GRPO",
      "GRPO TRL",
      "GRPO pop. std",
      "Dr.GRPO",
      "RLOO",
      "OPO",
      "pass@k GRPO",
      "Expert iteration",
    ],
  );
  assert.deepEqual(
    resolveAdvantageEstimator("expert_iteration").estimate(rewards),
    expertIterationAdvantages(rewards),
  );
  assert.deepEqual(expertIterationAdvantages(rewards), [1, 0, 0, 1]);
});

Deno.test("registerAdvantageEstimator refuses duplicates unless overriding; names are checked", () => {
  const flat = (rewards: readonly number[]) => rewards.map(() => 0);
  try {
    registerAdvantageEstimator("flat_test", flat);
    assert.throws(() => registerAdvantageEstimator("flat_test", flat), /already registered/);
    registerAdvantageEstimator("flat_test", {
      description: "ones",
      estimate: (r) => r.map(() => 1),
    }, {
      override: true,
    });
    assert.deepEqual(resolveAdvantageEstimator("flat_test").estimate([3, 4]), [1, 1]);
    assert.equal(resolveAdvantageEstimator("flat_test").label, "flat_test");
    // a registered estimator joins compareAdvantages' default list
    assert.ok(compareAdvantages([1, 0]).some((r) => r.estimator === "flat_test"));
  } finally {
    delete ADVANTAGE_ESTIMATORS.flat_test;
  }
  assert.throws(() => registerAdvantageEstimator("Bad Name", flat), /expected snake_case/);
  assert.throws(() => resolveAdvantageEstimator("ppo"), /expected one of grpo, grpo_trl/);
});

Deno.test("a function is accepted wherever an estimator name is", () => {
  const sign = function sign(rewards: readonly number[]) {
    return rewards.map((r) => Math.sign(r - 0.5));
  };
  const rows = compareAdvantages([1, 0], undefined, { estimators: ["rloo", sign] });
  assert.deepEqual(rows.map((r) => [r.estimator, r.advantage]), [
    ["RLOO", 1],
    ["RLOO", -1],
    ["sign", 1],
    ["sign", -1],
  ]);
  const rollouts = [
    { steps: ["a", "b"], outcome: 1, entropies: [0.2, 0.4], beliefs: [0.1, 0.5] },
    { steps: ["a", "c"], outcome: 0, entropies: [0.9, 1.2], beliefs: [0.1, 0.2] },
  ];
  const credit = creditByStep(rollouts, { outcomeEstimators: [sign] });
  assert.deepEqual(
    credit.filter((r) => r.method === "sign").map((r) => r.advantage),
    [1, 1, -1, -1],
  );
  assert.equal(credit.some((r) => r.method === "GRPO"), false);
});
