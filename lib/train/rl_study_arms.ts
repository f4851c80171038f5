/**
 * h1's comparison as a resumable study of arms: from one base model, at one budget in samples
 * and updates, **curriculum** RL (stagewise horizons promoted on sampled success, with replay
 * of the previous horizon), **Only-Long** (every prompt at the longest horizon), **Uniform-Mix**
 * (prompts spread evenly over the horizons) and **supervised fine-tuning on gold chains** (the
 * ceiling), each for several seeds. Every finished (arm, seed) is one JSON record in the study's
 * folder, so a study can stop and go on; {@linkcode summarizeRlStudy} reads the records and
 * gives accuracy by depth with 95% intervals (greedy, and sampled Avg@k), the mean over the
 * long horizons, and each arm's gain over the base, paired on the same held-out chains.
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { type Interval } from "../metrics/bootstrap.ts";
import { createRng, type Seed } from "../random/rng.ts";
import type { AdamState } from "./adam.ts";
import { type RlHorizonSchedule, type RlStepLog, trainRl, updateWidth } from "./grpo.ts";
import type { DecoderConfig, DecoderWeights } from "./model.ts";
import { modelTokenizer } from "./rl_study.ts";
import { type DepthAccuracy, evaluateByDepth, OnnxSampler } from "./sampler.ts";
import { requireCheckpoint, trainSupervised } from "./sft.ts";
import type { CharTokenizer } from "./char_tokenizer.ts";

/** The settings every arm of a study shares (its budget and its evaluation). */
export interface ArmStudySettings {
  /** RL steps per arm (one sampled batch each); SFT runs `steps × epochs` updates. */
  readonly steps: number;
  /** Prompts per step. */
  readonly promptsPerStep: number;
  /** Samples per prompt (SFT: gold chains per prompt, so a batch has `promptsPerStep × groupSize`). */
  readonly groupSize: number;
  /** Advantage estimator of the RL arms (lib/advantages' registry, or `expert_iteration`). */
  readonly estimator: string;
  /** Updates over each sampled batch (PPO epochs). */
  readonly epochs: number;
  /** Peak Adam learning rate (every arm starts from the base checkpoint's Adam moments). */
  readonly lr: number;
  /** The long horizons the study trains and compares, shortest first. */
  readonly horizons: readonly number[];
  /** Curriculum: promote when the windowed sampled R_all success at the horizon reaches this. */
  readonly raise: number;
  /** Curriculum: responses in the promotion window. */
  readonly promotionWindow: number;
  /** Curriculum: horizons a step's prompts spread over (h, h−1, …): replay of the shorter ones. */
  readonly replay: number;
  /** Sampling temperature of training. */
  readonly temperature: number;
  /** Depths of the held-out evaluation. */
  readonly evalDepths: readonly number[];
  /** Held-out chains per depth. */
  readonly perDepth: number;
  /** Samples per chain of the sampled evaluation (Avg@k at temperature 1). */
  readonly evalSamples: number;
  /** Seed of the held-out chains (the same for every arm and seed: results pair by chain). */
  readonly evalSeed: number;
  /** Wall-clock bound of an arm's training, in seconds (a safety stop; the budget is `steps`). */
  readonly maxSeconds: number;
}

/**
 * The study's defaults: expert iteration (the pilot's choice), 100 steps of 32 prompts × 4
 * samples with 2 epochs, learning rate 1e-4 from the base's Adam moments, horizons 4–8,
 * promotion at sampled success 0.25 over 256 responses with replay of the previous horizon,
 * and an evaluation of 400 held-out chains per depth 1–8, greedy and Avg@8.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_ARM_SETTINGS } from "./rl_study_arms.ts";
 * assert.deepEqual(DEFAULT_ARM_SETTINGS.horizons, [4, 5, 6, 7, 8]);
 * assert.equal(DEFAULT_ARM_SETTINGS.perDepth >= 200, true);
 * ```
 */
