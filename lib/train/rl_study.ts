/**
 * h1's comparison on a real model: RL with a stagewise horizon curriculum against RL at a
 * fixed long horizon, at the same budget (steps × prompts × samples), from the same start,
 * evaluated greedily by horizon before and after.
 * @module
 */
import type { CausalLM } from "../infer/causal_lm.ts";
import { join } from "node:path";
import { type CharTokenizer, charTokenizer, SPECIAL_TOKENS } from "./char_tokenizer.ts";
import { type RlHorizonSchedule, type RlOptions, type RlStepLog, trainRl } from "./grpo.ts";
import type { DecoderConfig, DecoderWeights } from "./model.ts";
import { evaluateByDepth, OnnxSampler } from "./sampler.ts";
import { requireCheckpoint } from "./sft.ts";

/** Options for {@linkcode compareSchedules}. */
export interface ScheduleStudyOptions
  extends Omit<RlOptions, "config" | "tokenizer" | "initial" | "schedule" | "logFile" | "onStep"> {
  /** Shape of the model. */
  readonly config: DecoderConfig;
  /** The tokenizer the model reads. */
  readonly tokenizer: CharTokenizer;
  /** Weights every schedule starts from (the `base` model). */
  readonly initial: DecoderWeights;
  /** The schedules to compare, by name. Default: h1's stagewise 3→8 against fixed 8. */
  readonly schedules?: Record<string, RlHorizonSchedule>;
  /**
   * Held-out evaluation (before and after): greedy, and also sampled when `sampling` is given
   * (R-Horizon's Avg@k: `samples` per chain at `temperature`). Default depths 1–8, 64 per
   * depth, seed 9001, greedy only.
   */
  readonly final?: {
    readonly depths?: readonly number[];
    readonly perDepth?: number;
    readonly seed?: number;
    readonly sampling?: { readonly samples: number; readonly temperature: number };
  };
  /** Called after each step of each schedule, with the schedule's name. */
  readonly onStep?: (schedule: string, log: RlStepLog) => void;
}

/** One row of the before/after table: accuracy at a depth for a model. */
export interface DepthRow {
  /** `base` or a schedule's name. */
  readonly model: string;
  /** Chain depth. */
  readonly depth: number;
  /** Greedy R_all accuracy on held-out chains of that depth. */
  readonly accuracy: number;
  /** Sampled R_all accuracy (Avg@k) on the same chains, when the study samples. */
  readonly sampledAccuracy?: number;
}

/** The result of {@linkcode compareSchedules}. */
export interface ScheduleStudy {
  /** Accuracy by depth of the base model and of each trained one. */
  readonly rows: readonly DepthRow[];
  /** Step records, by schedule. */
  readonly logs: Record<string, readonly RlStepLog[]>;
  /** Training seconds, by schedule. */
  readonly seconds: Record<string, number>;
  /** Mean accuracy over depths 4–8 (those evaluated), per model. */
  readonly longHorizon: Record<string, number>;
  /** The same mean of the sampled accuracy, when the study samples. */
  readonly longHorizonSampled?: Record<string, number>;
  /** Weights by model (`base` included). */
  readonly weights: Record<string, DecoderWeights>;
}

/**
 * The default schedules: h1's stagewise curriculum over horizons `from..to` with equal stages,
 * and a fixed horizon `to` (h1's Only-Long baseline), for a budget of `steps`.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { defaultSchedules } from "./rl_study.ts";
 * const s = defaultSchedules(12, 3, 8);
 * assertEquals(s.fixed, { kind: "fixed", horizon: 8 });
 * assertEquals(s.curriculum, { kind: "stagewise", horizons: [3, 4, 5, 6, 7, 8], stepsPerStage: 2 });
 * ```
 */
