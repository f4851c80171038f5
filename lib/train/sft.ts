/**
 * Supervised training of the small decoder on compact examples: next-token cross-entropy on
 * the response (and its end-of-sequence token), AdamW with warm-up, cosine decay and clipping,
 * seeded data, checkpoints as plain files, and progress with loss, token accuracy and exact
 * match on held-out examples.
 * @module
 */
import { join } from "node:path";
import type { numpy as np } from "@jax-js/jax";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { createRng } from "../random/rng.ts";
import { type AdamOptions, type AdamState, adamStep, createAdam } from "./adam.ts";
import { chainExamples, type ChainOptions, type DepthMix, type TextExample } from "./chain_data.ts";
import { type CharTokenizer, encodeChars } from "./char_tokenizer.ts";
import {
  type DecoderConfig,
  type DecoderWeights,
  f32,
  flattenWeights,
  forwardConsts,
  i32,
  initWeights,
  type JaxParams,
  logitsFn,
  lossAndGradFn,
  toJax,
  unflattenWeights,
  weightShapes,
} from "./model.ts";

/** A batch as plain arrays: ids `[B*T]`, next-token targets `[B*T]`, response mask `[B*T]`. */
export interface TokenBatch {
  /** Rows `B`. */
  readonly batch: number;
  /** Positions per row `T`. */
  readonly width: number;
  /** Token ids, `[B*T]`. */
  readonly ids: Int32Array;
  /** Next-token targets, `[B*T]`. */
  readonly targets: Int32Array;
  /** 1 where the target is a response token (or its end of sequence). */
  readonly mask: Float32Array;
}

/**
 * Packs examples into a right-padded batch of width `width`: `prompt + response + EOS`, with
 * the loss mask on the response and EOS targets. A sequence longer than `width + 1` tokens is
 * an error naming the example.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { packBatch } from "./sft.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * const b = packBatch(charTokenizer(), [{ prompt: "1+1:", response: "2" }], 6);
 * // inputs 1 + 1 : 2 <eos>; targets shifted by one; the loss covers "2" and <eos>
 * assertEquals([...b.mask], [0, 0, 0, 1, 1, 0]);
 * ```
 */
export function packBatch(
  tok: CharTokenizer,
  examples: readonly Pick<TextExample, "prompt" | "response">[],
  width: number,
): TokenBatch {
  const B = examples.length;
  const ids = new Int32Array(B * width).fill(tok.padId);
  const targets = new Int32Array(B * width).fill(tok.padId);
  const mask = new Float32Array(B * width);
  examples.forEach((ex, b) => {
    const prompt = encodeChars(tok, ex.prompt);
    const seq = [...prompt, ...encodeChars(tok, ex.response), tok.eosId];
    if (seq.length > width + 1) {
      throw new RangeError(
        `Example ${b} (${JSON.stringify(ex.prompt)}) needs ${
          seq.length - 1
        } positions, more than the batch width ${width}`,
      );
    }
    for (let t = 0; t + 1 < seq.length; t++) {
      ids[b * width + t] = seq[t]!;
      targets[b * width + t] = seq[t + 1]!;
      if (t + 1 >= prompt.length) mask[b * width + t] = 1;
    }
  });
  return { batch: B, width, ids, targets, mask };
}

function oneHot(targets: Int32Array, vocab: number): Float32Array {
  const out = new Float32Array(targets.length * vocab);
  targets.forEach((t, i) => (out[i * vocab + t] = 1));
  return out;
}

/** Per-example teacher-forced results of a batch: token accuracy and exact match. */
export interface TeacherForced {
  /** Response tokens predicted right (argmax), over response tokens. */
  readonly tokenAccuracy: number;
  /** Per example: every response token (and EOS) right, i.e. greedy decoding reproduces it. */
  readonly exact: boolean[];
}

/**
 * Teacher-forced evaluation: one forward pass, argmax at every response position. An example
 * is an exact match exactly when greedy decoding would produce its response (ties aside).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { packBatch, teacherForced } from "./sft.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { initWeights } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const r = teacherForced(c, initWeights(c, 0), packBatch(charTokenizer(), [{ prompt: "1+1:", response: "2" }], 8));
 * assertEquals(r.exact.length, 1);
 * ```
 */
