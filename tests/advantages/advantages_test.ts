/**
 * Every advantage test vector of docs/rewards.md (computed from the papers' formulas).
 * @module
 */
import assert from "node:assert/strict";
import {
  drGrpoAdvantages,
  empgAdvantages,
  flowGrpoAdvantages,
  gaeAdvantages,
  gpgAdvantages,
  grpoAdvantages,
  grpoProcessAdvantages,
  igpoAdvantages,
  opoAdvantages,
  passAtKGrpoAdvantages,
  reinforcePlusPlusAdvantages,
  reinforcePlusPlusBaselineAdvantages,
  remaxAdvantages,
  returnsToGo,
  rlooAdvantages,
  saltAdvantages,
  spaEstimatorLoss,
  spaStepRewards,
  tokenLossWeights,
} from "../../lib/advantages/mod.ts";
import { std } from "../../lib/stats/mod.ts";
import { assertClose } from "../_helpers/close.ts";

Deno.test("GRPO on [1,0,0,0]: unbiased std, verl's and TRL's epsilons, population std", () => {
  assertClose(grpoAdvantages([1, 0, 0, 0], { eps: 0 }), [1.5, -0.5, -0.5, -0.5]);
  assertClose(grpoAdvantages([1, 0, 0, 0]), [1.499997, -0.499999, -0.499999, -0.499999]);
  assertClose(
    grpoAdvantages([1, 0, 0, 0], { eps: 1e-4 }),
    [1.4997, -0.4999, -0.4999, -0.4999],
    1e-4,
  );
  assertClose(grpoAdvantages([1, 0, 0, 0], { std: "population", eps: 0 }), [
    1.732051,
    -0.57735,
    -0.57735,
    -0.57735,
  ]);
});

Deno.test("GRPO edge cases: constant group, singleton, not-applicable rewards", () => {
  assert.deepEqual(grpoAdvantages([1, 1, 1, 1]), [0, 0, 0, 0]);
  assert.deepEqual(grpoAdvantages([0.7]), [0.7]);
  const a = grpoAdvantages([1, NaN, 0, 0], { eps: 0 });
  assert.equal(a[1], 0, "NaN reward gets 0");
  assertClose(a, grpoAdvantages([1, 0, 0], { eps: 0 }).toSpliced(1, 0, 0));
});

Deno.test("GRPO and Dr.GRPO on [1,0,0,1,1] with per-token weights", () => {
  assertClose(grpoAdvantages([1, 0, 0, 1, 1], { eps: 0 }), [
    0.730295,
    -1.095443,
    -1.095443,
    0.730295,
    0.730295,
  ]);
  assertClose(std([1, 0, 0, 1, 1]), 0.547723);
  assertClose(grpoAdvantages([1, 0, 0, 1, 1], { eps: 0, std: "population" }).slice(0, 2), [
    0.816497,
    -1.224745,
  ]);
  assertClose(drGrpoAdvantages([1, 0, 0, 1, 1]), [0.4, -0.6, -0.6, 0.4, 0.4]);
  assertClose(drGrpoAdvantages([1, 0, 0, 0]), [0.75, -0.25, -0.25, -0.25]);
  assertClose(tokenLossWeights([10, 40, 20, 30, 50], "grpo"), [0.02, 0.005, 0.01, 0.006667, 0.004]);
  assertClose(tokenLossWeights([10, 40, 20, 30, 50], "dr_grpo", 64), [
    0.003125,
    0.003125,
    0.003125,
    0.003125,
    0.003125,
  ]);
});

Deno.test("GRPO process supervision", () => {
  assertClose(grpoProcessAdvantages([[0.5, 1.0], [0.2, 0.0, 0.1]]), [[1.931972, 1.585208], [
    -1.931972,
    -1.53567,
    -0.643991,
  ]]);
});

Deno.test("RLOO, OPO, GPG and pass@k GRPO", () => {
  assertClose(rlooAdvantages([1, 0, 0, 0]), [1, -1 / 3, -1 / 3, -1 / 3]);
  assertClose(rlooAdvantages([1, 1, 0, 0]), [2 / 3, 2 / 3, -2 / 3, -2 / 3]);
  assertClose(opoAdvantages([1, 0], [10, 30]), [0.75, -0.25]);
  assertClose(gpgAdvantages([[1, 0], [0, 0]]), [[2, -2], [0, 0]]);
  assertClose(passAtKGrpoAdvantages([0.2, 1, 0.5]), [0, 0.5, 0]);
  assert.throws(() => passAtKGrpoAdvantages([1]), /at least 2/);
});

