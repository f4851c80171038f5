import { writeTinyModel } from "../../lib/infer/mod.ts";

let dir: Promise<string> | null = null;

/** A tiny test model written once per test process (temp folder). */
export function tinyModelDir(): Promise<string> {
  dir ??= (async () => {
    const d = await Deno.makeTempDir({ prefix: "farsight-tiny-" });
    await writeTinyModel(d, { seed: 7 });
    return d;
  })();
  return dir;
}

/** The decoder config recorded in a model directory's config.json. */
export async function configOf(dir: string) {
  const c = JSON.parse(await Deno.readTextFile(`${dir}/config.json`));
  return {
    vocabSize: c.vocab_size as number,
    hiddenSize: c.hidden_size as number,
    numLayers: c.num_hidden_layers as number,
    numHeads: c.num_attention_heads as number,
    numKvHeads: c.num_key_value_heads as number,
    intermediateSize: c.intermediate_size as number,
    maxPositions: c.max_position_embeddings as number,
  };
}
