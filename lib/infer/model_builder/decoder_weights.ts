import { createRng } from "../../random/rng.ts";

/** The shape of a small Llama/Qwen-style decoder. */
export interface DecoderConfig {
  /** Vocabulary size. */
  readonly vocabSize: number;
  /** Hidden (residual stream) width. */
  readonly hiddenSize: number;
  /** Number of decoder layers. */
  readonly numLayers: number;
  /** Attention (query) heads. */
  readonly numHeads: number;
  /** Fewer than `numHeads` gives grouped-query attention. */
  readonly numKvHeads: number;
  /** Width of the SwiGLU MLP. */
  readonly intermediateSize: number;
  /** Longest sequence (rotary table length). */
  readonly maxPositions: number;
  /** Default 10,000. */
  readonly ropeTheta?: number;
  /** Default 1e-6. */
  readonly rmsEps?: number;
  /**
   * Per-head dimension when it is not `hiddenSize / numHeads` (config.json's `head_dim`, as in
   * Qwen3 and Gemma). Default `hiddenSize / numHeads`.
   */
  readonly headDim?: number;
  /**
   * KV heads of each layer when they differ between layers (per-layer cache shapes, as in
   * Gemma-3n); each must divide `numHeads`. Default `numKvHeads` for every layer. Only the
   * standard-ops decoder supports it.
   */
  readonly kvHeadsPerLayer?: readonly number[];
}

/** Weights of one layer (row-major, `[in, out]` for projections). */
export interface LayerWeights {
  /** RMSNorm weight before attention `[hidden]`. */
  readonly inputNorm: Float32Array;
  /** Query projection `[hidden, heads * headDim]`. */
  readonly q: Float32Array;
  /** Key projection `[hidden, kvHeads * headDim]`. */
  readonly k: Float32Array;
  /** Value projection `[hidden, kvHeads * headDim]`. */
  readonly v: Float32Array;
  /** Output projection `[heads * headDim, hidden]`. */
  readonly o: Float32Array;
  /** RMSNorm weight before the MLP `[hidden]`. */
  readonly postNorm: Float32Array;
  /** SwiGLU gate projection `[hidden, intermediate]`. */
  readonly gate: Float32Array;
  /** SwiGLU up projection `[hidden, intermediate]`. */
  readonly up: Float32Array;
  /** SwiGLU down projection `[intermediate, hidden]`. */
  readonly down: Float32Array;
}

/** All weights of a decoder. */
export interface DecoderWeights {
  /** Token embeddings `[vocab, hidden]`. */
  readonly embed: Float32Array;
  /** The layers' weights, in order. */
  readonly layers: readonly LayerWeights[];
  /** Final RMSNorm weight `[hidden]`. */
  readonly finalNorm: Float32Array;
  /** Language-model head `[hidden, vocab]`. */
  readonly lmHead: Float32Array;
}

/** Head dimension of a config: `headDim` when given, else `hiddenSize / numHeads`. */
export function headDim(c: DecoderConfig): number {
  return c.headDim ?? c.hiddenSize / c.numHeads;
}

/**
 * KV heads of layer `layer` (`kvHeadsPerLayer[layer]`, else `numKvHeads`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kvHeadsOf } from "./decoder_weights.ts";
 * const c = { vocabSize: 8, hiddenSize: 8, numLayers: 2, numHeads: 4, numKvHeads: 2, intermediateSize: 8, maxPositions: 8, kvHeadsPerLayer: [2, 1] };
 * assert.deepEqual([kvHeadsOf(c, 0), kvHeadsOf(c, 1)], [2, 1]);
 * ```
 */
export function kvHeadsOf(c: DecoderConfig, layer: number): number {
  return c.kvHeadsPerLayer?.[layer] ?? c.numKvHeads;
}

