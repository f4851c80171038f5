import { Template } from "@huggingface/jinja";
import { Tokenizer } from "@huggingface/tokenizers";
import type * as Ort from "onnxruntime-common";
import { createRng } from "../random/rng.ts";
import { type BackendInfo, type BackendName, createSession, type OrtModule } from "./backend.ts";
import {
  checkBackendSupport,
  type ModelDtype,
  type ModelFiles,
  ModelLoadError,
  readModelFiles,
} from "./model_files.ts";
import { chooseToken, entropyOf, logSoftmax, type SamplingOptions } from "./sampling.ts";
import {
  type SpecialTokenPlan,
  specialTokenPlan,
  TextStreamer,
  withSpecialTokens,
} from "./tokenization.ts";

/** Options for {@linkcode CausalLM.load}. */
export interface LoadModelOptions {
  /** Default `"auto"`. */
  readonly backend?: BackendName | "auto";
  /** Weight variant. Default `"fp32"` (a genai build's one graph is whatever it is). */
  readonly dtype?: ModelDtype;
  /** Threads for the wasm backend. Default: the cores available (see `createSession`). */
  readonly wasmThreads?: number;
  /**
   * WebGPU only: keep the KV cache (`present.*`) on the GPU between steps and feed it back as GPU
   * tensors. Default true; falls back to the CPU when ONNX Runtime refuses.
   */
  readonly kvCacheOnGpu?: boolean;
}

/** Options for {@linkcode CausalLM.generate}. */
export interface GenerateOptions extends SamplingOptions {
  /** Tokens to generate at most. Default 64. */
  readonly maxNewTokens?: number;
  /** Stop when the text contains one of these (the stop string is cut off). */
  readonly stop?: readonly string[];
  /** Extra end-of-sequence ids (the generation config's are always used). */
  readonly eosTokenIds?: readonly number[];
  /** Seed for sampling. Default 0. */
  readonly seed?: number;
  /**
   * Called for every generated token of every sequence. `text` is the text this token adds,
   * decoded incrementally over the whole generated sequence (so SentencePiece spaces survive);
   * an incomplete UTF-8 character is held until it completes. The texts of a sequence's events
   * concatenate to its final `text` (cut at a stop string, unless the stop string had already
   * streamed out before it was complete).
   */
  readonly onToken?: (event: { sequence: number; token: number; text: string }) => void;
  /** Called after each decoding step with (step, maxNewTokens). */
  readonly onProgress?: (step: number, total: number) => void;
}

/** A Hugging Face tokenizer (`Tokenizer` of `@huggingface/tokenizers`). */
export type HfTokenizer = Tokenizer;

/** One generated sequence. */
export interface Generation {
  /** The decoded text of the generated tokens. */
  readonly text: string;
  /** The generated token ids. */
  readonly tokens: number[];
  /** log P(token | context) under the model's distribution (temperature 1), per generated token. */
  readonly logprobs: number[];
  /** Entropy (nats) of the model's next-token distribution at each step. */
  readonly entropies: number[];
  /** Why generation stopped: an end-of-sequence token, a stop string, or `maxNewTokens`. */
  readonly finishReason: "eos" | "stop" | "length";
}

/** Teacher-forced scores of one target. */
export interface TargetScore {
  /** The target's tokens: for text, those of prompt + target encoded together after the prompt's. */
  readonly tokens: number[];
  /** log P(target token | prompt, earlier target tokens). */
  readonly logprobs: number[];
  /** The sum of `logprobs`: log P(target | prompt). */
  readonly total: number;
  /**
   * Set by {@linkcode CausalLM.scoreTargets}: true when the prompt's last token merges with the
   * target's first characters in the joint encoding, so the scored tokens start inside the
   * prompt's text (they are the joint encoding's tokens after the shared prompt tokens).
   */
  readonly boundaryMerged?: boolean;
}

type Feeds = Record<string, Ort.Tensor>;

/** One layer's KV-cache input, resolved from the session's metadata and the config. */
interface KvInput {
  readonly name: string;
  readonly present: string;
  readonly heads: number;
  readonly dim: number;
  readonly type: "float32" | "float16";
}

type Meta = { name: string; shape: readonly (number | string | null)[]; type: string };

