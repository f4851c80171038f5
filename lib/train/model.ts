/**
 * The trainable decoder: the same architecture as the project's ONNX decoder
 * (`lib/infer/model_builder/standard_decoder.ts`): RMSNorm, rotary positions in Hugging Face's
 * rotate-half layout, grouped-query attention, SwiGLU, written in jax-js so it can be
 * differentiated and jit-compiled. Weights are the plain {@linkcode DecoderWeights} the ONNX
 * writer takes (row-major, `[in, out]` projections), so export is a copy.
 * @module
 */
import { jit, nn, numpy as np, valueAndGrad } from "@jax-js/jax";
import {
  type DecoderConfig,
  type DecoderWeights,
  headDim,
  type LayerWeights,
  rotaryTables,
} from "../infer/model_builder/decoder_weights.ts";
import { createRng } from "../random/rng.ts";

export type { DecoderConfig, DecoderWeights } from "../infer/model_builder/decoder_weights.ts";

/** A jax-js array (`numpy.Array` of `@jax-js/jax`). */
export type JaxArray = np.Array;

/** The weights as a jax-js tree (same keys as {@linkcode DecoderWeights}). */
export type JaxParams = {
  embed: JaxArray;
  layers: {
    inputNorm: JaxArray;
    q: JaxArray;
    k: JaxArray;
    v: JaxArray;
    o: JaxArray;
    postNorm: JaxArray;
    gate: JaxArray;
    up: JaxArray;
    down: JaxArray;
  }[];
  finalNorm: JaxArray;
  lmHead: JaxArray;
};

/** Constant tables of a forward pass at width `T`: rotary `cos`, `sin` `[T, 1, d]`, rotate-half `rot` `[d, d]`. */
export type ForwardConsts = { cos: JaxArray; sin: JaxArray; rot: JaxArray };

const LAYER_KEYS = [
  "inputNorm",
  "q",
  "k",
  "v",
  "o",
  "postNorm",
  "gate",
  "up",
  "down",
] as const satisfies readonly (keyof LayerWeights)[];

/**
 * Shapes of every weight of a config, in the order {@linkcode flattenWeights} uses.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { weightShapes } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * assertEquals(weightShapes(c)[0], { name: "embed", shape: [26, 8] });
 * ```
 */
export function weightShapes(c: DecoderConfig): { name: string; shape: number[] }[] {
  const h = c.hiddenSize, d = headDim(c), f = c.intermediateSize;
  const out: { name: string; shape: number[] }[] = [{ name: "embed", shape: [c.vocabSize, h] }];
  for (let i = 0; i < c.numLayers; i++) {
    const shapes: Record<(typeof LAYER_KEYS)[number], number[]> = {
      inputNorm: [h],
      q: [h, c.numHeads * d],
      k: [h, c.numKvHeads * d],
      v: [h, c.numKvHeads * d],
      o: [c.numHeads * d, h],
      postNorm: [h],
      gate: [h, f],
      up: [h, f],
      down: [f, h],
    };
    for (const key of LAYER_KEYS) out.push({ name: `layers.${i}.${key}`, shape: shapes[key] });
  }
  out.push({ name: "finalNorm", shape: [h] }, { name: "lmHead", shape: [h, c.vocabSize] });
  return out;
}

/**
 * Number of parameters of a config.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { parameterCount } from "./model.ts";
 * const c = { vocabSize: 4, hiddenSize: 4, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 8, maxPositions: 8 };
 * // embed 16 + norms 8 + q 16 + k 8 + v 8 + o 16 + gate/up/down 96 + final norm 4 + head 16
 * assertEquals(parameterCount(c), 188);
 * ```
 */
export function parameterCount(c: DecoderConfig): number {
  return weightShapes(c).reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
}

/**
 * The weights as one list of arrays, in {@linkcode weightShapes} order.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { flattenWeights, initWeights } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * assertEquals(flattenWeights(initWeights(c, 0)).length, 12);
 * ```
 */
export function flattenWeights(w: DecoderWeights): Float32Array[] {
  return [
    w.embed,
    ...w.layers.flatMap((l) => LAYER_KEYS.map((k) => l[k])),
    w.finalNorm,
    w.lmHead,
  ];
}

