/**
 * Inference throughput of a ~30M-parameter Llama-style model (built here, fp32, standard ops):
 * prefill and decode tokens per second on each backend, batch 1 and 8, as ratios to
 * onnxruntime-node in the same run; and WASM with 2 threads against 1. Prints one JSON line.
 * `--quick` shrinks the run (a smaller model and fewer tokens).
 * @module
 */
import { CausalLM, writeTinyModel } from "../../lib/infer/mod.ts";

const quick = Deno.args.includes("--quick");
const dir = await Deno.makeTempDir({ prefix: "farsight-bench-model-" });
const config = await writeTinyModel(dir, {
  seed: 1,
  config: quick
    ? {
      hiddenSize: 256,
      numLayers: 4,
      numHeads: 8,
      numKvHeads: 4,
      intermediateSize: 704,
      maxPositions: 1024,
    }
    : {
      hiddenSize: 512,
      numLayers: 8,
      numHeads: 8,
      numKvHeads: 4,
      intermediateSize: 1792,
      maxPositions: 1024,
    },
});
const h = config.hiddenSize, kvDim = (h / config.numHeads) * config.numKvHeads;
const params = config.vocabSize * h * 2 +
  config.numLayers * (2 * h * h + 2 * h * kvDim + 3 * h * config.intermediateSize + 2 * h) + h;

interface Run {
  backend: string;
  batch: number;
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
  error?: string;
}

async function measure(
  backend: "cpu" | "wasm" | "webgpu",
  batch: number,
  promptLength: number,
  newTokens: number,
  wasmThreads = 1,
): Promise<Run> {
  try {
    await using lm = await CausalLM.load(dir, {
      backend,
      ...(backend === "wasm" ? { wasmThreads } : {}),
    });
    const prompt = Array.from(
      { length: promptLength },
      (_, i) => (i * 37) % (config.vocabSize - 3),
    );
    const prompts = Array.from({ length: batch }, () => prompt);
    await lm.logits(prompts); // warm-up at the measured shape
    let t0 = performance.now();
    await lm.logits(prompts);
    const prefill = (batch * promptLength) / ((performance.now() - t0) / 1000);
    // Decode rate: generating N tokens minus generating 1 (which is the prefill plus one step).
    const options = { greedy: true, eosTokenIds: [] as number[] };
    t0 = performance.now();
    await lm.generateIds(prompts, { ...options, maxNewTokens: 1 });
    const one = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const g = await lm.generateIds(prompts, { ...options, maxNewTokens: newTokens });
    const all = (performance.now() - t0) / 1000;
    const decoded = g.reduce((s, x) => s + x.tokens.length, 0) - batch;
    const decodeSeconds = Math.max(1e-9, all - one);
    return {
      backend: backend === "wasm" ? `wasm x${wasmThreads}` : backend,
      batch,
      prefillTokensPerSecond: prefill,
      decodeTokensPerSecond: decoded / decodeSeconds,
    };
  } catch (error) {
    return {
      backend: backend === "wasm" ? `wasm x${wasmThreads}` : backend,
      batch,
      prefillTokensPerSecond: NaN,
      decodeTokensPerSecond: NaN,
      error: String(error instanceof Error ? error.message : error).slice(0, 200),
    };
  }
}

const promptLength = quick ? 32 : 128, newTokens = quick ? 8 : 32;
if (Deno.args.includes("--wasm2")) {
  // ONNX Runtime Web fixes its thread count when it first initialises, so 2 threads need a fresh process.
  console.log(JSON.stringify(await measure("wasm", 1, promptLength, newTokens, 2)));
  await Deno.remove(dir, { recursive: true });
  Deno.exit(0);
}
const runs: Run[] = [];
for (const batch of [1, 8]) {
  runs.push(await measure("cpu", batch, promptLength, newTokens));
  runs.push(await measure("wasm", batch, promptLength, newTokens, 1));
}
{
  const child = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL(import.meta.url).pathname,
      "--wasm2",
      ...(quick ? ["--quick"] : []),
    ],
    stdout: "piped",
    stderr: "null",
  }).output();
  const last = new TextDecoder().decode(child.stdout).trim().split("\n").pop() ?? "";
  try {
    runs.push(JSON.parse(last));
  } catch {
    runs.push({
      backend: "wasm x2",
      batch: 1,
      prefillTokensPerSecond: NaN,
      decodeTokensPerSecond: NaN,
      error: `the measuring process failed (${child.code})`,
    });
  }
}
// WebGPU on a software adapter is very slow: one small run (batch 1, short prompt)
runs.push(await measure("webgpu", 1, 16, 4));
const adapter = (await import("../../lib/infer/backend.ts")).describeAdapter;
console.log(
  JSON.stringify({ params, config, promptLength, newTokens, adapter: await adapter(), runs }),
);
await Deno.remove(dir, { recursive: true });
