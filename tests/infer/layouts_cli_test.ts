/**
 * `generate` and `eval` pointed at directories laid out like onnx-community's exports (each dtype
 * variant), a flat directory and an ORT-GenAI build: the CLI and the library give the same
 * tokens, since both encode prompts with `CausalLM.encodePrompt`.
 */
import assert from "node:assert/strict";
import {
  CausalLM,
  composeFromGenerators,
  type ModelDtype,
  type TinyModelOptions,
  writeTinyModel,
} from "../../mod.ts";
import { farsight } from "../cli/_run.ts";

const CASES: { name: string; options: TinyModelOptions; dtypes: (ModelDtype | undefined)[] }[] = [
  {
    name: "onnx-community",
    options: { variants: ["fp32", "fp16", "q4", "q4f16"] },
    dtypes: ["fp32", "fp16", "q4", "q4f16"],
  },
  {
    name: "flat (Llama-3-style BOS tokenizer)",
    options: { layout: "flat", tokenizer: "byte-level-bos", variants: ["q4"] },
    dtypes: ["q4"],
  },
  {
    name: "genai (SentencePiece tokenizer)",
    options: { layout: "genai", tokenizer: "metaspace" },
    dtypes: [undefined],
  },
];

for (const { name, options, dtypes } of CASES) {
  Deno.test(`generate and eval run on a ${name} directory, and the CLI equals the library`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "farsight-layout-" });
    try {
      await writeTinyModel(dir, { seed: 5, ...options });
      for (const dtype of dtypes) {
        const r = await farsight(
          "generate",
          "--model",
          dir,
          "--prompt",
          "What is 2 + 3?",
          "--greedy",
          "--max-new-tokens",
          "5",
          "--json",
          "--backend",
          "cpu",
          ...(dtype ? ["--dtype", dtype] : []),
        );
        assert.equal(r.code, 0, r.stderr);
        const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
        assert.equal(out.tokens.length, 5);
        await using lm = await CausalLM.load(dir, {
          backend: "cpu",
          ...(dtype ? { dtype } : {}),
        });
        assert.equal(out.layout, lm.files.layout);
        assert.equal(out.dtype, lm.files.dtype);
        const [g] = await lm.generateIds([lm.encodePrompt("What is 2 + 3?")], {
          greedy: true,
          maxNewTokens: 5,
        });
        assert.deepEqual(out.tokens, g!.tokens, `${dtype ?? "default"}: CLI and library agree`);
        // streamed (non-JSON) output prints the same text
        const streamed = await farsight(
          "generate",
          "--model",
          dir,
          "--prompt",
          "What is 2 + 3?",
          "--greedy",
          "--max-new-tokens",
          "5",
          "--backend",
          "cpu",
          ...(dtype ? ["--dtype", dtype] : []),
        );
        assert.equal(streamed.code, 0, streamed.stderr);
        assert.ok(streamed.stdout.startsWith(g!.text), JSON.stringify([streamed.stdout, g!.text]));
      }
      const tasks = [
        ...composeFromGenerators({ families: ["chain_sum"], depth: 2, count: 2, seed: 1 }),
      ];
      await Deno.writeTextFile(
        `${dir}/tasks.jsonl`,
        tasks.map((t) => JSON.stringify(t)).join("\n"),
      );
      const e = await farsight(
        "eval",
        "--model",
        dir,
        "--backend",
        "cpu",
        "--tasks",
        `${dir}/tasks.jsonl`,
        "--samples",
        "1",
        "--max-new-tokens",
        "4",
        "--out",
        `${dir}/results.jsonl`,
        ...(dtypes[0] ? ["--dtype", dtypes[0]] : []),
      );
      assert.equal(e.code, 0, e.stderr);
      assert.equal((await Deno.readTextFile(`${dir}/results.jsonl`)).trim().split("\n").length, 2);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
