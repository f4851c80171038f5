/**
 * Synthetic models that copy real Hugging Face / ORT-GenAI exports' I/O, one per way real exports
 * broke the runner: fp16 KV cache and logits, q4f16, symbolic KV dims with config.json's head_dim
 * and per-layer shapes, BOS per the tokenizer, SentencePiece targets and streaming, the genai
 * layout, and optional inputs.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  buildContribDecoder,
  CausalLM,
  DataType,
  GraphBuilder,
  ModelLoadError,
  randomDecoderWeights,
  readModelFiles,
  readOnnxModelInfo,
  referenceLogits,
  roundWeightsToHalf,
  type TinyModelOptions,
  writeTinyModel,
} from "../../lib/infer/mod.ts";
import { configOf } from "./_tiny.ts";

const SEED = 11;
const PROMPT = "Problem 1: What is 12 + 30?";

async function withModel(
  options: TinyModelOptions,
  body: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "farsight-export-" });
  try {
    await writeTinyModel(dir, { seed: SEED, ...options });
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const maxAbsDiff = (a: readonly Float32Array[], b: readonly Float32Array[]) => {
  let m = 0;
  a.forEach((row, t) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[t]![j]!)))));
  return m;
};

/** Cached generation agrees with teacher-forced scoring of the same tokens (recomputation). */
async function assertCacheMatchesRecompute(lm: CausalLM, tolerance: number) {
  const prompt = lm.encode(PROMPT);
  const [g] = await lm.generateIds([prompt], { greedy: true, maxNewTokens: 8, eosTokenIds: [] });
  assert.equal(g!.tokens.length, 8);
  const [s] = await lm.scoreTargetIds([{ prompt, target: g!.tokens }]);
  s!.logprobs.forEach((lp, i) =>
    assert.ok(Math.abs(lp - g!.logprobs[i]!) < tolerance, `step ${i}: ${lp} vs ${g!.logprobs[i]}`)
  );
}

Deno.test("fp16 export: float16 KV cache and logits load, run on cpu and wasm, and match the reference", async () => {
  await withModel({ variants: ["fp16"] }, async (dir) => {
    const info = readOnnxModelInfo(await Deno.readFile(join(dir, "onnx", "model_fp16.onnx")));
    assert.equal(info.inputs.find((i) => i.name === "past_key_values.0.key")!.elemType, 10);
    assert.equal(info.outputs.find((o) => o.name === "logits")!.elemType, 10);
    const config = await configOf(dir);
    for (const backend of ["cpu", "wasm"] as const) {
      await using lm = await CausalLM.load(dir, { backend, dtype: "fp16" });
      assert.equal(lm.files.ioDtype, "float16");
      const ids = lm.encode(PROMPT);
      const [onnx] = await lm.logits([ids]);
      assert.ok(onnx![0] instanceof Float32Array, "fp16 logits come back as float32");
      const expected = referenceLogits(
        config,
        roundWeightsToHalf(randomDecoderWeights(config, SEED)),
        ids,
      );
      const diff = maxAbsDiff(expected, onnx!);
      assert.ok(diff < 0.02, `${backend}: max difference ${diff}`);
      await assertCacheMatchesRecompute(lm, 0.02);
    }
  });
});

Deno.test("q4f16 export: MatMulNBits with float16 scales and float16 I/O matches its dequantized reference", async () => {
  await withModel({ variants: ["q4f16"] }, async (dir) => {
    const info = readOnnxModelInfo(await Deno.readFile(join(dir, "onnx", "model_q4f16.onnx")));
    assert.ok(info.ops.includes("com.microsoft:MatMulNBits"));
    assert.equal(info.inputs.find((i) => i.name === "past_key_values.1.value")!.elemType, 10);
    await using lm = await CausalLM.load(dir, { backend: "cpu", dtype: "q4f16" });
    assert.equal(lm.files.ioDtype, "float16");
    const config = await configOf(dir);
    const { effective } = buildContribDecoder(config, randomDecoderWeights(config, SEED), {
      ioDtype: "float16",
    });
    const ids = lm.encode(PROMPT);
    const diff = maxAbsDiff(referenceLogits(config, effective, ids), (await lm.logits([ids]))[0]!);
    assert.ok(diff < 0.05, `max difference ${diff}`);
    await assertCacheMatchesRecompute(lm, 0.05);
    const batched = await lm.generate(["What is", PROMPT], { greedy: true, maxNewTokens: 4 });
    const [alone] = await lm.generate([PROMPT], { greedy: true, maxNewTokens: 4 });
    assert.deepEqual(batched[1]!.tokens, alone!.tokens);
  });
});

