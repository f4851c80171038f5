/**
 * Reward functions against the worked examples of docs/rewards.md.
 * @module
 */
import assert from "node:assert/strict";
import {
  answerTagFormatReward,
  ceilReward,
  centredReward,
  clipProcessRewards,
  combineRewards,
  composedFormatReward,
  cosineScaledReward,
  deltaProcessRewards,
  directReturn,
  eapoAdvantages,
  eapoRewards,
  EMPTY_RUNNING_STATS,
  fractionCorrect,
  gatedChannels,
  gatedReturn,
  gatedStepRewards,
  lengthPenalty,
  lscReward,
  normalQuantile,
  outcomeReward,
  overlongPenalty,
  parReward,
  planReward,
  relativeTanhReward,
  rewardAll,
  rewardLast,
  sgfcReward,
  shapeWithRunningStats,
  sigmoidReward,
  thinkFormatReward,
} from "../../lib/rewards/mod.ts";
import { returnsToGo } from "../../lib/advantages/mod.ts";
import { assertClose } from "../_helpers/close.ts";

Deno.test("outcome, R_all, R_last and fraction correct", () => {
  assert.equal(outcomeReward(true), 1);
  assert.equal(outcomeReward(false), 0);
  assert.equal(outcomeReward(false, { plusMinus: true }), -1);
  assert.equal(rewardAll([true, true, true]), 1);
  assert.equal(rewardAll([true, false, true]), 0);
  assert.equal(rewardAll([]), 0);
  assert.equal(rewardLast([false, false, true]), 1);
  assert.equal(rewardLast([true, false]), 0);
  assert.equal(fractionCorrect([true, false, true, true]), 0.75);
});

Deno.test("DAPO overlong: verl (unclamped) and OpenRLHF (clamped)", () => {
  assert.equal(overlongPenalty(90, { maxLength: 100, buffer: 20 }), -0.5);
  assert.equal(overlongPenalty(80, { maxLength: 100, buffer: 20 }), 0);
  assert.equal(overlongPenalty(100, { maxLength: 100, buffer: 20 }), -1);
  assert.equal(overlongPenalty(140, { maxLength: 100, buffer: 20, factor: 0.5 }), -0.5);
  assert.equal(overlongPenalty(140, { maxLength: 100, buffer: 20, clamp: false }), -3);
  assert.throws(() => overlongPenalty(1, { maxLength: 10, buffer: 0 }), /Invalid buffer/);
});

Deno.test("length penalty (PAR) and cosine-scaled reward (TRL)", () => {
  assert.equal(lengthPenalty(350), -0.5);
  assert.equal(lengthPenalty(200), 0);
  assertClose(cosineScaledReward(true, 0, { maxLength: 100 }), 1);
  assertClose(cosineScaledReward(true, 100, { maxLength: 100 }), 0.5);
  // wrong answers: short ones are punished most (TRL swaps the bounds)
  assertClose(cosineScaledReward(false, 0, { maxLength: 100 }), -1);
  assertClose(cosineScaledReward(false, 100, { maxLength: 100 }), -0.5);
});

Deno.test("format rewards", () => {
  assert.equal(thinkFormatReward("<think>a\nb</think>\nAnswer: 4"), 1);
  assert.equal(thinkFormatReward("<think>a</think><think>b</think>"), 0);
  assert.equal(thinkFormatReward("Answer: 4"), 0);
  assert.equal(answerTagFormatReward("<think>x</think> <answer>4</answer>"), 1);
  assert.equal(answerTagFormatReward("<answer>4</answer>"), 0);
  assert.equal(
    composedFormatReward("### Final Answers\nProblem 1: \\boxed{3}\nProblem 2: \\boxed{7}", 2),
    1,
  );
  assert.equal(composedFormatReward("Problem 2: \\boxed{7}", 2), 0.5);
});

Deno.test("G-RA: gated vs direct accumulation on the worked example", () => {
  const low = [0.1, 0.2, -0.1, 0.3];
  assertClose(gatedReturn(0, low), 0.5);
  assertClose(directReturn(0, low), 0.5);
  assertClose(gatedReturn(-1, low), -1);
  assertClose(directReturn(-1, low), -0.5);
  assert.deepEqual(gatedStepRewards(-1, low), [0, 0, 0, 0]);
  assert.equal(gatedReturn(0.5, low, 1), 0.5, "δ = 1 closes the gate for 0.5");
  assertClose(
    gatedChannels([
      { value: 1, priority: 3, threshold: 1 },
      { value: 0.5, priority: 2, threshold: 0.5 },
      { value: 0.2, priority: 1, threshold: 0 },
    ]),
    1.7,
  );
  assertClose(
    gatedChannels([
      { value: 1, priority: 3, threshold: 1 },
      { value: 0.4, priority: 2, threshold: 0.5 },
      { value: 0.2, priority: 1, threshold: 0 },
    ]),
    1.4,
  );
});