export function teacherForced(
  c: DecoderConfig,
  weights: DecoderWeights,
  batch: TokenBatch,
  forward: ReturnType<typeof logitsFn> = logitsFn(c),
): TeacherForced {
  const ids = i32(batch.ids, [batch.batch, batch.width]);
  const logits = forward(toJax(c, weights), ids, forwardConsts(c, batch.width));
  const data = logits.dataSync() as Float32Array;
  const V = c.vocabSize;
  let right = 0, total = 0;
  const exact = Array.from({ length: batch.batch }, () => true);
  for (let i = 0; i < batch.ids.length; i++) {
    if (!batch.mask[i]) continue;
    let best = 0;
    for (let v = 1; v < V; v++) if (data[i * V + v]! > data[i * V + best]!) best = v;
    total++;
    if (best === batch.targets[i]) right++;
    else exact[Math.floor(i / batch.width)] = false;
  }
  return { tokenAccuracy: total ? right / total : 0, exact };
}

/**
 * Loss and gradients of one batch, as plain arrays in {@linkcode weightShapes} order.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { lossAndGrads, packBatch } from "./sft.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { initWeights } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const { grads } = lossAndGrads(c, initWeights(c, 0), packBatch(charTokenizer(), [{ prompt: "1+1:", response: "2" }], 8));
 * assertEquals(grads[0]!.length, 26 * 8);
 * ```
 */
export function lossAndGrads(
  c: DecoderConfig,
  weights: DecoderWeights,
  batch: TokenBatch,
  fn: ReturnType<typeof lossAndGradFn> = lossAndGradFn(c),
  tokenWeights?: Float32Array,
): { loss: number; grads: Float32Array[] } {
  const count = batch.mask.reduce((s, x) => s + x, 0);
  const w = tokenWeights ?? batch.mask.map((m) => (count > 0 ? m / count : 0));
  const [loss, grads] = fn(toJax(c, weights), {
    ids: i32(batch.ids, [batch.batch, batch.width]),
    targets: f32(oneHot(batch.targets, c.vocabSize), [batch.batch, batch.width, c.vocabSize]),
    weights: f32(w, [batch.batch, batch.width]),
  }, forwardConsts(c, batch.width));
  const value = (loss.dataSync() as Float32Array)[0]!;
  return { loss: value, grads: orderedGrads(c, grads as JaxParams) };
}

/**
 * Gradient arrays in {@linkcode weightShapes} order, copied out and disposed.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { orderedGrads } from "./sft.ts";
 * import { initWeights, toJax } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const w = initWeights(c, 0);
 * assertEquals(orderedGrads(c, toJax(c, w))[0], w.embed);
 * ```
 */
export function orderedGrads(c: DecoderConfig, g: JaxParams): Float32Array[] {
  const arrays: np.Array[] = [
    g.embed,
    ...g.layers.flatMap((l) => [
      l.inputNorm,
      l.q,
      l.k,
      l.v,
      l.o,
      l.postNorm,
      l.gate,
      l.up,
      l.down,
    ]),
    g.finalNorm,
    g.lmHead,
  ];
  if (arrays.length !== weightShapes(c).length) throw new Error("Gradient tree has wrong shape");
  return arrays.map((a) => {
    // dataSync consumes the array (jax-js ownership), so nothing is left to dispose.
    return Float32Array.from(a.dataSync() as Float32Array);
  });
}

/** A kind of training batch: how often it is drawn, its depth mixture and its width. */
export interface BatchKind {
  /** Relative frequency of this kind. */
  readonly weight: number;
  /** Depth mixture of its chains. */
  readonly mix: DepthMix;
  /** Batch width in positions. */
  readonly width: number;
}

/** One line of training progress. */
export interface SftProgress {
  /** 1-based step number. */
  readonly step: number;
  /** Mean token cross-entropy of the step's batch. */
  readonly loss: number;
  /** Learning rate of the step. */
  readonly lr: number;
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
  /** Seconds since the start (this run). */
  readonly elapsed: number;
  /** Tokens (positions) processed per second over this run. */
  readonly tokensPerSecond: number;
  /** Set on evaluation steps: held-out token accuracy and exact match, overall and by depth. */
  readonly eval?: {
    readonly tokenAccuracy: number;
    readonly exactMatch: number;
    readonly byDepth: Record<string, number>;
  };
}

