import assert from "node:assert/strict";
import * as pw from "parquet-wasm";
import { tableFromIPC } from "apache-arrow";
import { composeFromGenerators } from "../../lib/compose/mod.ts";
import { compositionParquet, exportLine, verlParquet } from "../../lib/export/mod.ts";

const tasks = [
  ...composeFromGenerators({
    families: ["chain_sum", "gcd", "sort_numbers"],
    depth: 3,
    count: 4,
    seed: 9,
  }),
];

/** Reads Parquet with parquet-wasm (Rust arrow-rs), a different library from the writer. */
function readWithArrowRs(bytes: Uint8Array): Record<string, unknown>[] {
  const table = tableFromIPC(pw.readParquet(bytes).intoIPCStream());
  return table.toArray().map((row) =>
    JSON.parse(JSON.stringify(row.toJSON(), (_k, v) => (typeof v === "bigint" ? Number(v) : v)))
  );
}

/** An independent JSONL reader: split on newlines, parse each non-empty line. */
const readLines = (text: string) =>
  text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));

Deno.test("verl parquet reads back with arrow-rs as verl's five-column contract", () => {
  const rows = readWithArrowRs(
    verlParquet(tasks, { system: "Think step by step.", split: "test" }),
  );
  assert.equal(rows.length, 4);
  rows.forEach((row, i) => {
    assert.deepEqual(Object.keys(row), [
      "data_source",
      "prompt",
      "ability",
      "reward_model",
      "extra_info",
    ]);
    assert.equal(row.data_source, "farsight/recomputed/depth-3");
    assert.deepEqual(row.prompt, [
      { role: "system", content: "Think step by step." },
      { role: "user", content: tasks[i]!.prompt },
    ]);
    assert.equal(row.ability, "math");
    assert.deepEqual(row.reward_model, {
      style: "rule",
      ground_truth: JSON.stringify(tasks[i]!.answers),
    });
    assert.deepEqual(row.extra_info, {
      index: i,
      split: "test",
      id: tasks[i]!.id,
      answers: [...tasks[i]!.answers],
      depth: 3,
      breadth: 1,
    });
  });
  const last = readWithArrowRs(
    verlParquet(tasks, { groundTruth: "last", dataSource: "x-d{depth}" }),
  );
  assert.equal((last[0]!.reward_model as { ground_truth: string }).ground_truth, tasks[0]!.answer);
  assert.equal(last[0]!.data_source, "x-d3");
});

Deno.test("the composition parquet keeps the whole contract", () => {
  const rows = readWithArrowRs(compositionParquet(tasks));
  rows.forEach((row, i) => {
    const t = tasks[i]!;
    assert.equal(row.id, t.id);
    assert.equal(row.prompt, t.prompt);
    assert.deepEqual(row.answers, [...t.answers]);
    assert.deepEqual(JSON.parse(row.problems as string), JSON.parse(JSON.stringify(t.problems)));
    assert.deepEqual(JSON.parse(row.links as string), JSON.parse(JSON.stringify(t.links)));
  });
});

Deno.test("TRL, OpenRLHF, R-Horizon and Farsight JSONL read back", () => {
  const trl = readLines(tasks.map((t) => exportLine(t, "trl", { system: "S" })).join("\n"));
  assert.deepEqual(trl[0].prompt, [{ role: "system", content: "S" }, {
    role: "user",
    content: tasks[0]!.prompt,
  }]);
  assert.deepEqual(trl[0].answers, tasks[0]!.answers);
  const orl = readLines(
    tasks.map((t) => exportLine(t, "openrlhf", { inputKey: "context", labelKey: "gold" })).join(
      "\n",
    ),
  );
  assert.deepEqual(orl[1], { context: tasks[1]!.prompt, gold: JSON.stringify(tasks[1]!.answers) });
  assert.equal(trl[0].ground_truth, JSON.stringify(tasks[0]!.answers));
  assert.equal(
    JSON.parse(exportLine(tasks[1]!, "openrlhf", { groundTruth: "last" })).label,
    tasks[1]!.answer,
  );
  const rh = readLines(tasks.map((t, index) => exportLine(t, "rhorizon", { index })).join("\n"));
  assert.deepEqual(rh.map((r) => r.instanceId), [0, 1, 2, 3], "unique instanceIds");
  assert.deepEqual(rh[2].target, [tasks[2]!.answers.join(",")]);
  assert.equal(rh[2].num_problems, 3);
  assert.equal(rh[2].selected_variables.length, 2);
  const own = readLines(tasks.map((t) => exportLine(t, "jsonl")).join("\n"));
  assert.deepEqual(own, JSON.parse(JSON.stringify(tasks)));
});