export function defaultSchedules(
  steps: number,
  from = 3,
  to = 8,
): Record<string, RlHorizonSchedule> {
  const horizons = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return {
    curriculum: {
      kind: "stagewise",
      horizons,
      stepsPerStage: Math.max(1, Math.floor(steps / horizons.length)),
    },
    fixed: { kind: "fixed", horizon: to },
  };
}

async function accuracyRows(
  lm: CausalLM,
  model: string,
  final: ScheduleStudyOptions["final"],
): Promise<DepthRow[]> {
  const at = {
    depths: final?.depths ?? [1, 2, 3, 4, 5, 6, 7, 8],
    perDepth: final?.perDepth ?? 64,
    seed: final?.seed ?? 9001,
    skipStandalone: true,
  };
  const e = await evaluateByDepth(lm, at);
  const sampled = final?.sampling
    ? await evaluateByDepth(lm, { ...at, sampling: final.sampling })
    : null;
  return e.byDepth.map((d, i) => ({
    model,
    depth: d.depth,
    accuracy: d.accuracy,
    ...(sampled ? { sampledAccuracy: sampled.byDepth[i]!.accuracy } : {}),
  }));
}

/**
 * Runs every schedule from the same weights at the same budget and evaluates the base model
 * and each result greedily by depth on held-out chains.
 *
 * A run trains a model per schedule (minutes), so the example checks the schedules it
 * compares by default, {@linkcode defaultSchedules}; a study reads
 * `await compareSchedules({ config, tokenizer, initial, steps: 30 })` and reports
 * `longHorizon` for `base`, `curriculum` and `fixed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultSchedules } from "./rl_study.ts";
 * assert.deepEqual(Object.keys(defaultSchedules(30)), ["curriculum", "fixed"]);
 * ```
 */
export async function compareSchedules(o: ScheduleStudyOptions): Promise<ScheduleStudy> {
  const schedules = o.schedules ?? defaultSchedules(o.steps);
  const rows: DepthRow[] = [];
  const logs: Record<string, RlStepLog[]> = {};
  const seconds: Record<string, number> = {};
  const weights: Record<string, DecoderWeights> = { base: o.initial };
  {
    await using s = new OnnxSampler(o.config, o.tokenizer);
    await s.update(o.initial);
    rows.push(...await accuracyRows(s.model, "base", o.final));
  }
  for (const [name, schedule] of Object.entries(schedules)) {
    const { schedules: _s, final: _f, onStep, ...rest } = o;
    const run = await trainRl({
      ...rest,
      schedule,
      ...(onStep ? { onStep: (l: RlStepLog) => onStep(name, l) } : {}),
    });
    logs[name] = run.log;
    seconds[name] = run.seconds;
    weights[name] = run.weights;
    await using s = new OnnxSampler(o.config, o.tokenizer);
    await s.update(run.weights);
    rows.push(...await accuracyRows(s.model, name, o.final));
  }
  const longMean = (key: (r: DepthRow) => number) =>
    Object.fromEntries(["base", ...Object.keys(schedules)].map((model) => {
      const long = rows.filter((r) => r.model === model && r.depth >= 4 && r.depth <= 8);
      return [model, long.reduce((s, r) => s + key(r), 0) / Math.max(1, long.length)];
    }));
  return {
    rows,
    logs,
    seconds,
    longHorizon: longMean((r) => r.accuracy),
    ...(o.final?.sampling ? { longHorizonSampled: longMean((r) => r.sampledAccuracy!) } : {}),
    weights,
  };
}

