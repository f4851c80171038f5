/**
 * RLVR on the small decoder: a GRPO-family trainer. Each step samples groups of responses with
 * the ONNX runtime (the current weights exported by the project's writer), scores them with the
 * project's verifier and reward (R_all by default), turns rewards into advantages with the
 * project's estimators (GRPO, Dr.GRPO, RLOO, expert iteration, …), keeps the groups inside the
 * pass-rate band, and applies the clipped policy-gradient loss (optional KL to the starting
 * model) with jax-js gradients, in one or more PPO epochs over the batch, normalised by every
 * group sampled. The horizon follows lib/curriculum: h1's stagewise schedule, threshold
 * promotion on the recorded scores, or a fixed horizon; the learning rate can restart with
 * each stage.
 * @module
 */
import { type AdvantageEstimator, resolveAdvantageEstimator } from "../advantages/registry.ts";
import { tokenLossWeights } from "../advantages/group_baselines.ts";
import {
  createCurriculum,
  currentHorizon,
  type CurriculumState,
  nextBatch,
  recordScores,
} from "../curriculum/curriculum.ts";
import { filterByPassRateBand } from "../curriculum/pass_rate_band.ts";
import type { BackendName } from "../infer/backend.ts";
import { logSoftmax } from "../infer/sampling.ts";
import type { RewardSpec } from "../rewards/reward_registry.ts";
import { hashSeed } from "../random/rng.ts";
import { type AdamOptions, type AdamState, adamStep, createAdam } from "./adam.ts";
import { type ChainOptions, compactExample, sampleChain } from "./chain_data.ts";
import { type CharTokenizer, encodeChars } from "./char_tokenizer.ts";
import {
  type DecoderConfig,
  type DecoderWeights,
  f32,
  flattenWeights,
  forwardConsts,
  i32,
  logitsFn,
  pgLossAndGradFn,
  toJax,
  unflattenWeights,
  weightShapes,
} from "./model.ts";
import { evaluateByDepth, maxResponseTokens, OnnxSampler } from "./sampler.ts";
import { scoreCompact } from "./score.ts";
import { orderedGrads } from "./sft.ts";
import { processStepAdvantages, stepGroupAdvantages, tokenSteps } from "./step_credit.ts";

/**
 * How a group's token losses are normalised: GRPO's `1/(G·|o_i|)` (per-sequence length) or
 * Dr.GRPO's constant `1/(G·L_max)` (Liu et al., "Understanding R1-Zero-Like Training").
 * The default follows the estimator: `dr_grpo` for Dr.GRPO, `grpo` for every other.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tokenNormalisationFor } from "./grpo.ts";
 * assert.equal(tokenNormalisationFor("dr_grpo"), "dr_grpo");
 * assert.equal(tokenNormalisationFor("rloo"), "grpo");
 * ```
 */
export function tokenNormalisationFor(
  estimator: string | AdvantageEstimator,
): "grpo" | "dr_grpo" {
  return estimator === "dr_grpo" ? "dr_grpo" : "grpo";
}

/**
 * How the training horizon moves:
 * - `fixed`: always `horizon`;
 * - `stagewise` (h1, arXiv 2510.07312): `horizons` in order, `stepsPerStage` steps each
 *   (lib/curriculum's `fixed_stages`);
 * - `threshold`: promote when the windowed R_all success rate exceeds `raise`, demote below
 *   `lower` (lib/curriculum's `threshold`, on the scores recorded each step). Only the
 *   responses to chains at the current horizon are recorded: with a `horizonWindow` above 1 the
 *   shorter chains of the window would count toward promotion;
 * - `mix` (h1's and R-Horizon's Uniform-Mix baseline): every step's prompts spread evenly over
 *   `horizons` (prompt `i` of step `s` has depth `horizons[(s·P + i) mod n]`, so the shares are
 *   equal over the run); `horizonWindow` does not apply.
 */
export type RlHorizonSchedule =
  | { readonly kind: "fixed"; readonly horizon: number }
  | { readonly kind: "mix"; readonly horizons: readonly number[] }
  | {
    readonly kind: "stagewise";
    readonly horizons: readonly number[];
    readonly stepsPerStage: number;
  }
  | {
    readonly kind: "threshold";
    readonly horizons: readonly number[];
    readonly window: number;
    readonly raise: number;
    readonly lower: number;
  };

