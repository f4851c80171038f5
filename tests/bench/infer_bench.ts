/**
 * Inference throughput of a ~30M-parameter Llama-style model (built here, fp32, standard ops):
 * prefill and decode tokens per second on each backend (cpu = onnxruntime-node, wasm =
 * onnxruntime-web's threaded node build, webgpu with the KV cache on the GPU), batch 1 and 8, as
 * ratios to onnxruntime-node in the same run; decode as a fraction of the memory-bandwidth limit
 * for the weight bytes (bandwidth measured in the same run); and WASM with 2 threads against 1
 * (each in a fresh process: ONNX Runtime Web fixes its thread count when it initialises).
 * Prints one JSON line. `--quick` shrinks the run. Reports, never asserts, timings.
 * @module
 */
import { fileURLToPath } from "node:url";
import {
  CausalLM,
  DataType,
  GraphBuilder,
  readModelFiles,
  writeTinyModel,
} from "../../lib/infer/mod.ts";
import { describeAdapter } from "../../lib/infer/backend.ts";

const quick = Deno.args.includes("--quick");
const promptLength = quick ? 32 : 64, newTokens = quick ? 8 : 16;

/** One measurement. */
export interface InferRun {
  backend: string;
  batch: number;
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
  kvCacheLocation?: string | null;
  wasmThreads?: number;
  /** `small` for runs on the quick-size model (WebGPU on a software adapter, and its cpu reference). */
  model?: "main" | "small";
  error?: string;
}

async function measure(
  dir: string,
  vocab: number,
  backend: "cpu" | "wasm" | "webgpu",
  batch: number,
  wasmThreads?: number,
): Promise<InferRun> {
  const label = backend === "wasm" && wasmThreads ? `wasm x${wasmThreads}` : backend;
  try {
    await using lm = await CausalLM.load(dir, {
      backend,
      ...(wasmThreads ? { wasmThreads } : {}),
    });
    const prompt = Array.from({ length: promptLength }, (_, i) => (i * 37) % (vocab - 3));
    const prompts = Array.from({ length: batch }, () => prompt);
    const options = { greedy: true, eosTokenIds: [] as number[] };
    // Warm-up over every shape measured: WebGPU compiles its kernels per shape, and a decode step
    // at each new length is a new shape.
    await lm.generateIds(prompts, { ...options, maxNewTokens: newTokens });
    let t0 = performance.now();
    await lm.logits(prompts);
    const prefill = (batch * promptLength) / ((performance.now() - t0) / 1000);
    // Decode rate: generating N tokens minus generating 1 (which is the prefill plus one step).
    t0 = performance.now();
    await lm.generateIds(prompts, { ...options, maxNewTokens: 1 });
    const one = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const g = await lm.generateIds(prompts, { ...options, maxNewTokens: newTokens });
    const all = (performance.now() - t0) / 1000;
    const decoded = g.reduce((s, x) => s + x.tokens.length, 0) - batch;
    return {
      backend: label,
      batch,
      prefillTokensPerSecond: prefill,
      decodeTokensPerSecond: decoded / Math.max(1e-9, all - one),
      kvCacheLocation: lm.kvCacheLocation,
      ...(lm.backend.wasmThreads ? { wasmThreads: lm.backend.wasmThreads } : {}),
    };
  } catch (error) {
    return {
      backend: label,
      batch,
      prefillTokensPerSecond: NaN,
      decodeTokensPerSecond: NaN,
      error: String(error instanceof Error ? error.message : error).slice(0, 200),
    };
  }
}

/**
 * Memory bandwidth, measured here: a multi-threaded ONNX Runtime ReduceSum over a 256 MiB float
 * tensor (bytes read per second) and a 256 MiB `TypedArray.set` copy (bytes read plus written per
 * second), best of 5 each. The larger is the limit: a decode step reads every weight once.
 */
async function measureBandwidth(): Promise<
  { reduceGBs: number; copyGBs: number; limitGBs: number }