/**
 * The inverse of {@linkcode flattenWeights}.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { flattenWeights, initWeights, unflattenWeights } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const w = initWeights(c, 0);
 * assertEquals(unflattenWeights(c, flattenWeights(w)), w);
 * ```
 */
export function unflattenWeights(c: DecoderConfig, flat: readonly Float32Array[]): DecoderWeights {
  const shapes = weightShapes(c);
  if (flat.length !== shapes.length) {
    throw new RangeError(`Expected ${shapes.length} weight arrays, got ${flat.length}`);
  }
  shapes.forEach((s, i) => {
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (flat[i]!.length !== n) {
      throw new RangeError(`Weight ${s.name}: expected ${n} values, got ${flat[i]!.length}`);
    }
  });
  let at = 1;
  const layers = Array.from({ length: c.numLayers }, () => {
    const l = Object.fromEntries(LAYER_KEYS.map((k) => [k, flat[at++]!]));
    return l as unknown as LayerWeights;
  });
  return { embed: flat[0]!, layers, finalNorm: flat[at]!, lmHead: flat[at + 1]! };
}

/**
 * Seeded initial weights for training: normal with standard deviation 0.02 for the embedding,
 * 1/sqrt(fan-in) for projections, the residual outputs (`o`, `down`) scaled down by
 * 1/sqrt(2·layers) (GPT-2's choice), norms at 1.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { initWeights } from "./model.ts";
 * const c = { vocabSize: 4, hiddenSize: 4, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 8, maxPositions: 8 };
 * assertEquals(initWeights(c, 3).lmHead, initWeights(c, 3).lmHead);
 * assertEquals(initWeights(c, 3).finalNorm, new Float32Array([1, 1, 1, 1]));
 * ```
 */
export function initWeights(c: DecoderConfig, seed: number): DecoderWeights {
  const rng = createRng(["train_init", seed]);
  const resid = 1 / Math.sqrt(2 * c.numLayers);
  const flat = weightShapes(c).map(({ name, shape }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    if (shape.length === 1) return new Float32Array(n).fill(1);
    const scale = name === "embed"
      ? 0.02 * Math.sqrt(c.hiddenSize)
      : (1 / Math.sqrt(shape[0]!)) * (/\.(o|down)$/.test(name) ? resid : 1);
    return Float32Array.from({ length: n }, () => rng.normal() * scale);
  });
  return unflattenWeights(c, flat);
}

/**
 * A float32 device array of a shape (from a plain array).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { f32 } from "./model.ts";
 * assertEquals(f32(new Float32Array([1, 2, 3, 4]), [2, 2]).shape, [2, 2]);
 * ```
 */
export function f32(data: Float32Array, shape: number[]): JaxArray {
  return np.array(data as Float32Array<ArrayBuffer>).reshape(shape);
}

/**
 * An int32 device array of a shape (token ids).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { i32 } from "./model.ts";
 * assertEquals(i32(new Int32Array([1, 2]), [1, 2]).dtype, "int32");
 * ```
 */
export function i32(data: Int32Array, shape: number[]): JaxArray {
  return np.array(data as Int32Array<ArrayBuffer>).reshape(shape).astype(np.int32);
}

/**
 * Puts plain weights on the jax-js device.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { initWeights, toJax } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * assertEquals(toJax(c, initWeights(c, 0)).lmHead.shape, [8, 26]);
 * ```
 */
export function toJax(c: DecoderConfig, w: DecoderWeights): JaxParams {
  const shapes = weightShapes(c);
  const arrays = flattenWeights(w).map((a, i) => f32(a, shapes[i]!.shape));
  let at = 1;
  const layers = Array.from({ length: c.numLayers }, () => {
    const l = Object.fromEntries(LAYER_KEYS.map((k) => [k, arrays[at++]!]));
    return l as unknown as JaxParams["layers"][number];
  });
  return { embed: arrays[0]!, layers, finalNorm: arrays[at]!, lmHead: arrays[at + 1]! };
}

/**
 * Flattens a jax-js tree with {@linkcode JaxParams}' structure into arrays, in {@linkcode weightShapes} order (no copies, no disposal).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { initWeights, jaxLeaves, toJax } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * assertEquals(jaxLeaves(toJax(c, initWeights(c, 0))).length, 12);
 * ```
 */
