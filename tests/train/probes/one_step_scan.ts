/**
 * One-off probe: is the RL update's direction right, and how long a step is stable? Trains an
 * undertrained copy of the shipped architecture (250 supervised steps on depths 1–2), measures
 * its sampled (T = 1) R_all at depth 2 on 48 held-out chains × 32 samples (fixed seeds, so every
 * point sees the same random numbers), then takes ONE gradient step from a 32 × 16-sample batch
 * at several step sizes and measures again. `as-given` uses GRPO's advantages, `negated` their
 * negatives, `positive` only their positive parts. The step is Adam's update with β1 = 0 and
 * ε = 1 (g / (|g| + 1) per weight, which is the plain gradient for gradients this small) and no
 * clipping. Not a test; the README's RL section quotes it.
 *
 * ```sh
 * deno run -A tests/train/probes/one_step_scan.ts as-given|negated|positive
 * ```
 * @module
 */
import { trainSupervised } from "../../../lib/train/sft.ts";
import { trainRl } from "../../../lib/train/grpo.ts";
import { SHIPPED_RECIPE } from "../../../lib/train/recipe.ts";
import { charTokenizer } from "../../../lib/train/char_tokenizer.ts";
import { generateCompact, OnnxSampler } from "../../../lib/train/sampler.ts";
import { sampleChain } from "../../../lib/train/chain_data.ts";
import { scoreCompact } from "../../../lib/train/score.ts";
import type { DecoderWeights } from "../../../lib/train/model.ts";

const mode = Deno.args[0] ?? "as-given";
const mean = (r: readonly number[]) => r.reduce((a, b) => a + b, 0) / r.length;
const estimators: Record<string, ((r: readonly number[]) => number[]) | "grpo"> = {
  "as-given": "grpo",
  negated: (r) => r.map((x) => mean(r) - x),
  positive: (r) => r.map((x) => Math.max(0, x - mean(r))),
};
const estimator = estimators[mode];
if (!estimator) {
  throw new Error(`mode must be one of ${Object.keys(estimators).join(", ")}, got ${mode}`);
}
const c = SHIPPED_RECIPE.config, tokenizer = charTokenizer(SHIPPED_RECIPE.alphabet);
const sft = await trainSupervised({
  config: c,
  tokenizer,
  steps: 250,
  batchSize: 64,
  width: 24,
  mix: [0.5, 0.5],
  evalEvery: 1000,
  adam: { lr: 3e-3, warmupSteps: 50 },
});
await using sampler = new OnnxSampler(c, tokenizer);
const tasks = Array.from({ length: 48 }, (_, i) => sampleChain(2, 4242, i, { split: "heldout" }));
const repeated = tasks.flatMap((t) => Array.from({ length: 32 }, () => t));
const sampledReward = async (w: DecoderWeights) => {
  await sampler.update(w);
  const gens = await generateCompact(sampler.model, repeated, { temperature: 1, seed: 99 });
  return mean(gens.map((g, j) => scoreCompact(repeated[j]!, g.text).reward));
};
console.log(JSON.stringify({ mode, stepSize: 0, sampledReward: await sampledReward(sft.weights) }));
for (const stepSize of mode === "positive" ? [0.03, 0.1, 0.3, 1] : [0.003, 0.01, 0.03, 0.1]) {
  const run = await trainRl({
    config: c,
    tokenizer,
    initial: sft.weights,
    steps: 1,
    seed: 1,
    promptsPerStep: 32,
    groupSize: 16,
    band: null,
    estimator,
    schedule: { kind: "fixed", horizon: 2 },
    adam: { lr: stepSize, eps: 1, beta1: 0, warmupSteps: 0, clipNorm: 1e9 },
  });
  console.log(JSON.stringify({ mode, stepSize, sampledReward: await sampledReward(run.weights) }));
}
