import { dirname, join } from "node:path";
import { DataType } from "./onnx/graph_builder.ts";
import { type OnnxModelInfo, readOnnxModelInfo } from "./onnx/model_info.ts";

/** Weight variants of Hugging Face ONNX exports and their file suffixes (`onnx/model{suffix}.onnx`). */
export const DTYPE_SUFFIX = {
  fp32: "",
  fp16: "_fp16",
  q4: "_q4",
  q4f16: "_q4f16",
  quantized: "_quantized",
  q8: "_quantized",
  int8: "_int8",
  uint8: "_uint8",
  bnb4: "_bnb4",
} as const;

/** A weight variant name. */
export type ModelDtype = keyof typeof DTYPE_SUFFIX;

/** Raised for a model directory that cannot be used, naming the file or setting. */
export class ModelLoadError extends Error {
  /** An error with the given message. */
  constructor(message: string) {
    super(message);
    this.name = "ModelLoadError";
  }
}

/**
 * How a model directory is laid out:
 * - `onnx-community`: `config.json` and `onnx/model{suffix}.onnx` (Optimum / transformers.js
 *   exports, as onnx-community publishes them);
 * - `flat`: the same with `model{suffix}.onnx` beside `config.json`;
 * - `genai`: an ORT-GenAI build: `genai_config.json`, `model.onnx` + `model.onnx.data`, usually no
 *   `config.json` (the model's shape is read from `genai_config.json`).
 */
export type ModelLayout = "onnx-community" | "flat" | "genai";

/** Everything read from a model directory, before a session is created. */
export interface ModelFiles {
  /** The model directory. */
  readonly dir: string;
  /** The weight variant: the requested one, or for a genai build the one read from the model. */
  readonly dtype: ModelDtype;
  /** How the directory is laid out. */
  readonly layout: ModelLayout;
  /** `config.json`, or for a genai build without one, the same keys read from `genai_config.json`. */
  readonly config: Record<string, unknown>;
  /** `generation_config.json` (empty when absent). */
  readonly generationConfig: Record<string, unknown>;
  /** `tokenizer.json`. */
  readonly tokenizerJson: Record<string, unknown>;
  /** `tokenizer_config.json` (empty when absent). */
  readonly tokenizerConfig: Record<string, unknown>;
  /** The chat template (from `chat_template.jinja` or `tokenizer_config.json`), if any. */
  readonly chatTemplate: string | null;
  /** Path of the ONNX graph of the variant. */
  readonly onnxPath: string;
  /**
   * External data files the model's initializers name (`model.onnx_data`, `model.onnx_data_1`,
   * `model.onnx.data`, …): `path` as stored in the model, `file` on disk.
   */
  readonly externalData: readonly { path: string; file: string }[];
  /** Model plus external data, in bytes. */
  readonly totalBytes: number;
  /** The graph's inputs, outputs and operators. */
  readonly graph: OnnxModelInfo;
  /** Element type of the KV cache and logits (`float16` for fp16 and q4f16 exports). */
  readonly ioDtype: "float32" | "float16";
}

