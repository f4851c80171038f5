/**
 * h1's comparison on a real model: RL with a stagewise horizon curriculum against RL at a
 * fixed long horizon, at the same budget (steps × prompts × samples), from the same start,
 * evaluated greedily by horizon before and after.
 * @module
 */
import type { CausalLM } from "../infer/causal_lm.ts";
import type { CharTokenizer } from "./char_tokenizer.ts";
import { type RlHorizonSchedule, type RlOptions, type RlStepLog, trainRl } from "./grpo.ts";
import type { DecoderConfig, DecoderWeights } from "./model.ts";
import { evaluateByDepth, OnnxSampler } from "./sampler.ts";

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
  /** Held-out greedy evaluation (before and after). Default depths 1–8, 64 per depth, seed 9001. */
  readonly final?: {
    readonly depths?: readonly number[];
    readonly perDepth?: number;
    readonly seed?: number;
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
  const e = await evaluateByDepth(lm, {
    depths: final?.depths ?? [1, 2, 3, 4, 5, 6, 7, 8],
    perDepth: final?.perDepth ?? 64,
    seed: final?.seed ?? 9001,
    skipStandalone: true,
  });
  return e.byDepth.map((d) => ({ model, depth: d.depth, accuracy: d.accuracy }));
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
  const longHorizon: Record<string, number> = {};
  for (const model of ["base", ...Object.keys(schedules)]) {
    const long = rows.filter((r) => r.model === model && r.depth >= 4 && r.depth <= 8);
    longHorizon[model] = long.reduce((s, r) => s + r.accuracy, 0) / Math.max(1, long.length);
  }
  return { rows, logs, seconds, longHorizon, weights };
}
