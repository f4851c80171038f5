/**
 * One-off RL probe: `trainRl` from a model directory's checkpoint with the options given as
 * JSON, then R_all accuracy by depth 1–8 on 64 held-out chains per depth (seed 9001, the RL
 * study's evaluation): greedy, and sampled (Avg@8 at temperature 1). `{"steps": 0}` measures
 * the base. Not a test; the README's RL section quotes runs of it.
 *
 * ```sh
 * deno run -A tests/train/probes/rl_probe.ts '{"steps":150,"schedule":{"kind":"fixed","horizon":5},"credit":"step","adam":{"lr":2e-4,"beta2":0.999,"warmupSteps":30}}' [MODEL_DIR]
 * ```
 * Add `"checkpointAdam": true` to start from the checkpoint's Adam moments. `"estimator":
 * "reinforce"` (registered here, not in the library) is REINFORCE without a baseline: the
 * reward (with `credit: "step"`, each step's verdict) is the advantage, so only right responses
 * or steps get gradient, fine-tuning on the policy's own right answers (RAFT's idea).
 * @module
 */
import { registerAdvantageEstimator } from "../../../lib/advantages/registry.ts";
import { loadCheckpoint } from "../../../lib/train/sft.ts";
import { modelTokenizer } from "../../../lib/train/rl_study.ts";
import { type RlOptions, trainRl } from "../../../lib/train/grpo.ts";
import { evaluateByDepth, OnnxSampler } from "../../../lib/train/sampler.ts";

registerAdvantageEstimator("reinforce", (rewards) => [...rewards]);
const { checkpointAdam, ...options } = JSON.parse(Deno.args[0] ?? "{}") as
  & Partial<RlOptions>
  & { checkpointAdam?: boolean };
const model = Deno.args[1] ?? "data/model";
const ck = await loadCheckpoint(`${model}/checkpoint`);
if (!ck) throw new Error(`${model}/checkpoint/checkpoint.json is missing`);
const tokenizer = await modelTokenizer(model, ck.config);
const run = await trainRl({
  config: ck.config,
  tokenizer,
  initial: ck.weights,
  steps: 60,
  schedule: { kind: "fixed", horizon: 4 },
  seed: 1,
  ...(checkpointAdam ? { adamState: ck.adam } : {}),
  ...options,
  onStep: (l) => {
    if (l.step % 10 === 0) {
      console.error(
        `step ${l.step} horizon ${l.horizon} reward ${l.reward.toFixed(3)} ` +
          `by depth ${JSON.stringify(l.accuracyByDepth)} KL ${
            l.kl === null ? "n/a" : l.kl.toFixed(4)
          }`,
      );
    }
  },
});
await using sampler = new OnnxSampler(ck.config, tokenizer);
await sampler.update(run.weights);
const e = await evaluateByDepth(sampler.model, { perDepth: 64, seed: 9001, skipStandalone: true });
const acc = e.byDepth.map((d) => d.accuracy);
const sampled = (await evaluateByDepth(sampler.model, {
  perDepth: 64,
  seed: 9001,
  skipStandalone: true,
  sampling: { samples: 8, temperature: 1 },
})).byDepth.map((d) => d.accuracy);
console.log(JSON.stringify({
  options: Deno.args[0] ?? "{}",
  accuracyByDepth: acc,
  meanDepths4to8: acc.slice(3).reduce((a, b) => a + b, 0) / 5,
  sampledAvg8: sampled.map((a) => +a.toFixed(3)),
  sampledMeanDepths4to8: sampled.slice(3).reduce((a, b) => a + b, 0) / 5,
  seconds: run.seconds,
}));
