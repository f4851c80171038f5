import { join, resolve } from "node:path";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { isRewardName, rewardNames } from "../rewards/reward_registry.ts";
import { runRlStudy } from "../train/rl_study.ts";
import {
  type ArmStudySettings,
  DEFAULT_ARM_SETTINGS,
  readStudyRecords,
  runRlStudyArms,
  STUDY_ARMS,
  type StudySummary,
  summarizeRlStudy,
} from "../train/rl_study_arms.ts";

/**
 * The study's summary as a table: each model's long-horizon mean (greedy and Avg@k) with its
 * 95% interval, its gain over the base, and the curriculum's difference from each other arm.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatStudySummary } from "./rl_study_command.ts";
 * import { DEFAULT_ARM_SETTINGS } from "../train/rl_study_arms.ts";
 * const i = (estimate: number) => ({ estimate, lo: estimate - 0.01, hi: estimate + 0.01 });
 * const row = { model: "base", seeds: [0], greedy: {}, sampled: {}, long: { greedy: i(0.3), sampled: i(0.2) }, gain: { greedy: i(0), sampled: i(0) }, perSeed: [], seconds: 0 };
 * const text = formatStudySummary({ settings: DEFAULT_ARM_SETTINGS, model: "m", rows: [row], curriculumVs: {} });
 * assert.match(text, /base +1 +30\.0% \[29\.0, 31\.0\] +20\.0% \[19\.0, 21\.0\]/);
 * const arm = { ...row, model: "curriculum", gain: { greedy: i(0.12), sampled: i(-0.02) } };
 * const vs = { "uniform-mix": { greedy: i(-0.039), sampled: i(0.01) } };
 * const both = formatStudySummary({ settings: DEFAULT_ARM_SETTINGS, model: "m", rows: [row, arm], curriculumVs: vs });
 * assert.match(both, /curriculum .* \+12\.0 \[11\.0, 13\.0\] \/ -2\.0 \[-3\.0, -1\.0\]/);
 * assert.match(both, /curriculum - uniform-mix: greedy -3\.9 \[-4\.9, -2\.9\], sampled \+1\.0 \[0\.0, 2\.0\] points/);
 * ```
 */
export function formatStudySummary(s: StudySummary): string {
  const pts = (x: number) => (100 * x).toFixed(1);
  const iv = (x: { estimate: number; lo: number; hi: number }) =>
    `${pts(x.estimate)}% [${pts(x.lo)}, ${pts(x.hi)}]`;
  // a gain or a difference, in percentage points
  const gain = (x: { estimate: number; lo: number; hi: number }) =>
    `${x.estimate >= 0 ? "+" : ""}${pts(x.estimate)} [${pts(x.lo)}, ${pts(x.hi)}]`;
  const span = `${Math.min(...s.settings.horizons)}-${Math.max(...s.settings.horizons)}`;
  const lines = [
    `mean over depths ${span}, 95% intervals over seeds and ${s.settings.perDepth} held-out chains per depth`,
    `${"model".padEnd(12)} ${"seeds".padEnd(5)} ${"greedy".padEnd(22)} ${
      `Avg@${s.settings.evalSamples}`.padEnd(22)
    } gain greedy / sampled (points)`,
    ...s.rows.map((r) =>
      `${r.model.padEnd(12)} ${String(r.seeds.length).padEnd(5)} ${iv(r.long.greedy).padEnd(22)} ${
        iv(r.long.sampled).padEnd(22)
      } ${r.model === "base" ? "" : `${gain(r.gain.greedy)} / ${gain(r.gain.sampled)}`}`.trimEnd()
    ),
    ...Object.entries(s.curriculumVs).map(([n, d]) =>
      `curriculum - ${n}: greedy ${gain(d.greedy)}, sampled ${gain(d.sampled)} points`
    ),
  ];
  return lines.join("\n");
}
import { type FlagSpec, formatHelp, intFlag, numberFlag, parseFlags, UsageError } from "./args.ts";

