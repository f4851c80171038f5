/**
 * The dataset-adapter table: `loadDataset` and compose's `--adapter` resolve names there, a
 * registered adapter is accepted by name, and unknown names are refused naming the adapters.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  adapterNames,
  loadDataset,
  registerAdapter,
  resolveAdapter,
} from "../../lib/datasets/mod.ts";
import { farsight } from "../cli/_run.ts";

const shipped = fileURLToPath(new URL("../../data/word_problems.jsonl", import.meta.url));

Deno.test("a registered adapter loads a dataset by name, like a built-in", async () => {
  registerAdapter("shouting", {
    description: "questions in capitals",
    create: () => (record) => ({
      question: String(record.question).toUpperCase(),
      answer: String(record.answer),
    }),
  });
  assert.ok(adapterNames().includes("shouting"));
  const { tasks } = await loadDataset(shipped, { adapter: "shouting" });
  const plain = await loadDataset(shipped);
  assert.equal(tasks.length, plain.tasks.length);
  assert.equal(tasks[0]!.question, plain.tasks[0]!.question.toUpperCase());
  assert.throws(
    () => registerAdapter("shouting", () => ({ question: "", answer: "" })),
    /override/,
  );
});

Deno.test("unknown adapters are refused by the library and the CLI, naming the adapters", async () => {
  assert.throws(() => resolveAdapter("csv"), RangeError);
  await assert.rejects(
    () => loadDataset(shipped, { adapter: "csv" }),
    /Unknown dataset adapter "csv": expected one of plain, gsm8k, math, verl, rhorizon/,
  );
  const run = await farsight(
    "compose",
    "--dataset",
    shipped,
    "--adapter",
    "csv",
    "--link",
    "offset",
  );
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /Unknown dataset adapter "csv"/);
  const help = await farsight("compose", "--help");
  assert.match(help.stdout, /dataset adapter: plain, gsm8k, math, verl, rhorizon/);
});