export function jaxLeaves(p: JaxParams): JaxArray[] {
  return [
    p.embed,
    ...p.layers.flatMap((l) => LAYER_KEYS.map((k) => l[k])),
    p.finalNorm,
    p.lmHead,
  ];
}

/**
 * Reads a jax-js tree back into plain weights (and disposes it).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { fromJax, initWeights, toJax } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const w = initWeights(c, 0);
 * assertEquals(fromJax(c, toJax(c, w)), w);
 * ```
 */
export function fromJax(c: DecoderConfig, p: JaxParams): DecoderWeights {
  return unflattenWeights(
    c,
    jaxLeaves(p).map((a) => {
      const data = a.dataSync() as Float32Array;
      return Float32Array.from(data);
    }),
  );
}

/**
 * Rotary and rotate-half tables for a forward pass over `width` positions.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { forwardConsts } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * assertEquals(forwardConsts(c, 5).cos.shape, [5, 1, 4]);
 * ```
 */
export function forwardConsts(c: DecoderConfig, width: number): ForwardConsts {
  if (width > c.maxPositions) {
    throw new RangeError(`Sequence width ${width} exceeds the model's ${c.maxPositions} positions`);
  }
  const d = headDim(c);
  const { cos, sin } = rotaryTables(c);
  const rot = new Float32Array(d * d);
  // rotate_half(x)[j] = -x[j + d/2] for j < d/2, x[j - d/2] otherwise: x @ rot.
  for (let j = 0; j < d / 2; j++) {
    rot[(j + d / 2) * d + j] = -1;
    rot[j * d + j + d / 2] = 1;
  }
  return {
    cos: f32(cos.slice(0, width * d), [width, 1, d]),
    sin: f32(sin.slice(0, width * d), [width, 1, d]),
    rot: f32(rot, [d, d]),
  };
}

function rmsNorm(x: JaxArray, g: JaxArray, eps: number): JaxArray {
  const ms = np.mean(np.square(x.ref), -1, { keepdims: true });
  return x.mul(np.reciprocal(np.sqrt(ms.add(eps)))).mul(g);
}

/**
 * Logits `[B, T, vocab]` of a batch of token ids `[B, T]` (int32), causal, positions `0..T-1`
 * (sequences start at position 0; padding goes at the end). Follows jax-js' ownership rules:
 * consumes `p`, `ids` and `k`.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { forwardConsts, forwardLogits, i32, initWeights, toJax } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const logits = forwardLogits(c, toJax(c, initWeights(c, 0)), i32(new Int32Array([2, 3, 4]), [1, 3]), forwardConsts(c, 3));
 * assertEquals(logits.shape, [1, 3, 26]);
 * ```
 */
export function forwardLogits(
  c: DecoderConfig,
  p: JaxParams,
  ids: JaxArray,
  k: ForwardConsts,
): JaxArray {
  const [B, T] = ids.shape as [number, number];
  const d = headDim(c), nh = c.numHeads, kv = c.numKvHeads, eps = c.rmsEps ?? 1e-6;
  const rope = (x: JaxArray) => x.ref.mul(k.cos.ref).add(np.matmul(x, k.rot.ref).mul(k.sin.ref));
  let x = np.take(p.embed, ids, 0); // [B,T,h]
  for (const l of p.layers) {
    const n = rmsNorm(x.ref, l.inputNorm, eps);
    const q = rope(np.matmul(n.ref, l.q).reshape([B, T, nh, d]));
    const kk = rope(np.matmul(n.ref, l.k).reshape([B, T, kv, d]));
    const v = np.matmul(n, l.v).reshape([B, T, kv, d]);
    const a = nn.dotProductAttention(q, kk, v, { isCausal: true }); // [B,T,nh,d]
    x = x.add(np.matmul(a.reshape([B, T, nh * d]), l.o));
    const m = rmsNorm(x.ref, l.postNorm, eps);
    const gate = np.matmul(m.ref, l.gate);
    const up = np.matmul(m, l.up);
    x = x.add(np.matmul(nn.silu(gate).mul(up), l.down));
  }
  k.cos.dispose();
  k.sin.dispose();
  k.rot.dispose();
  return np.matmul(rmsNorm(x, p.finalNorm, eps), p.lmHead);
}

/** A training batch on the device: ids `[B,T]` int32, one-hot next tokens `[B,T,V]`, loss weights `[B,T]` (summing to 1). */
export type JaxBatch = { ids: JaxArray; targets: JaxArray; weights: JaxArray };