Deno.test("REVER plan reward", () => {
  const gt = ["pick(cup)", "place(cup,tray)", "open(drawer)", "pick(pen)"];
  const pred = ["pick(cup)", "open(drawer)", "place(cup,tray)", "pick(pen)", "close(drawer)"];
  assertClose(planReward(pred, gt), 0.6);
  assertClose(planReward(pred, gt, { normalize: "recall" }), 0.75);
  assertClose(planReward(pred, gt, { normalize: "f1" }), 0.666667);
  assert.equal(planReward([], []), 0);
});

Deno.test("PAR and its baselines on r = 2, refs = [1, 2.5, 0]", () => {
  const refs = [1.0, 2.5, 0.0];
  assertClose(parReward(2, refs), 0.663132);
  assertClose(parReward(2, [1.0]), 0.731059);
  assertClose(parReward(2, refs, { k: 2 }), 0.710584);
  assertClose(centredReward(2, refs), 0.833333);
  assertClose(relativeTanhReward(2, refs), 0.421168);
  assertClose(lscReward(2, refs), -0.956018);
  assertClose(normalQuantile(0.85), 1.036433);
  assertClose(sigmoidReward(0), 0.5);
  assertClose(sgfcReward(3, [0]), 0.5);
  assert.equal(parReward(2, Array(20).fill(2)), 0.5);
  assert.throws(() => parReward(1, []), /at least one reference/);
});

Deno.test("running-statistics baselines on the first batch [2, -1, 0.5, 3.5]", () => {
  const batch = [2.0, -1.0, 0.5, 3.5];
  assertClose(shapeWithRunningStats(batch, EMPTY_RUNNING_STATS, "meanstd").values, [
    0.447214,
    -1.341641,
    -0.447214,
    1.341641,
  ]);
  assertClose(shapeWithRunningStats(batch, EMPTY_RUNNING_STATS, "clip").values, [
    2.0,
    -0.427051,
    0.5,
    2.927051,
  ]);
  assertClose(shapeWithRunningStats(batch, EMPTY_RUNNING_STATS, "minmax").values, [
    0.666667,
    0,
    0.333333,
    1,
  ]);
  assert.deepEqual(batch.map((r) => ceilReward(r, 3)), [2, -1, 0.5, 3]);
  // Split batches give the same statistics as one batch.
  const one = shapeWithRunningStats(batch, EMPTY_RUNNING_STATS, "meanstd").stats;
  const two = shapeWithRunningStats(
    batch.slice(2),
    shapeWithRunningStats(batch.slice(0, 2), EMPTY_RUNNING_STATS, "meanstd").stats,
    "meanstd",
  ).stats;
  assertClose([two.mean, two.m2, two.min, two.max], [one.mean, one.m2, one.min, one.max], 1e-12);
});

Deno.test("Clip and Delta process rewards", () => {
  const prm = [0.9, 0.3, 0.6, 0.8];
  assertClose(clipProcessRewards(prm, 0.5), [0, -0.2, 0, 0]);
  const delta = deltaProcessRewards(prm);
  assertClose(delta, [0.6, -0.3, -0.2, 0]);
  assertClose(returnsToGo(delta), [0.1, -0.5, -0.2, 0]);
  assertClose(returnsToGo(deltaProcessRewards(prm, { keepLast: true })), prm);
});

Deno.test("EAPO discounting and advantages", () => {
  assertClose(eapoRewards(1, 4), [0.729, 0.81, 0.9, 1.0]);
  assertClose(eapoRewards(0, 3), [0, 0, 0]);
  const a = eapoAdvantages([1, 1, 0], [4, 2, 3]);
  assertClose(
    a,
    [[0.318, 0.5078, 0.7186, 0.9528], [0.7186, 0.9528], [-1.3895, -1.3895, -1.3895]],
    1e-4,
  );
});

Deno.test("TRL-style combination: NaN rows carry no signal and do not move the mean", () => {
  const { rewards, advantages } = combineRewards([[1, 0.5], [0, null], [null, null], [1, 1]]);
  assert.ok(Number.isNaN(rewards[2]!));
  assert.deepEqual(rewards.filter((r) => !Number.isNaN(r)), [1.5, 0, 2]);
  assert.equal(advantages[2], 0);
  const without = combineRewards([[1, 0.5], [0, null], [1, 1]]).advantages;
  assertClose([advantages[0], advantages[1], advantages[3]], without);
  const weighted = combineRewards([[1, 0], [0, 1]], { weights: [2, 1], scale: "none" });
  assert.deepEqual(weighted.rewards, [2, 1]);
  assertClose(weighted.advantages, [0.5, -0.5]);
  const gdpo = combineRewards([[1, 10], [0, 20], [1, 30], [0, 40]], {
    aggregation: "normalize_then_sum",
    groups: ["a", "a", "b", "b"],
  });
  assert.equal(gdpo.advantages.length, 4);
  assertClose(gdpo.advantages.reduce((s, x) => s + x, 0), 0, 1e-9);
  assert.throws(() => combineRewards([[1, 2], [3]]), /expected 2 values, got 1/);
});