/** Options for {@linkcode trainRl}. */
export interface RlOptions {
  /** Shape of the model. */
  readonly config: DecoderConfig;
  /** The tokenizer the model reads. */
  readonly tokenizer: CharTokenizer;
  /** Starting (and KL reference) weights. */
  readonly initial: DecoderWeights;
  /** Steps (one sampled batch and one update each). */
  readonly steps: number;
  /** Which horizons the prompts of each step have. */
  readonly schedule: RlHorizonSchedule;
  /** Prompts per step. Default 8. */
  readonly promptsPerStep?: number;
  /** Samples per prompt (G). Default 8. */
  readonly groupSize?: number;
  /** An advantage estimator of lib/advantages' registry, by name or as a function. Default `"grpo"`. */
  readonly estimator?: string | AdvantageEstimator;
  /**
   * How credit reaches the tokens:
   * - `outcome` (default): every token of a response gets its response's advantage (from
   *   `reward` and `estimator`);
   * - `process`: per-step verdicts cut at the first error, with DeepSeekMath's process
   *   advantages ({@linkcode processStepAdvantages}); tokens after a response's first wrong
   *   step get no gradient, and a group is kept when its step rewards differ (`band` and
   *   `estimator` do not apply);
   * - `step`: per-step verdicts with a group baseline per step ({@linkcode stepGroupAdvantages}:
   *   at each step, the responses that reached it with every earlier step right, through
   *   `estimator`); tokens after the first wrong step get no gradient, and a group is kept
   *   when some step's verdicts differ (`band` does not apply).
   */
  readonly credit?: "outcome" | "process" | "step";
  /**
   * How many horizons a step's prompts spread over: prompt `i` of a step at horizon `h` has
   * depth `max(1, h − (i mod window))`, so `window` 1 (the default, h1's schedule) trains at
   * exactly `h`, and a wider window keeps shorter chains in every batch (a review share
   * against forgetting them).
   */
  readonly horizonWindow?: number;
  /** Token-loss normalisation; default from the estimator ({@linkcode tokenNormalisationFor}). */
  readonly tokenNormalisation?: "grpo" | "dr_grpo";
  /** Reward: R_all (default), R_last or the fraction right. */
  readonly reward?: RewardSpec;
  /** Ratio clip ε. Default 0.2. */
  readonly clip?: number;
  /**
   * Updates over each sampled batch (PPO's epochs; GRPO's μ, DeepSeekMath arXiv 2402.03300).
   * The first update is at ratio 1, where the clip cannot bind; from the second on the ratio
   * moves away from 1 and the clip limits how far a batch pushes the policy. Default 1 (the
   * GRPO paper's μ = 1, TRL's `num_iterations` and verl's `ppo_epochs` defaults).
   */
  readonly epochs?: number;
  /**
   * How the learning rate moves:
   * - `run` (default): `adam`'s warm-up and cosine decay over `adam.totalSteps`, counted over
   *   the run's steps;
   * - `stage`: the schedule restarts at every change of horizon (a curriculum stage) with
   *   `adam.warmupSteps` of warm-up, then decays by a cosine to `adam.minLrRatio · lr` at the
   *   end of each cycle, a cycle ending at the stage's end, at every held-out evaluation
   *   (`eval.every`) and at the end of the run, so every evaluation reads a cooled model
   *   (SGDR's warm restarts, Loshchilov and Hutter, arXiv 1608.03983). See
   *   {@linkcode stageLearningRate}.
   */
  readonly lrSchedule?: "run" | "stage";
  /** KL coefficient β (k3 against the initial weights). Default 0 (Dr.GRPO drops it; DeepSeekMath used 0.04). */
  readonly kl?: number;
  /**
   * Sampling temperature T. The loss, its ratio and the KL term use the log-probabilities of
   * `softmax(logits / T)`, the distribution sampled from. Default 1.
   */
  readonly temperature?: number;
  /**
   * Keep groups whose mean reward lies strictly inside `(lo, hi)` (DAPO's dynamic sampling;
   * all-right and all-wrong groups carry no GRPO signal). Default `{ lo: 0, hi: 1 }`, and for
   * `expert_iteration` `{ lo: 0, hi: Infinity }` (every group with a verified response: an
   * all-right group is still a supervised target); `null` keeps all. Dropped groups still count
   * in the loss's normaliser (the loss is a mean over every sampled group), so a step that
   * keeps one group is a fraction of a step that keeps all.
   */
  readonly band?: { readonly lo: number; readonly hi: number } | null;
  /**
   * Default `{ lr: 5e-4, warmupSteps: 0, clipNorm: 1 }` (constant after warm-up; give
   * `totalSteps` for a cosine decay). Warm-up and decay count this run's steps.
   */
  readonly adam?: AdamOptions;
  /**
   * Adam moments to start from (a copy is taken), e.g. the supervised checkpoint's: a fresh
   * state makes the first updates sign steps on every weight. Default: a fresh state.
   */
  readonly adamState?: AdamState;
  /** How the chains are composed. */
  readonly chain?: ChainOptions;
  /** Seed of the tasks and the sampling. Default 0. */
  readonly seed?: number;
  /**
   * Held-out evaluation every `every` steps (and at the end): greedy, or sampled when
   * `sampling` is given (the mean over `samples` per chain at `temperature`, R-Horizon's
   * Avg@k). Default none.
   */
  readonly eval?: {
    readonly every: number;
    readonly depths?: readonly number[];
    readonly perDepth?: number;
    readonly seed?: number;
    readonly sampling?: { readonly samples: number; readonly temperature: number };
  };
  /** Stop after this many seconds (the step in progress finishes). */
  readonly maxSeconds?: number;
  /** Sampling backend. Default `"cpu"` (onnxruntime-node). */
  readonly backend?: BackendName;
  /** A JSON-lines log file (one {@linkcode RlStepLog} per line). */
  readonly logFile?: string;
  /** Called after each step with its record. */
  readonly onStep?: (log: RlStepLog) => void;
}

