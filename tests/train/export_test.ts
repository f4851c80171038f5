import assert from "node:assert/strict";
import { CausalLM } from "../../lib/infer/causal_lm.ts";
import { charTokenizer, decodeChars, encodeChars } from "../../lib/train/char_tokenizer.ts";
import { exportModel } from "../../lib/train/export.ts";
import { forwardConsts, i32, initWeights, logitsFn, toJax } from "../../lib/train/model.ts";
import { createRng } from "../../lib/random/rng.ts";
import type { DecoderWeights } from "../../lib/infer/model_builder/decoder_weights.ts";

/**
 * Exported logits must equal jax-js' forward pass within this absolute tolerance: both are
 * float32, with different summation orders (measured differences are about 1e-6).
 */
const TOLERANCE = 1e-4;

const tok = charTokenizer();
const config = {
  vocabSize: tok.vocabSize,
  hiddenSize: 32,
  numLayers: 2,
  numHeads: 4,
  numKvHeads: 2,
  intermediateSize: 48,
  maxPositions: 32,
};

/** Seeded weights with non-trivial norms (a trained model's norms are not all 1). */
function weights(): DecoderWeights {
  const w = initWeights(config, 11);
  const rng = createRng(["export_test", 11]);
  const jitter = (a: Float32Array) => a.map(() => 1 + 0.3 * rng.normal());
  return {
    ...w,
    embed: w.embed.map((x) => x * 20),
    layers: w.layers.map((l) => ({
      ...l,
      inputNorm: jitter(l.inputNorm),
      postNorm: jitter(l.postNorm),
    })),
    finalNorm: jitter(w.finalNorm),
  };
}

/**
 * The export goes through the same ONNX graph builder (`buildStandardDecoder`) as the tiny test
 * model, which `tests/infer/backends_test.ts` runs on WebGPU against the CPU; so here the CPU
 * (onnxruntime-node) and WASM runtimes are compared with jax-js, and WebGPU is not repeated.
 */
Deno.test("exported model: logits on cpu and wasm equal the jax-js forward pass", async () => {
  const w = weights();
  const dir = await Deno.makeTempDir({ prefix: "farsight-train-export-" });
  try {
    await exportModel(dir, config, w, tok);
    const text = "7+5,-3,+9:12,9";
    const ids = encodeChars(tok, text);
    const jaxOut = logitsFn(config)(
      toJax(config, w),
      i32(Int32Array.from(ids), [1, ids.length]),
      forwardConsts(config, ids.length),
    ).dataSync() as Float32Array;
    for (const backend of ["cpu", "wasm"] as const) {
      await using lm = await CausalLM.load(dir, { backend });
      assert.deepEqual(lm.encode(text), ids, "HF tokenizer.json and encodeChars agree");
      assert.equal(lm.decode([...ids, tok.eosId]), decodeChars(tok, ids));
      const [rows] = await lm.logits([ids]);
      let maxDiff = 0;
      rows!.forEach((row, t) =>
        row.forEach((v, j) => {
          maxDiff = Math.max(maxDiff, Math.abs(v - jaxOut[t * config.vocabSize + j]!));
        })
      );
      assert.ok(maxDiff < TOLERANCE, `${backend}: max |Δlogit| ${maxDiff}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
