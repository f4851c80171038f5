import { createRng } from "../random/rng.ts";
import {
  type StoppingPolicyOptions,
  type StoppingStep,
  trainStoppingPolicy,
} from "./stopping_policy.ts";
import { shapeReward, type ShapingMethod } from "../rewards/shaping.ts";
import { type ProcessRefinement, processReturn } from "../rewards/process.ts";

/**
 * Each shaping method as a function of the centred reward `r − r_ref` (one reference at 0), on a
 * grid: the curves of PAR's Figure 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shapingCurves } from "./shaping_study.ts";
 * const rows = shapingCurves(["par"], { from: -1, to: 1, points: 3 });
 * assert.deepEqual(rows.map((r) => r.shaped.toFixed(3)), ["0.269", "0.500", "0.731"]);
 * ```
 */
export function shapingCurves(
  methods: readonly ShapingMethod[],
  options: { from?: number; to?: number; points?: number } = {},
): { method: ShapingMethod; centred: number; shaped: number }[] {
  const from = options.from ?? -6, to = options.to ?? 6, points = options.points ?? 121;
  if (!(points >= 2)) throw new RangeError(`shapingCurves: points must be >= 2, got ${points}`);
  return methods.flatMap((method) =>
    Array.from({ length: points }, (_, i) => {
      const centred = from + ((to - from) * i) / (points - 1);
      return { method, centred, shaped: shapeReward(method, centred, [0]) };
    })
  );
}

/** Options for {@linkcode rewardHackingToy}. */
export interface RewardHackingToyOptions {
  /** Shaping of the proxy reward. */
  readonly method: ShapingMethod;
  /** Proxy reward: `slope · verbosity + noise`, unbounded in the verbosity. Default 1. */
  readonly slope?: number;
  /** Standard deviation of the proxy's noise. Default 0.5. */
  readonly noise?: number;
  /** Verbosity the gold reward prefers: gold = exp(−(v − best)² / 8). Default 3. */
  readonly best?: number;
  /** Mean verbosity of the reference policy (and the policy's start). Default 2. */
  readonly reference?: number;
  /** Reference rewards per prompt (PAR's M). Default 10. */
  readonly references?: number;
  /** Standard deviation of the (Gaussian) policies. Default 1. */
  readonly spread?: number;
  /** Training iterations. Default 300. */
  readonly iterations?: number;
  /** Samples per iteration. Default 16. */
  readonly batch?: number;
  /** Learning rate of the policy's mean. Default 0.05. */
  readonly learningRate?: number;
  /** Seed. Default 0. */
  readonly seed?: number;
}

/** One iteration of {@linkcode rewardHackingToy}. */
export interface HackingStep {
  /** Training iteration, from 0. */
  readonly iteration: number;
  /** The shaping method trained with. */
  readonly method: ShapingMethod;
  /** Mean proxy (reward-model) score of the batch. */
  readonly proxy: number;
  /** Mean gold reward of the batch. */
  readonly gold: number;
  /** The policy's mean verbosity after the update. */
  readonly verbosity: number;
}

/**
 * A reward-hacking toy after PAR (arXiv 2502.18770): a Gaussian policy over verbosity is trained
 * with REINFORCE (batch-mean baseline) on a proxy reward that grows without bound with verbosity,
 * while the gold reward peaks at a moderate verbosity. With `raw` or `centred` shaping the
 * expected gradient is constant and the verbosity grows for as long as training runs (gold falls
 * to 0); `ceil` slows the drift but does not stop it; with PAR's bounded, centred sigmoid the
 * reward saturates once the policy pulls ahead of the reference, the gradient shrinks
 * exponentially and the drift slows to a crawl near the gold optimum. The policy starts at the
 * reference.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rewardHackingToy } from "./shaping_study.ts";
 * const steps = rewardHackingToy({ method: "par", iterations: 10, seed: 1 });
 * assert.deepEqual(steps.length, 10);
 * ```
 */
export function rewardHackingToy(options: RewardHackingToyOptions): HackingStep[] {
  const slope = options.slope ?? 1, noise = options.noise ?? 0.5;
  const best = options.best ?? 3, ref = options.reference ?? 2;
  const m = options.references ?? 10, batch = options.batch ?? 16;
  const sd = options.spread ?? 1, lr = options.learningRate ?? 0.05;
  const rng = createRng(["reward_hacking_toy", options.seed ?? 0]);
  const proxy = (v: number) => slope * v + noise * rng.normal();
  const gold = (v: number) => Math.exp(-((v - best) ** 2) / 8);
  let mean = ref;
  const out: HackingStep[] = [];
  for (let it = 0; it < (options.iterations ?? 300); it++) {
    const refs = Array.from({ length: m }, () => proxy(ref + sd * rng.normal()));
    const actions = Array.from({ length: batch }, () => mean + sd * rng.normal());
    const raw = actions.map(proxy);
    const shaped = raw.map((r) => shapeReward(options.method, r, refs));
    const baseline = shaped.reduce((a, b) => a + b, 0) / batch;
    const grad = actions.reduce((s, v, i) => s + (shaped[i]! - baseline) * (v - mean), 0) /
      (batch * sd * sd);
    mean += lr * grad;
    out.push({
      iteration: it,
      method: options.method,
      proxy: raw.reduce((a, b) => a + b, 0) / batch,
      gold: actions.reduce((s, v) => s + gold(v), 0) / batch,
      verbosity: mean,
    });
  }
  return out;
}

/** Options for {@linkcode repeatedStepToy}. */
export interface RepeatedStepToyOptions extends StoppingPolicyOptions {
  /** How process scores become the return: `sum`, `clip` or `delta`. */
  readonly refinement: ProcessRefinement;
  /** Clip threshold η (no published default; 0.5 here). */
  readonly eta?: number;
  /** Process score of the safe, unnecessary repeated step. Default 0.9. */
  readonly repeatScore?: number;
  /** Process score of the answering step. Default 0.8. */
  readonly answerScore?: number;
}

/**
 * The repeated-correct-step toy of Gao et al. (arXiv 2410.15115): at each step the policy either
 * repeats a safe step (process score 0.9) or answers (score 0.8, outcome 1); with no answer by
 * `maxSteps` (default 20) the outcome is 0. Trained with {@linkcode trainStoppingPolicy}. With
 * summed process rewards repeating pays more than answering, so episodes grow to the cut-off and
 * success (`completion`) collapses; Clip and Delta bound the return and the policy keeps answering.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { repeatedStepToy } from "./shaping_study.ts";
 * const run = repeatedStepToy({ refinement: "delta", iterations: 5, seed: 1 });
 * assert.deepEqual(run.length, 5);
 * ```
 */
export function repeatedStepToy(options: RepeatedStepToyOptions): StoppingStep[] {
  const repeat = options.repeatScore ?? 0.9, answer = options.answerScore ?? 0.8;
  const processOptions = options.eta !== undefined ? { eta: options.eta } : {};
  return trainStoppingPolicy(
    (repeats, answered) =>
      processReturn(
        answered ? [...new Array(repeats).fill(repeat), answer] : new Array(repeats).fill(repeat),
        options.refinement,
        { outcome: answered ? 1 : 0, ...processOptions },
      ),
    options,
  );
}
