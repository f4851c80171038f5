import type { Rng } from "../random/rng.ts";

/**
 * Log-softmax of a logits row (numerically stable).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logSoftmax } from "./sampling.ts";
 * const lp = logSoftmax(Float32Array.from([0, 0]));
 * assert.ok(Math.abs(Math.exp(lp[0]!) - 0.5) < 1e-12);
 * assert.ok(Math.abs(lp[1]! + Math.LN2) < 1e-12);
 * ```
 */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  const lse = max + Math.log(sum);
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! - lse;
  return out;
}

/**
 * Entropy (nats) of the distribution given by log-probabilities.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { entropyOf, logSoftmax } from "./sampling.ts";
 * assert.ok(Math.abs(entropyOf(logSoftmax(Float32Array.from([0, 0, 0, 0]))) - Math.log(4)) < 1e-12);
 * assert.equal(entropyOf([0, -Infinity]), 0); // a certain outcome
 * ```
 */
export function entropyOf(logprobs: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < logprobs.length; i++) {
    const lp = logprobs[i]!;
    if (lp > -Infinity) h -= Math.exp(lp) * lp;
  }
  return h;
}

/** Sampling settings: greedy when `temperature` is 0 (or `greedy` is set). */
export interface SamplingOptions {
  /** Pick the most likely token. Default false. */
  readonly greedy?: boolean;
  /** Softmax temperature. Default 1. */
  readonly temperature?: number;
  /** Keep only the k most likely tokens (0 = off). Default 0. */
  readonly topK?: number;
  /** Keep the smallest set of tokens whose probability reaches p (1 = off). Default 1. */
  readonly topP?: number;
  /** Drop tokens less likely than `minP` × the top probability (0 = off). Default 0. */
  readonly minP?: number;
}

/**
 * Chooses the next token from a logits row: greedy, or a seeded draw after temperature, top-k,
 * top-p and min-p filtering (in that order, as Hugging Face's processors).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chooseToken } from "./sampling.ts";
 * import { createRng } from "../random/rng.ts";
 * assert.equal(chooseToken(Float32Array.from([0, 5, 1]), { greedy: true }, createRng(0)), 1);
 * // top-k 1 keeps only the most likely token, whatever the draw
 * assert.equal(chooseToken(Float32Array.from([0, 5, 1]), { topK: 1 }, createRng(7)), 1);
 * ```
 */
export function chooseToken(logits: ArrayLike<number>, options: SamplingOptions, rng: Rng): number {
  const t = options.temperature ?? 1;
  if (options.greedy || t === 0) {
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
    return best;
  }
  const scaled = Array.from({ length: logits.length }, (_, i) => logits[i]! / t);
  const lp = logSoftmax(scaled);
  let candidates = Array.from(lp, (l, i) => ({ i, p: Math.exp(l) })).sort((a, b) =>
    b.p - a.p || a.i - b.i
  );
  if (options.topK && options.topK > 0) candidates = candidates.slice(0, options.topK);
  if (options.topP !== undefined && options.topP < 1) {
    let acc = 0, keep = 0;
    for (const c of candidates) {
      keep++;
      acc += c.p;
      if (acc >= options.topP) break;
    }
    candidates = candidates.slice(0, Math.max(1, keep));
  }
  if (options.minP && options.minP > 0) {
    const floor = candidates[0]!.p * options.minP;
    candidates = candidates.filter((c) => c.p >= floor);
  }
  const total = candidates.reduce((s, c) => s + c.p, 0);
  let x = rng.next() * total;
  for (const c of candidates) {
    x -= c.p;
    if (x < 0) return c.i;
  }
  return candidates[candidates.length - 1]!.i;
}