/**
 * Seeded random weights for a decoder config (normal, scaled by 1/sqrt(fan-in); norms near 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomDecoderWeights } from "./decoder_weights.ts";
 * const c = { vocabSize: 16, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 32 };
 * const w = randomDecoderWeights(c, 1);
 * assert.equal(w.layers.length, 1);
 * assert.equal(w.embed.length, 16 * 8);
 * assert.deepEqual(randomDecoderWeights(c, 1), w); // the same seed, the same weights
 * ```
 */
export function randomDecoderWeights(c: DecoderConfig, seed: number): DecoderWeights {
  const h = c.hiddenSize, d = headDim(c);
  if (!Number.isInteger(d) || d % 2 !== 0) {
    throw new RangeError(`the head dimension must be an even integer, got ${d}`);
  }
  for (let i = 0; i < c.numLayers; i++) {
    if (c.numHeads % kvHeadsOf(c, i) !== 0) {
      throw new RangeError(`numHeads must be a multiple of layer ${i}'s KV heads`);
    }
  }
  const rng = createRng(["decoder_weights", seed]);
  const normal = (n: number, scale: number) =>
    Float32Array.from({ length: n }, () => rng.normal() * scale);
  const norm = (n: number) => Float32Array.from({ length: n }, () => 1 + 0.1 * rng.normal());
  return {
    embed: normal(c.vocabSize * h, 1),
    layers: Array.from({ length: c.numLayers }, (_, i) => ({
      inputNorm: norm(h),
      q: normal(h * c.numHeads * d, 1 / Math.sqrt(h)),
      k: normal(h * kvHeadsOf(c, i) * d, 1 / Math.sqrt(h)),
      v: normal(h * kvHeadsOf(c, i) * d, 1 / Math.sqrt(h)),
      o: normal(c.numHeads * d * h, 1 / Math.sqrt(c.numHeads * d)),
      postNorm: norm(h),
      gate: normal(h * c.intermediateSize, 1 / Math.sqrt(h)),
      up: normal(h * c.intermediateSize, 1 / Math.sqrt(h)),
      down: normal(c.intermediateSize * h, 1 / Math.sqrt(c.intermediateSize)),
    })),
    finalNorm: norm(h),
    lmHead: normal(h * c.vocabSize, 2 / Math.sqrt(h)),
  };
}

