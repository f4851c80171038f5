import { createRng, type Rng } from "../random/rng.ts";

/** Options for {@linkcode trainStoppingPolicy}. */
export interface StoppingPolicyOptions {
  /** Steps before an episode is cut off without stopping. Default 20. */
  readonly maxSteps?: number;
  /** Initial probability of stopping at each step. Default 0.3. */
  readonly initialStopProbability?: number;
  /** Training iterations. Default 200. */
  readonly iterations?: number;
  /** Episodes per iteration. Default 16. */
  readonly batch?: number;
  /** Learning rate of the stop logit. Default 0.1. */
  readonly learningRate?: number;
  /** Seed. Default 0. */
  readonly seed?: number;
}

/** One iteration of {@linkcode trainStoppingPolicy}. */
export interface StoppingStep {
  /** Training iteration, from 0. */
  readonly iteration: number;
  /** Mean episode length in steps (the stopping step included). */
  readonly length: number;
  /** Fraction of episodes that stopped before the cut-off (e.g. answered, submitted). */
  readonly completion: number;
  /** Mean return of the batch. */
  readonly return: number;
  /** Probability of stopping at each step, after the update. */
  readonly stopProbability: number;
}

/**
 * Trains the simplest agent of a multi-step episode: at every step it either continues (calls a
 * tool, repeats a step) or stops (answers, submits), with one shared stop probability. REINFORCE
 * on the whole-episode return with a batch-mean baseline. `episodeReturn(continues, stopped, rng)`
 * scores an episode of `continues` continue-steps that ended by stopping (or by the cut-off).
 * The toys of Clip/Delta and of G-RA are built on it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trainStoppingPolicy } from "./stopping_policy.ts";
 * // Stopping pays 1, continuing nothing: the policy learns to stop at once.
 * const run = trainStoppingPolicy((_, stopped) => (stopped ? 1 : 0), { iterations: 300, seed: 1 });
 * assert.deepEqual(run.at(-1)!.stopProbability > 0.3, true);
 * ```
 */
export function trainStoppingPolicy(
  episodeReturn: (continues: number, stopped: boolean, rng: Rng) => number,
  options: StoppingPolicyOptions = {},
): StoppingStep[] {
  const maxSteps = options.maxSteps ?? 20, batch = options.batch ?? 16;
  const lr = options.learningRate ?? 0.1;
  const p0 = options.initialStopProbability ?? 0.3;
  if (!(p0 > 0 && p0 < 1)) {
    throw new RangeError(`initialStopProbability must be in (0, 1), got ${p0}`);
  }
  let logit = Math.log(p0 / (1 - p0));
  const rng = createRng(["stopping_policy", options.seed ?? 0]);
  const out: StoppingStep[] = [];
  for (let it = 0; it < (options.iterations ?? 200); it++) {
    const p = 1 / (1 + Math.exp(-logit));
    const episodes = Array.from({ length: batch }, () => {
      let continues = 0, stopped = false;
      while (continues < maxSteps && !(stopped = rng.chance(p))) continues++;
      if (continues === maxSteps) stopped = false;
      const ret = episodeReturn(continues, stopped, rng);
      // d/dlogit of the log-likelihood: a stop contributes (1 − p), each continue −p.
      return {
        length: continues + (stopped ? 1 : 0),
        stopped,
        ret,
        score: (stopped ? 1 - p : 0) - continues * p,
      };
    });
    const baseline = episodes.reduce((s, e) => s + e.ret, 0) / batch;
    logit += (lr * episodes.reduce((s, e) => s + (e.ret - baseline) * e.score, 0)) / batch;
    out.push({
      iteration: it,
      length: episodes.reduce((s, e) => s + e.length, 0) / batch,
      completion: episodes.filter((e) => e.stopped).length / batch,
      return: baseline,
      stopProbability: 1 / (1 + Math.exp(-logit)),
    });
  }
  return out;
}
