/**
 * Adam with decoupled weight decay (AdamW), linear warm-up then cosine decay, and clipping by
 * the global gradient norm, over plain `Float32Array`s (the weights live in JavaScript; jax-js
 * computes the gradients).
 * @module
 */

/** Optimiser settings. */
export interface AdamOptions {
  /** Peak learning rate. Default 3e-3. */
  readonly lr?: number;
  /** First-moment decay β1. Default 0.9. */
  readonly beta1?: number;
  /** Default 0.98. */
  readonly beta2?: number;
  /** Denominator epsilon. Default 1e-8. */
  readonly eps?: number;
  /** Decoupled weight decay on matrices (not norms). Default 0. */
  readonly weightDecay?: number;
  /** Linear warm-up steps. Default 100. */
  readonly warmupSteps?: number;
  /** Total steps, for the cosine decay to `minLrRatio · lr`. Default: no decay. */
  readonly totalSteps?: number;
  /** Default 0.1. */
  readonly minLrRatio?: number;
  /** Clip the global gradient norm to this. Default 1. */
  readonly clipNorm?: number;
  /**
   * The Adam step at which the schedule (warm-up, decay) starts: a run that continues another
   * run's moments (RL from the supervised checkpoint) sets it to the moments' step count, so
   * its own warm-up and decay still apply. Default 0.
   */
  readonly scheduleFrom?: number;
}

/** Optimiser state (plain data, so it can be checkpointed). */
export interface AdamState {
  /** Updates taken so far (for bias correction). */
  step: number;
  /** First moments, one array per weight tensor. */
  readonly m: Float32Array[];
  /** Second moments, one array per weight tensor. */
  readonly v: Float32Array[];
}

/**
 * A fresh state for weights of these sizes.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { createAdam } from "./adam.ts";
 * assertEquals(createAdam([new Float32Array(3)]).m[0]!.length, 3);
 * ```
 */
export function createAdam(weights: readonly Float32Array[]): AdamState {
  return {
    step: 0,
    m: weights.map((w) => new Float32Array(w.length)),
    v: weights.map((w) => new Float32Array(w.length)),
  };
}

/**
 * The learning rate at a (0-based) step: linear warm-up, then cosine decay when `totalSteps`
 * is set.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { learningRate } from "./adam.ts";
 * assertEquals(learningRate(0, { lr: 1, warmupSteps: 4 }), 0.25);
 * assertEquals(learningRate(10, { lr: 1, warmupSteps: 4 }), 1);
 * assertEquals(learningRate(100, { lr: 1, warmupSteps: 0, totalSteps: 100, minLrRatio: 0.1 }), 0.1);
 * ```
 */
export function learningRate(step: number, o: AdamOptions = {}): number {
  const lr = o.lr ?? 3e-3, warm = o.warmupSteps ?? 100;
  if (step < warm) return (lr * (step + 1)) / warm;
  if (o.totalSteps === undefined) return lr;
  const t = Math.min(1, (step - warm) / Math.max(1, o.totalSteps - warm));
  const min = o.minLrRatio ?? 0.1;
  return lr * (min + (1 - min) * 0.5 * (1 + Math.cos(Math.PI * t)));
}

/**
 * Global L2 norm of a list of gradients.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { globalNorm } from "./adam.ts";
 * assertEquals(globalNorm([new Float32Array([3]), new Float32Array([4])]), 5);
 * ```
 */
export function globalNorm(grads: readonly Float32Array[]): number {
  let s = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) s += g[i]! * g[i]!;
  return Math.sqrt(s);
}

/**
 * One AdamW step in place; returns the learning rate used and the gradient norm before
 * clipping. Weight decay applies to arrays with `decay[i]` true.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { adamStep, createAdam } from "./adam.ts";
 * const w = [new Float32Array([1])];
 * const state = createAdam(w);
 * adamStep(w, [new Float32Array([2])], state, { lr: 0.1, warmupSteps: 0 });
 * // the first Adam step moves by lr against the gradient's sign
 * assertEquals(Math.abs(w[0]![0]! - 0.9) < 1e-6, true);
 * // moments from an earlier run: its warm-up starts again at the run's first step
 * assertEquals(adamStep(w, [new Float32Array([2])], state, { lr: 1, warmupSteps: 4, scheduleFrom: 1 }).lr, 0.25);
 * ```
 */
export function adamStep(
  weights: Float32Array[],
  grads: readonly Float32Array[],
  state: AdamState,
  o: AdamOptions = {},
  decay: readonly boolean[] = [],
): { lr: number; gradNorm: number } {
  const b1 = o.beta1 ?? 0.9, b2 = o.beta2 ?? 0.98, eps = o.eps ?? 1e-8;
  const lr = learningRate(Math.max(0, state.step - (o.scheduleFrom ?? 0)), o);
  const gradNorm = globalNorm(grads);
  const clip = o.clipNorm ?? 1;
  const scale = gradNorm > clip && gradNorm > 0 ? clip / gradNorm : 1;
  state.step += 1;
  const c1 = 1 - b1 ** state.step, c2 = 1 - b2 ** state.step;
  const wd = o.weightDecay ?? 0;
  weights.forEach((w, i) => {
    const g = grads[i]!, m = state.m[i]!, v = state.v[i]!;
    const decayThis = wd > 0 && (decay[i] ?? false);
    for (let j = 0; j < w.length; j++) {
      const gj = g[j]! * scale;
      m[j] = b1 * m[j]! + (1 - b1) * gj;
      v[j] = b2 * v[j]! + (1 - b2) * gj * gj;
      let update = (m[j]! / c1) / (Math.sqrt(v[j]! / c2) + eps);
      if (decayThis) update += wd * w[j]!;
      w[j] = w[j]! - lr * update;
    }
  });
  return { lr, gradNorm };
}
