import assert from "node:assert/strict";
import { trainHorizonLearner } from "../../lib/papers/mod.ts";

const need = (horizon: number, schedule: "stagewise" | "uniform" | "full", seed = 3) =>
  trainHorizonLearner({ horizon, schedule, seed }).samplesNeeded!;

Deno.test("trainHorizonLearner: full-horizon cost grows exponentially, stagewise about linearly", () => {
  const stage = [2, 4, 6].map((h) => need(h, "stagewise"));
  const full = [2, 4, 6].map((h) => need(h, "full"));
  // Stagewise: each extra two steps of horizon costs about the same.
  assert.ok(stage[2]! / stage[1]! < 2.5, `stagewise ${stage}`);
  // Full horizon: each extra two steps multiplies the cost.
  assert.ok(full[2]! / full[1]! > 5, `full ${full}`);
  assert.ok(full[2]! > 5 * stage[2]!, `full ${full} vs stagewise ${stage}`);
});

Deno.test("trainHorizonLearner: uniform mixing sits between; target reached exactly when reported", () => {
  const u = trainHorizonLearner({ horizon: 6, schedule: "uniform", seed: 3 });
  assert.ok(u.samplesNeeded! > need(6, "stagewise") && u.samplesNeeded! < need(6, "full"));
  assert.ok(u.finalAccuracy >= 0.5);
  assert.equal(u.trace.at(-1)!.samples, u.samplesNeeded);
});

Deno.test("trainHorizonLearner: gives up at maxSamples with null, is seeded, rejects bad options", () => {
  const capped = trainHorizonLearner({ horizon: 10, schedule: "full", maxSamples: 3200, seed: 1 });
  assert.equal(capped.samplesNeeded, null);
  assert.ok(capped.finalAccuracy < 0.5);
  assert.deepEqual(
    trainHorizonLearner({ horizon: 3, schedule: "uniform", seed: 5 }),
    trainHorizonLearner({ horizon: 3, schedule: "uniform", seed: 5 }),
  );
  assert.throws(
    () => trainHorizonLearner({ horizon: 0, schedule: "full" }),
    /horizon must be a positive integer/,
  );
  assert.throws(
    () => trainHorizonLearner({ horizon: 2, schedule: "mix" as never }),
    /schedule must be stagewise, uniform or full, got "mix"/,
  );
});

Deno.test("a short run's trace still draws a curve: points spaced on a log scale", () => {
  const r = trainHorizonLearner({ horizon: 6, schedule: "stagewise", seed: 11 });
  assert.ok(r.trace.length >= 20, `only ${r.trace.length} points`);
  const samples = r.trace.map((t) => t.samples);
  assert.ok(samples.every((s, i) => i === 0 || s > samples[i - 1]!), "increasing");
  assert.equal(samples.at(-1), r.samplesNeeded);
});
