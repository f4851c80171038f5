/**
 * One-off probe of how sharp a trained model is: greedy R_all accuracy by depth 1–5 (64 held-out
 * chains per depth, seed 9001) after Gaussian noise of each standard deviation on every weight,
 * and after `n` supervised Adam steps at 1e-3 from fresh moments on gold depth-5 chains. Not a
 * test; the README's RL section quotes it.
 *
 * ```sh
 * deno run -A tests/train/probes/perturbation.ts [MODEL_DIR]
 * ```
 * @module
 */
import { loadCheckpoint } from "../../../lib/train/sft.ts";
import { freshAdamSteps } from "./_fresh_adam_steps.ts";
import { modelTokenizer } from "../../../lib/train/rl_study.ts";
import { evaluateByDepth, OnnxSampler } from "../../../lib/train/sampler.ts";
import { type DecoderWeights, flattenWeights, unflattenWeights } from "../../../lib/train/model.ts";
import { createRng } from "../../../lib/random/rng.ts";

const model = Deno.args[0] ?? "data/model";
const ck = await loadCheckpoint(`${model}/checkpoint`);
if (!ck) throw new Error(`${model}/checkpoint/checkpoint.json is missing`);
const tokenizer = await modelTokenizer(model, ck.config);
await using sampler = new OnnxSampler(ck.config, tokenizer);
const accuracy = async (w: DecoderWeights) => {
  await sampler.update(w);
  const e = await evaluateByDepth(sampler.model, {
    depths: [1, 2, 3, 4, 5],
    perDepth: 64,
    seed: 9001,
    skipStandalone: true,
  });
  return e.byDepth.map((d) => d.accuracy);
};
for (const sigma of [0, 3e-4, 1e-3, 3e-3]) {
  const rng = createRng(["perturbation_probe", 1]);
  const noisy = flattenWeights(ck.weights).map((a) => a.map((x) => x + sigma * rng.normal()));
  console.log(
    JSON.stringify({ noise: sigma, accuracy: await accuracy(unflattenWeights(ck.config, noisy)) }),
  );
}
for (const steps of [2, 10, 60]) {
  const run = { weights: await freshAdamSteps(ck, tokenizer, steps) };
  console.log(
    JSON.stringify({ supervisedAdamSteps: steps, lr: 1e-3, accuracy: await accuracy(run.weights) }),
  );
}
