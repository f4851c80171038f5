import assert from "node:assert/strict";
import { processReturn, shapeReward } from "../../lib/rewards/mod.ts";
import { repeatedStepToy, rewardHackingToy, shapingCurves } from "../../lib/papers/mod.ts";

Deno.test("shapeReward dispatches to PAR's methods and names a bad one", () => {
  assert.equal(shapeReward("raw", 2, [1]), 2);
  assert.equal(shapeReward("centred", 2, [1, 3]), 0);
  assert.ok(Math.abs(shapeReward("par", 2.0, [1.0, 2.5, 0.0]) - 0.663132) < 1e-6);
  assert.equal(shapeReward("ceil", 5, [1, 3]), 3);
  assert.equal(shapeReward("sgfc", 3, [0]), 0.5);
  assert.throws(() => shapeReward("bogus" as never, 1, [0]), /Unknown shaping method "bogus"/);
});

Deno.test("shapingCurves: PAR and sgfc are bounded in (0, 1), raw is not", () => {
  const rows = shapingCurves(["raw", "par", "sgfc"], { from: -10, to: 10, points: 41 });
  assert.equal(rows.length, 123);
  for (const r of rows.filter((r) => r.method !== "raw")) assert.ok(r.shaped > 0 && r.shaped < 1);
  assert.equal(Math.max(...rows.filter((r) => r.method === "raw").map((r) => r.shaped)), 10);
  const par0 = rows.find((r) => r.method === "par" && r.centred === 0)!;
  assert.equal(par0.shaped, 0.5);
  assert.throws(() => shapingCurves(["par"], { points: 1 }), /points must be >= 2/);
});

Deno.test("rewardHackingToy: raw reward is hacked, PAR is not; seeded", () => {
  const last = (m: "raw" | "par") => rewardHackingToy({ method: m, seed: 3 }).at(-1)!;
  const raw = last("raw"), par = last("par");
  assert.ok(raw.verbosity > 10, `raw verbosity ${raw.verbosity}`);
  assert.ok(raw.gold < 0.05);
  assert.ok(par.verbosity < 6, `PAR verbosity ${par.verbosity}`);
  assert.ok(par.gold > 0.6);
  assert.deepEqual(
    rewardHackingToy({ method: "par", seed: 3, iterations: 20 }),
    rewardHackingToy({ method: "par", seed: 3, iterations: 20 }),
  );
});

Deno.test("processReturn: summed scores grow with repeats, Clip and Delta stay bounded", () => {
  const trajectory = (repeats: number) => [...new Array(repeats).fill(0.9), 0.8];
  const sums = [0, 5, 50].map((m) => processReturn(trajectory(m), "sum", { outcome: 1 }));
  assert.ok(sums[2]! > sums[1]! && sums[1]! > sums[0]!);
  for (const m of [0, 5, 50]) {
    assert.ok(processReturn(trajectory(m), "clip", { outcome: 1, eta: 0.5 }) <= 1);
    assert.ok(processReturn(trajectory(m), "delta", { outcome: 1 }) <= 1.1 + 1e-12);
  }
  assert.throws(() => processReturn([1], "nope" as never), /Unknown refinement "nope"/);
});

Deno.test("repeatedStepToy: summed process rewards teach repeating; Clip and Delta do not", () => {
  const end = (refinement: "sum" | "clip" | "delta") => {
    const run = repeatedStepToy({ refinement, seed: 4 });
    const tail = run.slice(-20);
    return {
      length: tail.reduce((s, r) => s + r.length, 0) / tail.length,
      success: tail.reduce((s, r) => s + r.completion, 0) / tail.length,
    };
  };
  const sum = end("sum"), clip = end("clip"), delta = end("delta");
  assert.ok(sum.length > 15 && sum.success < 0.3, JSON.stringify(sum));
  for (const r of [clip, delta]) assert.ok(r.length < 6 && r.success > 0.95, JSON.stringify(r));
});
