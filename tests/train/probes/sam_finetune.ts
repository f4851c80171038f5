/**
 * One-off probe: sharpness-aware minimisation (SAM: the gradient taken at the weights moved by
 * ρ·g/|g|) as a supervised fine-tune of the shipped model on its own recipe's batches, from its
 * Adam moments; writes a model directory (with checkpoint) to OUT and prints greedy accuracy by
 * depth. Check the result with `sharpness_by_weight.ts 2 OUT` and `rl_probe.ts '…' OUT`. Not a
 * test; the README's RL section quotes it.
 *
 * ```sh
 * deno run -A --config deno.json tests/train/probes/sam_finetune.ts STEPS LR RHO OUT
 * ```
 * @module
 */
import { loadCheckpoint, lossAndGrads, packBatch, saveCheckpoint } from "../../../lib/train/sft.ts";
import { modelTokenizer } from "../../../lib/train/rl_study.ts";
import { adamStep } from "../../../lib/train/adam.ts";
import { chainExamples } from "../../../lib/train/chain_data.ts";
import { exportModel } from "../../../lib/train/export.ts";
import {
  flattenWeights,
  lossAndGradFn,
  unflattenWeights,
  weightShapes,
} from "../../../lib/train/model.ts";
import { SHIPPED_RECIPE } from "../../../lib/train/recipe.ts";
import { createRng } from "../../../lib/random/rng.ts";
import { evaluateByDepth, OnnxSampler } from "../../../lib/train/sampler.ts";
const [steps, lr, rho, out] = [
  Number(Deno.args[0]),
  Number(Deno.args[1]),
  Number(Deno.args[2]),
  Deno.args[3]!,
];
const model = "data/model";
const ck = (await loadCheckpoint(`${model}/checkpoint`))!;
const c = ck.config, tok = await modelTokenizer(model, c);
const flat = flattenWeights(ck.weights).map((a) => Float32Array.from(a));
const adam = structuredClone(ck.adam);
const decay = weightShapes(c).map((s) => s.shape.length > 1);
const lg = lossAndGradFn(c);
const t0 = performance.now();
for (let step = 0; step < steps; step++) {
  const kinds = SHIPPED_RECIPE.batches;
  const kind = kinds[createRng(["sam_kind", step]).weighted(kinds.map((k) => k.weight))]!;
  const batch = packBatch(tok, chainExamples(64, kind.mix, 5_000_000 + step), kind.width);
  const g = lossAndGrads(c, unflattenWeights(c, flat), batch, lg).grads;
  let n = 0;
  for (const a of g) for (const x of a) n += x * x;
  n = Math.sqrt(n) + 1e-12;
  const pert = flat.map((a, i) => a.map((x, j) => x + rho * g[i]![j]! / n));
  const { loss, grads } = lossAndGrads(c, unflattenWeights(c, pert), batch, lg);
  adamStep(flat, grads, adam, { lr, warmupSteps: 0, clipNorm: 1, weightDecay: 0.01 }, decay);
  if (step % 50 === 0) {
    console.error(step, loss.toFixed(4), ((performance.now() - t0) / 1000).toFixed(0) + "s");
  }
}
const w = unflattenWeights(c, flat);
await exportModel(out, c, w, tok);
await saveCheckpoint(`${out}/checkpoint`, { config: c, step: ck.step + steps, weights: w, adam });
await using s = new OnnxSampler(c, tok);
await s.update(w);
const e = await evaluateByDepth(s.model, { perDepth: 64, seed: 9001, skipStandalone: true });
console.log(JSON.stringify(e.byDepth.map((d) => d.accuracy)));
