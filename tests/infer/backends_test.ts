import assert from "node:assert/strict";
import { availableCores, CausalLM } from "../../lib/infer/mod.ts";
import { slow } from "../_helpers/slow.ts";
import { tinyModelDir } from "./_tiny.ts";

/** Logits of the three backends agree within 1e-4 (absolute) on the same input. */
const TOLERANCE = 1e-4;

function maxAbsDiff(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  let max = 0;
  a.forEach((row, t) => row.forEach((v, j) => (max = Math.max(max, Math.abs(v - b[t]![j]!)))));
  return max;
}

/**
 * One test per weight format runs the tiny model on every backend. WebGPU (a software adapter
 * when the machine has no GPU) compiles a shader per operator variant the first time it meets it,
 * minutes on a cold shader cache, so each test loads each GPU model once per cache placement and
 * keeps to what the format adds:
 *
 * - fp32 (the standard graph): logits, generation of three tokens (the prompt's forward pass, then
 *   two decoding steps that read the cache the previous step left, on the GPU or copied back to
 *   the CPU), and teacher-forced scoring;
 * - q4 (MatMulNBits, GroupQueryAttention and the other contrib ops): logits and teacher-forced
 *   scoring. Farsight's cache handling does not depend on the format (the fp32 test covers it); a
 *   q4 decoding step would only add onnxruntime's single-row kernels, about two minutes of shader
 *   compilation on the software adapter.
 */
for (const dtype of ["fp32", "q4"] as const) {
  const generation = dtype === "fp32";
  Deno.test({
    name: generation
      ? `wasm and webgpu agree with cpu: logits, KV-cached generation, scoring (${dtype})`
      : `wasm and webgpu agree with cpu: logits and scoring (${dtype})`,
    ...slow,
    fn: async () => {
      const dir = await tinyModelDir();
      const prompt = "Problem 1: What is 12 + 30?";
      const options = { greedy: true, maxNewTokens: 3, eosTokenIds: [] };
      await using cpu = await CausalLM.load(dir, { backend: "cpu", dtype });
      assert.equal(cpu.backend.backend, "cpu");
      const ids = cpu.encode(prompt);
      const [expectedLogits] = await cpu.logits([ids]);
      const [expected] = await cpu.generate([prompt], options);
      assert.equal(cpu.kvCacheLocation, "cpu");
      const [expectedScore] = await cpu.scoreTargetIds([{ prompt: ids, target: expected!.tokens }]);

      await using wasm = await CausalLM.load(dir, { backend: "wasm", dtype });
      assert.equal(wasm.backend.backend, "wasm");
      const [wasmLogits] = await wasm.logits([ids]);
      const wasmDiff = maxAbsDiff(wasmLogits!, expectedLogits!);
      assert.ok(wasmDiff < TOLERANCE, `wasm vs cpu: ${wasmDiff}`);

      // The cache on the GPU is the default; the CPU placement is a separate path.
      for (const kvCacheOnGpu of generation ? [true, false] : [true]) {
        await using gpu = await CausalLM.load(dir, { backend: "webgpu", dtype, kvCacheOnGpu });
        assert.equal(gpu.backend.backend, "webgpu");
        assert.equal(typeof gpu.backend.shaderF16, "boolean");
        const where = kvCacheOnGpu ? "gpu-buffer" : "cpu";
        assert.equal(gpu.backend.kvCacheLocation, where);
        const [gpuLogits] = await gpu.logits([ids]);
        const gpuDiff = maxAbsDiff(gpuLogits!, expectedLogits!);
        assert.ok(gpuDiff < TOLERANCE, `webgpu vs cpu: ${gpuDiff}`);
        if (generation) {
          const [g] = await gpu.generate([prompt], options);
          assert.equal(gpu.kvCacheLocation, where, "the present.* tensors the session returned");
          assert.deepEqual(g!.tokens, expected!.tokens);
          g!.logprobs.forEach((lp, i) =>
            assert.ok(Math.abs(lp - expected!.logprobs[i]!) < TOLERANCE, `step ${i}`)
          );
        }
        // teacher-forced scoring (no cache) releases its GPU outputs and agrees with the cpu
        const [s] = await gpu.scoreTargetIds([{ prompt: ids, target: expected!.tokens }]);
        assert.ok(Math.abs(s!.total - expectedScore!.total) < TOLERANCE);
        assert.ok(
          Math.abs(s!.total - expected!.logprobs.reduce((a, b) => a + b, 0)) < TOLERANCE,
          "scoring equals generation's log-probs",
        );
      }
    },
  });
}

Deno.test("wasm runs the threaded node build with one thread per core by default", async () => {
  await using lm = await CausalLM.load(await tinyModelDir(), { backend: "wasm" });
  assert.equal(lm.backend.wasmThreads, availableCores());
  await assert.rejects(
    CausalLM.load(await tinyModelDir(), { backend: "wasm", wasmThreads: availableCores() + 1 }),
    /initialised with \d+ in this process, and the count cannot change/,
  );
});
