/**
 * RLVR on the small decoder: a GRPO-family trainer. Each step samples groups of responses with
 * the ONNX runtime (the current weights exported by the project's writer), scores them with the
 * project's verifier and reward (R_all by default), turns rewards into advantages with the
 * project's estimators, keeps the groups inside the pass-rate band, and applies the clipped
 * policy-gradient loss (optional KL to the starting model) with jax-js gradients. The horizon
 * follows lib/curriculum: h1's stagewise schedule, threshold promotion on the recorded scores,
 * or a fixed horizon.
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
 *   `lower` (lib/curriculum's `threshold`, on the scores recorded each step).
 */
export type RlHorizonSchedule =
  | { readonly kind: "fixed"; readonly horizon: number }
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
  /** KL coefficient β (k3 against the initial weights). Default 0 (Dr.GRPO drops it; DeepSeekMath used 0.04). */
  readonly kl?: number;
  /**
   * Sampling temperature T. The loss, its ratio and the KL term use the log-probabilities of
   * `softmax(logits / T)`, the distribution sampled from. Default 1.
   */
  readonly temperature?: number;
  /**
   * Keep groups whose mean reward lies strictly inside `(lo, hi)` (DAPO's dynamic sampling;
   * all-right and all-wrong groups carry no GRPO signal). Default `{ lo: 0, hi: 1 }`; `null` keeps all.
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
  /** Held-out greedy evaluation every `every` steps (and at the end). Default none. */
  readonly eval?: {
    readonly every: number;
    readonly depths?: readonly number[];
    readonly perDepth?: number;
    readonly seed?: number;
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
  /** Mean k3 KL estimate to the initial weights over generated tokens (before the update, at the sampling temperature). */
  readonly kl: number;
  /** Groups kept by the pass-rate band, of all groups. */
  readonly keptGroups: number;
  /** Groups (prompts) sampled this step. */
  readonly groups: number;
  /** Policy loss of the update, or `null` when no group was kept. */
  readonly loss: number | null;
  /** Learning rate of the update, or `null` when no group was kept. */
  readonly lr: number | null;
  /** Seconds spent sampling, scoring and updating (the update includes the reference forward). */
  readonly seconds: {
    readonly sampling: number;
    readonly scoring: number;
    readonly update: number;
  };
  /** Seconds since the start of training. */
  readonly elapsed: number;
  /** Held-out greedy R_all accuracy by depth, on evaluation steps. */
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

function widthFor(tokens: number, maxPositions: number): number {
  for (const w of [24, 40, 56, 64]) if (tokens <= w && w <= maxPositions) return w;
  return maxPositions;
}

function scheduleState(s: RlHorizonSchedule, seed: number): CurriculumState | null {
  if (s.kind === "fixed") return null;
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
  const estimator = resolveAdvantageEstimator(o.estimator ?? "grpo");
  const tokens = o.tokenNormalisation ?? tokenNormalisationFor(o.estimator ?? "grpo");
  const band = o.band === undefined ? { lo: 0, hi: 1 } : o.band;
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
  const lossFn = pgLossAndGradFn(c, { clip: o.clip ?? 0.2, kl: o.kl ?? 0, temperature });
  const fwd = logitsFn(c);
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
    });
    return Object.fromEntries(e.byDepth.map((d) => [String(d.depth), d.accuracy]));
  };
  let step = 0;
  for (; step < o.steps; step++) {
    const horizon = curriculum
      ? currentHorizon(curriculum)
      : (o.schedule as { horizon: number }).horizon;
    const stepSeed = hashSeed(["rl_step", seed, step])[0]!;
    const window = Math.max(1, Math.floor(o.horizonWindow ?? 1));
    const depths = Array.from({ length: P }, (_, i) => Math.max(1, horizon - (i % window)));
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

    // The update: one batch of the kept groups' samples.
    const rows = kept.flatMap((i) => Array.from({ length: G }, (_, g) => i * G + g));
    const promptIds = examples.map((e) => encodeChars(tok, e.prompt));
    let loss: number | null = null, lr: number | null = null;
    let klSum = 0, klCount = 0;
    const entropies = gens.flatMap((g) => g.entropies);
    if (rows.length) {
      const seqLen = rows.map((r) => promptIds[Math.floor(r / G)]!.length + gens[r]!.tokens.length);
      const W = widthFor(Math.max(...seqLen) - 1, c.maxPositions);
      // Rows padded (weight 0) to a power of two of groups, so the jit-compiled update sees a
      // few batch shapes instead of recompiling for every count of kept groups.
      const B = G * Math.min(P, 2 ** Math.ceil(Math.log2(kept.length)));
      const ids = new Int32Array(B * W).fill(tok.padId);
      const targets = new Float32Array(B * W * c.vocabSize);
      const weights = new Float32Array(B * W);
      const adv = new Float32Array(B * W);
      const old = new Float32Array(B * W);
      const ref = new Float32Array(B * W);
      const maxLen = maxResponseTokens(horizon);
      const rowAdvantages = rows.map(tokenAdvantage);
      const counted = rowAdvantages.map((a) =>
        Math.max(1, a.filter((x) => !Number.isNaN(x)).length)
      );
      rows.forEach((r, b) => {
        const prompt = promptIds[Math.floor(r / G)]!, gen = gens[r]!;
        const seq = [...prompt, ...gen.tokens];
        for (let t = 0; t + 1 < seq.length && t < W; t++) ids[b * W + t] = seq[t]!;
        // Token weights: within a group as the estimator says, then averaged over kept groups.
        const first = Math.floor(b / G) * G;
        const lw = tokenLossWeights(counted.slice(first, first + G), tokens, maxLen)[b % G]! /
          kept.length;
        const tokenAdv = rowAdvantages[b]!;
        gen.tokens.forEach((token, j) => {
          const a = tokenAdv[j]!;
          if (Number.isNaN(a)) return;
          const t = prompt.length - 1 + j; // the position that predicts generated token j
          targets[(b * W + t) * c.vocabSize + token] = 1;
          weights[b * W + t] = lw;
          adv[b * W + t] = a;
          old[b * W + t] = gen.logprobs[j]!;
        });
      });
      // Log-probs of the sampled tokens at the sampling temperature: the reference's (initial
      // weights) for the KL term and log, and, when T ≠ 1, the sampling policy's own (the
      // runtime reports temperature-1 log-probs).
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
      tokenLogp(o.initial, ref);
      for (let i = 0; i < B * W; i++) {
        if (weights[i] === 0) continue;
        const d = ref[i]! - old[i]!;
        klSum += Math.exp(d) - d - 1;
        klCount++;
      }
      const [lossArr, grads] = lossFn(toJax(c, unflattenWeights(c, flat)), {
        ids: i32(ids, [B, W]),
        targets: f32(targets, [B, W, c.vocabSize]),
        weights: f32(weights, [B, W]),
        advantages: f32(adv, [B, W]),
        oldLogp: f32(old, [B, W]),
        refLogp: f32(ref, [B, W]),
      }, forwardConsts(c, W));
      loss = (lossArr.dataSync() as Float32Array)[0]!;
      ({ lr } = adamStep(flat, orderedGrads(c, grads), adam, adamOptions, decay));
      await sampler.update(unflattenWeights(c, flat));
    }
    const t3 = performance.now();
    if (curriculum) {
      curriculum = o.schedule.kind === "stagewise"
        ? nextBatch(curriculum, 1).state
        : recordScores(curriculum, scored.map((s) => (s.correct ? 1 : 0)));
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
      kl: klCount ? klSum / klCount : 0,
      keptGroups: kept.length,
      groups: P,
      loss,
      lr,
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