Deno.test("token-level: returns-to-go, GAE, REINFORCE++, ReMax", () => {
  assertClose(returnsToGo([0, 0, 1], 0.5), [0.25, 0.5, 1]);
  const simple = gaeAdvantages([[0, 1]], [[0.5, 0.5]], { whiten: false });
  assertClose(simple.advantages, [[0.5, 0.5]]);
  assertClose(simple.returns, [[1, 1]]);
  const g = gaeAdvantages([[0, 0, 1]], [[0.2, 0.4, 0.6]], {
    gamma: 0.9,
    lambda: 0.8,
    whiten: false,
  });
  // δ = [0.9·0.4−0.2, 0.9·0.6−0.4, 1−0.6] = [0.16, 0.14, 0.4]; A = [0.16+0.72·(0.14+0.72·0.4), 0.14+0.288, 0.4]
  assertClose(g.advantages, [[0.16 + 0.72 * 0.428, 0.428, 0.4]]);
  assertClose(g.returns, [[0.16 + 0.72 * 0.428 + 0.2, 0.828, 1.0]]);
  const rpp = reinforcePlusPlusAdvantages([[0, 1], [0, 0]]).flat();
  assertClose(rpp.reduce((s, x) => s + x, 0), 0, 1e-9);
  assertClose(std(rpp), 1, 1e-6);
  assertClose(rpp, [0.866025, 0.866025, -0.866025, -0.866025]);
  const base = reinforcePlusPlusBaselineAdvantages([1, 0, 1, 1], ["a", "a", "b", "b"], [
    2,
    1,
    1,
    2,
  ]);
  assert.deepEqual(base.map((r) => r.length), [2, 1, 1, 2]);
  // centred per group and broadcast: [0.5, 0.5], [-0.5], [0], [0, 0]; then whitened over all 6 tokens
  const tokens = [0.5, 0.5, -0.5, 0, 0, 0];
  const m = tokens.reduce((a, b) => a + b, 0) / 6;
  const sd = Math.sqrt(tokens.reduce((a, b) => a + (b - m) ** 2, 0) / 5 + 1e-8);
  assertClose(base.flat(), tokens.map((x) => (x - m) / sd));
  assertClose(remaxAdvantages([[0, 0, 1]], [0.4]), [[0.6, 0.6, 0.6]]);
});

Deno.test("Flow-GRPO: paper (per trajectory) and code (per turn-sample) grouping", () => {
  const paper = flowGrpoAdvantages([1, 0, 1, 0], [3, 2, 1, 4], { eps: 0 });
  assertClose(paper, [
    [0.866025, 0.866025, 0.866025],
    [-0.866025, -0.866025],
    [0.866025],
    Array(4).fill(-0.866025),
  ]);
  assertClose(flowGrpoAdvantages([1, 0, 1, 0], [3, 2, 1, 4], { eps: 0, std: "population" })[0], [
    1,
    1,
    1,
  ]);
  const code = flowGrpoAdvantages([1, 0, 1, 0], [3, 2, 1, 4], { eps: 0, grouping: "turn" });
  assertClose(code[0], [1.161893, 1.161893, 1.161893]);
  assertClose(code[1], [-0.774597, -0.774597]);
  assertClose(
    flowGrpoAdvantages([1, null, 1, 0], [1, 1, 1, 1], { eps: 0 }),
    flowGrpoAdvantages([1, 0, 1, 0], [1, 1, 1, 1], { eps: 0 }),
  );
});

Deno.test("EMPG on the two-trajectory example", () => {
  assertClose(empgAdvantages([1, -1], [[0.2, 1.0, 0.5], [1.4, 0.6]]), [[
    1.134237,
    0.44026,
    0.755351,
  ], [-0.870962, -1.458887]]);
});

Deno.test("SALT step advantages over a trajectory graph", () => {
  const steps = [["a", "b", "c"], ["a", "b", "d"], ["a", "e", "f"], ["a", "b", "g"]];
  assertClose(saltAdvantages(steps, [1, 1, 0, 0]), [
    [0, 0.288675, 0.866025],
    [0, 0.288675, 0.866025],
    [0, -0.866025, -0.866025],
    [0, 0.288675, -0.866025],
  ]);
  assertClose(saltAdvantages(steps, [1, 1, 0, 0], { std: "population" })[0], [0, 1 / 3, 1]);
});

Deno.test("IGPO: separate and joint normalisation, log-probability gains", () => {
  const beliefs = [[0.1, 0.3, 0.7], [0.1, 0.15, 0.05]];
  assertClose(igpoAdvantages(beliefs, [1, 0]), [[2.756906, 2.419039, 0.999998], [
    -2.756906,
    -2.283892,
    -0.999998,
  ]]);
  assertClose(igpoAdvantages(beliefs, [1, 0], { normalization: "joint" }), [[
    2.242478,
    2.401037,
    2.015965,
  ], [
    -2.242478,
    -1.676195,
    -0.70219,
  ]]);
  // The log-prob gains themselves: A = [ln 3, ln(7/3)], B = [ln 1.5, ln(1/3)].
  const logGain = igpoAdvantages(beliefs, [1, 0], { gain: "log_prob_diff" });
  assert.equal(logGain[0]!.length, 3);
  assertClose([Math.log(3), Math.log(0.7 / 0.3), Math.log(1.5), Math.log(0.05 / 0.15)], [
    1.098612,
    0.847298,
    0.405465,
    -1.098612,
  ]);
});

Deno.test("SPA fused step rewards and estimator loss", () => {
  assertClose(spaStepRewards([0.1, 0.05, 0.5, 0.35], [true, false, true, true]), [
    0.6,
    0.05,
    1.0,
    0.85,
  ]);
  assertClose(
    spaStepRewards([0.1, 0.05, 0.5, 0.35], [true, false, true, true], { codeWeights: true }),
    [1.8, 0.1, 1.0, 0],
  );
  assertClose(spaEstimatorLoss([[0.1, 0.05, 0.5, 0.35]], [1]), 0);
  assertClose(spaEstimatorLoss([[0.1, 0, 0.4, 0.3]], [1]), 0.04);
});