export const DEFAULT_ARM_SETTINGS: ArmStudySettings = {
  steps: 100,
  promptsPerStep: 32,
  groupSize: 4,
  estimator: "expert_iteration",
  epochs: 2,
  lr: 1e-4,
  horizons: [4, 5, 6, 7, 8],
  raise: 0.25,
  promotionWindow: 256,
  replay: 2,
  temperature: 1,
  evalDepths: [1, 2, 3, 4, 5, 6, 7, 8],
  perDepth: 400,
  evalSamples: 8,
  evalSeed: 9001,
  maxSeconds: 1800,
};

/** How an arm trains: an RL schedule (with its horizon window), or supervised on gold chains. */
export type ArmPlan =
  | { readonly kind: "rl"; readonly schedule: RlHorizonSchedule; readonly horizonWindow: number }
  | { readonly kind: "sft"; readonly mix: readonly number[] };

/** The arms of a study, by name: one registry. */
export const STUDY_ARMS: Readonly<
  Record<string, { readonly about: string; readonly plan: (s: ArmStudySettings) => ArmPlan }>
> = {
  curriculum: {
    about:
      "h1's stagewise horizons, promoted on sampled success at the horizon, with replay of the previous ones",
    plan: (s) => ({
      kind: "rl",
      schedule: {
        kind: "threshold",
        horizons: s.horizons,
        window: s.promotionWindow,
        raise: s.raise,
        lower: 0,
      },
      horizonWindow: s.replay,
    }),
  },
  "only-long": {
    about: "every prompt at the longest horizon (h1's Only-Long)",
    plan: (s) => ({
      kind: "rl",
      schedule: { kind: "fixed", horizon: Math.max(...s.horizons) },
      horizonWindow: 1,
    }),
  },
  "uniform-mix": {
    about: "prompts spread evenly over the horizons (Uniform-Mix)",
    plan: (s) => ({
      kind: "rl",
      schedule: { kind: "mix", horizons: s.horizons },
      horizonWindow: 1,
    }),
  },
  sft: {
    about: "supervised fine-tuning on gold chains spread evenly over the horizons (the ceiling)",
    plan: (s) => ({
      kind: "sft",
      mix: Array.from(
        { length: Math.max(...s.horizons) },
        (_, i) => s.horizons.includes(i + 1) ? 1 / s.horizons.length : 0,
      ),
    }),
  },
};

/**
 * An arm's name checked against {@linkcode STUDY_ARMS}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { studyArm } from "./rl_study_arms.ts";
 * assert.equal(studyArm("curriculum").plan({ ...(await import("./rl_study_arms.ts")).DEFAULT_ARM_SETTINGS }).kind, "rl");
 * assert.throws(() => studyArm("only_long"), /unknown arm "only_long": expected one of curriculum, only-long, uniform-mix, sft/);
 * ```
 */
export function studyArm(name: string): (typeof STUDY_ARMS)[string] {
  const arm = STUDY_ARMS[name];
  if (!arm) {
    throw new RangeError(
      `unknown arm ${JSON.stringify(name)}: expected one of ${Object.keys(STUDY_ARMS).join(", ")}`,
    );
  }
  return arm;
}

/** A model's held-out evaluation: by depth, greedy and sampled, with each chain's score. */
export interface ArmEvaluation {
  /** Greedy decoding (each chain 0 or 1). */
  readonly greedy: readonly DepthAccuracy[];
  /** Sampled Avg@k at temperature 1 (each chain the fraction of its k samples right). */
  readonly sampled: readonly DepthAccuracy[];
}

/** The `format` of a study record ({@linkcode ArmRecord}). */
const ARM_RECORD_FORMAT: ArmRecord["format"] = "farsight.rl-study.arm/1";

