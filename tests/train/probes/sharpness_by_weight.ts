/**
 * One-off probe: where the model is sharp. Takes `n` supervised Adam steps at 1e-3 from fresh
 * moments on gold depth-5 chains (default 2), then applies the resulting change to one kind of
 * weight at a time and reports greedy R_all accuracy at depths 2–4 (64 held-out chains, seed
 * 9001). Not a test; the README's RL section quotes it.
 *
 * ```sh
 * deno run -A --config deno.json tests/train/probes/sharpness_by_weight.ts [n] [MODEL_DIR]
 * ```
 * @module
 */
import { loadCheckpoint } from "../../../lib/train/sft.ts";
import { freshAdamSteps } from "./_fresh_adam_steps.ts";
import { modelTokenizer } from "../../../lib/train/rl_study.ts";
import { evaluateByDepth, OnnxSampler } from "../../../lib/train/sampler.ts";
import {
  type DecoderWeights,
  flattenWeights,
  unflattenWeights,
  weightShapes,
} from "../../../lib/train/model.ts";
const model = Deno.args[1] ?? "data/model";
const ck = (await loadCheckpoint(`${model}/checkpoint`))!;
const tokenizer = await modelTokenizer(model, ck.config);
await using sampler = new OnnxSampler(ck.config, tokenizer);
const accuracy = async (w: DecoderWeights) => {
  await sampler.update(w);
  const e = await evaluateByDepth(sampler.model, {
    depths: [2, 3, 4],
    perDepth: 64,
    seed: 9001,
    skipStandalone: true,
  });
  return e.byDepth.map((d) => Math.round(d.accuracy * 100));
};
const steps = Number(Deno.args[0] ?? 2);
const run = { weights: await freshAdamSteps(ck, tokenizer, steps) };
const w0 = flattenWeights(ck.weights), w2 = flattenWeights(run.weights);
const names = weightShapes(ck.config).map((s) => s.name);
const kinds = [
  "embed",
  "lmHead",
  "Norm",
  ".q",
  ".k",
  ".v",
  ".o",
  "gate",
  "up",
  "down",
  "layers.0",
  "layers.1",
  "layers.2",
];
console.log("full", await accuracy(run.weights), "base", await accuracy(ck.weights));
for (const k of kinds) {
  const w = w0.map((a, i) => names[i]!.includes(k) ? w2[i]! : a);
  const norm = w0.reduce(
    (s, a, i) =>
      s + (names[i]!.includes(k) ? a.reduce((t, x, j) => t + (w2[i]![j]! - x) ** 2, 0) : 0),
    0,
  );
  console.log(
    k,
    await accuracy(unflattenWeights(ck.config, w)),
    "delta norm",
    Math.sqrt(norm).toFixed(4),
  );
}
