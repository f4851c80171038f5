import assert from "node:assert/strict";
import { evaluateByDepth, loadTrainedModel } from "../../lib/train/sampler.ts";

const SHIPPED = new URL("../../data/model", import.meta.url).pathname;

Deno.test("evaluateByDepth: sampling reports Avg@k, near-zero temperature is greedy, seeds repeat", async () => {
  const lm = await loadTrainedModel(SHIPPED);
  try {
    const at = { depths: [2, 3, 4], perDepth: 16, seed: 31 };
    const greedy = await evaluateByDepth(lm, at);
    const cold = await evaluateByDepth(lm, { ...at, sampling: { samples: 2, temperature: 1e-4 } });
    assert.deepEqual(cold.byDepth, greedy.byDepth, "T → 0 decodes the argmax");
    assert.equal(cold.singlePassRate, greedy.singlePassRate);
    const hot = { ...at, skipStandalone: true, sampling: { samples: 4, temperature: 1 } };
    const a = await evaluateByDepth(lm, hot), b = await evaluateByDepth(lm, hot);
    assert.deepEqual(a.byDepth, b.byDepth, "same seed, same samples");
    for (const d of a.byDepth) {
      // a mean over 16 chains × 4 samples: a multiple of 1/64
      assert.ok(Number.isInteger(Math.round(d.accuracy * 64 * 1e9) / 1e9), `${d.accuracy}`);
    }
    // the shipped model is less accurate sampled at T = 1 than greedy on its long chains
    assert.ok(a.byDepth[2]!.accuracy < greedy.byDepth[2]!.accuracy);
    await assert.rejects(
      () => evaluateByDepth(lm, { ...at, sampling: { samples: 0, temperature: 1 } }),
      /sampling.samples must be an integer >= 1, got 0/,
    );
  } finally {
    await lm.dispose();
  }
});