/** One finished (arm, seed) of a study, or the base model's evaluation (`arm: "base"`). */
export interface ArmRecord {
  /** `farsight.rl-study.arm`, version 1. */
  readonly format: "farsight.rl-study.arm/1";
  /** An arm of {@linkcode STUDY_ARMS}, or `base`. */
  readonly arm: string;
  /** Training seed (the base: 0). */
  readonly seed: number;
  /** The base model directory. */
  readonly model: string;
  /** The shared settings. */
  readonly settings: ArmStudySettings;
  /** How the arm trained (`null` for the base). */
  readonly plan: ArmPlan | null;
  /** Steps (RL) or updates (SFT) run. */
  readonly steps: number;
  /** Training seconds (wall clock). */
  readonly seconds: number;
  /** Evaluation seconds (wall clock). */
  readonly evalSeconds: number;
  /** The RL step log (plain JSON), or the SFT progress lines; empty for the base. */
  readonly log:
    readonly (RlStepLog | { step: number; loss: number; lr: number; elapsed: number })[];
  /** The held-out evaluation after training. */
  readonly evaluation: ArmEvaluation;
  /** The machine's 1-minute load average at the start and the end. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  /** When it was written (ISO 8601). */
  readonly createdAt: string;
}

async function evaluateArm(
  config: DecoderConfig,
  tokenizer: CharTokenizer,
  weights: DecoderWeights,
  s: ArmStudySettings,
): Promise<ArmEvaluation> {
  await using sampler = new OnnxSampler(config, tokenizer);
  await sampler.update(weights);
  const at = {
    depths: s.evalDepths,
    perDepth: s.perDepth,
    seed: s.evalSeed,
    skipStandalone: true,
    perChain: true,
  };
  const greedy = (await evaluateByDepth(sampler.model, at)).byDepth;
  const sampled = (await evaluateByDepth(sampler.model, {
    ...at,
    sampling: { samples: s.evalSamples, temperature: 1 },
  })).byDepth;
  return { greedy, sampled };
}

/**
 * Where an (arm, seed) record lives in a study folder: `<arm>_seed<k>.json`, `base.json`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { armRecordPath } from "./rl_study_arms.ts";
 * assert.equal(armRecordPath("data/study", "uniform-mix", 2), "data/study/uniform-mix_seed2.json");
 * assert.equal(armRecordPath("data/study", "base", 0), "data/study/base.json");
 * ```
 */
export function armRecordPath(dir: string, arm: string, seed: number): string {
  return join(dir, arm === "base" ? "base.json" : `${arm}_seed${seed}.json`);
}

/** Options for {@linkcode runStudyArm}. */
export interface RunArmOptions {
  /** Shared settings (default {@linkcode DEFAULT_ARM_SETTINGS}). */
  readonly settings?: ArmStudySettings;
  /** Called after each RL step or SFT update. */
  readonly onStep?: (
    line: { step: number; horizon?: number; elapsed: number; text: string },
  ) => void;
}