Deno.test("symbolic KV dims resolve from config.json's head_dim and num_key_value_heads", async () => {
  const options: TinyModelOptions = {
    config: { headDim: 32 }, // not hidden_size / num_attention_heads (16), as in Qwen3 and Gemma
    kvDimNames: { heads: "num_kv_heads", headDim: "kv_cache_dim" },
    variants: ["fp32", "q4"],
  };
  await withModel(options, async (dir) => {
    const config = { ...(await configOf(dir)), headDim: 32 };
    const weights = randomDecoderWeights(config, SEED);
    for (const dtype of ["fp32", "q4"] as const) {
      await using lm = await CausalLM.load(dir, { backend: "cpu", dtype });
      const ids = lm.encode(PROMPT);
      const effective = dtype === "q4" ? buildContribDecoder(config, weights).effective : weights;
      const diff = maxAbsDiff(
        referenceLogits(config, effective, ids),
        (await lm.logits([ids]))[0]!,
      );
      assert.ok(diff < 1e-4, `${dtype}: max difference ${diff}`);
      await assertCacheMatchesRecompute(lm, 1e-4);
    }
    // Without head_dim in config.json (and a head dim hidden/heads does not give) loading fails
    // with a message naming the dim and the missing field.
    const path = join(dir, "config.json");
    const json = JSON.parse(await Deno.readTextFile(path));
    delete json.head_dim;
    delete json.hidden_size;
    await Deno.writeTextFile(path, JSON.stringify(json));
    await assert.rejects(
      CausalLM.load(dir, { backend: "cpu" }),
      (e: unknown) =>
        e instanceof ModelLoadError && /dim 3 is "kv_cache_dim"/.test(e.message) &&
        /head_dim/.test(e.message),
    );
  });
});

Deno.test("per-layer KV shapes come from each layer's own metadata", async () => {
  await withModel(
    { config: { numLayers: 3, kvHeadsPerLayer: [2, 1, 4] }, variants: ["fp32"] },
    async (dir) => {
      const config = { ...(await configOf(dir)), kvHeadsPerLayer: [2, 1, 4] };
      await using lm = await CausalLM.load(dir, { backend: "cpu" });
      const ids = lm.encode(PROMPT);
      const diff = maxAbsDiff(
        referenceLogits(config, randomDecoderWeights(config, SEED), ids),
        (await lm.logits([ids]))[0]!,
      );
      assert.ok(diff < 1e-4, `max difference ${diff}`);
      await assertCacheMatchesRecompute(lm, 1e-4);
      const batched = await lm.generate(["What is", PROMPT], { greedy: true, maxNewTokens: 4 });
      const [alone] = await lm.generate(["What is"], { greedy: true, maxNewTokens: 4 });
      assert.deepEqual(batched[0]!.tokens, alone!.tokens);
    },
  );
});

Deno.test("BOS is added per the post-processor, once, and add_bos_token overrides it", async () => {
  await withModel({ tokenizer: "byte-level-bos", variants: ["fp32"] }, async (dir) => {
    await using lm = await CausalLM.load(dir, { backend: "cpu" });
    const bos = lm.tokenizer.token_to_id("<|begin_of_text|>")!;
    assert.deepEqual(lm.specialTokens, { prefix: [bos], suffix: [] });
    const raw = lm.encode("What is 2 + 3?");
    assert.equal(raw[0], bos);
    assert.deepEqual(raw.slice(1), lm.encode("What is 2 + 3?", { addSpecialTokens: false }));
    // the chat template writes {{ bos_token }}: one BOS, not two
    const chat = lm.encode(lm.applyChatTemplate([{ role: "user", content: "Hi" }]));
    assert.equal(chat[0], bos);
    assert.notEqual(chat[1], bos);
    // generate(text) conditions on the BOS
    const [a] = await lm.generate(["What is 2 + 3?"], { greedy: true, maxNewTokens: 4 });
    const [b] = await lm.generateIds([raw], { greedy: true, maxNewTokens: 4 });
    assert.deepEqual(a!.tokens, b!.tokens);
  });
  await withModel(
    { tokenizer: "metaspace", addBosToken: false, variants: ["fp32"] },
    async (dir) => {
      await using lm = await CausalLM.load(dir, { backend: "cpu" });
      assert.deepEqual(lm.specialTokens.prefix, [], "add_bos_token: false wins over the template");
      assert.notEqual(lm.encode("hello")[0], 1);
    },
  );
});