/**
 * The character tokenizer of a model directory written by `exportModel`, rebuilt from its
 * `tokenizer.json` (the characters in id order after the specials) and checked against the
 * model's vocabulary size.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { modelTokenizer } from "./rl_study.ts";
 * import { exportModel } from "./export.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { initWeights } from "./model.ts";
 * const tok = charTokenizer();
 * const c = { vocabSize: tok.vocabSize, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const dir = await Deno.makeTempDir();
 * await exportModel(dir, c, initWeights(c, 0), tok);
 * assert.deepEqual(await modelTokenizer(dir, c), tok);
 * await assert.rejects(() => modelTokenizer(dir, { ...c, vocabSize: 5 }), /vocabulary of 5/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function modelTokenizer(model: string, config: DecoderConfig): Promise<CharTokenizer> {
  const file = join(model, "tokenizer.json");
  const json = JSON.parse(await Deno.readTextFile(file)) as {
    model?: { vocab?: Record<string, number> };
  };
  const vocab = json.model?.vocab;
  if (!vocab) throw new Error(`${file}: model.vocab is missing`);
  const chars = Object.entries(vocab).filter(([t]) =>
    !(SPECIAL_TOKENS as readonly string[]).includes(t)
  )
    .sort((a, b) => a[1] - b[1]);
  chars.forEach(([t, id], i) => {
    if (id !== i + SPECIAL_TOKENS.length || [...t].length !== 1) {
      throw new Error(
        `${file}: token ${JSON.stringify(t)} (id ${id}) is not a character tokenizer's`,
      );
    }
  });
  const tok = charTokenizer(chars.map(([t]) => t).join(""));
  if (tok.vocabSize !== config.vocabSize) {
    throw new Error(
      `${file}: ${tok.vocabSize} tokens, but the checkpoint's model has a vocabulary of ${config.vocabSize}`,
    );
  }
  return tok;
}

/** What a recorded study (e.g. `data/model/rl_study.json`) holds: the study without weights, and how it was made. */
export interface RlStudyRecord {
  /** The command that ran it. */
  readonly command: string;
  /** The model directory the runs started from. */
  readonly model: string;
  /** The settings every schedule shared (budget: steps × prompts × samples). */
  readonly settings: {
    readonly steps: number;
    readonly promptsPerStep: number;
    readonly groupSize: number;
    readonly estimator: string;
    readonly reward: string;
    readonly lr: number;
    readonly seed: number;
    readonly perDepth: number;
    /** How credit reached the tokens (`trainRl`'s `credit`). */
    readonly credit: "outcome" | "process" | "step";
    /** How many horizons a step's prompts spread over (`trainRl`'s `horizonWindow`). */
    readonly window: number;
    /** KL coefficient β to the starting model. */
    readonly kl: number;
    /** Whether the runs started from the checkpoint's Adam moments (otherwise fresh ones). */
    readonly checkpointAdam: boolean;
    /** Updates over each sampled batch (PPO epochs; absent in records made before the option: 1). */
    readonly epochs?: number;
    /** Steps of linear learning-rate warm-up. */
    readonly warmup: number;
    /** Sampling temperature. */
    readonly temperature: number;
    /**
     * Learning-rate decay after warm-up: none, cosine to a tenth over each run's steps, or
     * `stage` (`trainRl`'s `lrSchedule: "stage"`: restart at each curriculum stage, cosine to a
     * tenth by the stage's end).
     */
    readonly decay: "none" | "cosine" | "stage";
    /** Samples per chain of the sampled evaluation (Avg@k at temperature 1); 0: greedy only. */
    readonly evalSamples: number;
  };
  /** The schedules compared, by name. */
  readonly schedules: Record<string, RlHorizonSchedule>;
  /** Accuracy by depth of the base model and of each trained one. */
  readonly rows: readonly DepthRow[];
  /** Mean accuracy over depths 4–8, per model. */
  readonly longHorizon: Record<string, number>;
  /** The same mean of the sampled accuracy (Avg@k at temperature 1), when the study samples. */
  readonly longHorizonSampled?: Record<string, number>;
  /** Training seconds, by schedule. */
  readonly seconds: Record<string, number>;
  /** Step records, by schedule. */
  readonly logs: Record<string, readonly RlStepLog[]>;
  /** The machine's 1-minute load average at the start and the end (Deno.loadavg). */
  readonly loadAverage: { readonly start: number; readonly end: number };
  /** When it was written (ISO 8601). */
  readonly createdAt: string;
}