/**
 * Trains one arm of the study from the base model directory's checkpoint (weights and Adam
 * moments) with `seed`, and evaluates it; `arm: "base"` only evaluates the base. Returns the
 * record (the caller writes it).
 *
 * A real arm takes minutes; the example runs the four arms for two steps on a micro model.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_ARM_SETTINGS, runStudyArm } from "./rl_study_arms.ts";
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
 * const settings = { ...DEFAULT_ARM_SETTINGS, steps: 2, promptsPerStep: 2, groupSize: 2, horizons: [2, 3], evalDepths: [2, 3], perDepth: 2, evalSamples: 2 };
 * for (const arm of ["curriculum", "only-long", "uniform-mix", "sft"]) {
 *   const r = await runStudyArm(dir, arm, 1, { settings });
 *   assert.equal(r.steps, arm === "sft" ? 4 : 2);
 *   assert.deepEqual(r.evaluation.greedy.map((d) => d.chains!.length), [2, 2]);
 * }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function runStudyArm(
  model: string,
  arm: string,
  seed: number,
  options: RunArmOptions = {},
): Promise<ArmRecord> {
  const s = options.settings ?? DEFAULT_ARM_SETTINGS;
  const plan = arm === "base" ? null : studyArm(arm).plan(s);
  const checkpoint = await requireCheckpoint(join(model, "checkpoint"));
  const { config } = checkpoint;
  const tokenizer = await modelTokenizer(model, config);
  const load0 = Deno.loadavg()[0]!;
  let weights = checkpoint.weights, steps = 0, seconds = 0;
  let log: ArmRecord["log"] = [];
  if (plan?.kind === "rl") {
    const run = await trainRl({
      config,
      tokenizer,
      initial: checkpoint.weights,
      adamState: checkpoint.adam as AdamState,
      steps: s.steps,
      schedule: plan.schedule,
      horizonWindow: plan.horizonWindow,
      promptsPerStep: s.promptsPerStep,
      groupSize: s.groupSize,
      estimator: s.estimator,
      epochs: s.epochs,
      temperature: s.temperature,
      lrSchedule: "stage",
      adam: { lr: s.lr, warmupSteps: 0, clipNorm: 1, minLrRatio: 0.1 },
      seed,
      maxSeconds: s.maxSeconds,
      ...(options.onStep
        ? {
          onStep: (l: RlStepLog) =>
            options.onStep!({
              step: l.step,
              horizon: l.horizon,
              elapsed: l.elapsed,
              text: `horizon ${l.horizon} sampled ${
                Object.entries(l.accuracyByDepth).map(([d, a]) => `${d}:${(100 * a).toFixed(0)}%`)
                  .join(" ")
              } kept ${l.keptGroups}/${l.groups}`,
            }),
        }
        : {}),
    });
    ({ weights, steps, seconds } = run);
    log = run.log;
  } else if (plan?.kind === "sft") {
    const depth = Math.max(...s.horizons);
    const run = await trainSupervised({
      config,
      tokenizer,
      initial: checkpoint.weights,
      adamState: checkpoint.adam,
      steps: s.steps * s.epochs,
      batchSize: s.promptsPerStep * s.groupSize,
      mix: plan.mix,
      width: updateWidth(depth, config.maxPositions),
      heldOut: [],
      adam: { lr: s.lr, warmupSteps: 0, clipNorm: 1, minLrRatio: 0.1 },
      seed,
      maxSeconds: s.maxSeconds,
      ...(options.onStep
        ? {
          onProgress: (p) =>
            options.onStep!({
              step: p.step,
              elapsed: p.elapsed,
              text: `loss ${p.loss.toFixed(4)}`,
            }),
        }
        : {}),
    });
    ({ weights, steps, seconds } = run);
    log = run.log.map((p) => ({ step: p.step, loss: p.loss, lr: p.lr, elapsed: p.elapsed }));
  }
  const t0 = performance.now();
  const evaluation = await evaluateArm(config, tokenizer, weights, s);
  return {
    format: ARM_RECORD_FORMAT,
    arm,
    seed: arm === "base" ? 0 : seed,
    model,
    settings: s,
    plan,
    steps,
    seconds,
    evalSeconds: (performance.now() - t0) / 1000,
    log,
    evaluation,
    loadAverage: { start: load0, end: Deno.loadavg()[0]! },
    createdAt: new Date().toISOString(),
  };
}

/** Options for {@linkcode runRlStudyArms}. */
export interface RunStudyOptions extends RunArmOptions {
  /** Arms to run (default: every arm of {@linkcode STUDY_ARMS}). */
  readonly arms?: readonly string[];
  /** Seeds per arm, by arm name (default `[1]` for each). */
  readonly seeds?: Readonly<Record<string, readonly number[]>>;
  /** Called when a record is written (e.g. to commit it), with its path. */
  readonly onRecord?: (path: string, record: ArmRecord) => void | Promise<void>;
  /** Called with a line when an arm starts or is skipped. */
  readonly onProgress?: (line: string) => void;
}

