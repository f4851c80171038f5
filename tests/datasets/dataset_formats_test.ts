import assert from "node:assert/strict";
import * as pw from "parquet-wasm";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { loadDataset } from "../../lib/datasets/mod.ts";

const QUESTIONS = Array.from({ length: 50 }, (_, i) => `What is ${i} + ${i + 1}?`);
const ANSWERS = QUESTIONS.map((_, i) => String(2 * i + 1));

/** Parquet written by parquet-wasm (Rust arrow-rs), a different library from our reader. */
function parquetWith(compression: keyof typeof pw.Compression): Uint8Array {
  const table = tableFromArrays({ question: QUESTIONS, answer: ANSWERS });
  const props = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression[compression] as pw.Compression)
    .build();
  return pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(table, "stream")), props);
}

for (const codec of ["UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD", "LZ4_RAW", "BROTLI"] as const) {
  Deno.test(`Parquet with ${codec} compression loads`, async () => {
    const path = await Deno.makeTempFile({ suffix: ".parquet" });
    try {
      const bytes = parquetWith(codec);
      await Deno.writeFile(path, bytes);
      const { tasks } = await loadDataset(path);
      assert.deepEqual(tasks.map((t) => t.question), QUESTIONS);
      assert.deepEqual(tasks.map((t) => t.answer), ANSWERS);
    } finally {
      await Deno.remove(path);
    }
  });
}

Deno.test(".json array files load as verl reads them, with errors naming the element's line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rows = QUESTIONS.slice(0, 3).map((question, i) => ({ question, answer: ANSWERS[i] }));
    await Deno.writeTextFile(`${dir}/a.json`, JSON.stringify(rows, null, 2));
    const { tasks } = await loadDataset(`${dir}/a.json`);
    assert.deepEqual(tasks.map((t) => t.answer), ["1", "3", "5"]);
    // R-Horizon's step-3 wrapper, and JSON Lines in a .json file
    await Deno.writeTextFile(`${dir}/b.json`, JSON.stringify({ examples: rows, statistics: {} }));
    assert.equal((await loadDataset(`${dir}/b.json`)).tasks.length, 3);
    await Deno.writeTextFile(`${dir}/c.json`, rows.map((r) => JSON.stringify(r)).join("\n"));
    assert.equal((await loadDataset(`${dir}/c.json`)).tasks.length, 3);
    // a malformed element: its line is named
    await Deno.writeTextFile(
      `${dir}/d.json`,
      '[\n  {"question": "1+1?", "answer": 2},\n  "oops",\n  {"question": "q"}\n]',
    );
    await assert.rejects(
      loadDataset(`${dir}/d.json`),
      /d\.json:3: expected a JSON object, got string/,
    );
    const skipped = await loadDataset(`${dir}/d.json`, { onError: "skip" });
    assert.deepEqual(skipped.skipped.map((s) => s.line), [3, 4]);
    assert.match(skipped.skipped[1]!.reason, /d\.json:4: field "answer": missing/);
    await Deno.writeTextFile(`${dir}/e.json`, '[{"question": ');
    await assert.rejects(loadDataset(`${dir}/e.json`), /e\.json:1: invalid JSON array/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dropInstruction removes a dataset's own answer-format instruction", async () => {
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  try {
    const rows = [
      {
        question:
          'Tom has 3 apples and buys 4. How many? Let\'s think step by step and output the final answer after "####".',
        answer: "7",
      },
      { question: "Solve 2x = 8. Please put your final answer within \\boxed{}.", answer: "4" },
      { question: "What is 5 - 2?", answer: "3" },
    ];
    await Deno.writeTextFile(path, rows.map((r) => JSON.stringify(r)).join("\n"));
    const kept = await loadDataset(path);
    assert.deepEqual(kept.tasks.map((t) => t.question), rows.map((r) => r.question));
    const dropped = await loadDataset(path, { dropInstruction: true });
    assert.deepEqual(dropped.tasks.map((t) => t.question), [
      "Tom has 3 apples and buys 4. How many?",
      "Solve 2x = 8.",
      "What is 5 - 2?",
    ]);
    const own = await loadDataset(path, { dropInstruction: /\s*How many\?.*$/ });
    assert.equal(own.tasks[0]!.question, "Tom has 3 apples and buys 4.");
  } finally {
    await Deno.remove(path);
  }
});
