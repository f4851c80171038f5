import assert from "node:assert/strict";
import * as pw from "parquet-wasm";
import { tableFromIPC } from "apache-arrow";
import { fileURLToPath } from "node:url";
import { farsight, farsightInProcess } from "./_run.ts";

const WORDS = fileURLToPath(new URL("../../data/word_problems.jsonl", import.meta.url));

Deno.test("compose --help documents every flag", async () => {
  const { code, stdout } = await farsight("compose", "--help");
  assert.equal(code, 0);
  for (
    const flag of [
      "--family",
      "--dataset",
      "--link",
      "--depth",
      "--breadth",
      "--count",
      "--seed",
      "--template",
      "--format",
      "--out",
    ]
  ) {
    assert.ok(stdout.includes(flag), `help mentions ${flag}`);
  }
  assert.match(stdout, /jsonl, parquet, verl, trl, openrlhf, rhorizon/);
});

// Both runs of every format go through main in this process; one format is also composed by
// a separate process, so the bytes cannot depend on anything a process keeps.
Deno.test("compose writes the same bytes for the same seed, in every line format", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const args = (format: string) => [
      "compose",
      "--family",
      "chain_sum,gcd:2",
      "--depth",
      "4",
      "--count",
      "25",
      "--seed",
      "3",
      "--format",
      format,
    ];
    for (const format of ["jsonl", "trl", "openrlhf", "rhorizon"]) {
      const a = await farsightInProcess(...args(format), "--out", `${dir}/a.${format}`);
      const b = await farsightInProcess(...args(format), "--out", `${dir}/b.${format}`);
      assert.equal(b.code, 0, b.stderr);
      assert.equal(a.code, 0, a.stderr);
      const bytesA = await Deno.readFile(`${dir}/a.${format}`),
        bytesB = await Deno.readFile(`${dir}/b.${format}`);
      assert.deepEqual(bytesA, bytesB, format);
      assert.equal(new TextDecoder().decode(bytesA).trim().split("\n").length, 25);
    }
    const sub = await farsight(...args("rhorizon"), "--out", `${dir}/c.rhorizon`);
    assert.equal(sub.code, 0, sub.stderr);
    assert.deepEqual(
      await Deno.readFile(`${dir}/c.rhorizon`),
      await Deno.readFile(`${dir}/a.rhorizon`),
      "a separate process writes the same bytes",
    );
    const lines = (await Deno.readTextFile(`${dir}/a.jsonl`)).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    assert.ok(
      lines.every((t) => t.depth === 4 && t.links.length === 3 && t.links[0].kind === "recompute"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compose from a dataset writes verl parquet that arrow-rs reads", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await farsight(
      "compose",
      "--dataset",
      WORDS,
      "--depth",
      "3",
      "--count",
      "10",
      "--format",
      "verl",
      "--out",
      `${dir}/train.parquet`,
    );
    assert.equal(r.code, 0, r.stderr);
    const table = tableFromIPC(
      pw.readParquet(await Deno.readFile(`${dir}/train.parquet`)).intoIPCStream(),
    );
    assert.equal(table.numRows, 10);
    const row = table.get(0)!.toJSON();
    assert.equal(row.data_source, "farsight/answer_preserving/depth-3");
    assert.equal(row.reward_model.toJSON().style, "rule");
    const truth = JSON.parse(row.reward_model.toJSON().ground_truth);
    assert.ok(Array.isArray(truth) && truth.length === 3, "every answer by default (R_all)");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// The first failure as a user meets it; the others through main in this process.
Deno.test("compose failures name the problem and leave no file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const tooDeep = await farsight(
      "compose",
      "--dataset",
      WORDS,
      "--depth",
      "41",
      "--out",
      `${dir}/x.jsonl`,
    );
    assert.equal(tooDeep.code, 1);
    assert.match(tooDeep.stderr, /from 40 linkable problems/);
    const badFamily = await farsightInProcess(
      "compose",
      "--family",
      "chain_sum,nope",
      "--out",
      `${dir}/y.jsonl`,
    );
    assert.equal(badFamily.code, 1);
    assert.match(badFamily.stderr, /Unknown task family "nope"/);
    const badRange = await farsightInProcess(
      "compose",
      "--family",
      "chain_sum",
      "--config",
      '{"terms":[9,3]}',
      "--out",
      `${dir}/z.jsonl`,
    );
    assert.match(badRange.stderr, /lo 9 is greater than hi 3/);
    const both = await farsightInProcess("compose", "--family", "gcd", "--dataset", WORDS);
    assert.equal(both.code, 2);
    const badDepth = await farsightInProcess("compose", "--family", "gcd", "--depth", "zero");
    assert.equal(badDepth.code, 2);
    assert.match(badDepth.stderr, /--depth: expected an integer in \[1, 1000\], got "zero"/);
    assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing half-written");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
