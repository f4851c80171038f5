import assert from "node:assert/strict";
import { referenceLogits } from "../../lib/infer/model_builder/decoder_weights.ts";
import { createRng } from "../../lib/random/rng.ts";
import { charTokenizer } from "../../lib/train/char_tokenizer.ts";
import {
  flattenWeights,
  initWeights,
  unflattenWeights,
  weightShapes,
} from "../../lib/train/model.ts";
import { lossAndGrads, packBatch } from "../../lib/train/sft.ts";
import { assertGradientsMatch } from "./_finite_differences.ts";
import type { DecoderWeights } from "../../lib/infer/model_builder/decoder_weights.ts";

const tok = charTokenizer();
const config = {
  vocabSize: tok.vocabSize,
  hiddenSize: 8,
  numLayers: 2,
  numHeads: 2,
  numKvHeads: 1,
  intermediateSize: 12,
  maxPositions: 8,
};
const examples = [{ prompt: "3+4:", response: "7" }, { prompt: "9-2,+1:", response: "7" }];
const batch = packBatch(tok, examples, 8);

/** The same loss from the independent TypeScript reference forward pass (lib/infer). */
function referenceLoss(w: DecoderWeights): number {
  const count = batch.mask.reduce((s, x) => s + x, 0);
  let loss = 0;
  for (let b = 0; b < batch.batch; b++) {
    const ids = [...batch.ids.slice(b * 8, b * 8 + 8)];
    const logits = referenceLogits(config, w, ids);
    for (let t = 0; t < 8; t++) {
      if (!batch.mask[b * 8 + t]) continue;
      const row = logits[t]!;
      const max = Math.max(...row);
      const z = row.reduce((s, v) => s + Math.exp(v - max), 0);
      loss -= (row[batch.targets[b * 8 + t]!]! - max - Math.log(z)) / count;
    }
  }
  return loss;
}

Deno.test("jax-js gradients match central finite differences of the reference loss", () => {
  const w0 = initWeights(config, 5);
  const rng = createRng(["gradient_test", 5]);
  // Larger, jittered weights so every parameter matters.
  const flat = flattenWeights(w0).map((a) => a.map((x) => x * 1.5 + 0.05 * rng.normal()));
  const w = unflattenWeights(config, flat);
  const { loss, grads } = lossAndGrads(config, w, batch);
  assert.ok(Math.abs(loss - referenceLoss(w)) < 1e-4, `loss ${loss} vs ${referenceLoss(w)}`);
  const shapes = weightShapes(config);
  const checked = assertGradientsMatch(
    flat,
    grads,
    (ws) => referenceLoss(unflattenWeights(config, ws)),
    { rng, names: shapes.map((s) => s.name), h: 2e-3, abs: 2e-3, rel: 2e-2 },
  );
  assert.equal(checked, 3 * shapes.length);
});
