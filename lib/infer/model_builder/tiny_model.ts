import { join } from "node:path";
import { writeFileAtomic } from "../../io/atomic_write.ts";
import { createRng } from "../../random/rng.ts";
import { trainByteLevelBpe } from "./bpe_tokenizer.ts";
import { type DecoderConfig, randomDecoderWeights } from "./decoder_weights.ts";
import { buildStandardDecoder } from "./standard_decoder.ts";
import { buildContribDecoder } from "./contrib_decoder.ts";

/** Our ChatML-style chat template (the same shape as Qwen's, written for Farsight). */
export const CHAT_TEMPLATE =
  "{%- for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{%- endfor %}" +
  "{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{%- endif %}";

/** Seeded weights of a classification head `[hidden, numLabels]`. */
export function scoreHeadWeights(hidden: number, numLabels: number, seed: number): Float32Array {
  const rng = createRng(["score_head", seed]);
  return Float32Array.from({ length: hidden * numLabels }, () => rng.normal() / Math.sqrt(hidden));
}

/** Options for {@linkcode writeTinyModel}. */
export interface TinyModelOptions {
  /** Shape; `vocabSize` is the tokenizer's. Default: 2 layers, hidden 64, 4 heads, 2 KV heads. */
  readonly config?: Partial<Omit<DecoderConfig, "vocabSize">>;
  /** Tokenizer vocabulary size (special tokens included). Default 512. */
  readonly vocabSize?: number;
  /** Text the tokenizer is trained on. Default: Farsight's word problems and some arithmetic. */
  readonly corpus?: readonly string[];
  /** Seed for the weights. Default 0. */
  readonly seed?: number;
  /** Write the weights as external data (`model.onnx_data`). Default true. */
  readonly externalData?: boolean;
  /**
   * Write a sequence-classification reward model instead of a language model: the same decoder
   * with a linear score head on the last token (`numLabels` outputs, default 1).
   */
  readonly rewardModel?: { readonly numLabels?: number };
}

const DEFAULT_CORPUS = [
  "Problem 1: What is 12 + 30? Problem 2: Let [variable2] = [answer1] - 4. ### Final Answers Problem 1: \\boxed{42}",
  "The answer is \\boxed{7}. Therefore the total is 128 apples and 64 pears.",
  "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 20 25 30 40 50 64 100 128 256 1000",
  "user assistant system You are a careful mathematician. Solve the problem step by step.",
];

/**
 * Writes a small Llama/Qwen-style model directory as the Hugging Face ONNX exports lay it out:
 * `config.json`, `generation_config.json`, `tokenizer.json` (a byte-level BPE trained here),
 * `tokenizer_config.json` (with a ChatML chat template), `onnx/model.onnx` (standard ONNX ops,
 * fp32) and `onnx/model_q4.onnx` (the contrib ops of onnx-community exports: GroupQueryAttention,
 * MatMulNBits q4, SimplifiedLayerNormalization, RotaryEmbedding), each with its external data
 * file. Returns the config written.
 *
 * @example
 * ```ts ignore
 * import { writeTinyModel } from "./tiny_model.ts";
 * await writeTinyModel("out/models/tiny", { seed: 1 });
 * ```
 */
export async function writeTinyModel(
  dir: string,
  options: TinyModelOptions = {},
): Promise<DecoderConfig> {
  let corpus = options.corpus;
  if (!corpus) {
    const words = await Deno.readTextFile(
      new URL("../../../data/word_problems.jsonl", import.meta.url),
    );
    corpus = [
      ...DEFAULT_CORPUS,
      ...words.split("\n").filter(Boolean).map((l) => JSON.parse(l).question as string),
    ];
  }
  const specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];
  const { tokenizer, specialIds, vocabSize } = trainByteLevelBpe(corpus, {
    vocabSize: options.vocabSize ?? 512,
    specialTokens: specials,
  });
  const config: DecoderConfig = {
    hiddenSize: 64,
    numLayers: 2,
    numHeads: 4,
    numKvHeads: 2,
    intermediateSize: 128,
    maxPositions: 512,
    ropeTheta: 10000,
    rmsEps: 1e-6,
    ...options.config,
    vocabSize,
  };
  const weights = randomDecoderWeights(config, options.seed ?? 0);
  const external = options.externalData ?? true;
  const numLabels = options.rewardModel?.numLabels ?? 1;
  const classifier = options.rewardModel
    ? { numLabels, weights: scoreHeadWeights(config.hiddenSize, numLabels, options.seed ?? 0) }
    : undefined;
  const { model, data } = buildStandardDecoder(config, weights, classifier ? { classifier } : {})
    .toModel({
      opset: 17,
      ...(external ? { externalData: "model.onnx_data" } : {}),
    });
  const eos = specialIds["<|im_end|>"]!, pad = specialIds["<|endoftext|>"]!;
  const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
  await writeFileAtomic(
    join(dir, "config.json"),
    json({
      architectures: [classifier ? "LlamaForSequenceClassification" : "LlamaForCausalLM"],
      ...(classifier ? { num_labels: numLabels } : {}),
      model_type: "llama",
      vocab_size: config.vocabSize,
      hidden_size: config.hiddenSize,
      num_hidden_layers: config.numLayers,
      num_attention_heads: config.numHeads,
      num_key_value_heads: config.numKvHeads,
      intermediate_size: config.intermediateSize,
      max_position_embeddings: config.maxPositions,
      rope_theta: config.ropeTheta,
      rms_norm_eps: config.rmsEps,
      hidden_act: "silu",
      bos_token_id: null,
      eos_token_id: eos,
      pad_token_id: pad,
      torch_dtype: "float32",
      "transformers.js_config": { dtype: "fp32" },
    }),
  );
  await writeFileAtomic(
    join(dir, "generation_config.json"),
    json({ eos_token_id: [eos, pad], pad_token_id: pad, do_sample: false }),
  );
  await writeFileAtomic(join(dir, "tokenizer.json"), JSON.stringify(tokenizer));
  await writeFileAtomic(
    join(dir, "tokenizer_config.json"),
    json({
      tokenizer_class: "PreTrainedTokenizerFast",
      model_max_length: config.maxPositions,
      bos_token: null,
      eos_token: "<|im_end|>",
      pad_token: "<|endoftext|>",
      unk_token: null,
      chat_template: CHAT_TEMPLATE,
      added_tokens_decoder: Object.fromEntries(
        specials.map((
          t,
        ) => [String(specialIds[t]), {
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
  await writeFileAtomic(join(dir, "onnx", "model.onnx"), model);
  if (data) await writeFileAtomic(join(dir, "onnx", "model.onnx_data"), data);
  if (classifier) return config;
  const q4 = buildContribDecoder(config, weights).graph.toModel({
    opset: 17,
    extraOpsets: { "com.microsoft": 1 },
    ...(external ? { externalData: "model_q4.onnx_data" } : {}),
  });
  await writeFileAtomic(join(dir, "onnx", "model_q4.onnx"), q4.model);
  if (q4.data) await writeFileAtomic(join(dir, "onnx", "model_q4.onnx_data"), q4.data);
  return config;
}
