import { basename, join } from "node:path";

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
  constructor(message: string) {
    super(message);
    this.name = "ModelLoadError";
  }
}

/** Everything read from a model directory, before a session is created. */
export interface ModelFiles {
  readonly dir: string;
  readonly dtype: ModelDtype;
  readonly config: Record<string, unknown>;
  readonly generationConfig: Record<string, unknown>;
  readonly tokenizerJson: Record<string, unknown>;
  readonly tokenizerConfig: Record<string, unknown>;
  /** The chat template (from `chat_template.jinja` or `tokenizer_config.json`), if any. */
  readonly chatTemplate: string | null;
  readonly onnxPath: string;
  /** External data files beside the model (`model.onnx_data`, `model.onnx_data_1`, …). */
  readonly externalData: readonly { path: string; file: string }[];
  /** Model plus external data, in bytes. */
  readonly totalBytes: number;
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

/**
 * Reads a Hugging Face-style model directory (`config.json`, `generation_config.json`,
 * `tokenizer.json`, `tokenizer_config.json`, `chat_template.jinja` or the config's
 * `chat_template`, and `onnx/model{suffix}.onnx` with its external data). A missing required file
 * raises a {@linkcode ModelLoadError} naming it.
 *
 * @example
 * ```ts ignore
 * import { readModelFiles } from "./model_files.ts";
 * const files = await readModelFiles("models/tiny", "fp32");
 * ```
 */
export async function readModelFiles(dir: string, dtype: ModelDtype = "fp32"): Promise<ModelFiles> {
  if (!(dtype in DTYPE_SUFFIX)) {
    throw new ModelLoadError(
      `Unknown dtype "${dtype}": expected one of ${Object.keys(DTYPE_SUFFIX).join(", ")}`,
    );
  }
  try {
    if (!(await Deno.stat(dir)).isDirectory) throw new Error();
  } catch {
    throw new ModelLoadError(`Cannot load the model: ${dir} is not a directory`);
  }
  const config = await readJson(join(dir, "config.json"), true);
  const generationConfig = await readJson(join(dir, "generation_config.json"), false);
  const tokenizerJson = await readJson(join(dir, "tokenizer.json"), true);
  const tokenizerConfig = await readJson(join(dir, "tokenizer_config.json"), true);
  const jinja = await Deno.readTextFile(join(dir, "chat_template.jinja")).catch(() => null);
  const onnxPath = join(dir, "onnx", `model${DTYPE_SUFFIX[dtype]}.onnx`);
  let modelSize: number;
  try {
    modelSize = (await Deno.stat(onnxPath)).size;
  } catch {
    const available = [...Deno.readDirSync(join(dir, "onnx"))].map((e) => e.name).filter((n) =>
      n.endsWith(".onnx")
    );
    throw new ModelLoadError(
      `Cannot load the model: no ${dtype} weights (${onnxPath} is missing; the onnx folder has ${
        available.join(", ") || "no .onnx files"
      })`,
    );
  }
  const prefix = `${basename(onnxPath)}_data`;
  const externalData = [...Deno.readDirSync(join(dir, "onnx"))]
    .filter((e) => e.isFile && e.name.startsWith(prefix))
    .map((e) => ({ path: e.name, file: join(dir, "onnx", e.name) }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const totalBytes = modelSize + externalData.reduce((s, e) => s + Deno.statSync(e.file).size, 0);
  return {
    dir,
    dtype,
    config,
    generationConfig,
    tokenizerJson,
    tokenizerConfig,
    chatTemplate: chatTemplateOf(tokenizerConfig, jinja),
    onnxPath,
    externalData,
    totalBytes,
  };
}

/** Largest model the WASM-backed runtimes can hold (4 GB of wasm32 memory, with room to run). */
export const WASM_MODEL_LIMIT_BYTES = 2 * 2 ** 30;

/**
 * Checks that a backend can run a variant: q8 (`MatMulInteger`) has no WebGPU kernel; fp16 and
 * q4f16 on WebGPU need `shader-f16`; the wasm-backed runtimes hold about 2 GB of weights.
 */
export function checkBackendSupport(
  files: Pick<ModelFiles, "dtype" | "totalBytes" | "onnxPath">,
  backend: "webgpu" | "wasm" | "cpu",
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
  if (backend === "webgpu" && (files.dtype === "fp16" || files.dtype === "q4f16") && !shaderF16) {
    throw new ModelLoadError(
      `Cannot run ${files.dtype} weights on webgpu: the adapter does not offer shader-f16; use q4 or fp32`,
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
