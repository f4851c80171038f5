/**
 * The whole supervised recipe as one call (what `deno task train` runs): train (resuming from
 * the checkpoint in `<out>/checkpoint/`), export to `<out>/` as an ONNX model directory,
 * measure greedy accuracy by horizon through ONNX, and record everything in
 * `<out>/training.json`.
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { charTokenizer } from "./char_tokenizer.ts";
import { exportModel } from "./export.ts";
import { type ChainRecipe, SHIPPED_RECIPE } from "./recipe.ts";
import { evaluateByDepth, type HorizonEvaluation, loadTrainedModel } from "./sampler.ts";
import { type SftProgress, trainSupervised } from "./sft.ts";

/** What `<out>/training.json` records. */
export interface TrainingRecord {
  /** The command that trained it. */
  readonly command: string;
  /** The recipe trained. */
  readonly recipe: ChainRecipe;
  /** Where the training data came from. */
  readonly data: string;
  /** Steps trained. */
  readonly steps: number;
  /** Wall-clock seconds of training, summed over resumed runs. */
  readonly trainSeconds: number;
  /** The last held-out (teacher-forced) evaluation of training. */
  readonly finalEval: SftProgress["eval"] | null;
  /** Greedy accuracy by horizon through ONNX (onnxruntime-node) on held-out seeds. */
  readonly evaluation: HorizonEvaluation;
  /** When the record was written (ISO 8601). */
  readonly createdAt: string;
}

/**
 * Sums `elapsed` over the runs in a JSON-lines training log (it restarts at each resume).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { trainSecondsOf } from "./train_model.ts";
 * // a resume restarts the clock: 10 s, then 5 s more
 * assertEquals(trainSecondsOf([{ step: 1, elapsed: 4 }, { step: 2, elapsed: 10 }, { step: 3, elapsed: 5 }]), 15);
 * ```
 */
export function trainSecondsOf(log: readonly Pick<SftProgress, "elapsed" | "step">[]): number {
  let total = 0, last = 0;
  for (const l of log) {
    if (l.elapsed < last) total += last;
    last = l.elapsed;
  }
  return total + last;
}

/**
 * Trains (or resumes) the recipe into `<out>/checkpoint/`, exports `<out>/` and writes
 * `<out>/training.json`.
 *
 * Training the shipped recipe takes minutes (`await trainChainModel("data/model")`), so the
 * example checks the recipe it trains by default, {@linkcode SHIPPED_RECIPE}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SHIPPED_RECIPE } from "./recipe.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * assert.equal(SHIPPED_RECIPE.config.vocabSize, charTokenizer(SHIPPED_RECIPE.alphabet).vocabSize);
 * ```
 */
export async function trainChainModel(
  out: string,
  options: {
    recipe?: ChainRecipe;
    onProgress?: (p: SftProgress) => void;
    /** Held-out chains per depth for the ONNX evaluation. Default 100. */
    evalPerDepth?: number;
    command?: string;
  } = {},
): Promise<TrainingRecord> {
  const r = options.recipe ?? SHIPPED_RECIPE;
  const tokenizer = charTokenizer(r.alphabet);
  const ckDir = join(out, "checkpoint");
  const run = await trainSupervised({
    config: r.config,
    tokenizer,
    steps: r.steps,
    batchSize: r.batchSize,
    batches: r.batches,
    adam: r.adam,
    seed: r.seed,
    outDir: ckDir,
    evalEvery: 100,
    checkpointEvery: 100,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const log = (await Deno.readTextFile(join(ckDir, "train_log.jsonl"))).split("\n").filter(Boolean)
    .map((l, i) => {
      try {
        return JSON.parse(l) as SftProgress;
      } catch {
        throw new Error(`${join(ckDir, "train_log.jsonl")}:${i + 1}: not a JSON line`);
      }
    });
  const lastEval = [...log].reverse().find((l) => l.eval)?.eval ?? null;
  await exportModel(out, r.config, run.weights, tokenizer, {
    extraConfig: { farsight_training: "training.json" },
  });
  await using lm = await loadTrainedModel(out, "cpu");
  const evaluation = await evaluateByDepth(lm, { perDepth: options.evalPerDepth ?? 100 });
  const record: TrainingRecord = {
    command: options.command ?? "deno task train",
    recipe: r,
    data:
      "compact recomputed chain_sum chains from lib/train/chain_data.ts (composeRecomputed, identity links); training seeds derive from recipe.seed, held-out evaluation uses seed 777 + depth",
    steps: run.steps,
    trainSeconds: trainSecondsOf(log),
    finalEval: lastEval,
    evaluation,
    createdAt: new Date().toISOString(),
  };
  await writeFileAtomic(join(out, "training.json"), JSON.stringify(record, null, 2) + "\n");
  return record;
}