/** Options for {@linkcode trainSupervised}. */
export interface SftOptions {
  /** Shape of the model. */
  readonly config: DecoderConfig;
  /** The tokenizer the model reads. */
  readonly tokenizer: CharTokenizer;
  /** Steps to run (in total, counting resumed ones). */
  readonly steps: number;
  /** Default 64. */
  readonly batchSize?: number;
  /** Batch width in positions (with `mix`, for a single kind of batch). Default 24. */
  readonly width?: number;
  /** Depth mixture of the training chains. Default `[0.4, 0.3, 0.3]` (depths 1–3). */
  readonly mix?: DepthMix;
  /**
   * Kinds of batch, drawn per step by weight, each with its depth mixture and width (so short
   * chains train in narrow batches). Default: one kind from `mix` and `width`.
   */
  readonly batches?: readonly BatchKind[];
  /** How the chains are composed. */
  readonly chain?: ChainOptions;
  /** Your own example source instead of chains: examples for step `step`. */
  readonly examples?: (step: number, batchSize: number) => TextExample[];
  /** Held-out examples for evaluation (at the widest batch width). Default: 32 chains per depth of each batch kind, from seeds `seed + 1000 + …`. */
  readonly heldOut?: readonly TextExample[];
  /** Optimiser settings. */
  readonly adam?: AdamOptions;
  /** Seeds the initial weights and the data. Default 0. */
  readonly seed?: number;
  /** Evaluate every this many steps. Default 100. */
  readonly evalEvery?: number;
  /** Folder for checkpoints and the JSON-lines log. Default: none. */
  readonly outDir?: string;
  /** Checkpoint every this many steps. Default 250. */
  readonly checkpointEvery?: number;
  /** Resume from `outDir`'s checkpoint when there is one. Default true. */
  readonly resume?: boolean;
  /** Start from these weights instead of a fresh seeded init. */
  readonly initial?: DecoderWeights;
  /**
   * Start from these Adam moments (a checkpoint's, to fine-tune the model it trained) instead of
   * fresh ones; the warm-up and decay of `adam` then count from the moments' step. A resumed
   * `outDir` checkpoint takes precedence.
   */
  readonly adamState?: AdamState;
  /** Stop when the wall clock passes this many seconds. */
  readonly maxSeconds?: number;
  /** Called after each step with its progress. */
  readonly onProgress?: (p: SftProgress) => void;
}

/** The result of {@linkcode trainSupervised}. */
export interface SftResult {
  /** The trained weights. */
  readonly weights: DecoderWeights;
  /** Steps reached (resumed ones included). */
  readonly steps: number;
  /** Wall-clock seconds of this run. */
  readonly seconds: number;
  /** Progress of each step of this run. */
  readonly log: SftProgress[];
}

/** A checkpoint on disk: `checkpoint.json` (config, step, shapes) and `weights.bin`, `adam.bin` (float32, little-endian). */
export interface Checkpoint {
  /** Shape of the model. */
  readonly config: DecoderConfig;
  /** Steps trained. */
  readonly step: number;
  /** The weights. */
  readonly weights: DecoderWeights;
  /** The optimiser state. */
  readonly adam: AdamState;
}

function concat(arrays: readonly Float32Array[]): Uint8Array {
  const n = arrays.reduce((s, a) => s + a.length, 0);
  const out = new Float32Array(n);
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return new Uint8Array(out.buffer);
}

