/**
 * Training throughput of the shipped chain model's shape (lib/train/recipe.ts): supervised
 * tokens per second (narrow and wide batches), RL steps per second from the shipped weights,
 * for GRPO and for expert iteration, with the time split between sampling (onnxruntime-node),
 * scoring (the project's verifier) and the update (jax-js; no reference forward at KL weight
 * 0), and the update's GFLOP/s as a ratio to onnxruntime-node's MatMul
 * throughput measured in the same run, and jax-js against tfjs-wasm (`@tensorflow/tfjs-backend-wasm`,
 * the alternative the README weighs) on the same forward + backward step of the model's SwiGLU
 * block at the wide batch's shape (tfjs has no gradient for the embedding gather, so the whole
 * decoder is not compared). Prints one JSON line. `--quick` runs fewer steps.
 * @module
 */
import * as ort from "onnxruntime-node";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { jit, nn, numpy as np, valueAndGrad } from "@jax-js/jax";
import { DataType, GraphBuilder } from "../../lib/infer/onnx/graph_builder.ts";
import { createRng } from "../../lib/random/rng.ts";
import { chainExamples } from "../../lib/train/chain_data.ts";
import { charTokenizer } from "../../lib/train/char_tokenizer.ts";
import { trainRl } from "../../lib/train/grpo.ts";
import { headDim } from "../../lib/infer/model_builder/decoder_weights.ts";
import { f32, initWeights, lossAndGradFn, parameterCount } from "../../lib/train/model.ts";
import { SHIPPED_RECIPE } from "../../lib/train/recipe.ts";
import { modelTokenizer } from "../../lib/train/rl_study.ts";
import { loadCheckpoint, lossAndGrads, packBatch } from "../../lib/train/sft.ts";
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

/** Forward + backward of the SwiGLU block `down(silu(x·gate) * (x·up))` over `rows` positions, loss Σy². */
async function swigluStep(rows: number, reps: number) {
  const h = c.hiddenSize, f = c.intermediateSize;
  const rng = createRng(["bench_swiglu", rows]);
  const data = (n: number, scale: number) =>
    Float32Array.from({ length: n }, () => scale * rng.normal());
  const x = data(rows * h, 1),
    gate = data(h * f, 0.1),
    up = data(h * f, 0.1),
    down = data(f * h, 0.1);
  const flops = 3 * 2 * rows * (3 * h * f); // three matmuls, backward ≈ 2 × forward
  type P = {
    gate: ReturnType<typeof f32>;
    up: ReturnType<typeof f32>;
    down: ReturnType<typeof f32>;
  };
  const jaxStep = jit(valueAndGrad((p: P, xs: ReturnType<typeof f32>) => {
    const y = np.matmul(nn.silu(np.matmul(xs.ref, p.gate)).mul(np.matmul(xs, p.up)), p.down);
    return np.sum(y.ref.mul(y));
  }));
  const jaxOnce = () => {
    const [loss, g] = jaxStep(
      { gate: f32(gate, [h, f]), up: f32(up, [h, f]), down: f32(down, [f, h]) },
      f32(x, [rows, h]),
    ) as unknown as [ReturnType<typeof f32>, P];
    loss.dataSync();
    g.gate.dataSync(), g.up.dataSync(), g.down.dataSync();
  };
  jaxOnce(); // compile
  let t0 = performance.now();
  for (let i = 0; i < reps; i++) jaxOnce();
  const jaxSeconds = (performance.now() - t0) / 1000 / reps;
  await tf.setBackend("wasm");
  await tf.ready();
  const tx = tf.tensor2d(x, [rows, h]);
  const tp = [tf.tensor2d(gate, [h, f]), tf.tensor2d(up, [h, f]), tf.tensor2d(down, [f, h])];
  const tfGrad = tf.valueAndGrads((pg: tf.Tensor, pu: tf.Tensor, pd: tf.Tensor) => {
    const a = tf.matMul(tx, pg as tf.Tensor2D), b = tf.matMul(tx, pu as tf.Tensor2D);
    const y = tf.matMul(tf.mul(tf.mul(a, tf.sigmoid(a)), b), pd as tf.Tensor2D);
    return tf.sum(tf.square(y));
  });
  const tfOnce = async () => {
    const { value, grads } = tfGrad(tp);
    await value.data();
    for (const g of grads) await g.data();
    tf.dispose([value, ...grads]);
  };
  await tfOnce();
  t0 = performance.now();
  for (let i = 0; i < reps; i++) await tfOnce();
  const tfSeconds = (performance.now() - t0) / 1000 / reps;
  tf.dispose([tx, ...tp]);
  return {
    rows,
    jaxSecondsPerStep: jaxSeconds,
    tfjsWasmSecondsPerStep: tfSeconds,
    jaxGflops: flops / jaxSeconds / 1e9,
    tfjsWasmGflops: flops / tfSeconds / 1e9,
    jaxOverTfjsWasm: tfSeconds / jaxSeconds,
  };
}

const steps = quick ? 3 : 10;
const narrow = sft(24, steps);
const wide = sft(56, steps);
const matmul512 = await ortMatmul(512, quick ? 5 : 20);
const matmul128 = await ortMatmul(128, quick ? 50 : 200);
const swiglu = await swigluStep(64 * 56, quick ? 3 : 10);
const rlSteps = quick ? 3 : 8;
// RL from the shipped model's weights (so some samples verify and groups are kept as in a real
// run), for GRPO and for expert iteration, at the same settings.
const shipped = await loadCheckpoint("data/model/checkpoint");
if (!shipped) throw new Error("data/model/checkpoint/checkpoint.json is missing");
const rlBench = async (estimator: string, label: string) => {
  const run = await trainRl({
    config: shipped.config,
    tokenizer: await modelTokenizer("data/model", shipped.config),
    initial: shipped.weights,
    adamState: shipped.adam,
    steps: rlSteps + 1,
    schedule: { kind: "fixed", horizon: 4 },
    estimator,
    adam: { lr: 1e-4, warmupSteps: 0 },
    seed: 3,
  });
  const timed = run.log.slice(1); // the first step compiles
  const mean = (k: "sampling" | "scoring" | "update") =>
    timed.reduce((s, l) => s + l.seconds[k], 0) / timed.length;
  const step = mean("sampling") + mean("scoring") + mean("update");
  return {
    algorithm: label,
    estimator,
    prompts: 8,
    groupSize: 8,
    horizon: 4,
    epochs: 1,
    keptGroups: timed.reduce((s, l) => s + l.keptGroups, 0) / timed.length,
    stepsPerSecond: 1 / step,
    secondsPerStep: {
      sampling: mean("sampling"),
      scoring: mean("scoring"),
      update: mean("update"),
    },
  };
};
const rl = [await rlBench("grpo", "GRPO"), await rlBench("expert_iteration", "expert iteration")];
console.log(JSON.stringify({
  parameters: parameterCount(c),
  sft: [narrow, wide],
  ortMatmul: [matmul512, matmul128],
  rl,
  updateGflopsRatioToOrtMatmul512: wide.gflops / matmul512.gflops,
  swiglu,
}));
