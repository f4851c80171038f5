/**
 * Export of trained weights through the project's ONNX writer (`buildStandardDecoder`) into a
 * Hugging Face-style model directory that `CausalLM.load` runs on cpu, wasm and webgpu.
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { buildStandardDecoder } from "../infer/model_builder/standard_decoder.ts";
import { type CharTokenizer, hfTokenizerJson, SPECIAL_TOKENS } from "./char_tokenizer.ts";
import type { DecoderConfig, DecoderWeights } from "./model.ts";

/**
 * The prompt format a Farsight-trained model expects, recorded in its `config.json`.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { PROMPT_FORMAT_KEY } from "./export.ts";
 * assertEquals(PROMPT_FORMAT_KEY, "farsight_prompt_format");
 * ```
 */
export const PROMPT_FORMAT_KEY = "farsight_prompt_format";

/**
 * The value of {@linkcode PROMPT_FORMAT_KEY} for lib/train's labelled compact template
 * (`a7+5b-3:` → `a12b9`). Models written with the earlier comma template (`"compact"`) are
 * not read as this one.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { PROMPT_FORMAT } from "./export.ts";
 * assertEquals(PROMPT_FORMAT, "compact_labelled");
 * ```
 */
export const PROMPT_FORMAT = "compact_labelled";

/**
 * The ONNX graph of trained weights, in memory (`model.onnx` bytes, weights inline).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { exportOnnxBytes } from "./export.ts";
 * import { initWeights } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * assertEquals(exportOnnxBytes(c, initWeights(c, 0)).length > 1000, true);
 * ```
 */
export function exportOnnxBytes(c: DecoderConfig, w: DecoderWeights): Uint8Array {
  return buildStandardDecoder(c, w).toModel({ opset: 17 }).model;
}

/** Options for {@linkcode exportModel}. */
export interface ModelExportOptions {
  /** Extra fields for `config.json` (e.g. what the model was trained on). */
  readonly extraConfig?: Record<string, unknown>;
}

/**
 * Writes `config.json` (Llama architecture, with `farsight_prompt_format: "compact_labelled"`),
 * `generation_config.json`, `tokenizer.json` (character-level), `tokenizer_config.json` (no
 * chat template: prompts are raw compact text) and `onnx/model.onnx` (standard ONNX ops,
 * fp32, weights inline) into `dir`.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { exportModel } from "./export.ts";
 * import { initWeights } from "./model.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * const tok = charTokenizer();
 * const c = { vocabSize: tok.vocabSize, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const dir = await Deno.makeTempDir();
 * await exportModel(dir, c, initWeights(c, 0), tok);
 * const config = JSON.parse(await Deno.readTextFile(`${dir}/config.json`));
 * assertEquals(config.num_key_value_heads, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function exportModel(
  dir: string,
  c: DecoderConfig,
  w: DecoderWeights,
  tok: CharTokenizer,
  options: ModelExportOptions = {},
): Promise<void> {
  if (c.vocabSize !== tok.vocabSize) {
    throw new RangeError(
      `config.vocabSize ${c.vocabSize} does not match the tokenizer's ${tok.vocabSize}`,
    );
  }
  const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
  await writeFileAtomic(
    join(dir, "config.json"),
    json({
      architectures: ["LlamaForCausalLM"],
      model_type: "llama",
      vocab_size: c.vocabSize,
      hidden_size: c.hiddenSize,
      num_hidden_layers: c.numLayers,
      num_attention_heads: c.numHeads,
      num_key_value_heads: c.numKvHeads,
      intermediate_size: c.intermediateSize,
      max_position_embeddings: c.maxPositions,
      rope_theta: c.ropeTheta ?? 10000,
      rms_norm_eps: c.rmsEps ?? 1e-6,
      hidden_act: "silu",
      tie_word_embeddings: false,
      bos_token_id: null,
      eos_token_id: tok.eosId,
      pad_token_id: tok.padId,
      torch_dtype: "float32",
      "transformers.js_config": { dtype: "fp32" },
      [PROMPT_FORMAT_KEY]: PROMPT_FORMAT,
      ...options.extraConfig,
    }),
  );
  await writeFileAtomic(
    join(dir, "generation_config.json"),
    json({ eos_token_id: [tok.eosId], pad_token_id: tok.padId, do_sample: false }),
  );
  await writeFileAtomic(join(dir, "tokenizer.json"), JSON.stringify(hfTokenizerJson(tok)));
  await writeFileAtomic(
    join(dir, "tokenizer_config.json"),
    json({
      tokenizer_class: "PreTrainedTokenizerFast",
      model_max_length: c.maxPositions,
      bos_token: null,
      eos_token: SPECIAL_TOKENS[tok.eosId],
      pad_token: SPECIAL_TOKENS[tok.padId],
      unk_token: null,
      added_tokens_decoder: Object.fromEntries(
        SPECIAL_TOKENS.map((t, id) => [String(id), {
          content: t,
          special: true,
          lstrip: false,
          rstrip: false,
          normalized: false,
          single_word: false,
        }]),
      ),
    }),
  );
  await writeFileAtomic(join(dir, "onnx", "model.onnx"), exportOnnxBytes(c, w));
}