function split(c: DecoderConfig, bytes: Uint8Array, file: string): Float32Array[] {
  const shapes = weightShapes(c);
  const sizes = shapes.map((s) => s.shape.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (bytes.byteLength !== total * 4) {
    throw new RangeError(
      `${file}: expected ${total * 4} bytes (${total} float32 weights), found ${bytes.byteLength}`,
    );
  }
  const all = new Float32Array(bytes.slice().buffer);
  let at = 0;
  return sizes.map((n) => all.slice(at, at += n));
}

/**
 * Writes a checkpoint as plain files into `dir`.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { loadCheckpoint, saveCheckpoint } from "./sft.ts";
 * import { createAdam } from "./adam.ts";
 * import { flattenWeights, initWeights } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const dir = await Deno.makeTempDir();
 * const weights = initWeights(c, 0);
 * await saveCheckpoint(dir, { config: c, step: 3, weights, adam: createAdam(flattenWeights(weights)) });
 * assertEquals((await loadCheckpoint(dir))!.weights, weights);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function saveCheckpoint(dir: string, ck: Checkpoint): Promise<void> {
  await writeFileAtomic(join(dir, "weights.bin"), concat(flattenWeights(ck.weights)));
  await writeFileAtomic(join(dir, "adam.bin"), concat([...ck.adam.m, ...ck.adam.v]));
  await writeFileAtomic(
    join(dir, "checkpoint.json"),
    JSON.stringify(
      {
        config: ck.config,
        step: ck.step,
        adamStep: ck.adam.step,
        weights: weightShapes(ck.config),
      },
      null,
      2,
    ) + "\n",
  );
}

/**
 * Reads a checkpoint written by {@linkcode saveCheckpoint}, or `null` when `dir` has none.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { loadCheckpoint } from "./sft.ts";
 * const dir = await Deno.makeTempDir();
 * assertEquals(await loadCheckpoint(dir), null);
 * await Deno.remove(dir);
 * ```
 */
export async function loadCheckpoint(dir: string): Promise<Checkpoint | null> {
  let meta: { config: DecoderConfig; step: number; adamStep: number };
  try {
    meta = JSON.parse(await Deno.readTextFile(join(dir, "checkpoint.json")));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw new Error(`${join(dir, "checkpoint.json")}: ${e instanceof Error ? e.message : e}`);
  }
  const c = meta.config;
  const weights = unflattenWeights(
    c,
    split(c, await Deno.readFile(join(dir, "weights.bin")), join(dir, "weights.bin")),
  );
  let adam: AdamState;
  try {
    const bytes = await Deno.readFile(join(dir, "adam.bin"));
    const half = bytes.byteLength / 2;
    adam = {
      step: meta.adamStep,
      m: split(c, bytes.slice(0, half), join(dir, "adam.bin")),
      v: split(c, bytes.slice(half), join(dir, "adam.bin")),
    };
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    adam = createAdam(flattenWeights(weights));
  }
  return { config: c, step: meta.step, weights, adam };
}

/**
 * {@linkcode loadCheckpoint}, with an error naming the missing `checkpoint.json` instead of `null`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requireCheckpoint, saveCheckpoint } from "./sft.ts";
 * import { createAdam } from "./adam.ts";
 * import { flattenWeights, initWeights } from "./model.ts";
 * const dir = await Deno.makeTempDir();
 * await assert.rejects(() => requireCheckpoint(dir), /checkpoint\.json is missing/);
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const weights = initWeights(c, 0);
 * await saveCheckpoint(dir, { config: c, step: 3, weights, adam: createAdam(flattenWeights(weights)) });
 * assert.equal((await requireCheckpoint(dir)).step, 3);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function requireCheckpoint(dir: string): Promise<Checkpoint> {
  const ck = await loadCheckpoint(dir);
  if (!ck) throw new Error(`Cannot load weights: ${join(dir, "checkpoint.json")} is missing`);
  return ck;
}

/**
 * Reads only the weights of a checkpoint folder (`weights.bin` and `checkpoint.json`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadWeights, saveCheckpoint } from "./sft.ts";
 * import { createAdam } from "./adam.ts";
 * import { flattenWeights, initWeights } from "./model.ts";
 * const dir = await Deno.makeTempDir();
 * await assert.rejects(() => loadWeights(dir), /checkpoint\.json is missing/);
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const weights = initWeights(c, 0);
 * await saveCheckpoint(dir, { config: c, step: 1, weights, adam: createAdam(flattenWeights(weights)) });
 * assert.deepEqual(await loadWeights(dir), { config: c, weights });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadWeights(
  dir: string,
): Promise<{ config: DecoderConfig; weights: DecoderWeights }> {
  const { config, weights } = await requireCheckpoint(dir);
  return { config, weights };
}

/**
 * Held-out chains: `perDepth` per depth of the mix (weight > 0), from seeds `seed + 1000 + depth index`.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { heldOutChains } from "./sft.ts";
 * assertEquals(heldOutChains([1, 0, 1], 0, 4).map((e) => e.depth), [1, 1, 1, 1, 3, 3, 3, 3]);
 * ```
 */
export function heldOutChains(
  mix: DepthMix,
  seed: number,
  perDepth = 64,
  chain: ChainOptions = {},
): TextExample[] {
  return mix.flatMap((weight, d) => {
    if (!(weight > 0)) return [];
    const m = mix.map((_, j) => (j === d ? 1 : 0));
    return chainExamples(perDepth, m, seed + 1000 + d, { split: "heldout", ...chain });
  });
}

/**
 * Evaluates held-out examples teacher-forced in batches: token accuracy, exact match, and
 * exact match by depth.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { evaluateTeacherForced } from "./sft.ts";
 * import { chainExamples } from "./chain_data.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { initWeights } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const r = evaluateTeacherForced(c, charTokenizer(), initWeights(c, 0), chainExamples(3, [1], 0), 12);
 * assertEquals(Object.keys(r.byDepth), ["1"]);
 * ```
 */
export function evaluateTeacherForced(
  c: DecoderConfig,
  tok: CharTokenizer,
  weights: DecoderWeights,
  examples: readonly TextExample[],
  width: number,
  forward: ReturnType<typeof logitsFn> = logitsFn(c),
  batchSize = 64,
): NonNullable<SftProgress["eval"]> {
  let right = 0, total = 0;
  const byDepth: Record<string, [number, number]> = {};
  const exactAll: boolean[] = [];
  for (let i = 0; i < examples.length; i += batchSize) {
    const chunk = examples.slice(i, i + batchSize);
    while (chunk.length < batchSize) chunk.push(chunk[chunk.length - 1]!);
    const batch = packBatch(tok, chunk, width);
    const r = teacherForced(c, weights, batch, forward);
    const n = Math.min(batchSize, examples.length - i);
    const tokens = batch.mask.reduce((s, x) => s + x, 0);
    right += r.tokenAccuracy * tokens * (n / batchSize);
    total += tokens * (n / batchSize);
    for (let j = 0; j < n; j++) {
      const d = String(chunk[j]!.depth);
      byDepth[d] ??= [0, 0];
      byDepth[d]![0] += r.exact[j] ? 1 : 0;
      byDepth[d]![1] += 1;
      exactAll.push(r.exact[j]!);
    }
  }
  return {
    tokenAccuracy: total ? right / total : 0,
    exactMatch: exactAll.filter(Boolean).length / Math.max(1, exactAll.length),
    byDepth: Object.fromEntries(Object.entries(byDepth).map(([d, [a, n]]) => [d, a / n])),
  };
}

/**
 * Trains the decoder on compact examples (chains of the mix by default). Everything random
 * comes from `seed`; with `outDir` it writes `train_log.jsonl` (one {@linkcode SftProgress}
 * per line) and checkpoints, and resumes from them.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { trainSupervised } from "./sft.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * const tokenizer = charTokenizer();
 * const config = { vocabSize: tokenizer.vocabSize, hiddenSize: 16, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 32, maxPositions: 16 };
 * const r = trainSupervised({ config, tokenizer, steps: 3, batchSize: 4, width: 12, mix: [1], evalEvery: 3, heldOut: [] , adam: { warmupSteps: 1 } });
 * const run = await r;
 * assertEquals(run.steps, 3);
 * assertEquals(run.log.length, 3);
 * ```
 */
export async function trainSupervised(o: SftOptions): Promise<SftResult> {
  const c = o.config, tok = o.tokenizer;
  if (c.vocabSize !== tok.vocabSize) {
    throw new RangeError(
      `config.vocabSize ${c.vocabSize} does not match the tokenizer's ${tok.vocabSize}`,
    );
  }
  const seed = o.seed ?? 0, B = o.batchSize ?? 64;
  const kinds: readonly BatchKind[] = o.batches ??
    [{ weight: 1, mix: o.mix ?? [0.4, 0.3, 0.3], width: o.width ?? 24 }];
  const heldOutSets = o.heldOut
    ? [{ examples: o.heldOut, width: Math.max(...kinds.map((k) => k.width)) }]
    : kinds.map((k, i) => ({
      examples: heldOutChains(k.mix, seed + 100 * i, 32, o.chain),
      width: k.width,
    }));
  const evaluate = (w: DecoderWeights): NonNullable<SftProgress["eval"]> => {
    const parts = heldOutSets.filter((h) => h.examples.length).map((h) => ({
      n: h.examples.length,
      r: evaluateTeacherForced(c, tok, w, h.examples, h.width, fwd),
    }));
    const n = parts.reduce((s, p) => s + p.n, 0);
    return {
      tokenAccuracy: parts.reduce((s, p) => s + p.r.tokenAccuracy * p.n, 0) / n,
      exactMatch: parts.reduce((s, p) => s + p.r.exactMatch * p.n, 0) / n,
      byDepth: Object.assign({}, ...parts.map((p) => p.r.byDepth)),
    };
  };
  const hasHeldOut = heldOutSets.some((h) => h.examples.length > 0);
  const evalEvery = o.evalEvery ?? 100, ckEvery = o.checkpointEvery ?? 250;
  let step = 0;
  let weights = o.initial ?? initWeights(c, seed);
  let adam: AdamState | null = null;
  if (o.outDir && (o.resume ?? true)) {
    const ck = await loadCheckpoint(o.outDir);
    if (ck) {
      if (JSON.stringify(ck.config) !== JSON.stringify(c)) {
        throw new Error(
          `${join(o.outDir, "checkpoint.json")}: its config differs from the requested one`,
        );
      }
      ({ step, weights, adam } = ck);
    }
  }
  const flat = flattenWeights(weights).map((a) => Float32Array.from(a));
  const scheduleFrom = o.adamState?.step ?? 0;
  adam ??= o.adamState
    ? {
      step: o.adamState.step,
      m: o.adamState.m.map((a) => a.slice()),
      v: o.adamState.v.map((a) => a.slice()),
    }
    : createAdam(flat);
  const decay = weightShapes(c).map((s) => s.shape.length > 1);
  const lg = lossAndGradFn(c), fwd = logitsFn(c);
  const log: SftProgress[] = [];
  const start = performance.now();
  let tokens = 0;
  const logFile = o.outDir ? join(o.outDir, "train_log.jsonl") : null;
  if (o.outDir) await Deno.mkdir(o.outDir, { recursive: true });
  const save = async () => {
    if (o.outDir) {
      await saveCheckpoint(o.outDir, {
        config: c,
        step,
        weights: unflattenWeights(c, flat),
        adam: adam!,
      });
    }
  };
  while (step < o.steps) {
    const kind = kinds[
      createRng(["sft_batch_kind", seed, step]).weighted(kinds.map((k) => k.weight))
    ]!;
    const width = kind.width;
    const examples = o.examples
      ? o.examples(step, B)
      : chainExamples(B, kind.mix, seed * 1_000_003 + step, o.chain);
    const batch = packBatch(tok, examples, width);
    const { loss, grads } = lossAndGrads(c, unflattenWeights(c, flat), batch, lg);
    if (!Number.isFinite(loss)) throw new Error(`Training diverged at step ${step}: loss ${loss}`);
    const { lr, gradNorm } = adamStep(
      flat,
      grads,
      adam,
      { totalSteps: o.steps, ...(scheduleFrom ? { scheduleFrom } : {}), ...o.adam },
      decay,
    );
    step++;
    tokens += B * width;
    const elapsed = (performance.now() - start) / 1000;
    const line: SftProgress = {
      step,
      loss,
      lr,
      gradNorm,
      elapsed,
      tokensPerSecond: tokens / Math.max(elapsed, 1e-9),
      ...((step % evalEvery === 0 || step === o.steps) && hasHeldOut
        ? { eval: evaluate(unflattenWeights(c, flat)) }
        : {}),
    };
    log.push(line);
    o.onProgress?.(line);
    if (logFile) await Deno.writeTextFile(logFile, JSON.stringify(line) + "\n", { append: true });
    if (step % ckEvery === 0) await save();
    if (o.maxSeconds !== undefined && elapsed > o.maxSeconds) break;
  }
  await save();
  return {
    weights: unflattenWeights(c, flat),
    steps: step,
    seconds: (performance.now() - start) / 1000,
    log,
  };
}