async function readJson(path: string, required: boolean): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    if (!required) return {};
    throw new ModelLoadError(`Cannot load the model: missing file ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ModelLoadError(
      `Cannot load the model: ${path} is not valid JSON (${
        error instanceof Error ? error.message : error
      })`,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Picks the chat template: `chat_template.jinja`, else tokenizer_config's string or named list. */
function chatTemplateOf(config: Record<string, unknown>, file: string | null): string | null {
  if (file !== null) return file;
  const t = config.chat_template;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) {
    const named = t as { name?: string; template?: string }[];
    return (named.find((x) => x.name === "default") ?? named[0])?.template ?? null;
  }
  return null;
}

const GENAI_NAMES: Record<string, string> = {
  "inputs.input_ids": "input_ids",
  "inputs.attention_mask": "attention_mask",
  "inputs.position_ids": "position_ids",
  "inputs.past_key_names": "past_key_values.%d.key",
  "inputs.past_value_names": "past_key_values.%d.value",
  "outputs.logits": "logits",
  "outputs.present_key_names": "present.%d.key",
  "outputs.present_value_names": "present.%d.value",
};

/**
 * The `config.json` keys Farsight reads, from an ORT-GenAI `genai_config.json` (`model.decoder`'s
 * `head_size`, `hidden_size`, `num_attention_heads`, `num_key_value_heads`,
 * `num_hidden_layers`; `model`'s `context_length`, `vocab_size`, `type` and token ids). Raises a
 * {@linkcode ModelLoadError} naming the field when the build renames its inputs or outputs, which
 * Farsight does not support.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { configFromGenai } from "./model_files.ts";
 * const config = configFromGenai({
 *   model: { type: "qwen2", vocab_size: 100, context_length: 512, eos_token_id: [2, 3], decoder: { head_size: 64, hidden_size: 128, num_attention_heads: 2, num_key_value_heads: 1, num_hidden_layers: 4 } },
 * }, "genai_config.json");
 * assert.equal(config.head_dim, 64);
 * assert.equal(config.max_position_embeddings, 512);
 * assert.deepEqual(config.eos_token_id, [2, 3]);
 * ```
 */
export function configFromGenai(
  genai: Record<string, unknown>,
  path: string,
): Record<string, unknown> {
  const model = (genai.model ?? {}) as Record<string, unknown>;
  const decoder = (model.decoder ?? {}) as Record<string, unknown>;
  for (const [key, expected] of Object.entries(GENAI_NAMES)) {
    const [group, name] = key.split(".") as [string, string];
    const value = (decoder[group] as Record<string, unknown> | undefined)?.[name];
    if (value !== undefined && value !== expected) {
      throw new ModelLoadError(
        `Cannot load the model: ${path} model.decoder.${key} is "${value}"; Farsight feeds the Hugging Face names ("${expected}")`,
      );
    }
  }
  const defined = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return defined({
    model_type: model.type,
    vocab_size: model.vocab_size,
    hidden_size: decoder.hidden_size,
    num_hidden_layers: decoder.num_hidden_layers,
    num_attention_heads: decoder.num_attention_heads,
    num_key_value_heads: decoder.num_key_value_heads,
    head_dim: decoder.head_size,
    max_position_embeddings: model.context_length,
    bos_token_id: model.bos_token_id,
    eos_token_id: model.eos_token_id,
    pad_token_id: model.pad_token_id,
  });
}

/**
 * The weight variant a graph is, read from its operators and I/O: `MatMulNBits` is 4-bit (`q4`,
 * or `q4f16` with float16 I/O), `MatMulInteger` / `DynamicQuantizeLinear` is 8-bit
 * (`quantized`), else `fp16` or `fp32` by the I/O type.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { variantOf } from "./model_files.ts";
 * assert.equal(variantOf({ ops: ["com.microsoft:MatMulNBits"], ioDtype: "float16" }), "q4f16");
 * assert.equal(variantOf({ ops: [":MatMul"], ioDtype: "float32" }), "fp32");
 * ```
 */
export function variantOf(
  graph: { readonly ops: readonly string[]; readonly ioDtype: "float32" | "float16" },
): ModelDtype {
  const has = (op: string) => graph.ops.some((o) => o.endsWith(`:${op}`));
  const half = graph.ioDtype === "float16";
  if (has("MatMulNBits")) return half ? "q4f16" : "q4";
  if (has("MatMulInteger") || has("DynamicQuantizeLinear") || has("MatMulIntegerToFloat")) {
    return "quantized";
  }
  return half ? "fp16" : "fp32";
}

/** The I/O element type of a decoder graph: its first KV-cache input's, else its logits'. */
function ioDtypeOf(graph: OnnxModelInfo): "float32" | "float16" {
  const kv = graph.inputs.find((i) => i.name.startsWith("past_key_values."));
  const logits = graph.outputs.find((o) => o.name === "logits");
  return (kv ?? logits)?.elemType === DataType.FLOAT16 ? "float16" : "float32";
}

/**
 * Reads a model directory in any {@linkcode ModelLayout}: `config.json` (or `genai_config.json`),
 * `generation_config.json`, `tokenizer.json`, `tokenizer_config.json`, `chat_template.jinja` or
 * the config's `chat_template`, and the ONNX graph of the requested variant
 * (`model{suffix}.onnx` under `onnx/` or beside the configs, or `decoder_model_merged{suffix}.onnx`;
 * a genai build's `model.decoder.filename`), with the external data files its initializers name.
 * A missing required file raises a {@linkcode ModelLoadError} naming it. `dtype` defaults to
 * `fp32`; a genai build holds one graph, whose variant is read from it (asking for another is
 * an error).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readModelFiles } from "./model_files.ts";
 * await assert.rejects(readModelFiles("/nonexistent/model"), /is not a directory/);
 * ```
 */
export async function readModelFiles(dir: string, dtype?: ModelDtype): Promise<ModelFiles> {
  if (dtype !== undefined && !(dtype in DTYPE_SUFFIX)) {
    throw new ModelLoadError(
      `Unknown dtype "${dtype}": expected one of ${Object.keys(DTYPE_SUFFIX).join(", ")}`,
    );
  }
  try {
    if (!(await Deno.stat(dir)).isDirectory) throw new Error();
  } catch {
    throw new ModelLoadError(`Cannot load the model: ${dir} is not a directory`);
  }
  const genaiPath = join(dir, "genai_config.json");
  const genai = await exists(genaiPath) ? await readJson(genaiPath, true) : null;
  const hasConfig = await exists(join(dir, "config.json"));
  const config = genai && !hasConfig ? configFromGenai(genai, genaiPath) : {
    ...(genai ? configFromGenai(genai, genaiPath) : {}),
    ...await readJson(join(dir, "config.json"), true),
  };
  const generationConfig = await readJson(join(dir, "generation_config.json"), false);
  const tokenizerJson = await readJson(join(dir, "tokenizer.json"), true);
  const tokenizerConfig = await readJson(join(dir, "tokenizer_config.json"), true);
  const jinja = await Deno.readTextFile(join(dir, "chat_template.jinja")).catch(() => null);

  let onnxPath: string, layout: ModelLayout;
  if (genai) {
    const decoder = ((genai.model as Record<string, unknown> | undefined)?.decoder ?? {}) as Record<
      string,
      unknown
    >;
    const filename = typeof decoder.filename === "string" ? decoder.filename : "model.onnx";
    onnxPath = join(dir, filename);
    layout = "genai";
    if (!await exists(onnxPath)) {
      throw new ModelLoadError(
        `Cannot load the model: ${genaiPath} model.decoder.filename names ${filename}, which is missing`,
      );
    }
  } else {
    const suffix = DTYPE_SUFFIX[dtype ?? "fp32"];
    const candidates: [string, ModelLayout][] = [
      [join(dir, "onnx", `model${suffix}.onnx`), "onnx-community"],
      [join(dir, `model${suffix}.onnx`), "flat"],
      [join(dir, "onnx", `decoder_model_merged${suffix}.onnx`), "onnx-community"],
      [join(dir, `decoder_model_merged${suffix}.onnx`), "flat"],
    ];
    const found = await (async () => {
      for (const c of candidates) if (await exists(c[0])) return c;
      return null;
    })();
    if (!found) {
      const list = (d: string) => {
        try {
          return [...Deno.readDirSync(d)].map((e) => e.name).filter((n) => n.endsWith(".onnx"));
        } catch {
          return [];
        }
      };
      const available = [
        ...list(join(dir, "onnx")).map((n) => `onnx/${n}`),
        ...list(dir),
      ];
      throw new ModelLoadError(
        `Cannot load the model: no ${dtype ?? "fp32"} weights (${
          candidates[0]![0]
        } is missing; the onnx folder has ${
          available.filter((n) => n.startsWith("onnx/")).map((n) => n.slice(5)).join(", ") ||
          "no .onnx files"
        }${
          available.some((n) => !n.startsWith("onnx/"))
            ? `; beside config.json: ${available.filter((n) => !n.startsWith("onnx/")).join(", ")}`
            : ""
        }; pick one with dtype)`,
      );
    }
    [onnxPath, layout] = found;
  }
  const graph = readOnnxModelInfo(await Deno.readFile(onnxPath));
  const ioDtype = ioDtypeOf(graph);
  let variant: ModelDtype = dtype ?? "fp32";
  if (genai) {
    const detected = variantOf({ ops: graph.ops, ioDtype });
    const same = (a: ModelDtype, b: ModelDtype) => DTYPE_SUFFIX[a] === DTYPE_SUFFIX[b];
    if (dtype !== undefined && !same(dtype, detected)) {
      throw new ModelLoadError(
        `Cannot load ${dtype} weights from ${dir}: it is an ORT-GenAI build with one model (${onnxPath}, ${detected})`,
      );
    }
    variant = detected;
  }
  const folder = dirname(onnxPath);
  const externalData = [];
  for (const path of graph.externalData) {
    const file = join(folder, path);
    if (!await exists(file)) {
      throw new ModelLoadError(
        `Cannot load the model: ${onnxPath} keeps weights in ${path}, which is missing (expected ${file})`,
      );
    }
    externalData.push({ path, file });
  }
  const totalBytes = (await Deno.stat(onnxPath)).size +
    externalData.reduce((s, e) => s + Deno.statSync(e.file).size, 0);
  return {
    dir,
    dtype: variant,
    layout,
    config,
    generationConfig,
    tokenizerJson,
    tokenizerConfig,
    chatTemplate: chatTemplateOf(tokenizerConfig, jinja),
    onnxPath,
    externalData,
    totalBytes,
    graph,
    ioDtype,
  };
}

/** Largest model the WASM-backed runtimes can hold (4 GB of wasm32 memory, with room to run). */
export const WASM_MODEL_LIMIT_BYTES = 2 * 2 ** 30;

/**
 * Checks that a backend can run a variant: q8 (`MatMulInteger`) has no WebGPU kernel; fp16 and
 * q4f16 on WebGPU need `shader-f16`; the wasm-backed runtimes hold about 2 GB of weights.
 * Throws a {@linkcode ModelLoadError} that says why and what to use instead.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkBackendSupport } from "./model_files.ts";
 * const files = { dtype: "q8", totalBytes: 1000, onnxPath: "onnx/model_quantized.onnx" } as const;
 * assert.throws(() => checkBackendSupport(files, "webgpu", true), /MatMulInteger/);
 * assert.doesNotThrow(() => checkBackendSupport(files, "cpu", false));
 * ```
 */
export function checkBackendSupport(
  files:
    & Pick<ModelFiles, "dtype" | "totalBytes" | "onnxPath">
    & Partial<Pick<ModelFiles, "ioDtype">>,
  backend: import("./backend_names.ts").BackendName,
  shaderF16: boolean,
): void {
  if (
    backend === "webgpu" &&
    (files.dtype === "q8" || files.dtype === "quantized" || files.dtype === "int8" ||
      files.dtype === "uint8")
  ) {
    throw new ModelLoadError(
      `Cannot run ${files.dtype} weights on webgpu: their MatMulInteger ops have no WebGPU kernel; use q4, fp16 or fp32, or the cpu backend`,
    );
  }
  const half = files.dtype === "fp16" || files.dtype === "q4f16" || files.ioDtype === "float16";
  if (backend === "webgpu" && half && !shaderF16) {
    throw new ModelLoadError(
      `Cannot run ${files.dtype} weights (float16 I/O) on webgpu: the adapter does not offer shader-f16; use q4 or fp32`,
    );
  }
  if (backend !== "cpu" && files.totalBytes > WASM_MODEL_LIMIT_BYTES) {
    throw new ModelLoadError(
      `Cannot run ${files.onnxPath} on ${backend}: ${
        (files.totalBytes / 2 ** 30).toFixed(1)
      } GiB is over the ${
        WASM_MODEL_LIMIT_BYTES / 2 ** 30
      } GiB the wasm-backed runtimes can hold; use the cpu backend`,
    );
  }
}