/**
 * Resolves each layer's KV-cache shape: numeric dims from that layer's own metadata, symbolic ones
 * (`kv_cache_dim`, `num_key_value_heads`, …) from config.json's `num_key_value_heads` (else
 * `num_attention_heads`) and `head_dim` (else `hidden_size / num_attention_heads`).
 */
function resolveKvInputs(
  names: readonly string[],
  meta: (name: string) => Meta | undefined,
  config: Record<string, unknown>,
  where: string,
): KvInput[] {
  return names.filter((n) => n.startsWith("past_key_values.")).map((name) => {
    const m = meta(name);
    const shape = m?.shape ?? [];
    const fromConfig = (dim: 1 | 3): number => {
      const heads = Number(config.num_attention_heads);
      const value = dim === 1
        ? Number(config.num_key_value_heads ?? config.num_attention_heads)
        : Number(config.head_dim ?? Number(config.hidden_size) / heads);
      if (!(Number.isInteger(value) && value > 0)) {
        throw new ModelLoadError(
          `Cannot load ${where}: ${name}'s dim ${dim} is ${
            JSON.stringify(shape[dim] ?? null)
          } and the config has no ${
            dim === 1
              ? "num_key_value_heads (or num_attention_heads)"
              : "head_dim (or hidden_size and num_attention_heads)"
          } to resolve it`,
        );
      }
      return value;
    };
    const dim = (i: 1 | 3) => typeof shape[i] === "number" ? shape[i] as number : fromConfig(i);
    const type = m?.type === "float16" ? "float16" : "float32";
    if (m && m.type !== "float16" && m.type !== "float32") {
      throw new ModelLoadError(
        `Cannot load ${where}: ${name} is ${m.type}, expected float32 or float16`,
      );
    }
    return {
      name,
      present: name.replace("past_key_values", "present"),
      heads: dim(1),
      dim: dim(3),
      type,
    };
  });
}

/** A logits tensor's values as float32 (fp16 exports return float16 logits). */
function float32Of(t: Ort.Tensor): Float32Array {
  const d = t.data as unknown;
  if (d instanceof Float32Array) return d;
  if (t.type === "float16") {
    if (d instanceof Uint16Array) {
      const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
      return Float32Array.from({ length: d.length }, (_, i) => view.getFloat16(i * 2, true));
    }
    return Float32Array.from(d as ArrayLike<number>);
  }
  throw new TypeError(`Expected float32 or float16 logits, got ${t.type}`);
}

function disposeGpu(feeds: Feeds | null): void {
  if (!feeds) return;
  for (const t of Object.values(feeds)) if (t.location === "gpu-buffer") t.dispose();
}

/**
 * A decoder-only language model in ONNX, loaded from a Hugging Face-style directory, on a chosen
 * backend. Feeds are built from the session's declared inputs (`input_ids`, `attention_mask`,
 * `position_ids`, `past_key_values.*`, `num_logits_to_keep`, `use_cache_branch`, whichever it
 * has). Owns an inference session: call `dispose()` (or `await using`).
 *
 * @example
 * ```ts ignore
 * import { CausalLM } from "./causal_lm.ts";
 * await using lm = await CausalLM.load("models/tiny", { backend: "cpu" });
 * const [out] = await lm.generate([lm.applyChatTemplate([{ role: "user", content: "2+2?" }])], { greedy: true });
 * ```
 */
export class CausalLM implements AsyncDisposable {
  /** The model directory's files and settings. */
  readonly files: ModelFiles;
  /** The backend the session runs on. */
  readonly backend: BackendInfo;
  /** The model's tokenizer (from `tokenizer.json`). */
  readonly tokenizer: HfTokenizer;
  /** Token ids that end a generation. */
  readonly eosTokenIds: readonly number[];
  /** Token id used to pad batches. */
  readonly padTokenId: number;
  #session: Ort.InferenceSession;
  #ort: OrtModule;
  #template: Template | null;
  #kv: KvInput[];
  #specials: SpecialTokenPlan;
  #optional: Set<string>;
  #lastKvLocation: string | null = null;
  /**
   * ORT's GroupQueryAttention reads each row's valid tokens from the start of the sequence
   * (right padding), so left-padded batches would be wrong: such models run row by row.
   */
  readonly rowByRow: boolean;