/** One step's record (plain JSON). */
export interface RlStepLog {
  /** 1-based step number. */
  readonly step: number;
  /** Horizon (chain depth) of this step's prompts. */
  readonly horizon: number;
  /** Mean reward of the sampled responses. */
  readonly reward: number;
  /** R_all accuracy of the sampled responses, by depth (one depth unless `horizonWindow` > 1). */
  readonly accuracyByDepth: Record<string, number>;
  /** Mean entropy (nats) of the model's distribution (temperature 1) over generated tokens. */
  readonly entropy: number;
  /**
   * Mean k3 KL estimate to the initial weights over the updated tokens (before the update, at
   * the sampling temperature), or `null` when the KL weight is 0: then no reference forward
   * pass runs.
   */
  readonly kl: number | null;
  /** Groups kept by the pass-rate band, of all groups. */
  readonly keptGroups: number;
  /** Groups (prompts) sampled this step. */
  readonly groups: number;
  /** Policy loss of the update, or `null` when no group was kept. */
  readonly loss: number | null;
  /** Learning rate of the update, or `null` when no group was kept. */
  readonly lr: number | null;
  /**
   * Per epoch, the fraction of updated tokens the ratio clip bound on (0 on the first epoch,
   * where the ratio is 1); empty when no group was kept.
   */
  readonly clipFraction: readonly number[];
  /** Seconds spent sampling, scoring and updating (the update includes any reference forward and every epoch). */
  readonly seconds: {
    readonly sampling: number;
    readonly scoring: number;
    readonly update: number;
  };
  /** Seconds since the start of training. */
  readonly elapsed: number;
  /** Held-out R_all accuracy by depth (greedy, or sampled as `eval.sampling` says), on evaluation steps. */
  readonly eval?: Record<string, number>;
}

/** The result of {@linkcode trainRl}. */
export interface RlResult {
  /** The trained weights. */
  readonly weights: DecoderWeights;
  /** One record per step. */
  readonly log: RlStepLog[];
  /** Steps run. */
  readonly steps: number;
  /** Wall-clock seconds of training. */
  readonly seconds: number;
  /** The curriculum's final state, or `null` for a fixed schedule. */
  readonly curriculum: CurriculumState | null;
}

/**
 * The update's sequence width for a step whose longest chain has `depth` problems: the
 * positions the longest possible prompt and response of that depth need (from the chain's
 * `maxValue` and `maxOperand`), rounded up to a band (24, 40, 56 or 64, capped at the
 * model's context). Every step of a horizon band has the same width, so the jit-compiled
 * update compiles once per band instead of once per batch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { updateWidth } from "./grpo.ts";
 * assert.deepEqual([1, 3, 4, 6, 7, 8].map((d) => updateWidth(d, 64)), [24, 24, 40, 40, 56, 56]);
 * assert.equal(updateWidth(8, 48), 48);
 * ```
 */