const A = DEFAULT_ARM_SETTINGS;
const FLAGS: Record<string, FlagSpec> = {
  design: {
    type: "string",
    value: "D",
    default: "arms",
    help:
      "arms: the resumable study of arms (curriculum, only-long, uniform-mix, sft) by seed, one record each in the --out folder; pair: the two-schedule comparison (stagewise FROM..TO against fixed TO) as one JSON record",
  },
  model: { type: "string", value: "DIR", help: "base model directory (default data/model)" },
  out: {
    type: "string",
    value: "PATH",
    help:
      "arms: the study's folder (default data/study); pair: the JSON record (default data/model/rl_study.json)",
  },
  arms: {
    type: "string",
    value: "LIST",
    help: () => `arms: which arms, of ${Object.keys(STUDY_ARMS).join(", ")} (default all)`,
  },
  seeds: { type: "string", value: "LIST", help: "arms: training seeds (default 1,2,3)" },
  "one-seed": {
    type: "string",
    value: "LIST",
    help: "arms: arms that run only the first seed (default only-long,sft)",
  },
  horizons: {
    type: "string",
    value: "LIST",
    help: `arms: the long horizons trained and compared (default ${A.horizons.join(",")})`,
  },
  raise: {
    type: "string",
    value: "P",
    help: `arms: the curriculum promotes at this sampled success (default ${A.raise})`,
  },
  replay: {
    type: "string",
    value: "W",
    help: `arms: the curriculum's prompts spread over W horizons h, h-1, ... (default ${A.replay})`,
  },
  "max-seconds": {
    type: "string",
    value: "S",
    help: `arms: wall-clock bound of one arm's training (default ${A.maxSeconds})`,
  },
  steps: {
    type: "string",
    value: "N",
    help: `steps per schedule, the budget (default: arms ${A.steps}, pair 30)`,
  },
  prompts: {
    type: "string",
    value: "N",
    help: `prompts per step (default: arms ${A.promptsPerStep}, pair 8)`,
  },
  group: {
    type: "string",
    value: "G",
    help: `samples per prompt (default: arms ${A.groupSize}, pair 8)`,
  },
  lr: { type: "string", value: "LR", help: "Adam learning rate (default 1e-4)" },
  from: { type: "string", value: "H", default: "3", help: "pair: first curriculum horizon" },
  to: {
    type: "string",
    value: "H",
    default: "8",
    help: "pair: last curriculum horizon = fixed horizon",
  },
  reward: {
    type: "string",
    value: "R",
    default: "all",
    help: () => `reward, one of ${rewardNames().join(", ")}`,
  },
  estimator: {
    type: "string",
    value: "E",
    help: `advantage estimator (default: arms ${A.estimator}, pair grpo)`,
  },
  credit: {
    type: "string",
    value: "C",
    default: "outcome",
    help: "credit: outcome (every token gets its response's advantage), process or step",
  },
  window: {
    type: "string",
    value: "W",
    default: "1",
    help: "horizons a step's prompts spread over (h, h-1, ..., h-W+1)",
  },
  kl: { type: "string", value: "BETA", default: "0", help: "KL coefficient to the base model" },
  warmup: { type: "string", value: "N", default: "0", help: "steps of learning-rate warm-up" },
  temperature: { type: "string", value: "T", default: "1", help: "sampling temperature" },
  decay: {
    type: "string",
    value: "D",
    default: "stage",
    help:
      "learning-rate decay after warm-up: stage (restart at each curriculum stage, cosine to a tenth by its end), cosine (to a tenth over the run) or none",
  },
  epochs: {
    type: "string",
    value: "N",
    help:
      `updates over each sampled batch (PPO epochs; from the second the ratio clip binds; default: arms ${A.epochs}, pair 1)`,
  },
  "eval-samples": {
    type: "string",
    value: "K",
    help:
      `also evaluate by sampling: K samples per chain at temperature 1 (Avg@K; default: arms ${A.evalSamples}, pair 0: greedy only)`,
  },
  "checkpoint-adam": {
    type: "boolean",
    help: "start from the checkpoint's Adam moments (the default)",
  },
  "fresh-adam": {
    type: "boolean",
    help: "start from fresh Adam moments instead of the checkpoint's",
  },
  seed: { type: "string", value: "N", default: "1", help: "pair: seed" },
  "per-depth": {
    type: "string",
    value: "N",
    help: `held-out chains per depth, before and after (default: arms ${A.perDepth}, pair 64)`,
  },
  quiet: { type: "boolean", short: "q", help: "no progress lines" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

const help = () =>
  formatHelp(
    "deno task farsight rl-study [options]",
    "h1's comparison on a trained chain model, from its checkpoint, at one budget (steps x prompts\n" +
      "x samples). --design arms (default): curriculum, Only-Long, Uniform-Mix and supervised\n" +
      "fine-tuning on gold chains, several seeds, each (arm, seed) one record in the --out folder\n" +
      "(rerun the command to go on where it stopped), then summary.json: accuracy by depth, greedy\n" +
      "and Avg@K, with 95% intervals. --design pair: stagewise FROM..TO against fixed TO, one record.",
    FLAGS,
  );

/**
 * `farsight rl-study`: runs `runRlStudy` (lib/train/rl_study.ts) and writes its record.
 *
 * @example
 * ```ts ignore
 * import { runRlStudyCommand } from "./rl_study_command.ts";
 * await runRlStudyCommand(["--steps", "2", "--out", "out/rl_study.json"]);
 * ```
 */
export async function runRlStudyCommand(args: readonly string[]): Promise<number> {
  const { flags } = parseFlags(args, FLAGS, "farsight rl-study");
  if (flags.help) {
    console.log(help());
    return 0;
  }
  const design = String(flags.design);
  if (design === "arms") return await armsStudy(flags, args);
  if (design !== "pair") {
    throw new UsageError(`--design must be arms or pair, got ${JSON.stringify(design)}`);
  }
  for (const name of ARMS_ONLY) {
    if (given(args, name)) throw new UsageError(`--${name} applies to --design arms only`);
  }
  return await pairStudy(flags, args);
}

/** Flags of one design only: given to the other, they are refused rather than ignored. */
const ARMS_ONLY = ["arms", "seeds", "one-seed", "horizons", "raise", "replay", "max-seconds"];
const PAIR_ONLY = [
  "from",
  "to",
  "reward",
  "credit",
  "window",
  "kl",
  "warmup",
  "temperature",
  "decay",
  "checkpoint-adam",
  "fresh-adam",
  "seed",
];
const given = (args: readonly string[], name: string) =>
  args.some((a) => a === `--${name}` || a.startsWith(`--${name}=`));

function intList(value: unknown, name: string, min: number, max: number): number[] {
  const items = String(value).split(",").map((x) => x.trim()).filter(Boolean);
  if (!items.length) throw new UsageError(`--${name} must list at least one number`);
  return items.map((x) => intFlag(x, name, min, max));
}

function probability(x: number, name: string): number {
  if (x > 1) throw new UsageError(`--${name} must be at most 1, got ${x}`);
  return x;
}

type Flags = Record<string, string | boolean | string[] | undefined>;

async function armsStudy(flags: Flags, args: readonly string[]): Promise<number> {
  for (const name of PAIR_ONLY) {
    if (given(args, name)) throw new UsageError(`--${name} applies to --design pair only`);
  }
  const list = (v: unknown) => String(v).split(",").map((x) => x.trim()).filter(Boolean);
  const arms = flags.arms === undefined ? Object.keys(STUDY_ARMS) : list(flags.arms);
  for (const a of arms) {
    if (!(a in STUDY_ARMS)) {
      throw new UsageError(
        `--arms: unknown arm ${JSON.stringify(a)}: expected one of ${
          Object.keys(STUDY_ARMS).join(", ")
        }`,
      );
    }
  }
  const seeds = flags.seeds === undefined
    ? [1, 2, 3]
    : intList(flags.seeds, "seeds", 0, 2 ** 31 - 1);
  const oneSeed = flags["one-seed"] === undefined ? ["only-long", "sft"] : list(flags["one-seed"]);
  const opt = <T>(v: unknown, parse: (v: unknown) => T, fallback: T): T =>
    v === undefined ? fallback : parse(v);
  const A = DEFAULT_ARM_SETTINGS;
  const settings: ArmStudySettings = {
    ...A,
    steps: opt(flags.steps, (v) => intFlag(v, "steps", 1, 1_000_000), A.steps),
    promptsPerStep: opt(flags.prompts, (v) => intFlag(v, "prompts", 1, 4096), A.promptsPerStep),
    groupSize: opt(flags.group, (v) => intFlag(v, "group", 1, 4096), A.groupSize),
    estimator: opt(flags.estimator, String, A.estimator),
    epochs: opt(flags.epochs, (v) => intFlag(v, "epochs", 1, 1000), A.epochs),
    lr: opt(flags.lr, (v) => numberFlag(v, "lr", 0, { above: true }), A.lr),
    horizons: opt(flags.horizons, (v) => intList(v, "horizons", 1, 10), A.horizons),
    raise: opt(flags.raise, (v) => probability(numberFlag(v, "raise", 0), "raise"), A.raise),
    replay: opt(flags.replay, (v) => intFlag(v, "replay", 1, 10), A.replay),
    perDepth: opt(flags["per-depth"], (v) => intFlag(v, "per-depth", 1, 100_000), A.perDepth),
    evalSamples: opt(
      flags["eval-samples"],
      (v) => intFlag(v, "eval-samples", 1, 1000),
      A.evalSamples,
    ),
    maxSeconds: opt(
      flags["max-seconds"],
      (v) => numberFlag(v, "max-seconds", 0, { above: true }),
      A.maxSeconds,
    ),
  };
  const dir = resolve(flags.out === undefined ? "data/study" : String(flags.out));
  const model = flags.model === undefined ? "data/model" : String(flags.model);
  const quiet = Boolean(flags.quiet);
  await runRlStudyArms(model, dir, {
    settings,
    arms,
    seeds: Object.fromEntries(
      arms.map((a) => [a, oneSeed.includes(a) ? seeds.slice(0, 1) : seeds]),
    ),
    ...(quiet ? {} : {
      onProgress: (line: string) => console.error(`rl-study: ${line}`),
      onStep: (l) => {
        if (l.step % 10 === 0) {
          console.error(`rl-study:   step ${l.step} ${l.text} ${l.elapsed.toFixed(0)} s`);
        }
      },
      onRecord: (path: string) => console.error(`rl-study: wrote ${path}`),
    }),
  });
  // the summary covers every record of the folder, also those of earlier commands
  const summary = summarizeRlStudy(await readStudyRecords(dir));
  await writeFileAtomic(join(dir, "summary.json"), JSON.stringify(summary, null, 1) + "\n");
  console.log(formatStudySummary(summary));
  return 0;
}

async function pairStudy(flags: Flags, args: readonly string[]): Promise<number> {
  const reward = String(flags.reward);
  if (!isRewardName(reward)) {
    throw new UsageError(
      `--reward must be one of ${rewardNames().join(", ")}, got ${JSON.stringify(reward)}`,
    );
  }
  const lr = numberFlag(flags.lr ?? "1e-4", "lr", 0, { above: true });
  const credit = String(flags.credit);
  if (credit !== "outcome" && credit !== "process" && credit !== "step") {
    throw new UsageError(
      `--credit must be one of outcome, process, step, got ${JSON.stringify(credit)}`,
    );
  }
  const decay = String(flags.decay);
  if (decay !== "none" && decay !== "cosine" && decay !== "stage") {
    throw new UsageError(`--decay must be stage, cosine or none, got ${JSON.stringify(decay)}`);
  }
  if (flags["fresh-adam"] && flags["checkpoint-adam"]) {
    throw new UsageError("--fresh-adam and --checkpoint-adam contradict each other");
  }
  const kl = numberFlag(flags.kl, "kl", 0);
  const temperature = numberFlag(flags.temperature, "temperature", 0, { above: true });
  const from = intFlag(flags.from, "from", 1, 10), to = intFlag(flags.to, "to", 1, 10);
  if (from > to) throw new UsageError(`--from ${from} is above --to ${to}`);
  const record = await runRlStudy(flags.model === undefined ? "data/model" : String(flags.model), {
    steps: intFlag(flags.steps ?? "30", "steps", 1, 1_000_000),
    promptsPerStep: intFlag(flags.prompts ?? "8", "prompts", 1, 4096),
    groupSize: intFlag(flags.group ?? "8", "group", 2, 4096),
    lr,
    from,
    to,
    reward,
    estimator: String(flags.estimator ?? "grpo"),
    credit,
    window: intFlag(flags.window, "window", 1, 10),
    kl,
    checkpointAdam: !flags["fresh-adam"],
    epochs: intFlag(flags.epochs ?? "1", "epochs", 1, 1000),
    warmup: intFlag(flags.warmup, "warmup", 0, 1_000_000),
    temperature,
    decay,
    evalSamples: intFlag(flags["eval-samples"] ?? "0", "eval-samples", 0, 1000),
    seed: intFlag(flags.seed, "seed", 0, 2 ** 31 - 1),
    perDepth: intFlag(flags["per-depth"] ?? "64", "per-depth", 1, 100_000),
    command: ["deno task farsight rl-study", ...args].join(" "),
    ...(flags.quiet ? {} : {
      onStep: (name, l) =>
        console.error(
          `rl-study: ${name} step ${l.step}: horizon ${l.horizon} reward ${
            l.reward.toFixed(3)
          } kept ${l.keptGroups}/${l.groups} ${l.elapsed.toFixed(0)} s`,
        ),
    }),
  });
  await writeFileAtomic(
    resolve(flags.out === undefined ? "data/model/rl_study.json" : String(flags.out)),
    JSON.stringify(record) + "\n",
  );
  const pts = (x: number) => (100 * x).toFixed(1);
  console.log(
    Object.entries(record.longHorizon).map(([m, a]) =>
      `${m}: mean accuracy at depths 4-8 ${pts(a)}%${
        record.longHorizonSampled
          ? ` greedy, ${
            pts(record.longHorizonSampled[m]!)
          }% sampled (Avg@${record.settings.evalSamples})`
          : ""
      }${record.seconds[m] === undefined ? "" : ` (${record.seconds[m]!.toFixed(0)} s of RL)`}`
    ).join("\n"),
  );
  return 0;
}
