import { Template } from "@huggingface/jinja";
import { Tokenizer } from "@huggingface/tokenizers";
import type * as Ort from "onnxruntime-common";
import { createRng } from "../random/rng.ts";
import { type BackendInfo, type BackendName, createSession, type OrtModule } from "./backend.ts";
import {
  checkBackendSupport,
  type ModelDtype,
  type ModelFiles,
  readModelFiles,
} from "./model_files.ts";
import { chooseToken, entropyOf, logSoftmax, type SamplingOptions } from "./sampling.ts";

/** Options for {@linkcode CausalLM.load}. */
export interface LoadModelOptions {
  /** Default `"auto"`. */
  readonly backend?: BackendName | "auto";
  /** Weight variant. Default `"fp32"`. */
  readonly dtype?: ModelDtype;
  /** Threads for the wasm backend. Default 1. */
  readonly wasmThreads?: number;
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
  /** Called for every generated token of every sequence. */
  readonly onToken?: (event: { sequence: number; token: number; text: string }) => void;
  /** Called after each decoding step with (step, maxNewTokens). */
  readonly onProgress?: (step: number, total: number) => void;
}

/** One generated sequence. */
export interface Generation {
  readonly text: string;
  readonly tokens: number[];
  /** log P(token | context) under the model's distribution (temperature 1), per generated token. */
  readonly logprobs: number[];
  /** Entropy (nats) of the model's next-token distribution at each step. */
  readonly entropies: number[];
  readonly finishReason: "eos" | "stop" | "length";
}

/** Teacher-forced scores of one target. */
export interface TargetScore {
  readonly tokens: number[];
  /** log P(target token | prompt, earlier target tokens). */
  readonly logprobs: number[];
  readonly total: number;
}

