import { join } from "node:path";
import { writeFileAtomic } from "../../io/atomic_write.ts";
import { createRng } from "../../random/rng.ts";
import { trainByteLevelBpe, trainMetaspaceBpe } from "./bpe_tokenizer.ts";
import { type DecoderConfig, headDim, randomDecoderWeights } from "./decoder_weights.ts";
import { buildStandardDecoder } from "./standard_decoder.ts";
import { buildContribDecoder } from "./contrib_decoder.ts";
import type { ExportIoOptions } from "./kv_cache_io.ts";

/**
 * Llama-2's chat layout ([INST] … [/INST]), written for Farsight; the template writes the BOS.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Template } from "@huggingface/jinja";
 * import { INST_CHAT_TEMPLATE } from "./tiny_model.ts";
 * const text = new Template(INST_CHAT_TEMPLATE).render({
 *   messages: [{ role: "user", content: "Hi" }],
 *   bos_token: "<s>",
 *   eos_token: "</s>",
 * });
 * assert.equal(text, "<s>[INST] Hi [/INST]");
 * ```
 */
export const INST_CHAT_TEMPLATE =
  "{{ bos_token }}{%- for message in messages %}{%- if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{%- else %}{{ ' ' + message['content'] + ' ' + eos_token }}{%- endif %}{%- endfor %}";

/** A weight variant {@linkcode writeTinyModel} can write. */
export type TinyVariant = "fp32" | "fp16" | "q4" | "q4f16";

/** Our ChatML-style chat template (the same shape as Qwen's, written for Farsight). */
export const CHAT_TEMPLATE: string =
  "{%- for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{%- endfor %}" +
  "{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{%- endif %}";

