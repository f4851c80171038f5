/**
 * A bounded pilot of curriculum RL from a model directory's checkpoint: `trainRl` with a
 * threshold curriculum (promotion on the windowed sampled success), from the checkpoint's Adam
 * moments, the per-stage learning-rate schedule, and a sampled held-out evaluation (Avg@k at
 * temperature 1) at the curriculum's horizons every few steps, so a record shows how fast the
 * horizons h and h+1 move. Writes one JSON record (settings, the step log, the evaluations)
 * to the path given. Not a test.
 *
 * ```sh
 * deno run -A tests/train/probes/curriculum_pilot.ts data/pilot/ei_h4.json '{"estimator":"expert_iteration"}' [MODEL_DIR]
 * ```
 * @module
 */
import { writeFileAtomic } from "../../../lib/io/atomic_write.ts";
import { type RlOptions, type RlStepLog, trainRl } from "../../../lib/train/grpo.ts";
import { modelTokenizer } from "../../../lib/train/rl_study.ts";
import { evaluateByDepth, OnnxSampler } from "../../../lib/train/sampler.ts";
import { loadCheckpoint } from "../../../lib/train/sft.ts";

const out = Deno.args[0];
if (!out) throw new Error("usage: curriculum_pilot.ts OUT.json [OPTIONS_JSON] [MODEL_DIR]");
const overrides = JSON.parse(Deno.args[1] ?? "{}") as Partial<RlOptions>;
const model = Deno.args[2] ?? "data/model";
const ck = await loadCheckpoint(`${model}/checkpoint`);
if (!ck) throw new Error(`${model}/checkpoint/checkpoint.json is missing`);
const tokenizer = await modelTokenizer(model, ck.config);
const defaults = {
  steps: 400,
  maxSeconds: 480,
  promptsPerStep: 32,
  groupSize: 4,
  estimator: "expert_iteration",
  epochs: 2,
  horizonWindow: 2,
  lrSchedule: "stage" as const,
  adam: { lr: 5e-4, warmupSteps: 0, clipNorm: 1, minLrRatio: 0.1 },
  schedule: {
    kind: "threshold" as const,
    horizons: [4, 5, 6, 7, 8],
    window: 256,
    raise: 0.5,
    lower: 0,
  },
  eval: {
    every: 10,
    depths: [4, 5, 6],
    perDepth: 64,
    seed: 9001,
    sampling: { samples: 2, temperature: 1 },
  },
  seed: 1,
};
const settings = { ...defaults, ...overrides } as typeof defaults;
// The base, evaluated as every later evaluation is.
const base = await (async () => {
  await using sampler = new OnnxSampler(ck.config, tokenizer);
  await sampler.update(ck.weights);
  const e = await evaluateByDepth(sampler.model, {
    depths: settings.eval.depths,
    perDepth: settings.eval.perDepth,
    seed: settings.eval.seed,
    skipStandalone: true,
    sampling: { ...settings.eval.sampling },
  });
  return Object.fromEntries(e.byDepth.map((d) => [String(d.depth), d.accuracy]));
})();
console.error(`base: sampled ${JSON.stringify(base)}`);
const log: RlStepLog[] = [];
const run = await trainRl({
  config: ck.config,
  tokenizer,
  initial: ck.weights,
  adamState: ck.adam,
  ...settings,
  onStep: (l) => {
    log.push(l);
    if (l.eval || l.step % 5 === 0) {
      console.error(
        `step ${l.step} h ${l.horizon} sampled ${
          JSON.stringify(l.accuracyByDepth)
        } kept ${l.keptGroups}/${l.groups} ` +
          `clip ${l.clipFraction.map((x) => x.toFixed(3)).join("/")} lr ${
            l.lr?.toExponential(2)
          } ` +
          `${l.elapsed.toFixed(0)} s${l.eval ? ` eval ${JSON.stringify(l.eval)}` : ""}`,
      );
    }
  },
});
await writeFileAtomic(
  out,
  JSON.stringify({
    command: ["deno run -A tests/train/probes/curriculum_pilot.ts", ...Deno.args].join(" "),
    model,
    settings,
    steps: run.steps,
    seconds: run.seconds,
    evaluations: [
      { step: 0, elapsed: 0, horizon: null, sampled: base },
      ...run.log.filter((l) => l.eval).map((l) => ({
        step: l.step,
        elapsed: l.elapsed,
        horizon: l.horizon,
        sampled: l.eval,
      })),
    ],
    log: run.log,
    loadAverage: Deno.loadavg(),
    createdAt: new Date().toISOString(),
  }) + "\n",
);
console.log(`wrote ${out}: ${run.steps} steps in ${run.seconds.toFixed(0)} s`);
