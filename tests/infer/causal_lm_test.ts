import assert from "node:assert/strict";
import { join } from "node:path";
import {
  CausalLM,
  checkBackendSupport,
  chooseToken,
  entropyOf,
  logSoftmax,
  ModelLoadError,
  randomDecoderWeights,
  readModelFiles,
  referenceLogits,
} from "../../lib/infer/mod.ts";
import { createRng } from "../../lib/random/mod.ts";
import { configOf, tinyModelDir } from "./_tiny.ts";

const argmax = (row: ArrayLike<number>) => {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
};

Deno.test("the ONNX graph reproduces the TypeScript reference forward pass", async () => {
  const dir = await tinyModelDir();
  await using lm = await CausalLM.load(dir, { backend: "cpu" });
  const config = await configOf(dir);
  assert.ok(config.numKvHeads < config.numHeads, "grouped-query attention");
  const ids = lm.encode("Problem 1: What is 12 + 30?");
  const [onnx] = await lm.logits([ids]);
  const reference = referenceLogits(config, randomDecoderWeights(config, 7), ids);
  let maxDiff = 0;
  reference.forEach((row, t) =>
    row.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - onnx![t]![j]!))))
  );
  assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
});

Deno.test("KV-cache generation equals full recomputation", async () => {
  await using lm = await CausalLM.load(await tinyModelDir(), { backend: "cpu" });
  const prompt = lm.encode(lm.applyChatTemplate([{ role: "user", content: "What is 2 + 3?" }]));
  const [g] = await lm.generateIds([prompt], { greedy: true, maxNewTokens: 12, eosTokenIds: [] });
  const [full] = await lm.logits([[...prompt, ...g!.tokens]]);
  g!.tokens.forEach((token, i) =>
    assert.equal(argmax(full![prompt.length + i - 1]!), token, `step ${i}`)
  );
  const lp = logSoftmax(full![prompt.length - 1]!);
  assert.ok(Math.abs(lp[g!.tokens[0]!]! - g!.logprobs[0]!) < 1e-5);
  assert.ok(Math.abs(entropyOf(lp) - g!.entropies[0]!) < 1e-5);
});

Deno.test("a left-padded batch equals the unbatched runs", async () => {
  await using lm = await CausalLM.load(await tinyModelDir(), { backend: "cpu" });
  const prompts = ["What is", "Problem 1: A bakery bakes 48 rolls in the morning.", "Tom"];
  const batched = await lm.generate(prompts, { greedy: true, maxNewTokens: 8 });
  for (const [i, p] of prompts.entries()) {
    const [alone] = await lm.generate([p], { greedy: true, maxNewTokens: 8 });
    assert.deepEqual(batched[i]!.tokens, alone!.tokens);
    batched[i]!.logprobs.forEach((x, t) =>
      assert.ok(Math.abs(x - alone!.logprobs[t]!) < 1e-4, `prompt ${i} step ${t}`)
    );
  }
});

Deno.test("seeded sampling is reproducible, and the seed matters", async () => {
  await using lm = await CausalLM.load(await tinyModelDir(), { backend: "cpu" });
  const options = { temperature: 0.9, topK: 40, topP: 0.95, minP: 0.01, maxNewTokens: 16 };
  const a = await lm.generate(["Problem 1:"], { ...options, seed: 5 });
  const b = await lm.generate(["Problem 1:"], { ...options, seed: 5 });
  const c = await lm.generate(["Problem 1:"], { ...options, seed: 6 });
  assert.deepEqual(a[0]!.tokens, b[0]!.tokens);
  assert.notDeepEqual(a[0]!.tokens, c[0]!.tokens);
});

Deno.test("the sum of generation log-probs equals the teacher-forced log-prob of the same tokens", async () => {
  await using lm = await CausalLM.load(await tinyModelDir(), { backend: "cpu" });
  const prompt = lm.encode("The answer is");
  for (const options of [{ greedy: true }, { temperature: 1.2, seed: 2 }]) {
    const [g] = await lm.generateIds([prompt], { ...options, maxNewTokens: 10, eosTokenIds: [] });
    const [s] = await lm.scoreTargetIds([{ prompt, target: g!.tokens }, {
      prompt: lm.encode("x"),
      target: [1, 2],
    }]);
    assert.ok(Math.abs(s!.total - g!.logprobs.reduce((x, y) => x + y, 0)) < 1e-4);
  }
});

