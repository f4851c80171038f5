import { createRng } from "../random/rng.ts";

/** How training horizons are chosen in {@linkcode trainHorizonLearner}. */
export type HorizonSchedule = "stagewise" | "uniform" | "full";

/** Options for {@linkcode trainHorizonLearner}. */
export interface HorizonLearnerOptions {
  /** Horizon H whose accuracy is the target. */
  readonly horizon: number;
  /**
   * `stagewise` (h1: train at h = 1, 2, …, advancing when the stage's recent success rate
   * reaches `advanceAt`), `uniform` (h uniform in 1…H, h1's Uniform-Mix) or `full` (h = H only,
   * h1's Only-Long).
   */
  readonly schedule: HorizonSchedule;
  /** Accuracy at horizon H to reach. Default 0.5. */
  readonly target?: number;
  /** Initial skill of the first step (atomic reliability). Default 0.8. */
  readonly firstSkill?: number;
  /** Initial skill of every later, depth-specific step. Default 0.2. */
  readonly laterSkill?: number;
  /** Rollouts per update (N). Default 32. */
  readonly batch?: number;
  /** Learning rate on the skill logits. Default 0.5. */
  readonly learningRate?: number;
  /**
   * Stage success rate (over the last 4 batches) that advances the stagewise curriculum. h1
   * advances on a rollout-success threshold whose value we could not verify; default 0.5.
   */
  readonly advanceAt?: number;
  /** Give up after this many rollouts. Default 2,000,000. */
  readonly maxSamples?: number;
  /** Seed. Default 0. */
  readonly seed?: number;
}

/** The outcome of {@linkcode trainHorizonLearner}. */
export interface HorizonLearnerResult {
  /** The schedule that was trained. */
  readonly schedule: HorizonSchedule;
  /** The target horizon H. */
  readonly horizon: number;
  /** Rollouts used until accuracy at H reached the target, or `null` if it never did. */
  readonly samplesNeeded: number | null;
  /** Accuracy at H, s_H = Π q_j, when training stopped. */
  readonly finalAccuracy: number;
  /** Accuracy at H during training: after each of the first 16 updates, then every 5% more updates. */
  readonly trace: readonly { readonly samples: number; readonly accuracy: number }[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/**
 * h1's learner (Motwani, Ivanova et al., arXiv 2510.07312): a chain of horizon h is solved when
 * every step is, step j with probability `q_j = σ(θ_j)`, so `s_h = Π_{j≤h} q_j`. Training is
 * outcome-only REINFORCE: each rollout gets reward 1 only if the whole chain is right, and the
 * update `(R − b)·∇ log π` (b the batch mean) raises the skills of the steps in successful chains.
 * Its signal-to-noise ratio is Θ(N·s_h), so full-horizon training starves when s_H is tiny, while
 * a stagewise curriculum always trains where successes happen. Returns the rollouts needed for
 * s_H to reach `target`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trainHorizonLearner } from "./horizon_learner.ts";
 * const r = trainHorizonLearner({ horizon: 2, schedule: "stagewise", seed: 1 });
 * assert.deepEqual(r.samplesNeeded! > 0, true);
 * ```
 */
export function trainHorizonLearner(options: HorizonLearnerOptions): HorizonLearnerResult {
  const H = options.horizon;
  if (!(Number.isInteger(H) && H >= 1)) {
    throw new RangeError(`trainHorizonLearner: horizon must be a positive integer, got ${H}`);
  }
  if (!["stagewise", "uniform", "full"].includes(options.schedule)) {
    throw new RangeError(
      `trainHorizonLearner: schedule must be stagewise, uniform or full, got "${options.schedule}"`,
    );
  }
  const target = options.target ?? 0.5, n = options.batch ?? 32;
  const lr = options.learningRate ?? 0.5, advanceAt = options.advanceAt ?? 0.5;
  const maxSamples = options.maxSamples ?? 2_000_000;
  const rng = createRng(["horizon_learner", options.seed ?? 0]);
  const theta = Array.from(
    { length: H },
    (_, j) => logit(j === 0 ? options.firstSkill ?? 0.8 : options.laterSkill ?? 0.2),
  );
  const accuracyAtH = () => theta.reduce((s, t) => s * sigmoid(t), 1);
  let stage = 1, samples = 0;
  const recent: number[] = [];
  const trace: { samples: number; accuracy: number }[] = [];
  // trace points spaced evenly on a log scale of updates (the first 16 all), so short and long
  // runs both draw a curve
  let nextTrace = 0;
  for (let update = 0; accuracyAtH() < target; update++) {
    if (samples >= maxSamples) {
      return {
        schedule: options.schedule,
        horizon: H,
        samplesNeeded: null,
        finalAccuracy: accuracyAtH(),
        trace,
      };
    }
    const q = theta.map(sigmoid);
    const rollouts = Array.from({ length: n }, () => {
      const h = options.schedule === "full"
        ? H
        : options.schedule === "stagewise"
        ? stage
        : rng.int(1, H);
      const correct = Array.from({ length: h }, (_, j) => rng.chance(q[j]!));
      return { h, correct, reward: correct.every(Boolean) ? 1 : 0 };
    });
    samples += n;
    const grad = new Array<number>(H).fill(0);
    for (let h = 1; h <= H; h++) {
      const group = rollouts.filter((r) => r.h === h);
      if (group.length === 0) continue;
      const baseline = group.reduce((s, r) => s + r.reward, 0) / group.length;
      for (const r of group) {
        const adv = r.reward - baseline;
        if (adv === 0) continue;
        r.correct.forEach((c, j) => (grad[j]! += adv * ((c ? 1 : 0) - q[j]!)));
      }
    }
    for (let j = 0; j < H; j++) theta[j]! += (lr * grad[j]!) / n;
    if (options.schedule === "stagewise") {
      recent.push(rollouts.reduce((s, r) => s + r.reward, 0) / n);
      if (recent.length > 4) recent.shift();
      if (stage < H && recent.length === 4 && recent.reduce((a, b) => a + b, 0) / 4 >= advanceAt) {
        stage++;
        recent.length = 0;
      }
    }
    if (update >= nextTrace) {
      trace.push({ samples, accuracy: accuracyAtH() });
      nextTrace = update < 16 ? update + 1 : Math.ceil(update * 1.05);
    }
  }
  if (trace.at(-1)?.samples !== samples) trace.push({ samples, accuracy: accuracyAtH() });
  return {
    schedule: options.schedule,
    horizon: H,
    samplesNeeded: samples,
    finalAccuracy: accuracyAtH(),
    trace,
  };
}