/**
 * Seeded weights of a classification head `[hidden, numLabels]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scoreHeadWeights } from "./tiny_model.ts";
 * const w = scoreHeadWeights(8, 2, 0);
 * assert.equal(w.length, 16);
 * assert.deepEqual(scoreHeadWeights(8, 2, 0), w); // seeded
 * ```
 */
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
  /**
   * Variants to write, as onnx-community names them: `fp32` (`model.onnx`, standard ops), `fp16`
   * (`model_fp16.onnx`: float16 weights, KV cache and logits), `q4` (`model_q4.onnx`, the contrib
   * ops) and `q4f16` (`model_q4f16.onnx`: q4 with float16 scales, attention, KV cache and
   * logits). Default `["fp32", "q4"]`. A genai layout writes one graph, the first of `q4` /
   * `q4f16` listed (default `q4f16`).
   */
  readonly variants?: readonly TinyVariant[];
  /**
   * `onnx-community` (default): `config.json` + `onnx/model*.onnx`; `flat`: the graphs beside
   * `config.json`; `genai`: an ORT-GenAI build: `genai_config.json` (no `config.json` or
   * `generation_config.json`), `model.onnx` + `model.onnx.data` with rotary inside
   * GroupQueryAttention and no `position_ids`, KV head dim named `kv_cache_dim`.
   */
  readonly layout?: "onnx-community" | "flat" | "genai";
  /** Symbolic KV-cache dim names (every variant; genai defaults to `{ headDim: "kv_cache_dim" }`). */
  readonly kvDimNames?: ExportIoOptions["kvDimNames"];
  /**
   * The tokenizer: `byte-level` (default; Qwen-style, no BOS), `byte-level-bos` (Llama-3-style:
   * `<|begin_of_text|>` added by a `Sequence[ByteLevel, TemplateProcessing]` post-processor, and
   * written by the chat template) or `metaspace` (Llama-2-style: `▁` normalizer, byte fallback,
   * `<s>` by the post-processor and the `[INST]` chat template, Strip decoder).
   */
  readonly tokenizer?: "byte-level" | "byte-level-bos" | "metaspace";
  /** `tokenizer_config.json`'s `add_bos_token`, written when given. */
  readonly addBosToken?: boolean;
  /** Optional inputs (with default initializers) the fp32 graph declares and nothing feeds. */
  readonly optionalInputs?: readonly string[];
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
 * file; options add the fp16 and q4f16 variants, the flat and ORT-GenAI layouts, symbolic KV dims,
 * `head_dim` (the config's `headDim`) and BOS-adding or SentencePiece-style tokenizers, copying
 * real exports' I/O. Returns the config written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { join } from "node:path";
 * import { writeTinyModel } from "./tiny_model.ts";
 * const dir = await Deno.makeTempDir();
 * const config = await writeTinyModel(dir, {
 *   corpus: ["What is 1 + 2? The answer is 3."],
 *   vocabSize: 300,
 *   variants: ["fp32"],
 *   config: { numLayers: 1, hiddenSize: 16, numHeads: 2, numKvHeads: 1, intermediateSize: 32 },
 * });
 * assert.equal(config.numLayers, 1);
 * const hf = JSON.parse(await Deno.readTextFile(join(dir, "config.json")));
 * assert.equal(hf.vocab_size, config.vocabSize);
 * assert.ok((await Deno.stat(join(dir, "onnx", "model.onnx"))).isFile);
 * await Deno.remove(dir, { recursive: true });
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
  const kind = options.tokenizer ?? "byte-level";
  const specials = kind === "byte-level-bos"
    ? ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|begin_of_text|>"]
    : ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];
  const trained = kind === "metaspace"
    ? trainMetaspaceBpe(corpus, { vocabSize: options.vocabSize ?? 512 })
    : trainByteLevelBpe(corpus, {
      vocabSize: options.vocabSize ?? 512,
      specialTokens: specials,
      ...(kind === "byte-level-bos" ? { bosToken: "<|begin_of_text|>" } : {}),
    });
  const { tokenizer, vocabSize } = trained;
  const specialIds = trained.specialIds as Record<string, number>;
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
  const layout = options.layout ?? "onnx-community";
  const numLabels = options.rewardModel?.numLabels ?? 1;
  const classifier = options.rewardModel
    ? { numLabels, weights: scoreHeadWeights(config.hiddenSize, numLabels, options.seed ?? 0) }
    : undefined;
  const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
  const [eosToken, padToken, bosToken] = kind === "metaspace"
    ? ["</s>", null, "<s>"]
    : ["<|im_end|>", "<|endoftext|>", kind === "byte-level-bos" ? "<|begin_of_text|>" : null];
  const eos = specialIds[eosToken]!;
  const pad = padToken === null ? null : specialIds[padToken]!;
  const bos = bosToken === null ? null : specialIds[bosToken]!;
  const chatTemplate = kind === "metaspace"
    ? INST_CHAT_TEMPLATE
    : kind === "byte-level-bos"
    ? "{{ bos_token }}" + CHAT_TEMPLATE
    : CHAT_TEMPLATE;
  const io = { ...(options.kvDimNames ? { kvDimNames: options.kvDimNames } : {}) };
  const variants = options.variants ?? ["fp32", "q4"];
  const writeGraph = async (
    name: string,
    graph: { toModel: (o: never) => { model: Uint8Array; data?: Uint8Array } },
    contrib: boolean,
    folder: string,
  ) => {
    const dataName = layout === "genai" ? `${name}.data` : `${name}_data`;
    const { model, data } = graph.toModel({
      opset: 17,
      ...(contrib ? { extraOpsets: { "com.microsoft": 1 } } : {}),
      ...(external ? { externalData: dataName } : {}),
    } as never);
    await writeFileAtomic(join(folder, name), model);
    if (data) await writeFileAtomic(join(folder, dataName), data);
  };

  if (layout === "genai") {
    if (classifier) {
      throw new RangeError("writeTinyModel: a genai layout cannot hold a reward model");
    }
    const variant = options.variants?.find((v) => v === "q4" || v === "q4f16") ?? "q4f16";
    const ioDtype = variant === "q4f16" ? "float16" : "float32";
    const { graph } = buildContribDecoder(config, weights, {
      ioDtype,
      rotaryInAttention: true,
      kvDimNames: options.kvDimNames ?? { headDim: "kv_cache_dim" },
    });
    await writeGraph("model.onnx", graph, true, dir);
    await writeFileAtomic(
      join(dir, "genai_config.json"),
      json({
        model: {
          bos_token_id: bos,
          context_length: config.maxPositions,
          decoder: {
            session_options: { log_id: "onnxruntime-genai", provider_options: [] },
            filename: "model.onnx",
            head_size: headDim(config),
            hidden_size: config.hiddenSize,
            inputs: {
              input_ids: "input_ids",
              attention_mask: "attention_mask",
              past_key_names: "past_key_values.%d.key",
              past_value_names: "past_key_values.%d.value",
            },
            outputs: {
              logits: "logits",
              present_key_names: "present.%d.key",
              present_value_names: "present.%d.value",
            },
            num_attention_heads: config.numHeads,
            num_hidden_layers: config.numLayers,
            num_key_value_heads: config.numKvHeads,
          },
          eos_token_id: pad === null ? eos : [eos, pad],
          pad_token_id: pad ?? eos,
          type: "llama",
          vocab_size: config.vocabSize,
        },
        search: { do_sample: false, max_length: config.maxPositions, num_beams: 1 },
      }),
    );
  } else {
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
        ...(config.headDim !== undefined ? { head_dim: config.headDim } : {}),
        intermediate_size: config.intermediateSize,
        max_position_embeddings: config.maxPositions,
        rope_theta: config.ropeTheta,
        rms_norm_eps: config.rmsEps,
        hidden_act: "silu",
        bos_token_id: bos,
        eos_token_id: eos,
        pad_token_id: pad,
        torch_dtype: "float32",
        "transformers.js_config": { dtype: "fp32" },
      }),
    );
    await writeFileAtomic(
      join(dir, "generation_config.json"),
      json({
        eos_token_id: pad === null ? [eos] : [eos, pad],
        ...(pad === null ? {} : { pad_token_id: pad }),
        ...(bos === null ? {} : { bos_token_id: bos }),
        do_sample: false,
      }),
    );
    const folder = layout === "flat" ? dir : join(dir, "onnx");
    for (const variant of classifier ? ["fp32" as const] : variants) {
      if (variant === "fp32" || variant === "fp16") {
        const half = variant === "fp16";
        const graph = buildStandardDecoder(config, weights, {
          ...io,
          ...(classifier ? { classifier } : {}),
          ...(half ? { ioDtype: "float16", weightDtype: "float16" } : {}),
          ...(!half && options.optionalInputs ? { optionalInputs: options.optionalInputs } : {}),
        });
        await writeGraph(half ? "model_fp16.onnx" : "model.onnx", graph, false, folder);
      } else {
        const { graph } = buildContribDecoder(config, weights, {
          ...io,
          ...(variant === "q4f16" ? { ioDtype: "float16" } : {}),
        });
        await writeGraph(`model_${variant}.onnx`, graph, true, folder);
      }
    }
  }
  await writeFileAtomic(join(dir, "tokenizer.json"), JSON.stringify(tokenizer));
  const addedTokens = kind === "metaspace" ? ["<unk>", "<s>", "</s>"] : specials;
  await writeFileAtomic(
    join(dir, "tokenizer_config.json"),
    json({
      tokenizer_class: kind === "metaspace" ? "LlamaTokenizerFast" : "PreTrainedTokenizerFast",
      model_max_length: config.maxPositions,
      ...(options.addBosToken !== undefined ? { add_bos_token: options.addBosToken } : {}),
      bos_token: bosToken,
      eos_token: eosToken,
      pad_token: padToken,
      unk_token: kind === "metaspace" ? "<unk>" : null,
      chat_template: chatTemplate,
      added_tokens_decoder: Object.fromEntries(
        addedTokens.map((t) => [String(specialIds[t]), {
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
  return config;
}