Deno.test("stop strings and EOS end generation", async () => {
  await using lm = await CausalLM.load(await tinyModelDir(), { backend: "cpu" });
  const [free] = await lm.generate(["Problem"], {
    greedy: true,
    maxNewTokens: 12,
    eosTokenIds: [],
  });
  const stopAt = lm.decode(free!.tokens.slice(2, 4));
  const [stopped] = await lm.generate(["Problem"], {
    greedy: true,
    maxNewTokens: 12,
    stop: [stopAt],
  });
  assert.equal(stopped!.finishReason, "stop");
  assert.ok(!stopped!.text.includes(stopAt));
  const [eos] = await lm.generate(["Problem"], {
    greedy: true,
    maxNewTokens: 12,
    eosTokenIds: [free!.tokens[1]!],
  });
  assert.equal(eos!.finishReason, "eos");
  assert.equal(eos!.tokens.length, 2);
});

Deno.test("no memory growth over 1,000 generate calls", async () => {
  // In a process of its own: the suite runs test modules in parallel in one process.
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./_generate_memory.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const { growthMiB } = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
  assert.ok(growthMiB < 40, `RSS grew by ${growthMiB.toFixed(1)} MiB`);
});

Deno.test("sampling filters: greedy, top-k 1 and min-p behave", () => {
  const logits = Float32Array.from([1, 3, 2, -5]);
  assert.equal(chooseToken(logits, { greedy: true }, createRng(0)), 1);
  assert.equal(chooseToken(logits, { topK: 1 }, createRng(1)), 1);
  const seen = new Set(
    Array.from({ length: 200 }, (_, i) => chooseToken(logits, { minP: 0.3 }, createRng(i))),
  );
  assert.deepEqual([...seen].sort(), [1, 2], "min-p drops tokens under 0.3 × the top probability");
});

Deno.test("model loading errors name the file or setting", async () => {
  const dir = await tinyModelDir();
  await assert.rejects(CausalLM.load("/nonexistent/model"), /is not a directory/);
  await assert.rejects(
    CausalLM.load(dir, { dtype: "q4f16" }),
    /no q4f16 weights .*model_q4f16\.onnx is missing; the onnx folder has model\.onnx/,
  );
  const files = await readModelFiles(dir);
  assert.throws(
    () => checkBackendSupport({ ...files, dtype: "q8" }, "webgpu", true),
    /MatMulInteger ops have no WebGPU kernel/,
  );
  assert.throws(
    () => checkBackendSupport({ ...files, dtype: "fp16" }, "webgpu", false),
    /does not offer shader-f16/,
  );
  assert.throws(
    () => checkBackendSupport({ ...files, totalBytes: 3 * 2 ** 30 }, "wasm", false),
    /over the 2 GiB/,
  );
  assert.doesNotThrow(() =>
    checkBackendSupport({ ...files, totalBytes: 3 * 2 ** 30 }, "cpu", false)
  );
  const broken = await Deno.makeTempDir();
  await Deno.writeTextFile(join(broken, "config.json"), "{");
  await assert.rejects(
    readModelFiles(broken),
    (e: unknown) => e instanceof ModelLoadError && /config\.json is not valid JSON/.test(e.message),
  );
  await Deno.remove(broken, { recursive: true });
});

Deno.test("the q4 contrib-op model matches the reference on its dequantized weights", async () => {
  const dir = await tinyModelDir();
  await using lm = await CausalLM.load(dir, { backend: "cpu", dtype: "q4" });
  assert.ok(lm.rowByRow, "GroupQueryAttention models run row by row");
  const source = new TextDecoder("latin1").decode(
    await Deno.readFile(join(dir, "onnx", "model_q4.onnx")),
  );
  for (
    const op of [
      "GroupQueryAttention",
      "MatMulNBits",
      "SimplifiedLayerNormalization",
      "RotaryEmbedding",
    ]
  ) {
    assert.ok(source.includes(op), `uses ${op}`);
  }
  const config = await configOf(dir);
  const { buildContribDecoder } = await import("../../lib/infer/mod.ts");
  const { effective } = buildContribDecoder(config, randomDecoderWeights(config, 7));
  const ids = lm.encode("Problem 1: What is 12 + 30?");
  const [onnx] = await lm.logits([ids]);
  let maxDiff = 0;
  referenceLogits(config, effective, ids).forEach((row, t) =>
    row.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - onnx![t]![j]!))))
  );
  assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  // KV cache with GroupQueryAttention equals full recomputation, and batches equal single runs
  const [g] = await lm.generateIds([ids], { greedy: true, maxNewTokens: 8, eosTokenIds: [] });
  const [full] = await lm.logits([[...ids, ...g!.tokens]]);
  g!.tokens.forEach((token, i) =>
    assert.equal(argmax(full![ids.length + i - 1]!), token, `step ${i}`)
  );
  const batched = await lm.generate(["What is", "Problem 1: What is 12 + 30?"], {
    greedy: true,
    maxNewTokens: 6,
  });
  assert.deepEqual(batched[1]!.tokens, g!.tokens.slice(0, 6));
});