/**
 * Runs a study into folder `dir`: the base's evaluation (`base.json`) and every (arm, seed)
 * not yet recorded there, in order (seed by seed, so a stopped study has every arm's first
 * seed before any second), each written as soon as it finishes. A record that exists is kept
 * and skipped when its settings and model are this study's; otherwise the study refuses to mix
 * them, naming the file. Returns the records of the arms and seeds asked for (the whole folder:
 * {@linkcode readStudyRecords}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_ARM_SETTINGS, runRlStudyArms } from "./rl_study_arms.ts";
 * import { exportModel } from "./export.ts";
 * import { saveCheckpoint } from "./sft.ts";
 * import { createAdam } from "./adam.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { flattenWeights, initWeights } from "./model.ts";
 * const tok = charTokenizer();
 * const c = { vocabSize: tok.vocabSize, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 64 };
 * const model = await Deno.makeTempDir(), out = await Deno.makeTempDir();
 * const weights = initWeights(c, 0);
 * await exportModel(model, c, weights, tok);
 * await saveCheckpoint(`${model}/checkpoint`, { config: c, step: 0, weights, adam: createAdam(flattenWeights(weights)) });
 * const settings = { ...DEFAULT_ARM_SETTINGS, steps: 1, promptsPerStep: 2, groupSize: 2, horizons: [2], evalDepths: [2], perDepth: 2, evalSamples: 2 };
 * const written: string[] = [];
 * const opts = { settings, arms: ["only-long"], seeds: { "only-long": [1, 2] }, onRecord: (p: string) => { written.push(p); } };
 * assert.equal((await runRlStudyArms(model, out, opts)).length, 3);
 * assert.deepEqual(written.map((p) => p.slice(out.length + 1)), ["base.json", "only-long_seed1.json", "only-long_seed2.json"]);
 * assert.equal((await runRlStudyArms(model, out, opts)).length, 3); // resumed: nothing reruns
 * assert.equal(written.length, 3);
 * await assert.rejects(() => runRlStudyArms(model, out, { ...opts, settings: { ...settings, lr: 1 } }), /base.json: made with other settings/);
 * await Deno.remove(model, { recursive: true });
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function runRlStudyArms(
  model: string,
  dir: string,
  options: RunStudyOptions = {},
): Promise<ArmRecord[]> {
  const s = options.settings ?? DEFAULT_ARM_SETTINGS;
  const arms = options.arms ?? Object.keys(STUDY_ARMS);
  arms.forEach(studyArm);
  await Deno.mkdir(dir, { recursive: true });
  const seedsOf = (arm: string) => options.seeds?.[arm] ?? [1];
  const rounds = Math.max(...arms.map((a) => seedsOf(a).length));
  const order: [string, number][] = [["base", 0]];
  for (let r = 0; r < rounds; r++) {
    for (const arm of arms) if (r < seedsOf(arm).length) order.push([arm, seedsOf(arm)[r]!]);
  }
  const records: ArmRecord[] = [];
  for (const [arm, seed] of order) {
    const path = armRecordPath(dir, arm, seed);
    const existing = await readArmRecord(path).catch((e) => {
      if (e instanceof Deno.errors.NotFound) return null;
      throw e;
    });
    if (existing) {
      if (JSON.stringify(existing.settings) !== JSON.stringify(s) || existing.model !== model) {
        throw new Error(
          `${path}: made with other settings or another model than this study's; ` +
            `use another folder, or remove the file to rerun it`,
        );
      }
      options.onProgress?.(`${arm} seed ${seed}: recorded in ${path}, skipped`);
      records.push(existing);
      continue;
    }
    options.onProgress?.(`${arm}${arm === "base" ? "" : ` seed ${seed}`}: running`);
    const record = await runStudyArm(model, arm, seed, {
      settings: s,
      ...(options.onStep ? { onStep: options.onStep } : {}),
    });
    await writeFileAtomic(path, JSON.stringify(record) + "\n");
    records.push(record);
    await options.onRecord?.(path, record);
  }
  return records;
}

/**
 * One study record from `path`: refused, naming the file, when it does not parse or is not a
 * study record. A missing file rejects with `Deno.errors.NotFound`.
 */
