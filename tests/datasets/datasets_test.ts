import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  DatasetRowError,
  inferAnswerKind,
  lastBoxed,
  loadDataset,
  type SkippedRow,
  streamDataset,
} from "../../lib/datasets/mod.ts";

const data = (name: string) => fileURLToPath(new URL(`../testdata/${name}`, import.meta.url));
const shipped = fileURLToPath(new URL("../../data/word_problems.jsonl", import.meta.url));

Deno.test("the shipped word problems load with ids and levels", async () => {
  const { tasks, skipped, read } = await loadDataset(shipped, {
    fields: { id: "id", difficulty: ["level"] },
  });
  assert.equal(read, 40);
  assert.equal(skipped.length, 0);
  assert.ok(tasks.every((t) => t.answer_kind === "integer" && t.difficulty.level! >= 1));
  assert.equal(tasks[0]!.source.kind === "dataset" && tasks[0]!.source.row_id, "wp001");
  assert.match(tasks[0]!.id, /^word_problems-wp001-[0-9a-f]{6}$/);
});

Deno.test("GSM8K adapter takes the #### answer without separators", async () => {
  const { tasks } = await loadDataset(data("gsm8k_mini.jsonl"), { adapter: "gsm8k" });
  assert.deepEqual(tasks.map((t) => t.answer), ["70", "1550", "13"]);
});

Deno.test("MATH adapter takes the last boxed answer and the level", async () => {
  const { tasks } = await loadDataset(data("math_mini.jsonl"), { adapter: "math" });
  assert.deepEqual(tasks.map((t) => [t.answer, t.answer_kind, t.difficulty.level]), [
    ["\\frac{7}{8}", "expression", 2],
    ["7", "integer", 1],
    ["9", "integer", 3],
  ]);
  assert.equal(lastBoxed("a \\boxed{1} b \\fbox{x^{2}}"), "x^{2}");
  assert.equal(lastBoxed("no box"), null);
});

Deno.test("verl parquet written by another library loads through the verl adapter", async () => {
  const { tasks } = await loadDataset(data("verl_mini.parquet"), { adapter: "verl" });
  assert.deepEqual(tasks.map((t) => [t.question, t.answer]), [
    ["A box holds 6 eggs. How many eggs are in 7 boxes?", "42"],
    ["What is 15 minus 8?", "7"],
    ["Double 21 and add 5.", "47"],
  ]);
});

Deno.test("R-Horizon adapter keeps the comma-joined targets", async () => {
  const { tasks } = await loadDataset(data("rhorizon_mini.jsonl"), { adapter: "rhorizon" });
  assert.deepEqual(tasks.map((t) => [t.answer, t.answer_kind, t.difficulty.num_problems]), [[
    "7,18",
    "tuple",
    2,
  ], ["7", "integer", 1]]);
});

Deno.test("a malformed row stops the load with file, line and field", async () => {
  const path = data("bad_rows.jsonl");
  await assert.rejects(
    loadDataset(path),
    (e: unknown) =>
      e instanceof DatasetRowError && e.line === 2 &&
      e.message.startsWith(`Cannot read ${path}:2: invalid JSON`),
  );
});

Deno.test("skipping is explicit and every skipped row is reported", async () => {
  const path = data("bad_rows.jsonl");
  const { tasks, skipped, read } = await loadDataset(path, {
    onError: "skip",
    requireInteger: true,
  });
  assert.deepEqual(tasks.map((t) => t.answer), ["4", "7"]);
  assert.equal(read, 6);
  assert.deepEqual(skipped.map((s: SkippedRow) => [s.line, s.field]), [
    [2, undefined],
    [3, "answer"],
    [5, "answer"],
    [6, undefined],
  ]);
  assert.match(skipped[1]!.reason, /bad_rows\.jsonl:3: field "answer": missing/);
  assert.match(skipped[2]!.reason, /expected an integer answer, got "3\/2"/);
  assert.match(skipped[3]!.reason, /expected a JSON object, got an array/);
});

Deno.test("loader options are validated", async () => {
  await assert.rejects(
    () => streamDataset("x.csv").next(),
    /expected a \.jsonl, \.json or \.parquet extension/,
  );
  await assert.rejects(
    () => streamDataset(shipped, { adapter: "nope" as never }).next(),
    /Unknown dataset adapter "nope"/,
  );
  await assert.rejects(
    loadDataset(data("gsm8k_mini.jsonl"), { fields: { question: "problem" } }),
    /gsm8k_mini\.jsonl:1: field "problem": missing/,
  );
  await assert.rejects(
    loadDataset(data("math_mini.jsonl"), { adapter: "gsm8k" }),
    /field "answer": missing/,
  );
});

Deno.test("inferAnswerKind() recognises every kind", () => {
  assert.deepEqual(
    ["12", "-3/4", "0.25", "B", "(1, 2)", "{1, 2}", "x^2 + 1", "\\sqrt{2}", "Paris"].map(
      inferAnswerKind,
    ),
    [
      "integer",
      "rational",
      "decimal",
      "choice",
      "tuple",
      "set",
      "expression",
      "expression",
      "string",
    ],
  );
});