/** Options for {@linkcode runRlStudy}. */
export interface RlStudyOptions {
  /** Steps per schedule (the shared budget). Default 30. */
  readonly steps?: number;
  /** Prompts per step. Default 8. */
  readonly promptsPerStep?: number;
  /** Samples per prompt. Default 8. */
  readonly groupSize?: number;
  /** Advantage estimator. Default `"grpo"`. */
  readonly estimator?: string;
  /** Reward. Default `"all"` (R_all). */
  readonly reward?: string;
  /**
   * Adam learning rate (clipping at 1). Default 1e-4: larger rates collapsed the shipped model
   * (fresh Adam moves every weight by about the rate each step).
   */
  readonly lr?: number;
  /** How credit reaches the tokens (`trainRl`'s `credit`). Default `"outcome"`. */
  readonly credit?: "outcome" | "process" | "step";
  /** How many horizons a step's prompts spread over (`trainRl`'s `horizonWindow`). Default 1. */
  readonly window?: number;
  /** KL coefficient β to the starting model. Default 0. */
  readonly kl?: number;
  /**
   * Start every run from the checkpoint's Adam moments (the supervised run's), so the first
   * updates scale with the gradient instead of moving every weight by about the rate.
   * Default true; false starts from fresh moments.
   */
  readonly checkpointAdam?: boolean;
  /** Updates over each sampled batch (`trainRl`'s `epochs`, PPO's epochs). Default 1. */
  readonly epochs?: number;
  /**
   * Steps of linear learning-rate warm-up. Default 0. With fresh moments the first Adam steps
   * move every weight by about the rate: on the shipped model two such steps at 1e-3 (of
   * supervised gradients, too) take depth-3 accuracy from 97% to 16%.
   */
  readonly warmup?: number;
  /** Sampling temperature (the loss reads the same tempered log-probabilities). Default 1. */
  readonly temperature?: number;
  /**
   * Learning-rate decay after warm-up: `"stage"` (default: the schedule restarts at each
   * curriculum stage and decays by a cosine to a tenth by the stage's end, `trainRl`'s
   * `lrSchedule: "stage"`), `"cosine"` (to a tenth over each run's steps) or `"none"` (a
   * constant rate). A run evaluated at a constant rate is evaluated "hot": on the shipped model
   * 150 steps of gold supervision through this trainer at 1e-3 ended at depths 4 / 5 = 28 / 8%
   * with a constant rate and 58 / 17% with the cosine decay.
   */
  readonly decay?: "none" | "cosine" | "stage";
  /**
   * Also evaluate by sampling: this many samples of each held-out chain at temperature 1, the
   * mean over them (R-Horizon's Avg@k, the paper's protocol). Default 0: greedy only.
   */
  readonly evalSamples?: number;
  /** First horizon of the stagewise curriculum. Default 3. */
  readonly from?: number;
  /** Last curriculum horizon, and the fixed horizon. Default 8. */
  readonly to?: number;
  /** Seed of tasks and sampling. Default 1. */
  readonly seed?: number;
  /** Held-out chains per depth in the before/after evaluation. Default 64. */
  readonly perDepth?: number;
  /** The command to record. Default `"deno task farsight rl-study"`. */
  readonly command?: string;
  /** Called after each step of each schedule. */
  readonly onStep?: (schedule: string, log: RlStepLog) => void;
}