async function readArmRecord(path: string): Promise<ArmRecord> {
  const text = await Deno.readTextFile(path); // NotFound passes through
  let record: ArmRecord;
  try {
    record = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: ${err instanceof Error ? err.message : err}`);
  }
  if (record?.format !== ARM_RECORD_FORMAT) {
    throw new Error(`${path}: not a study record (expected format "${ARM_RECORD_FORMAT}")`);
  }
  return record;
}

/**
 * Every record of a study folder (see {@linkcode runRlStudyArms}): `base.json` and each
 * `<arm>_seed<k>.json`, in registry order by seed, whichever command wrote them, so that a
 * summary covers the whole folder. Other files are left alone; a record that does not parse or
 * is not a study record is refused, naming the file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readStudyRecords } from "./rl_study_arms.ts";
 * const dir = await Deno.makeTempDir();
 * const rec = (arm: string, seed: number) => JSON.stringify({ format: "farsight.rl-study.arm/1", arm, seed });
 * await Deno.writeTextFile(`${dir}/uniform-mix_seed2.json`, rec("uniform-mix", 2));
 * await Deno.writeTextFile(`${dir}/curriculum_seed1.json`, rec("curriculum", 1));
 * await Deno.writeTextFile(`${dir}/base.json`, rec("base", 0));
 * await Deno.writeTextFile(`${dir}/summary.json`, "{}");
 * const records = await readStudyRecords(dir);
 * assert.deepEqual(records.map((r) => `${r.arm} ${r.seed}`), ["base 0", "curriculum 1", "uniform-mix 2"]);
 * await Deno.writeTextFile(`${dir}/sft_seed1.json`, "{}");
 * await assert.rejects(() => readStudyRecords(dir), /sft_seed1.json: not a study record/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readStudyRecords(dir: string): Promise<ArmRecord[]> {
  const records: ArmRecord[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (!e.isFile || !(e.name === "base.json" || /_seed\d+\.json$/.test(e.name))) continue;
    records.push(await readArmRecord(join(dir, e.name)));
  }
  const order = ["base", ...Object.keys(STUDY_ARMS)];
  const rank = (r: ArmRecord) => order.indexOf(r.arm) === -1 ? order.length : order.indexOf(r.arm);
  return records.sort((a, b) => a.seed - b.seed || rank(a) - rank(b) || a.arm.localeCompare(b.arm));
}

/**
 * A two-level percentile bootstrap of a mean over seeds and chains: each resample draws the
 * seeds with replacement, then the chains with replacement (the same chains for every drawn
 * seed, as every seed is evaluated on the same held-out chains), and takes the mean of
 * `score(seed, chain)`. With one seed it is the ordinary bootstrap over chains. For a gain,
 * `score` is a paired difference on the same chain.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedChainInterval } from "./rl_study_arms.ts";
 * const ci = seedChainInterval(2, 100, (s, c) => (c % 2 === 0 ? 1 : 0) + s * 0.1, { seed: 1 });
 * assert.ok(Math.abs(ci.estimate - 0.55) < 1e-12);
 * assert.ok(ci.lo < 0.55 && ci.hi > 0.55 && ci.hi - ci.lo < 0.4);
 * assert.deepEqual(seedChainInterval(1, 3, () => 1), { estimate: 1, lo: 1, hi: 1 });
 * ```
 */
export function seedChainInterval(
  seeds: number,
  chains: number,
  score: (seed: number, chain: number) => number,
  options: { resamples?: number; confidence?: number; seed?: Seed } = {},
): Interval {
  if (seeds < 1 || chains < 1) return { estimate: NaN, lo: NaN, hi: NaN };
  const table = Array.from(
    { length: seeds },
    (_, s) => Float64Array.from({ length: chains }, (_, c) => score(s, c)),
  );
  const mean = (rows: readonly number[], cols: ArrayLike<number>) => {
    let sum = 0;
    for (const r of rows) for (let i = 0; i < cols.length; i++) sum += table[r]![cols[i]!]!;
    return sum / (rows.length * cols.length);
  };
  const all = Array.from({ length: chains }, (_, c) => c);
  const estimate = mean(Array.from({ length: seeds }, (_, s) => s), all);
  const B = options.resamples ?? 2000, confidence = options.confidence ?? 0.95;
  const rng = createRng(["seed_chain_bootstrap", ...[options.seed ?? 0].flat()]);
  const stats = new Float64Array(B);
  const rows = new Array<number>(seeds), cols = new Int32Array(chains);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < seeds; i++) rows[i] = seeds === 1 ? 0 : rng.int(0, seeds - 1);
    for (let i = 0; i < chains; i++) cols[i] = rng.int(0, chains - 1);
    stats[b] = mean(rows, cols);
  }
  stats.sort();
  const q = (p: number) => {
    const at = p * (B - 1), lo = Math.floor(at), hi = Math.ceil(at);
    return stats[lo]! + (stats[hi]! - stats[lo]!) * (at - lo);
  };
  const alpha = (1 - confidence) / 2;
  return { estimate, lo: q(alpha), hi: q(1 - alpha) };
}

