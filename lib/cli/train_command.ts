import { resolve } from "node:path";
import { SHIPPED_RECIPE } from "../train/recipe.ts";
import { trainChainModel } from "../train/train_model.ts";
import { type FlagSpec, formatHelp, intFlag, parseFlags } from "./args.ts";

const FLAGS: Record<string, FlagSpec> = {
  out: {
    type: "string",
    value: "DIR",
    default: "data/model",
    help: "model directory (checkpoints in DIR/checkpoint/, resumed)",
  },
  steps: {
    type: "string",
    value: "N",
    default: String(SHIPPED_RECIPE.steps),
    help: "training steps",
  },
  seed: { type: "string", value: "N", default: String(SHIPPED_RECIPE.seed), help: "seed" },
  "eval-per-depth": {
    type: "string",
    value: "N",
    default: "100",
    help: "held-out chains per depth for the ONNX evaluation",
  },
  quiet: { type: "boolean", short: "q", help: "no progress lines" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

const HELP = formatHelp(
  "deno task train [options]",
  "Trains the small chain model of lib/train/recipe.ts (SHIPPED_RECIPE) with jax-js, resuming from\n" +
    "DIR/checkpoint/, exports it as an ONNX model directory in DIR, measures greedy accuracy by\n" +
    "horizon through onnxruntime and records recipe, seed, data, steps and wall time in\n" +
    "DIR/training.json.",
  FLAGS,
);

/**
 * `farsight train` / `deno task train`.
 *
 * @example
 * ```ts ignore
 * import { runTrain } from "./train_command.ts";
 * await runTrain(["--out", "out/model", "--steps", "10"]);
 * ```
 */
export async function runTrain(args: readonly string[]): Promise<number> {
  const { flags } = parseFlags(args, FLAGS, "farsight train");
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  const steps = intFlag(flags.steps, "steps", 1, 10_000_000);
  const seed = intFlag(flags.seed, "seed", 0, 2 ** 31 - 1);
  const out = resolve(String(flags.out));
  const record = await trainChainModel(out, {
    recipe: { ...SHIPPED_RECIPE, steps, seed },
    evalPerDepth: intFlag(flags["eval-per-depth"], "eval-per-depth", 1, 100_000),
    command: ["deno task train", ...args].join(" "),
    ...(flags.quiet ? {} : {
      onProgress: (p) => {
        if (p.step % 50 === 0 || p.eval) {
          const ev = p.eval
            ? ` held-out tok ${p.eval.tokenAccuracy.toFixed(3)} exact ${
              p.eval.exactMatch.toFixed(3)
            }`
            : "";
          console.error(
            `train: step ${p.step}/${steps} loss ${p.loss.toFixed(4)} ${
              Math.round(p.tokensPerSecond)
            } tok/s${ev}`,
          );
        }
      },
    }),
  });
  const rows = record.evaluation.byDepth.map((d, i) =>
    `  depth ${d.depth}: ${(100 * d.accuracy).toFixed(1)}% (independence ${
      (100 * record.evaluation.expected[i]!.expected).toFixed(1)
    }%)`
  );
  console.log(
    [
      `Model: ${out} (${record.steps} steps, ${record.trainSeconds.toFixed(0)} s of training)`,
      `Single-problem pass rate: ${(100 * record.evaluation.singlePassRate).toFixed(1)}%`,
      ...rows,
    ].join("\n"),
  );
  return 0;
}
