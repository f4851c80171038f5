import assert from "node:assert/strict";
import { availableCores, CausalLM } from "../../lib/infer/mod.ts";
import { tinyModelDir } from "./_tiny.ts";

/** Logits of the three backends agree within 1e-4 (absolute) on the same input. */
const TOLERANCE = 1e-4;

for (const dtype of ["fp32", "q4"] as const) {
  Deno.test(`webgpu, wasm and cpu logits agree within 1e-4 (${dtype})`, async () => {
    const dir = await tinyModelDir();
    const results: Record<string, Float32Array[]> = {};
    for (const backend of ["cpu", "wasm", "webgpu"] as const) {
      await using lm = await CausalLM.load(dir, { backend, dtype });
      assert.equal(lm.backend.backend, backend);
      assert.equal(typeof lm.backend.shaderF16, "boolean");
      results[backend] = (await lm.logits([lm.encode("Problem 1: What is 12 + 30?")]))[0]!;
    }
    for (const backend of ["wasm", "webgpu"]) {
      let maxDiff = 0;
      results[backend]!.forEach((row, t) =>
        row.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - results.cpu![t]![j]!))))
      );
      assert.ok(maxDiff < TOLERANCE, `${backend} vs cpu: ${maxDiff}`);
    }
  });
}

for (const dtype of ["fp32", "q4"] as const) {
  Deno.test(`webgpu keeps the KV cache on the GPU, and generation agrees with cpu (${dtype})`, async () => {
    const dir = await tinyModelDir();
    const prompt = "Problem 1: What is 12 + 30?";
    const options = { greedy: true, maxNewTokens: 6, eosTokenIds: [] };
    await using cpu = await CausalLM.load(dir, { backend: "cpu", dtype });
    const [expected] = await cpu.generate([prompt], options);
    assert.equal(cpu.kvCacheLocation, "cpu");
    for (const kvCacheOnGpu of [true, false]) {
      await using gpu = await CausalLM.load(dir, { backend: "webgpu", dtype, kvCacheOnGpu });
      const where = kvCacheOnGpu ? "gpu-buffer" : "cpu";
      assert.equal(gpu.backend.kvCacheLocation, where);
      const [g] = await gpu.generate([prompt], options);
      assert.equal(gpu.kvCacheLocation, where, "the present.* tensors the session returned");
      assert.deepEqual(g!.tokens, expected!.tokens);
      g!.logprobs.forEach((lp, i) =>
        assert.ok(Math.abs(lp - expected!.logprobs[i]!) < TOLERANCE, `step ${i}`)
      );
      // teacher-forced scoring (no cache) releases its GPU outputs and still agrees
      const [s] = await gpu.scoreTargetIds([{ prompt: gpu.encode(prompt), target: g!.tokens }]);
      assert.ok(Math.abs(s!.total - g!.logprobs.reduce((a, b) => a + b, 0)) < TOLERANCE);
    }
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
