/**
 * Training throughput of the shipped chain model's shape (lib/train/recipe.ts): supervised
 * tokens per second (narrow and wide batches), RL steps per second with the time split between
 * sampling (onnxruntime-node), scoring (the project's verifier) and the update (jax-js, with the
 * reference forward), and the update's GFLOP/s as a ratio to onnxruntime-node's MatMul
 * throughput measured in the same run. jax-js against tfjs-wasm is not re-measured here (see
 * the README: 0.46 s against 3.5 s a step, issue 14). Prints one JSON line. `--quick` runs
 * fewer steps.
 * @module
 */
import * as ort from "onnxruntime-node";
import { DataType, GraphBuilder } from "../../lib/infer/onnx/graph_builder.ts";
import { createRng } from "../../lib/random/rng.ts";
import { chainExamples } from "../../lib/train/chain_data.ts";
import { charTokenizer } from "../../lib/train/char_tokenizer.ts";
import { trainRl } from "../../lib/train/grpo.ts";
import { headDim } from "../../lib/infer/model_builder/decoder_weights.ts";
import { initWeights, lossAndGradFn, parameterCount } from "../../lib/train/model.ts";
import { SHIPPED_RECIPE } from "../../lib/train/recipe.ts";
import { lossAndGrads, packBatch } from "../../lib/train/sft.ts";
import type { DecoderConfig } from "../../lib/train/model.ts";

const quick = Deno.args.includes("--quick");
const c = SHIPPED_RECIPE.config;
const tok = charTokenizer(SHIPPED_RECIPE.alphabet);
const weights = initWeights(c, 1);

/** Matmul FLOPs of one training step (forward + backward ≈ 3 × forward) over B×T positions. */
function trainFlops(c: DecoderConfig, B: number, T: number): number {
  const h = c.hiddenSize, d = headDim(c), f = c.intermediateSize;
  const perToken = c.numLayers *
      (h * c.numHeads * d + 2 * h * c.numKvHeads * d + c.numHeads * d * h + 3 * h * f) +
    h * c.vocabSize;
  const attention = c.numLayers * 2 * c.numHeads * d * T * T * B; // QK^T and PV
  return 3 * (2 * perToken * B * T + 2 * attention);
}

function sft(width: number, steps: number) {
  const fn = lossAndGradFn(c);
  const batch = (s: number) =>
    packBatch(tok, chainExamples(64, width > 24 ? [0, 0, 0, 1, 1, 1, 1, 1] : [1, 1, 1], s), width);
  lossAndGrads(c, weights, batch(0), fn); // compile
  const t0 = performance.now();
  for (let s = 1; s <= steps; s++) lossAndGrads(c, weights, batch(s), fn);
  const seconds = (performance.now() - t0) / 1000 / steps;
  return {
    width,
    batch: 64,
    secondsPerStep: seconds,
    tokensPerSecond: (64 * width) / seconds,
    gflops: trainFlops(c, 64, width) / seconds / 1e9,
  };
}

async function ortMatmul(n: number, reps: number) {
  const g = new GraphBuilder("matmul");
  g.input("a", DataType.FLOAT, [n, n]);
  g.input("b", DataType.FLOAT, [n, n]);
  g.output("c", DataType.FLOAT, [n, n]);
  g.node("MatMul", ["a", "b"], { name: "c" });
  const bytes = g.toModel({ opset: 17 }).model;
  const session = await ort.InferenceSession.create(bytes);
  const rng = createRng(["bench_matmul", n]);
  const a = new ort.Tensor("float32", Float32Array.from({ length: n * n }, () => rng.normal()), [
    n,
    n,
  ]);
  const b = new ort.Tensor("float32", Float32Array.from({ length: n * n }, () => rng.normal()), [
    n,
    n,
  ]);
  await session.run({ a, b });
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await session.run({ a, b });
  const seconds = (performance.now() - t0) / 1000 / reps;
  await session.release();
  return { n, gflops: (2 * n ** 3) / seconds / 1e9 };
}

const steps = quick ? 3 : 10;
const narrow = sft(24, steps);
const wide = sft(56, steps);
const matmul512 = await ortMatmul(512, quick ? 5 : 20);
const matmul128 = await ortMatmul(128, quick ? 50 : 200);
const rlSteps = quick ? 3 : 8;
const rl = await trainRl({
  config: c,
  tokenizer: tok,
  initial: weights,
  steps: rlSteps + 1,
  schedule: { kind: "fixed", horizon: 4 },
  band: null,
  seed: 3,
});
const timed = rl.log.slice(1); // the first step compiles
const sum = (k: "sampling" | "scoring" | "update") =>
  timed.reduce((s, l) => s + l.seconds[k], 0) / timed.length;
const rlStep = sum("sampling") + sum("scoring") + sum("update");
console.log(JSON.stringify({
  parameters: parameterCount(c),
  sft: [narrow, wide],
  ortMatmul: [matmul512, matmul128],
  rl: {
    prompts: 8,
    groupSize: 8,
    horizon: 4,
    stepsPerSecond: 1 / rlStep,
    secondsPerStep: { sampling: sum("sampling"), scoring: sum("scoring"), update: sum("update") },
  },
  updateGflopsRatioToOrtMatmul512: wide.gflops / matmul512.gflops,
}));