/**
 * Weighted cross-entropy of next tokens: `-sum_{b,t} weights[b,t] · log p(target[b,t])`.
 * Consumes its arguments.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { crossEntropyLoss, f32, forwardConsts, i32, initWeights, toJax } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const targets = new Float32Array(26); targets[5] = 1;
 * const loss = crossEntropyLoss(c, toJax(c, initWeights(c, 0)), { ids: i32(new Int32Array([2]), [1, 1]), targets: f32(targets, [1, 1, 26]), weights: f32(new Float32Array([1]), [1, 1]) }, forwardConsts(c, 1));
 * const value = loss.dataSync()[0]!;
 * assertEquals(Number.isFinite(value) && value > 0, true);
 * ```
 */
export function crossEntropyLoss(
  c: DecoderConfig,
  p: JaxParams,
  batch: JaxBatch,
  k: ForwardConsts,
): JaxArray {
  const logp = nn.logSoftmax(forwardLogits(c, p, batch.ids, k), -1);
  return np.sum(logp.mul(batch.targets).sum(-1).mul(batch.weights)).neg();
}

/**
 * Compiled functions by (kind, config, options): jit compiles once per input shape, so reusing
 * the function across training runs in one process saves the compile (seconds per shape). A
 * pure memo: the functions hold no training state.
 */
const COMPILED = new Map<string, unknown>();
function compiled<T>(key: unknown[], make: () => T): T {
  const k = JSON.stringify(key);
  if (!COMPILED.has(k)) COMPILED.set(k, make());
  return COMPILED.get(k) as T;
}

/**
 * A jit-compiled `(params, batch, consts) => [loss, grads]` for a config.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { lossAndGradFn } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * assertEquals(lossAndGradFn(c), lossAndGradFn(c)); // compiled once per config
 * ```
 */
export function lossAndGradFn(
  c: DecoderConfig,
): (p: JaxParams, batch: JaxBatch, k: ForwardConsts) => [JaxArray, JaxParams] {
  return compiled(
    ["ce", c],
    () =>
      jit(
        valueAndGrad((p: JaxParams, batch: JaxBatch, k: ForwardConsts) =>
          crossEntropyLoss(c, p, batch, k)
        ),
      ) as unknown as (p: JaxParams, batch: JaxBatch, k: ForwardConsts) => [JaxArray, JaxParams],
  );
}

/**
 * A jit-compiled forward pass `(params, ids, consts) => logits` for a config.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { logitsFn } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * assertEquals(typeof logitsFn(c), "function");
 * ```
 */
export function logitsFn(
  c: DecoderConfig,
): (p: JaxParams, ids: JaxArray, k: ForwardConsts) => JaxArray {
  return compiled(
    ["logits", c],
    () => jit((p: JaxParams, ids: JaxArray, k: ForwardConsts) => forwardLogits(c, p, ids, k)),
  );
}

/**
 * A policy-gradient batch on the device: ids `[B,T]`, one-hot sampled next tokens `[B,T,V]`,
 * per-token loss weights (0 off the response), advantages, and the sampling (old) and
 * reference log-probabilities of the sampled tokens, all `[B,T]`.
 */
export type JaxPgBatch = {
  ids: JaxArray;
  targets: JaxArray;
  weights: JaxArray;
  advantages: JaxArray;
  oldLogp: JaxArray;
  refLogp: JaxArray;
};

/** Settings of the clipped policy-gradient loss. */
export interface PgLossOptions {
  /** PPO/GRPO ratio clip ε. Default 0.2. */
  readonly clip?: number;
  /** KL coefficient β (k3 estimator against the reference policy). Default 0. */
  readonly kl?: number;
  /**
   * Sampling temperature T: log-probabilities are those of `softmax(logits / T)`, the
   * distribution the responses were drawn from (verl's actor divides the logits the same way),
   * so `oldLogp` and `refLogp` must be taken at the same T. Default 1.
   */
  readonly temperature?: number;
}

