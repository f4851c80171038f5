/**
 * The perturbation the sharpness probes share: `steps` supervised Adam steps at 1e-3 from fresh
 * moments on gold depth-5 chains (batches of 64, width 40), from a checkpoint's weights.
 * @module
 */
import { type Checkpoint, trainSupervised } from "../../../lib/train/sft.ts";
import type { CharTokenizer } from "../../../lib/train/char_tokenizer.ts";
import type { DecoderWeights } from "../../../lib/train/model.ts";

/** The weights after `steps` fresh-Adam supervised steps at 1e-3 on gold depth-5 chains. */
export async function freshAdamSteps(
  ck: Checkpoint,
  tokenizer: CharTokenizer,
  steps: number,
): Promise<DecoderWeights> {
  const run = await trainSupervised({
    config: ck.config,
    tokenizer,
    initial: ck.weights,
    steps,
    batchSize: 64,
    width: 40,
    mix: [0, 0, 0, 0, 1],
    evalEvery: 1000,
    adam: { lr: 1e-3, warmupSteps: 0, clipNorm: 1 },
  });
  return run.weights;
}