export function updateWidth(depth: number, maxPositions: number, chain: ChainOptions = {}): number {
  const digits = (n: number) => String(n).length;
  const operand = 2 + digits(chain.maxOperand ?? 9); // label, sign, digits
  const prompt = operand + digits(chain.maxValue ?? 19) + (depth - 1) * operand + 1; // + ":"
  const positions = prompt + maxResponseTokens(depth) - 1;
  for (const w of [24, 40, 56, 64]) if (positions <= w && w <= maxPositions) return w;
  return maxPositions;
}

/**
 * Where a step sits in the learning-rate schedule of {@linkcode RlOptions.lrSchedule} `stage`:
 * the rate restarts at `stageStart` (with `warmupSteps` of linear warm-up), and decays by a
 * cosine to `minLrRatio · lr` (default 0.1), reached at the last step of each cycle (however
 * short the cycle, after warm-up or not); cycles end at `stageEnd`
 * (exclusive), and, when `evalEvery` is given, after every `evalEvery`-th step of the run
 * (the steps an evaluation follows). Steps are 0-based.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stageLearningRate } from "./grpo.ts";
 * const o = { lr: 1, warmupSteps: 0, minLrRatio: 0.1 };
 * const at = (step: number) => stageLearningRate(step, { stageStart: 0, stageEnd: 3 }, o);
 * assert.deepEqual([0, 1, 2].map(at), [1, 0.55, 0.1]);
 * // a promotion at step 3 restarts the schedule
 * assert.equal(stageLearningRate(3, { stageStart: 3, stageEnd: 6 }, o), 1);
 * // an evaluation after step 3 (every 4 steps) ends a cycle there
 * assert.equal(stageLearningRate(3, { stageStart: 0, stageEnd: 10, evalEvery: 4 }, o), 0.1);
 * assert.equal(stageLearningRate(4, { stageStart: 0, stageEnd: 10, evalEvery: 4 }, o), 1);
 * ```
 */
export function stageLearningRate(
  step: number,
  at: { readonly stageStart: number; readonly stageEnd: number; readonly evalEvery?: number },
  o: AdamOptions = {},
): number {
  const every = at.evalEvery && at.evalEvery > 0 ? at.evalEvery : undefined;
  const evalStart = every ? Math.floor(step / every) * every : at.stageStart;
  const cycleStart = Math.max(at.stageStart, evalStart);
  const cycleEnd = Math.min(at.stageEnd, every ? evalStart + every : Infinity);
  const lr = o.lr ?? 3e-3, min = (o.minLrRatio ?? 0.1) * lr;
  const i = step - cycleStart, length = cycleEnd - cycleStart;
  const warm = cycleStart === at.stageStart ? (o.warmupSteps ?? 0) : 0;
  if (length > 1 && i >= length - 1) return min; // the step an evaluation or a stage's end follows
  if (i < warm) return (lr * (i + 1)) / warm;
  const t = Math.min(1, (i - warm) / Math.max(1, length - 1 - warm));
  return min + (lr - min) * 0.5 * (1 + Math.cos(Math.PI * t));
}

/** One sampled response in a {@linkcode policyGradientBatch}. */
export interface PgResponse {
  /** Generated token ids (the end-of-sequence token included when sampled). */
  readonly tokens: readonly number[];
  /** The sampling policy's log-probability of each generated token. */
  readonly logprobs: readonly number[];
  /** Each generated token's advantage; `NaN` where the token gets no gradient. */
  readonly advantages: readonly number[];
}

/** One prompt's group of responses in a {@linkcode policyGradientBatch}. */
export interface PgGroup {
  /** Prompt token ids. */
  readonly prompt: readonly number[];
  /** The group's responses (G of them). */
  readonly responses: readonly PgResponse[];
}

