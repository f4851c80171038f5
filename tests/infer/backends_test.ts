import assert from "node:assert/strict";
import { CausalLM } from "../../lib/infer/mod.ts";
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
