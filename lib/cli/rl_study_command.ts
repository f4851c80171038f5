import { resolve } from "node:path";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { isRewardName, rewardNames } from "../rewards/reward_registry.ts";
import { runRlStudy } from "../train/rl_study.ts";
import { type FlagSpec, formatHelp, intFlag, numberFlag, parseFlags, UsageError } from "./args.ts";

const FLAGS: Record<string, FlagSpec> = {
  model: { type: "string", value: "DIR", default: "data/model", help: "trained model directory" },
  out: {
    type: "string",
    value: "PATH",
    default: "data/model/rl_study.json",
    help: "the study's JSON record",
  },
  steps: { type: "string", value: "N", default: "30", help: "steps per schedule (the budget)" },
  prompts: { type: "string", value: "N", default: "8", help: "prompts per step" },
  group: { type: "string", value: "G", default: "8", help: "samples per prompt" },
  lr: { type: "string", value: "LR", default: "1e-4", help: "Adam learning rate" },
  from: { type: "string", value: "H", default: "3", help: "first curriculum horizon" },
  to: { type: "string", value: "H", default: "8", help: "last curriculum horizon = fixed horizon" },
  reward: {
    type: "string",
    value: "R",
    default: "all",
    help: () => `reward, one of ${rewardNames().join(", ")}`,
  },
  estimator: { type: "string", value: "E", default: "grpo", help: "advantage estimator" },
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
    default: "1",
    help: "updates over each sampled batch (PPO epochs; from the second the ratio clip binds)",
  },
  "eval-samples": {
    type: "string",
    value: "K",
    default: "0",
    help: "also evaluate by sampling: K samples per chain at temperature 1 (Avg@K); 0: greedy only",
  },
  "checkpoint-adam": {
    type: "boolean",
    help: "start from the checkpoint's Adam moments (the default)",
  },
  "fresh-adam": {
    type: "boolean",
    help: "start from fresh Adam moments instead of the checkpoint's",
  },
  seed: { type: "string", value: "N", default: "1", help: "seed" },
  "per-depth": {
    type: "string",
    value: "N",
    default: "64",
    help: "held-out chains per depth, before and after",
  },
  quiet: { type: "boolean", short: "q", help: "no progress lines" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

const help = () =>
  formatHelp(
    "deno task farsight rl-study [options]",
    "h1's comparison on a trained chain model: GRPO-family RL with a stagewise horizon curriculum\n" +
      "(FROM..TO) against RL at the fixed horizon TO, same budget (steps x prompts x samples), from\n" +
      "the model's checkpoint; greedy accuracy by depth 1-8 before and after, written as JSON.",
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
  const reward = String(flags.reward);
  if (!isRewardName(reward)) {
    throw new UsageError(
      `--reward must be one of ${rewardNames().join(", ")}, got ${JSON.stringify(reward)}`,
    );
  }
  const lr = numberFlag(flags.lr, "lr", 0, { above: true });
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
  const record = await runRlStudy(String(flags.model), {
    steps: intFlag(flags.steps, "steps", 1, 1_000_000),
    promptsPerStep: intFlag(flags.prompts, "prompts", 1, 4096),
    groupSize: intFlag(flags.group, "group", 2, 4096),
    lr,
    from,
    to,
    reward,
    estimator: String(flags.estimator),
    credit,
    window: intFlag(flags.window, "window", 1, 10),
    kl,
    checkpointAdam: !flags["fresh-adam"],
    epochs: intFlag(flags.epochs, "epochs", 1, 1000),
    warmup: intFlag(flags.warmup, "warmup", 0, 1_000_000),
    temperature,
    decay,
    evalSamples: intFlag(flags["eval-samples"], "eval-samples", 0, 1000),
    seed: intFlag(flags.seed, "seed", 0, 2 ** 31 - 1),
    perDepth: intFlag(flags["per-depth"], "per-depth", 1, 100_000),
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
  await writeFileAtomic(resolve(String(flags.out)), JSON.stringify(record) + "\n");
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