/** A padded policy-gradient batch on the host, `[rows, width]` (targets `[rows, width, vocab]`). */
export interface PgHostBatch {
  /** Rows (B). */
  readonly rows: number;
  /** Positions per row (W). */
  readonly width: number;
  /** Input token ids, `[B, W]`, padded with the pad id. */
  readonly ids: Int32Array;
  /** One-hot sampled next tokens, `[B, W, V]`. */
  readonly targets: Float32Array;
  /** Per-token loss weights, `[B, W]` (0 off the updated tokens). */
  readonly weights: Float32Array;
  /** Per-token advantages, `[B, W]`. */
  readonly advantages: Float32Array;
  /** The sampling policy's log-probabilities of the targets, `[B, W]`. */
  readonly oldLogp: Float32Array;
}

/**
 * Lays the kept groups of a step out as the update's batch. Each token's loss weight is the
 * group's normalisation (GRPO's `1/(G·|o_i|)` or Dr.GRPO's `1/(G·L_max)`, over the tokens that
 * get a gradient) divided by `sampledGroups`, the groups sampled this step, kept or not: the
 * loss is a mean over the whole batch, so a step that keeps one group of eight is an eighth of
 * one that keeps all eight. Rows past the kept responses are padding (weight 0) up to `rows`,
 * and positions past a sequence up to `width`, so every step of a band has the same shape.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { policyGradientBatch } from "./grpo.ts";
 * const group = { prompt: [5, 6], responses: [{ tokens: [7, 1], logprobs: [-1, -2], advantages: [1, 1] }] };
 * const one = policyGradientBatch([group], { sampledGroups: 2, rows: 2, width: 4, vocabSize: 9, padId: 0, normalisation: "grpo", maxLength: 2 });
 * const two = policyGradientBatch([group, group], { sampledGroups: 2, rows: 2, width: 4, vocabSize: 9, padId: 0, normalisation: "grpo", maxLength: 2 });
 * const total = (b: { weights: Float32Array }) => b.weights.reduce((s, w) => s + w, 0);
 * assert.equal(total(one), 0.5);
 * assert.equal(total(two), 1);
 * assert.deepEqual([...one.ids], [5, 6, 7, 0, 0, 0, 0, 0]);
 * ```
 */
export function policyGradientBatch(
  groups: readonly PgGroup[],
  o: {
    readonly sampledGroups: number;
    readonly rows: number;
    readonly width: number;
    readonly vocabSize: number;
    readonly padId: number;
    readonly normalisation: "grpo" | "dr_grpo";
    readonly maxLength: number;
  },
): PgHostBatch {
  const B = o.rows, W = o.width, V = o.vocabSize;
  const kept = groups.reduce((s, g) => s + g.responses.length, 0);
  if (kept > B) throw new RangeError(`${kept} responses do not fit a batch of ${B} rows`);
  const ids = new Int32Array(B * W).fill(o.padId);
  const targets = new Float32Array(B * W * V);
  const weights = new Float32Array(B * W);
  const advantages = new Float32Array(B * W);
  const oldLogp = new Float32Array(B * W);
  let b = 0;
  for (const group of groups) {
    const counted = group.responses.map((r) =>
      Math.max(1, r.advantages.filter((x) => !Number.isNaN(x)).length)
    );
    const lw = tokenLossWeights(counted, o.normalisation, o.maxLength);
    group.responses.forEach((r, g) => {
      const seq = [...group.prompt, ...r.tokens];
      for (let t = 0; t + 1 < seq.length && t < W; t++) ids[b * W + t] = seq[t]!;
      r.tokens.forEach((token, j) => {
        const a = r.advantages[j]!;
        const t = group.prompt.length - 1 + j; // the position that predicts generated token j
        if (Number.isNaN(a) || t >= W) return;
        targets[(b * W + t) * V + token] = 1;
        weights[b * W + t] = lw[g]! / o.sampledGroups;
        advantages[b * W + t] = a;
        oldLogp[b * W + t] = r.logprobs[j]!;
      });
      b++;
    });
  }
  return { rows: B, width: W, ids, targets, weights, advantages, oldLogp };
}

function scheduleState(s: RlHorizonSchedule, seed: number): CurriculumState | null {
  if (s.kind === "fixed" || s.kind === "mix") return null;
  return createCurriculum({
    families: ["chain_sum"],
    seed,
    horizons: s.horizons,
    policy: s.kind === "stagewise"
      ? { kind: "fixed_stages", stepsPerStage: s.stepsPerStage }
      : { kind: "threshold", window: s.window, raise: s.raise, lower: s.lower, target: "horizon" },
  });
}