/**
 * GRPO's clipped surrogate with an optional KL term (DeepSeekMath, arXiv 2402.03300), as a
 * loss to minimise: `Σ w_t · [ −min(ρ_t A_t, clip(ρ_t, 1−ε, 1+ε) A_t) + β·(e^{ref−logp} − (ref−logp) − 1) ]`
 * with `ρ_t = exp(logp_t − old_t)`. The weights carry the normalisation (GRPO's 1/(G|o_i|) or
 * Dr.GRPO's constant). Consumes its arguments.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { f32, forwardConsts, i32, initWeights, policyGradientLoss, toJax } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const z = () => f32(new Float32Array([0]), [1, 1]);
 * const targets = new Float32Array(26); targets[5] = 1;
 * // a zero advantage and no KL: the loss is zero
 * const loss = policyGradientLoss(c, toJax(c, initWeights(c, 0)), { ids: i32(new Int32Array([2]), [1, 1]), targets: f32(targets, [1, 1, 26]), weights: f32(new Float32Array([1]), [1, 1]), advantages: z(), oldLogp: z(), refLogp: z() }, forwardConsts(c, 1));
 * assertEquals(loss.dataSync()[0], 0);
 * ```
 */
export function policyGradientLoss(
  c: DecoderConfig,
  p: JaxParams,
  b: JaxPgBatch,
  k: ForwardConsts,
  o: PgLossOptions = {},
): JaxArray {
  const [loss, clipped] = policyGradientTerms(c, p, b, k, o);
  clipped.dispose();
  return loss;
}

/**
 * {@linkcode policyGradientLoss} and, beside it, how many response tokens (weight > 0) the
 * clip binds on: those where the clipped term is the smaller surrogate, so the token gives no
 * gradient (verl's `pg_clipfrac` numerator). At ratio 1 nothing is clipped.
 */
function policyGradientTerms(
  c: DecoderConfig,
  p: JaxParams,
  b: JaxPgBatch,
  k: ForwardConsts,
  o: PgLossOptions,
): [JaxArray, JaxArray] {
  const eps = o.clip ?? 0.2, beta = o.kl ?? 0, t = o.temperature ?? 1;
  const logits = forwardLogits(c, p, b.ids, k);
  const logpAll = nn.logSoftmax(t === 1 ? logits : logits.mul(1 / t), -1);
  const logp = logpAll.mul(b.targets).sum(-1); // [B,T]
  const ratio = np.exp(logp.ref.sub(b.oldLogp));
  const s1 = ratio.ref.mul(b.advantages.ref);
  const s2 = np.clip(ratio, 1 - eps, 1 + eps).mul(b.advantages);
  const clipped = np.sum(
    np.greater(s1.ref, s2.ref).astype(np.float32).mul(
      np.greater(b.weights.ref, 0).astype(np.float32),
    ),
  );
  let perToken = np.minimum(s1, s2).neg();
  if (beta > 0) {
    const d = b.refLogp.sub(logp);
    perToken = perToken.add(np.exp(d.ref).sub(d).sub(1).mul(beta));
  } else {
    logp.dispose();
    b.refLogp.dispose();
  }
  return [np.sum(perToken.mul(b.weights)), clipped];
}

/**
 * A jit-compiled `(params, batch, consts) => [loss, grads, clipped]` of
 * {@linkcode policyGradientLoss}; `clipped` counts the response tokens the ratio clip binds on
 * (divide by the count of tokens with weight > 0 for the clip fraction).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { pgLossAndGradFn } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * assertEquals(pgLossAndGradFn(c, { kl: 0.04 }) === pgLossAndGradFn(c), false);
 * ```
 */
export function pgLossAndGradFn(
  c: DecoderConfig,
  o: PgLossOptions = {},
): (p: JaxParams, b: JaxPgBatch, k: ForwardConsts) => [JaxArray, JaxParams, JaxArray] {
  return compiled(
    ["pg", c, o.clip ?? 0.2, o.kl ?? 0, o.temperature ?? 1],
    () => {
      const f = jit(
        valueAndGrad(
          (p: JaxParams, b: JaxPgBatch, k: ForwardConsts) => policyGradientTerms(c, p, b, k, o),
          { hasAux: true },
        ),
      ) as unknown as (
        p: JaxParams,
        b: JaxPgBatch,
        k: ForwardConsts,
      ) => [[JaxArray, JaxArray], JaxParams];
      return (p: JaxParams, b: JaxPgBatch, k: ForwardConsts) => {
        const [[loss, clipped], grads] = f(p, b, k);
        return [loss, grads, clipped];
      };
    },
  );
}