Deno.test("SentencePiece targets are scored from the joint encoding, without a spurious ▁", async () => {
  await withModel({ tokenizer: "metaspace", variants: ["fp32"] }, async (dir) => {
    await using lm = await CausalLM.load(dir, { backend: "cpu" });
    assert.deepEqual(lm.specialTokens.prefix, [1], "<s> from the post-processor");
    const prompt = "The answer is", target = " 42 apples";
    const alone = lm.encode(target, { addSpecialTokens: false });
    const joint = lm.encode(prompt + target);
    const promptIds = lm.encode(prompt);
    assert.deepEqual(joint.slice(0, promptIds.length), promptIds);
    const expected = joint.slice(promptIds.length);
    assert.notDeepEqual(alone, expected, "encoded alone, the target gains a ▁");
    const [score] = await lm.scoreTargets([{ prompt, target }]);
    assert.deepEqual(score!.tokens, expected);
    assert.equal(score!.boundaryMerged, false);
    assert.equal(lm.decode(score!.tokens), "42 apples"); // the Strip decoder drops the first space
    // the log-probs are those of the joint sequence's logits
    const [full] = await lm.logits([joint]);
    expected.forEach((token, i) => {
      const row = full![promptIds.length + i - 1]!;
      const max = Math.max(...row);
      const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
      assert.ok(Math.abs(row[token]! - lse - score!.logprobs[i]!) < 1e-4, `token ${i}`);
    });
    // a prompt whose last characters merge with the target's
    assert.equal(lm.encode("What", { addSpecialTokens: false }).length, 1, "▁What is one token");
    const [merged] = await lm.scoreTargets([{ prompt: "Wh", target: "at is 4" }]);
    assert.equal(merged!.boundaryMerged, true);
    assert.equal(lm.decode(merged!.tokens), "What is 4");
  });
});

Deno.test("streamed text is decoded over the sequence: a Strip decoder keeps its spaces", async () => {
  await withModel({ tokenizer: "metaspace", variants: ["fp32"] }, async (dir) => {
    await using lm = await CausalLM.load(dir, { backend: "cpu" });
    const streamed: string[] = [];
    const [g] = await lm.generate(["The answer is"], {
      greedy: true,
      maxNewTokens: 32,
      eosTokenIds: [],
      onToken: (e) => streamed.push(e.text),
    });
    assert.equal(streamed.length, g!.tokens.length);
    assert.equal(streamed.join(""), g!.text);
    assert.equal(
      streamed.slice(0, -1).join(""),
      lm.decode(g!.tokens.slice(0, -1)).replace(/\uFFFD+$/, ""),
    );
    assert.ok(/\S \S/.test(g!.text), `the generation has inner spaces: ${JSON.stringify(g!.text)}`);
    const perToken = g!.tokens.map((t) => lm.decode([t])).join("");
    assert.notEqual(perToken, g!.text, "per-token decoding would lose the spaces");
    // with a stop string the stream ends where the text is cut, when it had not streamed past it
    const stop = g!.text.slice(8, 10);
    const parts: string[] = [];
    const [s] = await lm.generate(["The answer is"], {
      greedy: true,
      maxNewTokens: 32,
      stop: [stop],
      onToken: (e) => parts.push(e.text),
    });
    assert.equal(s!.finishReason, "stop");
    assert.ok(parts.join("").startsWith(s!.text));
  });
});