/**
 * Runs GRPO-family RL on compact chains. Deterministic in `seed` (sampling streams are seeded
 * per step and row).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { trainRl } from "./grpo.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { initWeights } from "./model.ts";
 * const tokenizer = charTokenizer();
 * const config = { vocabSize: tokenizer.vocabSize, hiddenSize: 16, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 32, maxPositions: 64 };
 * const run = await trainRl({ config, tokenizer, initial: initWeights(config, 0), steps: 2, promptsPerStep: 2, groupSize: 2, schedule: { kind: "fixed", horizon: 1 }, band: null });
 * assertEquals(run.log.length, 2);
 * ```
 */
export async function trainRl(o: RlOptions): Promise<RlResult> {
  const c = o.config, tok = o.tokenizer;
  const P = o.promptsPerStep ?? 8, G = o.groupSize ?? 8, seed = o.seed ?? 0;
  const estimatorName = typeof o.estimator === "string" ? o.estimator : undefined;
  const estimator = resolveAdvantageEstimator(o.estimator ?? "grpo");
  const tokens = o.tokenNormalisation ?? tokenNormalisationFor(o.estimator ?? "grpo");
  const band = o.band !== undefined
    ? o.band
    : estimatorName === "expert_iteration"
    ? { lo: 0, hi: Infinity }
    : { lo: 0, hi: 1 };
  const epochs = o.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new RangeError(`epochs must be a positive integer, got ${o.epochs}`);
  }
  const flat = flattenWeights(o.initial).map((a) => Float32Array.from(a));
  const adam: AdamState = o.adamState ? structuredClone(o.adamState) : createAdam(flat);
  // The schedule (warm-up, decay over `adam.totalSteps`) counts this run's steps, also when
  // the moments come from an earlier run.
  const adamOptions: AdamOptions = {
    lr: 5e-4,
    warmupSteps: 0,
    clipNorm: 1,
    ...o.adam,
    scheduleFrom: adam.step,
  };
  const decay = weightShapes(c).map((s) => s.shape.length > 1);
  const temperature = o.temperature ?? 1;
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${o.temperature}`);
  const klWeight = o.kl ?? 0;
  const lossFn = pgLossAndGradFn(c, { clip: o.clip ?? 0.2, kl: klWeight, temperature });
  const fwd = logitsFn(c);
  if (
    o.schedule.kind === "mix" &&
    !(o.schedule.horizons.length > 0 &&
      o.schedule.horizons.every((h) => Number.isInteger(h) && h >= 1))
  ) {
    throw new RangeError(
      `schedule.horizons of a mix must be integers >= 1, got ${
        JSON.stringify(o.schedule.horizons)
      }`,
    );
  }
  let curriculum = scheduleState(o.schedule, seed);
  const log: RlStepLog[] = [];
  const start = performance.now();
  await using sampler = new OnnxSampler(c, tok, o.backend ?? "cpu");
  await sampler.update(o.initial);
  const evaluate = async (): Promise<Record<string, number>> => {
    const e = await evaluateByDepth(sampler.model, {
      depths: o.eval?.depths ?? [1, 2, 3, 4, 5, 6, 7, 8],
      perDepth: o.eval?.perDepth ?? 32,
      seed: o.eval?.seed ?? 4242,
      skipStandalone: true,
      ...(o.chain ? { chain: o.chain } : {}),
      ...(o.eval?.sampling ? { sampling: { ...o.eval.sampling } } : {}),
    });
    return Object.fromEntries(e.byDepth.map((d) => [String(d.depth), d.accuracy]));
  };
  let stageStart = 0, lastHorizon: number | null = null;
  let step = 0;
  for (; step < o.steps; step++) {
    const schedule = o.schedule;
    const horizon = curriculum
      ? currentHorizon(curriculum)
      : schedule.kind === "mix"
      ? Math.max(...schedule.horizons)
      : (schedule as { horizon: number }).horizon;
    if (horizon !== lastHorizon) stageStart = step;
    lastHorizon = horizon;
    const stepSeed = hashSeed(["rl_step", seed, step])[0]!;
    const window = Math.max(1, Math.floor(o.horizonWindow ?? 1));
    const depths = Array.from(
      { length: P },
      (_, i) =>
        schedule.kind === "mix"
          ? schedule.horizons[(step * P + i) % schedule.horizons.length]!
          : Math.max(1, horizon - (i % window)),
    );
    const tasks = depths.map((d, i) => sampleChain(d, stepSeed, i, o.chain));
    const examples = tasks.map(compactExample);
    const t0 = performance.now();
    const gens = await sampler.model.generate(
      examples.flatMap((e) => Array.from({ length: G }, () => e.prompt)),
      {
        temperature,
        seed: stepSeed,
        maxNewTokens: maxResponseTokens(horizon),
      },
    );
    const t1 = performance.now();
    const scored = gens.map((g, j) =>
      scoreCompact(tasks[Math.floor(j / G)]!, g.text, {
        ...(o.reward ? { reward: o.reward } : {}),
      })
    );
    const rewards = scored.map((s) => s.reward);
    const groups = Array.from({ length: P }, (_, i) => i);
    const groupMean = (i: number) =>
      rewards.slice(i * G, (i + 1) * G).reduce((a, b) => a + b, 0) / G;
    const perStep = (i: number) => scored.slice(i * G, (i + 1) * G).map((s) => s.perProblem);
    const process = o.credit === "process"
      ? groups.map((i) => processStepAdvantages(perStep(i)))
      : o.credit === "step"
      ? groups.map((i) => stepGroupAdvantages(perStep(i), (r) => estimator.estimate(r)))
      : null;
    const kept = process
      ? groups.filter((i) => process[i] !== null)
      : band
      ? filterByPassRateBand(groups, groupMean, band).kept
      : groups;
    const advantages = groups.map((i) => estimator.estimate(rewards.slice(i * G, (i + 1) * G)));
    // Per generated token: its advantage, or NaN where it gets no gradient.
    const tokenAdvantage = (r: number): number[] => {
      const tokensOf = gens[r]!.tokens;
      const stepAdv = process?.[Math.floor(r / G)]?.[r % G];
      if (!stepAdv) return tokensOf.map(() => advantages[Math.floor(r / G)]![r % G]!);
      return tokenSteps(tok, tokensOf, depths[Math.floor(r / G)]!).map((k) =>
        k < stepAdv.length ? stepAdv[k]! : NaN
      );
    };
    const t2 = performance.now();

    // The update: `epochs` passes over one batch of the kept groups' samples, of a fixed shape
    // per horizon band (all P·G rows, the band's width).
    const promptIds = examples.map((e) => encodeChars(tok, e.prompt));
    let loss: number | null = null, lr: number | null = null, kl: number | null = null;
    const clipFraction: number[] = [];
    const entropies = gens.flatMap((g) => g.entropies);
    if (kept.length) {
      const B = G * P, W = updateWidth(Math.max(...depths), c.maxPositions, o.chain);
      const batch = policyGradientBatch(
        kept.map((i) => ({
          prompt: promptIds[i]!,
          responses: Array.from({ length: G }, (_, g) => ({
            tokens: gens[i * G + g]!.tokens,
            logprobs: gens[i * G + g]!.logprobs,
            advantages: tokenAdvantage(i * G + g),
          })),
        })),
        {
          sampledGroups: P,
          rows: B,
          width: W,
          vocabSize: c.vocabSize,
          padId: tok.padId,
          normalisation: tokens,
          maxLength: maxResponseTokens(horizon),
        },
      );
      const { ids, targets, weights } = batch;
      const old = batch.oldLogp, ref = new Float32Array(B * W);
      // Log-probs of the sampled tokens at the sampling temperature: the reference's (initial
      // weights) for the KL term, only when it has a weight, and, when T ≠ 1, the sampling
      // policy's own (the runtime reports temperature-1 log-probs).
      const tokenLogp = (w: DecoderWeights, into: Float32Array) => {
        const logits = fwd(toJax(c, w), i32(ids, [B, W]), forwardConsts(c, W))
          .dataSync() as Float32Array;
        const V = c.vocabSize;
        for (let i = 0; i < B * W; i++) {
          if (weights[i] === 0) continue;
          const row = logits.subarray(i * V, (i + 1) * V);
          const lp = logSoftmax(temperature === 1 ? row : row.map((x) => x / temperature));
          into[i] = lp[targets.subarray(i * V, (i + 1) * V).indexOf(1)]!;
        }
      };
      if (temperature !== 1) tokenLogp(unflattenWeights(c, flat), old);
      const updated = weights.reduce((n, w) => n + (w > 0 ? 1 : 0), 0);
      if (klWeight > 0) {
        tokenLogp(o.initial, ref);
        let klSum = 0;
        for (let i = 0; i < B * W; i++) {
          if (weights[i] === 0) continue;
          const d = ref[i]! - old[i]!;
          klSum += Math.exp(d) - d - 1;
        }
        kl = klSum / Math.max(1, updated);
      }
      const stepLr = o.lrSchedule === "stage"
        ? stageLearningRate(step, {
          stageStart,
          stageEnd: stageEndOf(o.schedule, stageStart, o.steps),
          ...(o.eval ? { evalEvery: o.eval.every } : {}),
        }, adamOptions)
        : null;
      for (let e = 0; e < epochs; e++) {
        const [lossArr, grads, clipped] = lossFn(toJax(c, unflattenWeights(c, flat)), {
          ids: i32(ids, [B, W]),
          targets: f32(targets, [B, W, c.vocabSize]),
          weights: f32(weights, [B, W]),
          advantages: f32(batch.advantages, [B, W]),
          oldLogp: f32(old, [B, W]),
          refLogp: f32(ref, [B, W]),
        }, forwardConsts(c, W));
        if (e === 0) loss = (lossArr.dataSync() as Float32Array)[0]!;
        else lossArr.dispose();
        clipFraction.push((clipped.dataSync() as Float32Array)[0]! / Math.max(1, updated));
        ({ lr } = adamStep(
          flat,
          orderedGrads(c, grads),
          adam,
          stepLr === null
            ? adamOptions
            : { ...adamOptions, lr: stepLr, warmupSteps: 0, totalSteps: undefined },
          decay,
        ));
      }
      await sampler.update(unflattenWeights(c, flat));
    }
    const t3 = performance.now();
    if (curriculum) {
      curriculum = o.schedule.kind === "stagewise" ? nextBatch(curriculum, 1).state : recordScores(
        curriculum,
        // promotion reads the success at the horizon itself, not the window's shorter chains
        scored.flatMap((s, j) => depths[Math.floor(j / G)] === horizon ? [s.correct ? 1 : 0] : []),
      );
    }
    const entry: RlStepLog = {
      step: step + 1,
      horizon,
      reward: rewards.reduce((a, b) => a + b, 0) / rewards.length,
      accuracyByDepth: Object.fromEntries(
        [...new Set(depths)].sort((a, b) => a - b).map((d) => {
          const at = scored.filter((_, j) => depths[Math.floor(j / G)] === d);
          return [String(d), at.filter((s) => s.correct).length / at.length];
        }),
      ),
      entropy: entropies.reduce((a, b) => a + b, 0) / Math.max(1, entropies.length),
      kl,
      keptGroups: kept.length,
      groups: P,
      loss,
      lr,
      clipFraction,
      seconds: {
        sampling: (t1 - t0) / 1000,
        scoring: (t2 - t1) / 1000,
        update: (t3 - t2) / 1000,
      },
      elapsed: (performance.now() - start) / 1000,
      ...(o.eval && ((step + 1) % o.eval.every === 0 || step + 1 === o.steps)
        ? { eval: await evaluate() }
        : {}),
    };
    log.push(entry);
    o.onStep?.(entry);
    if (o.logFile) {
      await Deno.writeTextFile(o.logFile, JSON.stringify(entry) + "\n", { append: true });
    }
    if (o.maxSeconds !== undefined && entry.elapsed > o.maxSeconds) {
      step++;
      break;
    }
  }
  if (o.eval && log.length && !log[log.length - 1]!.eval) {
    (log[log.length - 1] as { eval?: Record<string, number> }).eval = await evaluate();
  }
  return {
    weights: unflattenWeights(c, flat),
    log,
    steps: step,
    seconds: (performance.now() - start) / 1000,
    curriculum,
  };
}

/** The step (exclusive) at which a stage that began at `stageStart` ends, as far as it is known. */
function stageEndOf(s: RlHorizonSchedule, stageStart: number, steps: number): number {
  if (s.kind !== "stagewise") return steps; // a threshold promotion is not known in advance
  const stage = Math.floor(stageStart / s.stepsPerStage);
  return stage < s.horizons.length - 1 ? Math.min(steps, (stage + 1) * s.stepsPerStage) : steps;
}
