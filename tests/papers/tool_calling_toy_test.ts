import assert from "node:assert/strict";
import { toolCallingToy, trainStoppingPolicy } from "../../lib/papers/mod.ts";

const tailCompletion = (accumulation: "direct" | "gated", seed: number) => {
  const tail = toolCallingToy({ accumulation, seed, iterations: 300 }).slice(-50);
  return tail.reduce((s, r) => s + r.completion, 0) / tail.length;
};

Deno.test("toolCallingToy: completion collapses under direct accumulation, not under gated", () => {
  for (const seed of [1, 2]) {
    const direct = tailCompletion("direct", seed), gated = tailCompletion("gated", seed);
    assert.ok(direct < 0.6, `direct ${direct}`);
    assert.ok(gated > 0.8, `gated ${gated}`);
  }
});

Deno.test("toolCallingToy: a high gate threshold withholds the step rewards from failed patches", () => {
  // With δ above the fail outcome, calling tools only pays when the patch passes.
  const run = toolCallingToy({ accumulation: "gated", delta: 0.5, seed: 3, iterations: 50 });
  assert.equal(run.length, 50);
  assert.throws(
    () => toolCallingToy({ accumulation: "sum" as never }),
    /accumulation must be "direct" or "gated", got "sum"/,
  );
});

Deno.test("trainStoppingPolicy: learns to stop when stopping pays, to continue when continuing pays; seeded", () => {
  const stop = trainStoppingPolicy((_, stopped) => (stopped ? 1 : 0), { seed: 1, iterations: 300 });
  const go = trainStoppingPolicy((continues) => continues * 0.1, { seed: 1, iterations: 300 });
  assert.ok(stop.at(-1)!.stopProbability > 0.3);
  assert.ok(go.at(-1)!.stopProbability < 0.1);
  assert.ok(go.at(-1)!.length > stop.at(-1)!.length);
  assert.deepEqual(
    trainStoppingPolicy(() => 0, { seed: 9, iterations: 5 }),
    trainStoppingPolicy(() => 0, { seed: 9, iterations: 5 }),
  );
  assert.throws(
    () => trainStoppingPolicy(() => 0, { initialStopProbability: 1 }),
    /initialStopProbability must be in \(0, 1\)/,
  );
});