/** Rotary tables `[maxPositions, headDim]` (HF Llama layout: frequencies repeated twice). */
export function rotaryTables(c: DecoderConfig): { cos: Float32Array; sin: Float32Array } {
  const d = headDim(c), theta = c.ropeTheta ?? 10000;
  const cos = new Float32Array(c.maxPositions * d), sin = new Float32Array(c.maxPositions * d);
  for (let p = 0; p < c.maxPositions; p++) {
    for (let j = 0; j < d / 2; j++) {
      const angle = p / theta ** ((2 * j) / d);
      cos[p * d + j] = cos[p * d + j + d / 2] = Math.cos(angle);
      sin[p * d + j] = sin[p * d + j + d / 2] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

/**
 * A plain TypeScript forward pass (one sequence, no cache): the logits `[seq, vocab]` the ONNX
 * graphs must reproduce. Used as the independent reference in tests.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomDecoderWeights, referenceLogits } from "./decoder_weights.ts";
 * const c = { vocabSize: 16, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 32 };
 * const w = randomDecoderWeights(c, 1);
 * const logits = referenceLogits(c, w, [3, 1, 4]);
 * assert.deepEqual(logits.map((row) => row.length), [16, 16, 16]);
 * // causal: a position's logits do not depend on later tokens
 * const prefix = referenceLogits(c, w, [3, 1]);
 * assert.ok(prefix[1]!.every((x, i) => Math.abs(x - logits[1]![i]!) < 1e-5));
 * ```
 */
export function referenceLogits(
  c: DecoderConfig,
  w: DecoderWeights,
  ids: readonly number[],
): Float32Array[] {
  return referenceFinalStates(c, w, ids).map((s) => matvecRows(s, w.lmHead, c.vocabSize));
}

function matvecRows(x: Float32Array, m: Float32Array, out: number): Float32Array {
  const y = new Float32Array(out);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    for (let j = 0; j < out; j++) y[j] = y[j]! + xi * m[i * out + j]!;
  }
  return y;
}

/**
 * The final normalised hidden states `[seq, hidden]` of the reference forward pass (before the
 * language-model or classification head).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomDecoderWeights, referenceFinalStates } from "./decoder_weights.ts";
 * const c = { vocabSize: 16, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 32 };
 * const states = referenceFinalStates(c, randomDecoderWeights(c, 1), [3, 1, 4]);
 * assert.deepEqual(states.map((s) => s.length), [8, 8, 8]);
 * assert.ok(states.every((s) => s.every(Number.isFinite)));
 * ```
 */
export function referenceFinalStates(
  c: DecoderConfig,
  w: DecoderWeights,
  ids: readonly number[],
): Float32Array[] {
  const h = c.hiddenSize,
    d = headDim(c),
    nh = c.numHeads,
    eps = c.rmsEps ?? 1e-6;
  const { cos, sin } = rotaryTables(c);
  const matvec = (x: Float32Array, m: Float32Array, out: number) => {
    const y = new Float32Array(out);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      for (let j = 0; j < out; j++) y[j] = y[j]! + xi * m[i * out + j]!;
    }
    return y;
  };
  const rms = (x: Float32Array, g: Float32Array) => {
    let ms = 0;
    for (const v of x) ms += v * v;
    const inv = 1 / Math.sqrt(ms / x.length + eps);
    return x.map((v, i) => v * inv * g[i]!);
  };
  const rope = (x: Float32Array, pos: number) => {
    const out = new Float32Array(x.length);
    for (let head = 0; head < x.length / d; head++) {
      for (let j = 0; j < d; j++) {
        const i = head * d + j;
        const rot = j < d / 2 ? -x[i + d / 2]! : x[i - d / 2]!;
        out[i] = x[i]! * cos[pos * d + j]! + rot * sin[pos * d + j]!;
      }
    }
    return out;
  };
  let states = ids.map((id) => w.embed.slice(id * h, (id + 1) * h));
  for (const [li, layer] of w.layers.entries()) {
    const kv = kvHeadsOf(c, li);
    const normed = states.map((s) => rms(s, layer.inputNorm));
    const qs = normed.map((x, p) => rope(matvec(x, layer.q, nh * d), p));
    const ks = normed.map((x, p) => rope(matvec(x, layer.k, kv * d), p));
    const vs = normed.map((x) => matvec(x, layer.v, kv * d));
    const attn = qs.map((q, p) => {
      const out = new Float32Array(nh * d);
      for (let head = 0; head < nh; head++) {
        const g = Math.floor(head / (nh / kv));
        const scores = Array.from({ length: p + 1 }, (_, t) => {
          let s = 0;
          for (let j = 0; j < d; j++) s += q[head * d + j]! * ks[t]![g * d + j]!;
          return s / Math.sqrt(d);
        });
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const z = e.reduce((a, b) => a + b, 0);
        for (let t = 0; t <= p; t++) {
          for (let j = 0; j < d; j++) {
            out[head * d + j] = out[head * d + j]! + (e[t]! / z) * vs[t]![g * d + j]!;
          }
        }
      }
      return matvec(out, layer.o, h);
    });
    states = states.map((s, p) => s.map((v, i) => v + attn[p]![i]!));
    states = states.map((s) => {
      const x = rms(s, layer.postNorm);
      const g = matvec(x, layer.gate, c.intermediateSize),
        u = matvec(x, layer.up, c.intermediateSize);
      const a = g.map((v, i) => (v / (1 + Math.exp(-v))) * u[i]!);
      const down = matvec(a, layer.down, h);
      return s.map((v, i) => v + down[i]!);
    });
  }
  return states.map((s) => rms(s, w.finalNorm));
}