/** One model's row of a study summary: greedy and sampled accuracy with intervals. */
export interface StudyRow {
  /** `base` or an arm's name. */
  readonly model: string;
  /** Seeds recorded. */
  readonly seeds: readonly number[];
  /** By depth: greedy accuracy (mean over seeds) with its 95% interval. */
  readonly greedy: Record<string, Interval>;
  /** By depth: sampled Avg@k with its 95% interval. */
  readonly sampled: Record<string, Interval>;
  /** Mean over the long horizons (the study's `horizons`), greedy and sampled. */
  readonly long: { readonly greedy: Interval; readonly sampled: Interval };
  /** Gain of the long-horizon mean over the base, paired by chain (points, as a fraction). */
  readonly gain: { readonly greedy: Interval; readonly sampled: Interval };
  /** Each seed's long-horizon means. */
  readonly perSeed: readonly { seed: number; greedy: number; sampled: number; seconds: number }[];
  /** Mean training seconds per seed. */
  readonly seconds: number;
}

/** What {@linkcode summarizeRlStudy} returns. */
export interface StudySummary {
  /** The shared settings. */
  readonly settings: ArmStudySettings;
  /** The base model directory. */
  readonly model: string;
  /** One row per model: the base first, then the arms in registry order. */
  readonly rows: readonly StudyRow[];
  /**
   * Differences of the curriculum's long-horizon mean from each other arm's (greedy and
   * sampled), paired by chain, over the seeds both have.
   */
  readonly curriculumVs: Record<string, { greedy: Interval; sampled: Interval }>;
}

/**
 * Summarises a study's records (see {@linkcode runRlStudyArms}): for the base and each arm,
 * accuracy by depth and the long-horizon mean with 95% intervals over seeds and held-out
 * chains ({@linkcode seedChainInterval}), the gain over the base paired by chain, and the
 * curriculum's difference from each other arm. Every record must share the base's settings
 * and model.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_ARM_SETTINGS, summarizeRlStudy, type ArmRecord } from "./rl_study_arms.ts";
 * const settings = { ...DEFAULT_ARM_SETTINGS, horizons: [2], evalDepths: [1, 2], perDepth: 4 };
 * const depth = (d: number, chains: number[]) => ({ depth: d, n: chains.length, accuracy: chains.reduce((a, b) => a + b) / chains.length, lastAccuracy: 0, fraction: 0, chains });
 * const rec = (arm: string, seed: number, long: number[]): ArmRecord => ({
 *   format: "farsight.rl-study.arm/1", arm, seed, model: "m", settings, plan: null, steps: 1, seconds: 10, evalSeconds: 1, log: [],
 *   evaluation: { greedy: [depth(1, [1, 1, 1, 1]), depth(2, long)], sampled: [depth(1, [1, 1, 1, 1]), depth(2, long)] },
 *   loadAverage: { start: 0, end: 0 }, createdAt: "",
 * });
 * const s = summarizeRlStudy([rec("base", 0, [0, 0, 1, 0]), rec("curriculum", 1, [1, 0, 1, 0]), rec("curriculum", 2, [1, 1, 1, 0]), rec("uniform-mix", 1, [0, 0, 1, 0])]);
 * assert.deepEqual(s.rows.map((r) => r.model), ["base", "curriculum", "uniform-mix"]);
 * const cur = s.rows[1]!;
 * assert.equal(cur.long.greedy.estimate, 0.625);
 * assert.equal(cur.gain.greedy.estimate, 0.375);
 * assert.equal(s.curriculumVs["uniform-mix"]!.greedy.estimate, 0.25); // seed 1 only: 0.5 - 0.25
 * assert.throws(() => summarizeRlStudy([rec("curriculum", 1, [1, 0, 1, 0])]), /no base record/);
 * ```
 */
