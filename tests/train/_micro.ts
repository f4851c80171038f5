import { charTokenizer } from "../../lib/train/char_tokenizer.ts";
import type { DecoderConfig } from "../../lib/train/model.ts";

/** The chain tokenizer the train tests use. */
export const tok = charTokenizer();

/** A one-layer decoder over {@linkcode tok}: small enough for a test to train it. */
export const micro: DecoderConfig = {
  vocabSize: tok.vocabSize,
  hiddenSize: 16,
  numLayers: 1,
  numHeads: 2,
  numKvHeads: 1,
  intermediateSize: 32,
  maxPositions: 64,
};

/**
 * A model directory as `deno task train` writes it (ONNX export and checkpoint with fresh Adam
 * moments) for a seeded init of `config`, in a new temporary folder the caller removes.
 */
export async function microModelDir(config: DecoderConfig = micro, seed = 3): Promise<string> {
  const { join } = await import("node:path");
  const { exportModel } = await import("../../lib/train/export.ts");
  const { saveCheckpoint } = await import("../../lib/train/sft.ts");
  const { createAdam } = await import("../../lib/train/adam.ts");
  const { flattenWeights, initWeights } = await import("../../lib/train/model.ts");
  const dir = await Deno.makeTempDir({ prefix: "farsight-model-" });
  const weights = initWeights(config, seed);
  await exportModel(dir, config, weights, charTokenizer());
  await saveCheckpoint(join(dir, "checkpoint"), {
    config,
    step: 0,
    weights,
    adam: createAdam(flattenWeights(weights)),
  });
  return dir;
}