Deno.test("an ORT-GenAI build (genai_config.json, model.onnx.data, no config.json, no position_ids) loads and runs", async () => {
  await withModel({ layout: "genai" }, async (dir) => {
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.ok(names.includes("model.onnx.data") && !names.includes("config.json"), String(names));
    const files = await readModelFiles(dir);
    assert.equal(files.layout, "genai");
    assert.equal(files.dtype, "q4f16");
    assert.deepEqual(files.externalData.map((e) => e.path), ["model.onnx.data"]);
    assert.equal(files.config.head_dim, 16);
    await assert.rejects(readModelFiles(dir, "q4"), /ORT-GenAI build with one model/);
    for (const backend of ["cpu", "wasm"] as const) {
      await using lm = await CausalLM.load(dir, { backend });
      assert.ok(!lm.inputNames.includes("position_ids"), "position_ids is skipped, not fatal");
      const shape = readOnnxModelInfo(await Deno.readFile(files.onnxPath)).inputs
        .find((i) => i.name === "past_key_values.0.key")!.shape;
      assert.equal(shape[3], "kv_cache_dim");
      const c = {
        vocabSize: Number(files.config.vocab_size),
        hiddenSize: Number(files.config.hidden_size),
        numLayers: Number(files.config.num_hidden_layers),
        numHeads: Number(files.config.num_attention_heads),
        numKvHeads: Number(files.config.num_key_value_heads),
        intermediateSize: 128,
        maxPositions: Number(files.config.max_position_embeddings),
      };
      const { effective } = buildContribDecoder(c, randomDecoderWeights(c, SEED), {
        ioDtype: "float16",
      });
      const ids = lm.encode(PROMPT);
      const diff = maxAbsDiff(referenceLogits(c, effective, ids), (await lm.logits([ids]))[0]!);
      assert.ok(diff < 0.05, `${backend}: max difference ${diff}`);
      await assertCacheMatchesRecompute(lm, 0.05);
      assert.deepEqual(lm.eosTokenIds.length, 2, "EOS ids from genai_config.json");
    }
  });
});

Deno.test("an optional input is left to its default; an input nobody can build is a clear error", async () => {
  await withModel(
    { variants: ["fp32"], optionalInputs: ["attention_temperature"] },
    async (dir) => {
      const files = await readModelFiles(dir);
      assert.deepEqual(files.graph.optionalInputs, ["attention_temperature"]);
      await using lm = await CausalLM.load(dir, { backend: "cpu" });
      const [g] = await lm.generate([PROMPT], { greedy: true, maxNewTokens: 3 });
      assert.equal(g!.tokens.length, 3);
      // a graph with a required input Farsight cannot build
      const g2 = new GraphBuilder("odd");
      g2.input("input_ids", DataType.INT64, ["batch_size", "sequence_length"]);
      g2.input("cache_position", DataType.INT64, ["sequence_length"]);
      const vocab = Number(lm.files.config.vocab_size);
      g2.floats("embed", [vocab, 4], new Float32Array(4 * vocab));
      g2.output(
        g2.node("Gather", ["embed", "input_ids"], { name: "logits" })[0]!,
        DataType.FLOAT,
        ["batch_size", "sequence_length", 4],
      );
      await Deno.writeFile(join(dir, "onnx", "model.onnx"), g2.toModel({ opset: 17 }).model);
      await using odd = await CausalLM.load(dir, { backend: "cpu" });
      await assert.rejects(
        odd.generate([PROMPT], { maxNewTokens: 1 }),
        /Cannot feed model input "cache_position" .*has no default initializer/,
      );
    },
  );
});

Deno.test("flat layout: graphs beside config.json", async () => {
  await withModel({ layout: "flat", variants: ["fp32", "q4f16"] }, async (dir) => {
    for (const dtype of ["fp32", "q4f16"] as const) {
      const files = await readModelFiles(dir, dtype);
      assert.equal(files.layout, "flat");
      await using lm = await CausalLM.load(dir, { backend: "cpu", dtype });
      const [g] = await lm.generate([PROMPT], { greedy: true, maxNewTokens: 2 });
      assert.equal(g!.tokens.length, 2);
    }
  });
});