type Feeds = Record<string, Ort.Tensor>;

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
  readonly files: ModelFiles;
  readonly backend: BackendInfo;
  readonly tokenizer: Tokenizer;
  readonly eosTokenIds: readonly number[];
  readonly padTokenId: number;
  #session: Ort.InferenceSession;
  #ort: OrtModule;
  #template: Template | null;
  #kv: { heads: number; dim: number; layers: string[] };
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
    const meta = this.#inputMeta("past_key_values.0.key");
    this.#kv = {
      heads: Number(
        meta?.shape[1] ?? files.config.num_key_value_heads ?? files.config.num_attention_heads,
      ),
      dim: Number(
        meta?.shape[3] ??
          Number(files.config.hidden_size) / Number(files.config.num_attention_heads),
      ),
      layers: session.inputNames.filter((n) => n.startsWith("past_key_values.")),
    };
  }

  /** Loads a model directory onto a backend, checking the variant can run there. */
  static async load(dir: string, options: LoadModelOptions = {}): Promise<CausalLM> {
    const files = await readModelFiles(dir, options.dtype ?? "fp32");
    const { resolveBackend, describeAdapter } = await import("./backend.ts");
    const backend = await resolveBackend(options.backend ?? "auto");
    const adapter = await describeAdapter();
    checkBackendSupport(files, backend, adapter?.shaderF16 ?? false);
    const bytes = backend === "cpu" ? new Uint8Array(0) : await Deno.readFile(files.onnxPath);
    const externalData = backend === "cpu" ? [] : await Promise.all(
      files.externalData.map(async (e) => ({ path: e.path, data: await Deno.readFile(e.file) })),
    );
    const { session, ort, info } = await createSession(files.onnxPath, bytes, {
      backend,
      externalData,
      ...(options.wasmThreads ? { wasmThreads: options.wasmThreads } : {}),
    });
    const graph = bytes.length ? bytes : await Deno.readFile(files.onnxPath);
    return new CausalLM(files, session, ort, info, containsAscii(graph, "GroupQueryAttention"));
  }

  /** The session's declared inputs. */
  get inputNames(): readonly string[] {
    return this.#session.inputNames;
  }

  #inputMeta(name: string): { shape: readonly (number | string)[]; type: string } | undefined {
    const meta = (this.#session as unknown as {
      inputMetadata?: { name: string; shape: (number | string)[]; type: string }[];
    }).inputMetadata;
    return meta?.find((m) => m.name === name);
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

  /** Token ids of a text (special tokens in the text are recognised; none are added). */
  encode(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  /** Text of token ids. */
  decode(ids: readonly number[], options: { skipSpecialTokens?: boolean } = {}): string {
    return this.tokenizer.decode([...ids], {
      skip_special_tokens: options.skipSpecialTokens ?? true,
    });
  }

  #tensor(
    type: "int64" | "float32" | "bool",
    data: BigInt64Array | Float32Array | Uint8Array | boolean[],
    dims: number[],
  ): Ort.Tensor {
    return new this.#ort.Tensor(type as never, data as never, dims);
  }

  /** Builds the feeds for one step from the declared inputs. */
  #feeds(
    ids: number[][],
    mask: number[][],
    positions: number[][],
    past: Feeds | null,
    allLogits: boolean,
  ): Feeds {
    const batch = ids.length, seq = ids[0]!.length, total = mask[0]!.length;
    const feeds: Feeds = {};
    for (const name of this.#session.inputNames) {
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
      } else if (name.startsWith("past_key_values.")) {
        feeds[name] = past?.[name.replace("past_key_values", "present")] ??
          this.#tensor("float32", new Float32Array(0), [batch, this.#kv.heads, 0, this.#kv.dim]);
      } else if (name === "num_logits_to_keep") {
        feeds[name] = this.#tensor("int64", BigInt64Array.from([allLogits ? 0n : 1n]), []);
      } else if (name === "use_cache_branch") {
        feeds[name] = this.#tensor("bool", [past !== null], [1]);
      } else {throw new Error(
          `Cannot feed model input "${name}": not one Farsight knows how to build`,
        );}
    }
    return feeds;
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

  async #run(
    feeds: Feeds,
  ): Promise<{ logits: Float32Array; dims: readonly number[]; present: Feeds }> {
    const out = await this.#session.run(feeds);
    const present: Feeds = {};
    for (const [k, v] of Object.entries(out)) if (k.startsWith("present")) present[k] = v;
    const logits = out.logits;
    if (!logits) throw new Error("The model has no 'logits' output");
    return { logits: logits.data as Float32Array, dims: logits.dims, present };
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
    let past: Feeds | null = null;
    let step = ids;
    for (let t = 0; t < maxNew && results.some((r) => !r.done); t++) {
      const { logits, dims, present } = await this.#run(
        this.#feeds(step, mask, positions, past, false),
      );
      past = present;
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
        options.onToken?.({ sequence: b, token, text: this.decode([token]) });
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
      }
      options.onProgress?.(t + 1, maxNew);
      step = next.map((x) => [x]);
      mask = mask.map((row) => [...row, 1]);
      positions = positions.map((row) => [row[row.length - 1]! + 1]);
    }
    return results.map((r) => {
      let text = this.decode(r.tokens);
      if (r.finishReason === "stop") {
        const cut = Math.min(...options.stop!.map((s) => text.indexOf(s)).filter((i) => i >= 0));
        text = text.slice(0, cut);
      }
      return {
        text,
        tokens: r.tokens,
        logprobs: r.logprobs,
        entropies: r.entropies,
        finishReason: r.finishReason,
      };
    });
  }

  /**
   * Teacher-forced scoring: log P(target | prompt) per target token, for a batch of pairs
   * (left-padded, one forward pass, no cache).
   */
  async scoreTargets(pairs: readonly { prompt: string; target: string }[]): Promise<TargetScore[]> {
    return await this.scoreTargetIds(
      pairs.map((p) => ({ prompt: this.encode(p.prompt), target: this.encode(p.target) })),
    );
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

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  const pattern = new TextEncoder().encode(text);
  outer: for (let i = 0; i + pattern.length <= bytes.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return true;
  }
  return false;
}