/**
 * h1's comparison as one recorded run: loads a trained model directory's weights
 * (`<model>/checkpoint/`), runs {@linkcode compareSchedules} with {@linkcode defaultSchedules}
 * (stagewise `from..to` against fixed `to`) and returns the record that
 * `deno task farsight rl-study` writes (`data/model/rl_study.json`).
 *
 * A full study takes minutes; the example runs two steps of each schedule on a micro model.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runRlStudy } from "./rl_study.ts";
 * import { exportModel } from "./export.ts";
 * import { saveCheckpoint } from "./sft.ts";
 * import { createAdam } from "./adam.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { flattenWeights, initWeights } from "./model.ts";
 * const tok = charTokenizer();
 * const c = { vocabSize: tok.vocabSize, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 64 };
 * const dir = await Deno.makeTempDir();
 * const weights = initWeights(c, 0);
 * await exportModel(dir, c, weights, tok);
 * await saveCheckpoint(`${dir}/checkpoint`, { config: c, step: 0, weights, adam: createAdam(flattenWeights(weights)) });
 * const r = await runRlStudy(dir, { steps: 2, promptsPerStep: 2, groupSize: 2, from: 1, to: 2, perDepth: 2 });
 * assert.deepEqual(Object.keys(r.longHorizon), ["base", "curriculum", "fixed"]);
 * assert.equal(r.logs.curriculum!.length, 2);
 * assert.deepEqual(r.logs.fixed!.map((l) => l.horizon), [2, 2]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function runRlStudy(
  model: string,
  options: RlStudyOptions = {},
): Promise<RlStudyRecord> {
  const checkpoint = await requireCheckpoint(join(model, "checkpoint"));
  const { config, weights } = checkpoint;
  const tokenizer = await modelTokenizer(model, config);
  const settings = {
    steps: options.steps ?? 30,
    promptsPerStep: options.promptsPerStep ?? 8,
    groupSize: options.groupSize ?? 8,
    estimator: options.estimator ?? "grpo",
    reward: options.reward ?? "all",
    lr: options.lr ?? 1e-4,
    seed: options.seed ?? 1,
    perDepth: options.perDepth ?? 64,
    credit: options.credit ?? "outcome",
    window: options.window ?? 1,
    kl: options.kl ?? 0,
    checkpointAdam: options.checkpointAdam ?? true,
    epochs: options.epochs ?? 1,
    warmup: options.warmup ?? 0,
    temperature: options.temperature ?? 1,
    decay: options.decay ?? "stage",
    evalSamples: options.evalSamples ?? 0,
  };
  const schedules = defaultSchedules(settings.steps, options.from ?? 3, options.to ?? 8);
  const load0 = Deno.loadavg()[0]!;
  const study = await compareSchedules({
    config,
    tokenizer,
    initial: weights,
    steps: settings.steps,
    promptsPerStep: settings.promptsPerStep,
    groupSize: settings.groupSize,
    estimator: settings.estimator,
    reward: settings.reward,
    adam: {
      lr: settings.lr,
      warmupSteps: settings.warmup,
      clipNorm: 1,
      ...(settings.decay === "cosine" ? { totalSteps: settings.steps } : {}),
    },
    ...(settings.decay === "stage" ? { lrSchedule: "stage" as const } : {}),
    epochs: settings.epochs,
    temperature: settings.temperature,
    credit: settings.credit,
    horizonWindow: settings.window,
    kl: settings.kl,
    ...(settings.checkpointAdam ? { adamState: checkpoint.adam } : {}),
    seed: settings.seed,
    schedules,
    final: {
      perDepth: settings.perDepth,
      seed: 9001,
      ...(settings.evalSamples > 0
        ? { sampling: { samples: settings.evalSamples, temperature: 1 } }
        : {}),
    },
    ...(options.onStep ? { onStep: options.onStep } : {}),
  });
  return {
    command: options.command ?? "deno task farsight rl-study",
    model,
    settings,
    schedules,
    rows: study.rows,
    longHorizon: study.longHorizon,
    ...(study.longHorizonSampled ? { longHorizonSampled: study.longHorizonSampled } : {}),
    seconds: study.seconds,
    logs: study.logs,
    loadAverage: { start: load0, end: Deno.loadavg()[0]! },
    createdAt: new Date().toISOString(),
  };
}