export function summarizeRlStudy(records: readonly ArmRecord[]): StudySummary {
  const base = records.find((r) => r.arm === "base");
  if (!base) throw new Error("the study has no base record (base.json)");
  const s = base.settings;
  for (const r of records) {
    if (JSON.stringify(r.settings) !== JSON.stringify(s) || r.model !== base.model) {
      throw new Error(
        `the record of ${r.arm} seed ${r.seed} was made with other settings or another model than the base's`,
      );
    }
  }
  const long = new Set(s.horizons);
  const chainsOf = (r: ArmRecord, kind: keyof ArmEvaluation, depths: (d: number) => boolean) =>
    r.evaluation[kind].filter((d) => depths(d.depth)).flatMap((d) => {
      if (!d.chains) {
        throw new Error(`${r.arm} seed ${r.seed}: no per-chain scores at depth ${d.depth}`);
      }
      return d.chains;
    });
  const interval = (
    rs: readonly ArmRecord[],
    kind: keyof ArmEvaluation,
    depths: (d: number) => boolean,
    minus?: readonly ArmRecord[],
  ) => {
    const t = rs.map((r) => chainsOf(r, kind, depths));
    const m = minus?.map((r) => chainsOf(r, kind, depths));
    return seedChainInterval(
      t.length,
      t[0]?.length ?? 0,
      (i, c) => t[i]![c]! - (m ? m[m.length === 1 ? 0 : i]![c]! : 0),
      { seed: ["study", kind] },
    );
  };
  const names = ["base", ...Object.keys(STUDY_ARMS)].filter((n) =>
    records.some((r) => r.arm === n)
  );
  const bySeed = (name: string) =>
    records.filter((r) => r.arm === name).sort((a, b) => a.seed - b.seed);
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows = names.map((name): StudyRow => {
    const rs = bySeed(name);
    const byDepth = (kind: keyof ArmEvaluation) =>
      Object.fromEntries(s.evalDepths.map((d) => [String(d), interval(rs, kind, (x) => x === d)]));
    return {
      model: name,
      seeds: rs.map((r) => r.seed),
      greedy: byDepth("greedy"),
      sampled: byDepth("sampled"),
      long: {
        greedy: interval(rs, "greedy", (d) => long.has(d)),
        sampled: interval(rs, "sampled", (d) => long.has(d)),
      },
      gain: {
        greedy: interval(rs, "greedy", (d) => long.has(d), [base]),
        sampled: interval(rs, "sampled", (d) => long.has(d), [base]),
      },
      perSeed: rs.map((r) => ({
        seed: r.seed,
        greedy: mean(chainsOf(r, "greedy", (d) => long.has(d))),
        sampled: mean(chainsOf(r, "sampled", (d) => long.has(d))),
        seconds: r.seconds,
      })),
      seconds: mean(rs.map((r) => r.seconds)),
    };
  });
  const curriculum = bySeed("curriculum");
  const curriculumVs = Object.fromEntries(
    names.filter((n) => n !== "curriculum" && n !== "base" && curriculum.length).map((n) => {
      const other = bySeed(n);
      const shared = curriculum.filter((r) => other.some((o) => o.seed === r.seed));
      // Paired by seed where both ran it; against a single-seed arm, every curriculum seed.
      const cur = shared.length ? shared : curriculum;
      const oth = shared.length
        ? shared.map((r) => other.find((o) => o.seed === r.seed)!)
        : other.slice(0, 1);
      return [n, {
        greedy: interval(cur, "greedy", (d) => long.has(d), oth),
        sampled: interval(cur, "sampled", (d) => long.has(d), oth),
      }];
    }),
  );
  return { settings: s, model: base.model, rows, curriculumVs };
}