> {
  const ort = await import("onnxruntime-node");
  const n = 64 * 2 ** 20; // floats
  const g = new GraphBuilder("bandwidth");
  g.input("x", DataType.FLOAT, [n]);
  g.output(
    g.node("ReduceSum", ["x"], { name: "y", attributes: { keepdims: 0 } })[0]!,
    DataType.FLOAT,
    [],
  );
  const session = await ort.InferenceSession.create(g.toModel({ opset: 13 }).model);
  const x = new Float32Array(n).fill(1);
  const feed = { x: new ort.Tensor("float32", x, [n]) };
  let best = Infinity;
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    await session.run(feed);
    if (i > 0) best = Math.min(best, performance.now() - t0);
  }
  await session.release();
  const reduceGBs = (n * 4) / (best / 1000) / 1e9;
  const y = new Float32Array(n);
  best = Infinity;
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    y.set(x);
    if (i > 0) best = Math.min(best, performance.now() - t0);
  }
  const copyGBs = (2 * n * 4) / (best / 1000) / 1e9;
  return { reduceGBs, copyGBs, limitGBs: Math.max(reduceGBs, copyGBs) };
}

const child = Deno.args.indexOf("--child");
if (child >= 0) {
  // child mode: measure wasm with a thread count in this fresh process
  const [dir, vocab, threads] = Deno.args.slice(child + 1);
  console.log(JSON.stringify(await measure(dir!, Number(vocab), "wasm", 1, Number(threads))));
  Deno.exit(0);
}

const SMALL = {
  hiddenSize: 256,
  numLayers: 4,
  numHeads: 8,
  numKvHeads: 4,
  intermediateSize: 704,
  maxPositions: 256,
};
const dir = await Deno.makeTempDir({ prefix: "farsight-bench-model-" });
const smallDir = await Deno.makeTempDir({ prefix: "farsight-bench-small-" });
try {
  const config = await writeTinyModel(dir, {
    seed: 1,
    variants: ["fp32"],
    config: quick
      ? {
        hiddenSize: 256,
        numLayers: 4,
        numHeads: 8,
        numKvHeads: 4,
        intermediateSize: 704,
        maxPositions: 256,
      }
      : {
        hiddenSize: 512,
        numLayers: 8,
        numHeads: 8,
        numKvHeads: 4,
        intermediateSize: 1792,
        maxPositions: 256,
      },
  });
  const files = await readModelFiles(dir, "fp32");
  const h = config.hiddenSize, kvDim = (h / config.numHeads) * config.numKvHeads;
  const params = config.vocabSize * h * 2 +
    config.numLayers * (2 * h * h + 2 * h * kvDim + 3 * h * config.intermediateSize + 2 * h) + h;
  const bandwidth = await measureBandwidth();
  const adapter = await describeAdapter();
  // A software adapter (llvmpipe) runs WebGPU orders of magnitude slower than the CPU: there it
  // is measured on the small model, against cpu on the same model.
  const webgpuOnSmall = !quick && (adapter?.fallback ?? false);
  const small = webgpuOnSmall
    ? await writeTinyModel(smallDir, { seed: 1, variants: ["fp32"], config: SMALL })
    : null;
  const runs: InferRun[] = [];
  for (const batch of [1, 8]) {
    for (const backend of ["cpu", "wasm", "webgpu"] as const) {
      if (backend === "webgpu" && small) {
        for (const b of ["cpu", "webgpu"] as const) {
          runs.push({ ...await measure(smallDir, small.vocabSize, b, batch), model: "small" });
        }
      } else runs.push({ ...await measure(dir, config.vocabSize, backend, batch), model: "main" });
    }
  }
  // WASM 1 vs 2 threads, batch 1: fresh processes, alternating, 3 of each (medians are reported).
  const threads: InferRun[] = [];
  for (let repeat = 0; repeat < 3; repeat++) {
    for (const n of [1, 2]) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          fileURLToPath(import.meta.url),
          ...(quick ? ["--quick"] : []),
          "--child",
          dir,
          String(config.vocabSize),
          String(n),
        ],
        stdout: "piped",
        stderr: "null",
      }).output();
      const last = new TextDecoder().decode(out.stdout).trim().split("\n").pop() ?? "";
      try {
        threads.push(JSON.parse(last));
      } catch {
        threads.push({
          backend: `wasm x${n}`,
          batch: 1,
          prefillTokensPerSecond: NaN,
          decodeTokensPerSecond: NaN,
          error: `the measuring process failed (exit ${out.code})`,
        });
      }
    }
  }
  console.log(JSON.stringify({
    params,
    weightBytes: files.totalBytes,
    config,
    promptLength,
    newTokens,
    cores: navigator.hardwareConcurrency,
    adapter,
    bandwidth,
    ...(small
      ? {
        small: {
          config: small,
          weightBytes: (await readModelFiles(smallDir, "fp32")).totalBytes,
        },
      }
      : {}),
    runs,
    threads,
  }));
} finally {
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(smallDir, { recursive: true });
}