  private constructor(
    files: ModelFiles,
    session: Ort.InferenceSession,
    ort: OrtModule,
    backend: BackendInfo,
    rowByRow: boolean,
  ) {
    this.rowByRow = rowByRow;
    this.files = files;
    this.backend = backend;
    this.#session = session;
    this.#ort = ort;
    this.tokenizer = new Tokenizer(files.tokenizerJson as never, files.tokenizerConfig as never);
    this.#template = files.chatTemplate ? new Template(files.chatTemplate) : null;
    const ids = (v: unknown) =>
      (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(Number);
    this.eosTokenIds = [
      ...new Set([...ids(files.generationConfig.eos_token_id), ...ids(files.config.eos_token_id)]),
    ];
    const pad = files.generationConfig.pad_token_id ?? files.config.pad_token_id ??
      this.eosTokenIds[0] ?? 0;
    this.padTokenId = Number(pad);
    this.#kv = resolveKvInputs(
      session.inputNames,
      (name) => this.#inputMeta(name),
      files.config,
      files.onnxPath,
    );
    this.#optional = new Set(files.graph.optionalInputs);
    this.#specials = specialTokenPlan(
      files.tokenizerJson,
      files.tokenizerConfig,
      (t) => this.tokenizer.token_to_id(t) ?? null,
    );
  }

  /**
   * Loads a model directory (any {@linkcode ModelLayout}) onto a backend, checking the variant
   * can run there. On WebGPU the KV cache stays on the GPU unless `kvCacheOnGpu` is false.
   */
  static async load(dir: string, options: LoadModelOptions = {}): Promise<CausalLM> {
    const files = await readModelFiles(dir, options.dtype);
    const { resolveBackend, describeAdapter } = await import("./backend.ts");
    const backend = await resolveBackend(options.backend ?? "auto");
    const adapter = await describeAdapter();
    checkBackendSupport(files, backend, adapter?.shaderF16 ?? false);
    const bytes = backend === "cpu" ? new Uint8Array(0) : await Deno.readFile(files.onnxPath);
    const externalData = backend === "cpu" ? [] : await Promise.all(
      files.externalData.map(async (e) => ({ path: e.path, data: await Deno.readFile(e.file) })),
    );
    const gpuOutputs = backend === "webgpu" && options.kvCacheOnGpu !== false
      ? files.graph.outputs.map((o) => o.name).filter((n) => n.startsWith("present."))
      : [];
    const { session, ort, info } = await createSession(files.onnxPath, bytes, {
      backend,
      externalData,
      gpuOutputs,
      ...(options.wasmThreads ? { wasmThreads: options.wasmThreads } : {}),
    });
    const gqa = files.graph.ops.includes("com.microsoft:GroupQueryAttention");
    return new CausalLM(files, session, ort, info, gqa);
  }

  /**
   * Where the last step's KV cache lived (`gpu-buffer` or `cpu`), or null before any step or for
   * a model without a cache.
   */
  get kvCacheLocation(): string | null {
    return this.#lastKvLocation;
  }

  /** The session's declared inputs. */
  get inputNames(): readonly string[] {
    return this.#session.inputNames;
  }

  #inputMeta(name: string): Meta | undefined {
    const meta = (this.#session as unknown as { inputMetadata?: Meta[] }).inputMetadata;
    const m = meta?.find((x) => x.name === name);
    if (m?.shape) return m;
    // Without runtime metadata, the graph's own declaration.
    const g = this.files.graph.inputs.find((x) => x.name === name);
    return g
      ? {
        name,
        shape: g.shape,
        type: g.elemType === 10 ? "float16" : g.elemType === 1 ? "float32" : String(g.elemType),
      }
      : undefined;
  }

  /** Renders chat messages with the model's chat template. */
  applyChatTemplate(
    messages: readonly { role: string; content: string }[],
    options: { addGenerationPrompt?: boolean } = {},
  ): string {
    if (!this.#template) {
      throw new Error(`Cannot apply a chat template: ${this.files.dir} has none`);
    }
    const special = (key: string) => {
      const v = this.files.tokenizerConfig[key];
      return typeof v === "string"
        ? v
        : v && typeof v === "object" && "content" in v
        ? String((v as { content: string }).content)
        : undefined;
    };
    return this.#template.render({
      messages,
      add_generation_prompt: options.addGenerationPrompt ?? true,
      bos_token: special("bos_token") ?? "",
      eos_token: special("eos_token") ?? "",
      pad_token: special("pad_token") ?? "",
      unk_token: special("unk_token") ?? "",
    });
  }

  /**
   * Token ids of a text. Special tokens written in the text are recognised. With
   * `addSpecialTokens` (default true, as Hugging Face's tokenizers) the tokenizer's own special
   * tokens are added: those of its post-processor, with `tokenizer_config.json`'s
   * `add_bos_token` / `add_eos_token` deciding when present; a text that already starts with
   * them (a chat template writing `{{ bos_token }}`) does not get them twice.
   */
  encode(text: string, options: { addSpecialTokens?: boolean } = {}): number[] {
    const ids = this.tokenizer.encode(text, { add_special_tokens: false }).ids;
    return options.addSpecialTokens === false ? ids : withSpecialTokens(ids, this.#specials);
  }

  /**
   * The token ids of a user prompt, as the CLI and the ONNX policy feed it: rendered with the
   * chat template (after an optional system message) when `chat` (default: when the model has a
   * template) and encoded as rendered, without added special tokens, as Hugging Face's
   * `apply_chat_template` does; otherwise the raw prompt with the tokenizer's special tokens.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { CausalLM, writeTinyModel } from "../../mod.ts";
   * const dir = await Deno.makeTempDir();
   * await writeTinyModel(dir, { tokenizer: "byte-level-bos", variants: ["fp32"] });
   * await using lm = await CausalLM.load(dir, { backend: "cpu" });
   * const bos = lm.specialTokens.prefix[0];
   * assert.equal(lm.encodePrompt("Hi", { chat: false })[0], bos); // raw: the tokenizer's BOS
   * const chat = lm.encodePrompt("Hi"); // the template writes {{ bos_token }} itself
   * assert.deepEqual([chat[0], chat[1] === bos], [bos, false]);
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  encodePrompt(prompt: string, options: { chat?: boolean; system?: string } = {}): number[] {
    const chat = options.chat ?? this.files.chatTemplate !== null;
    if (!chat) return this.encode(prompt);
    const messages = [
      ...(options.system ? [{ role: "system", content: options.system }] : []),
      { role: "user", content: prompt },
    ];
    return this.encode(this.applyChatTemplate(messages), { addSpecialTokens: false });
  }

  /** The special tokens {@linkcode encode} adds before and after a text. */
  get specialTokens(): SpecialTokenPlan {
    return this.#specials;
  }

  /** Text of token ids. */
  decode(ids: readonly number[], options: { skipSpecialTokens?: boolean } = {}): string {
    return this.tokenizer.decode([...ids], {
      skip_special_tokens: options.skipSpecialTokens ?? true,
    });
  }

  #tensor(
    type: "int64" | "float32" | "float16" | "bool",
    data: BigInt64Array | Float32Array | Uint16Array | Uint8Array | boolean[],
    dims: number[],
  ): Ort.Tensor {
    return new this.#ort.Tensor(type as never, data as never, dims);
  }

  /**
   * Builds the feeds for one step from the declared inputs. Inputs Farsight can build are fed
   * when declared and skipped when not (GenAI builds have no `position_ids`); an input with a
   * default initializer is left to its default; any other input is an error naming it.
   */
  #feeds(
    ids: number[][],
    mask: number[][],
    positions: number[][],
    past: Feeds | null,
    allLogits: boolean,
  ): Feeds {
    const batch = ids.length, seq = ids[0]!.length, total = mask[0]!.length;
    const feeds: Feeds = {};
    const kv = new Map(this.#kv.map((k) => [k.name, k]));
    for (const name of this.#session.inputNames) {
      const layer = kv.get(name);
      if (name === "input_ids") {
        feeds[name] = this.#tensor("int64", BigInt64Array.from(ids.flat().map(BigInt)), [
          batch,
          seq,
        ]);
      } else if (name === "attention_mask") {
        feeds[name] = this.#tensor("int64", BigInt64Array.from(mask.flat().map(BigInt)), [
          batch,
          total,
        ]);
      } else if (name === "position_ids") {
        feeds[name] = this.#tensor("int64", BigInt64Array.from(positions.flat().map(BigInt)), [
          batch,
          seq,
        ]);
      } else if (layer) {
        const previous = past?.[layer.present];
        feeds[name] = previous ? this.#asInput(previous) : this.#tensor(
          layer.type,
          layer.type === "float16" ? new Uint16Array(0) : new Float32Array(0),
          [batch, layer.heads, 0, layer.dim],
        );
      } else if (name === "num_logits_to_keep") {
        feeds[name] = this.#tensor("int64", BigInt64Array.from([allLogits ? 0n : 1n]), []);
      } else if (name === "use_cache_branch") {
        feeds[name] = this.#tensor("bool", [past !== null], [1]);
      } else if (!this.#optional.has(name)) {
        throw new ModelLoadError(
          `Cannot feed model input "${name}" of ${this.files.onnxPath}: Farsight builds input_ids, attention_mask, position_ids, past_key_values.*, num_logits_to_keep and use_cache_branch, and "${name}" has no default initializer`,
        );
      }
    }
    return feeds;
  }

  /**
   * A float16 tensor made fit to feed: onnxruntime-common turns `Uint16Array` data into a
   * `Float16Array` where one exists (Deno has it), and onnxruntime-node's N-API binding reads
   * such data as empty ("not enough space"). So for the native CPU backend float16 feeds go as
   * plain tensor records over the same `Uint16Array` bytes (the binding reads type, dims, data).
   */
  #asInput(t: Ort.Tensor): Ort.Tensor {
    if (this.backend.backend !== "cpu" || t.type !== "float16" || t.location !== "cpu") return t;
    const d = t.data as unknown as ArrayBufferView & { length: number };
    return {
      type: "float16",
      dims: [...t.dims],
      data: new Uint16Array(d.buffer, d.byteOffset, d.length),
      location: "cpu",
    } as unknown as Ort.Tensor;
  }

  /** Left-pads rows with the pad token; the mask marks real tokens and positions count them. */
  #leftPad(rows: readonly (readonly number[])[]): {
    width: number;
    ids: number[][];
    mask: number[][];
    positions: number[][];
  } {
    const width = Math.max(...rows.map((s) => s.length));
    const ids = rows.map((s) => [...Array(width - s.length).fill(this.padTokenId), ...s]);
    const mask = rows.map((s) => [...Array(width - s.length).fill(0), ...s.map(() => 1)]);
    const positions = mask.map((row) => {
      let pos = -1;
      return row.map((m) => (m ? ++pos : 0));
    });
    return { width, ids, mask, positions };
  }

  /** One forward pass over a left-padded batch without cache. */
  async #forwardPadded(rows: readonly (readonly number[])[]) {
    const { width, ids, mask, positions } = this.#leftPad(rows);
    return { width, ...await this.#run(this.#feeds(ids, mask, positions, null, true)) };
  }

  /**
   * Runs one step. `present.*` outputs are returned when `keepPresent` (and then belong to the
   * caller, who disposes GPU ones); otherwise GPU ones are released here.
   */
  async #run(
    feeds: Feeds,
    keepPresent = false,
  ): Promise<{ logits: Float32Array; dims: readonly number[]; present: Feeds }> {
    const out = await this.#session.run(feeds);
    const present: Feeds = {};
    for (const [k, v] of Object.entries(out)) {
      if (k.startsWith("present")) present[k] = v;
      else if (k !== "logits" && v.location === "gpu-buffer") v.dispose();
    }
    const first = Object.values(present)[0];
    if (first) this.#lastKvLocation = first.location === "gpu-buffer" ? "gpu-buffer" : "cpu";
    const logits = out.logits;
    if (!logits) {
      disposeGpu(present);
      throw new Error(`The model ${this.files.onnxPath} has no 'logits' output`);
    }
    const data = float32Of(logits);
    if (!keepPresent) disposeGpu(present);
    return { logits: data, dims: logits.dims, present: keepPresent ? present : {} };
  }

  /**
   * Generates continuations of a batch of prompts (left-padded, with the KV cache): greedy or
   * seeded sampling, stop strings and EOS, per-token log-probabilities and entropies.
   */
  async generate(prompts: readonly string[], options: GenerateOptions = {}): Promise<Generation[]> {
    return await this.generateIds(prompts.map((p) => this.encode(p)), options);
  }

  /** {@linkcode generate} from token ids. */
  async generateIds(
    prompts: readonly (readonly number[])[],
    options: GenerateOptions = {},
  ): Promise<Generation[]> {
    if (this.rowByRow && prompts.length > 1) {
      const out: Generation[] = [];
      for (const [i, p] of prompts.entries()) {
        const onToken = options.onToken;
        const [g] = await this.#generate([p], {
          ...options,
          ...(onToken
            ? {
              onToken: (e: { sequence: number; token: number; text: string }) =>
                onToken({ ...e, sequence: i }),
            }
            : {}),
        }, i);
        out.push(g!);
      }
      return out;
    }
    return await this.#generate(prompts, options, 0);
  }

  async #generate(
    prompts: readonly (readonly number[])[],
    options: GenerateOptions,
    rowOffset: number,
  ): Promise<Generation[]> {
    if (prompts.length === 0) return [];
    if (prompts.some((p) => p.length === 0)) {
      throw new RangeError("Cannot generate from an empty prompt");
    }
    const context = Number(this.files.config.max_position_embeddings ?? Infinity);
    const longest = Math.max(...prompts.map((p) => p.length));
    if (longest >= context) {
      throw new RangeError(
        `Cannot generate: a prompt of ${longest} tokens does not fit the model's context of ${context} positions`,
      );
    }
    // Never run past the positions the model has (its rotary table ends there).
    const maxNew = Math.min(options.maxNewTokens ?? 64, context - longest);
    const eos = new Set([...this.eosTokenIds, ...(options.eosTokenIds ?? [])]);
    const batch = prompts.length;
    // Row i's sampling stream depends on (seed, i) only, so batching never changes samples.
    const rngs = prompts.map((_, i) => createRng(["generate", options.seed ?? 0, rowOffset + i]));
    const padded = this.#leftPad(prompts);
    const ids = padded.ids;
    let { mask, positions } = padded;
    const results = prompts.map(() => ({
      tokens: [] as number[],
      logprobs: [] as number[],
      entropies: [] as number[],
      done: false,
      finishReason: "length" as Generation["finishReason"],
      text: "",
    }));
    const cached = this.#kv.length > 0;
    const streams = options.onToken
      ? prompts.map(() => new TextStreamer((t) => this.decode(t)))
      : [];
    let past: Feeds | null = null;
    let step = ids;
    let rows = ids, allPositions = positions;
    try {
      for (let t = 0; t < maxNew && results.some((r) => !r.done); t++) {
        const { logits, dims, present } = await this.#run(
          this.#feeds(step, mask, cached ? positions : allPositions, past, false),
          cached,
        );
        disposeGpu(past);
        past = cached ? present : null;
        const seqLen = dims[1]!, vocab = dims[2]!;
        const next: number[] = [];
        for (let b = 0; b < batch; b++) {
          const r = results[b]!;
          if (r.done) {
            next.push(this.padTokenId);
            continue;
          }
          const row = logits.subarray(
            (b * seqLen + seqLen - 1) * vocab,
            (b * seqLen + seqLen) * vocab,
          );
          const lp = logSoftmax(row);
          const token = chooseToken(row, options, rngs[b]!);
          r.tokens.push(token);
          r.logprobs.push(lp[token]!);
          r.entropies.push(entropyOf(lp));
          next.push(token);
          if (eos.has(token)) {
            r.done = true;
            r.finishReason = "eos";
          } else if (options.stop?.length) {
            const text = this.decode(r.tokens);
            if (options.stop.some((s) => text.includes(s))) {
              r.done = true;
              r.finishReason = "stop";
            }
          }
          if (options.onToken) {
            const stream = streams[b]!;
            // The last token of a sequence carries the rest of its final text (held bytes, or
            // nothing past a stop string's cut).
            const last = r.done || t + 1 === maxNew;
            const text = last
              ? stream.finish(this.#finalText(r.tokens, r.finishReason, options))
              : stream.push(token);
            options.onToken({ sequence: b, token, text });
          }
        }
        options.onProgress?.(t + 1, maxNew);
        step = next.map((x) => [x]);
        mask = mask.map((row) => [...row, 1]);
        positions = positions.map((row) => [row[row.length - 1]! + 1]);
        if (!cached) {
          rows = rows.map((row, b) => [...row, next[b]!]);
          allPositions = allPositions.map((row) => [...row, row[row.length - 1]! + 1]);
          step = rows;
        }
      }
    } finally {
      disposeGpu(past);
    }
    return results.map((r) => {
      const text = this.#finalText(r.tokens, r.finishReason, options);
      return {
        text,
        tokens: r.tokens,
        logprobs: r.logprobs,
        entropies: r.entropies,
        finishReason: r.finishReason,
      };
    });
  }

  /** A sequence's text: decoded, cut at the first stop string when it stopped on one. */
  #finalText(
    tokens: readonly number[],
    reason: Generation["finishReason"],
    options: GenerateOptions,
  ): string {
    const text = this.decode(tokens);
    if (reason !== "stop") return text;
    const cut = Math.min(...options.stop!.map((s) => text.indexOf(s)).filter((i) => i >= 0));
    return text.slice(0, cut);
  }

  /**
   * Teacher-forced scoring: log P(target | prompt) per target token, for a batch of pairs
   * (left-padded, one forward pass, no cache). Prompt and target are encoded together (the
   * prompt with the tokenizer's leading special tokens, no trailing ones) and the target's tokens
   * are the joint encoding's after the prompt's, so SentencePiece tokenizers do not score a
   * spurious `▁` and merges across the boundary are the model's real tokens (see
   * `boundaryMerged`).
   */
  async scoreTargets(pairs: readonly { prompt: string; target: string }[]): Promise<TargetScore[]> {
    const split = pairs.map((p) => {
      const prompt = withSpecialTokens(
        this.encode(p.prompt, { addSpecialTokens: false }),
        this.#specials,
        {
          suffix: false,
        },
      );
      const joint = withSpecialTokens(
        this.encode(p.prompt + p.target, { addSpecialTokens: false }),
        this.#specials,
        { suffix: false },
      );
      let shared = 0;
      while (shared < prompt.length && joint[shared] === prompt[shared]) shared++;
      return {
        prompt: joint.slice(0, shared),
        target: joint.slice(shared),
        boundaryMerged: shared < prompt.length,
      };
    });
    const scores = await this.scoreTargetIds(split);
    return scores.map((s, i) => ({ ...s, boundaryMerged: split[i]!.boundaryMerged }));
  }

  /** {@linkcode scoreTargets} from token ids. */
  async scoreTargetIds(
    pairs: readonly { prompt: readonly number[]; target: readonly number[] }[],
  ): Promise<TargetScore[]> {
    if (pairs.length === 0) return [];
    if (this.rowByRow && pairs.length > 1) {
      const out: TargetScore[] = [];
      for (const p of pairs) out.push(...await this.scoreTargetIds([p]));
      return out;
    }
    const seqs = pairs.map((p) => [...p.prompt, ...p.target]);
    const { width, logits, dims } = await this.#forwardPadded(seqs);
    const vocab = dims[2]!;
    return pairs.map((p, b) => {
      const offset = width - seqs[b]!.length;
      const logprobs = p.target.map((token, i) => {
        const at = offset + p.prompt.length + i - 1;
        if (at < offset) throw new RangeError("Cannot score a target with an empty prompt");
        return logSoftmax(
          logits.subarray((b * width + at) * vocab, (b * width + at + 1) * vocab),
        )[token]!;
      });
      return { tokens: [...p.target], logprobs, total: logprobs.reduce((s, x) => s + x, 0) };
    });
  }

  /**
   * The raw `logits` output of one forward pass over a left-padded batch, without cache, with its
   * dims (e.g. `[batch, labels]` for a sequence-classification model).
   */
  async forward(
    ids: readonly (readonly number[])[],
  ): Promise<{ data: Float32Array; dims: readonly number[] }> {
    if (this.rowByRow && ids.length > 1) {
      throw new Error("Cannot run a padded batch through a GroupQueryAttention model");
    }
    const { logits, dims } = await this.#forwardPadded(ids);
    return { data: logits, dims };
  }

  /** Full logits `[batch][position][vocab]` of one forward pass without cache (for tests and analysis). */
  async logits(ids: readonly (readonly number[])[]): Promise<Float32Array[][]> {
    if (this.rowByRow && ids.length > 1) {
      const out: Float32Array[][] = [];
      for (const row of ids) out.push(...await this.logits([row]));
      return out;
    }
    const { width, logits, dims } = await this.#forwardPadded(ids);
    const vocab = dims[2]!;
    return ids.map((_, b) =>
      Array.from(
        { length: width },
        (_, t) => logits.slice((b * width + t) * vocab, (b * width + t + 1) * vocab),
      )
    );
  }

  /** Releases the inference session. */
  async dispose(): Promise<void> {
    await this.#session.release();
  }

  /** Same as {@linkcode dispose}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
