import assert from "node:assert/strict";
import {
  composeFromGenerators,
  EXCLUDE_STRIDE,
  fingerprintSet,
  leakageReport,
  problemFingerprints,
  shardRange,
  takeRange,
} from "../../lib/compose/mod.ts";
import { generateTask, listFamilies } from "../../lib/tasks/generators/mod.ts";
import { farsight } from "../cli/_run.ts";

const MIX = ["gcd", "boolean_eval", "josephus", "arc_1d", "countdown", "coin_flip"];

Deno.test("a linked problem keeps the fingerprints of its base problem", () => {
  const [t] = composeFromGenerators({ families: ["gcd"], depth: 3, count: 1, seed: 4 });
  for (const p of t!.problems.slice(1)) {
    const base = generateTask("gcd", p.source.kind === "generator" ? p.source.index : 0, {
      seed: 4,
    });
    assert.deepEqual(problemFingerprints(p), problemFingerprints(base));
  }
});

Deno.test("exclusion keeps every base problem of an evaluation set out of training", () => {
  const evaluation = [...composeFromGenerators({ families: MIX, depth: 4, count: 60, seed: 1 })];
  const exclude = fingerprintSet(evaluation);
  // the same seed would reuse every problem; excluded, none is shared
  const leaky = [...composeFromGenerators({ families: MIX, depth: 4, count: 60, seed: 1 })];
  assert.equal(leakageReport(leaky, evaluation).sharedProblems, 240 - countDuplicates(evaluation));
  const train = [
    ...composeFromGenerators({ families: MIX, depth: 4, count: 60, seed: 1, exclude }),
  ];
  const report = leakageReport(train, evaluation);
  assert.equal(report.sharedProblems, 0);
  assert.equal(report.leakyEvalRecords, 0);
  assert.ok(
    train.some((t) =>
      t.problems.some((p) => p.source.kind === "generator" && p.source.index >= EXCLUDE_STRIDE)
    ),
  );
  // excluded runs are still deterministic and shardable
  const again = [
    ...composeFromGenerators({ families: MIX, depth: 4, count: 20, seed: 1, exclude, start: 40 }),
  ];
  assert.deepEqual(again, train.slice(40));
});

function countDuplicates(
  tasks: readonly { problems: readonly { question: string; original_question?: string }[] }[],
): number {
  const seen = new Set<string>();
  let dup = 0;
  for (const t of tasks) {
    for (const p of t.problems) {
      const key = p.original_question ?? p.question;
      if (seen.has(key)) dup++;
      seen.add(key);
    }
  }
  return dup;
}

Deno.test("leakageReport() counts shared text and shared parameters separately", () => {
  const a = generateTask("gcd", 0, { seed: 1 });
  const sameParamsOtherSeed = { ...a, id: "other", question: a.question + " " };
  const report = leakageReport([a], [sameParamsOtherSeed, generateTask("gcd", 1, { seed: 1 })]);
  assert.equal(report.sharedProblems, 1);
  assert.equal(report.sharedByParams, 1);
  assert.equal(report.evalRecords, 2);
  assert.deepEqual(report.examples, [{ id: "other", record: 0 }]);
});

Deno.test("shards cover the run in order, for any total and shard count", () => {
  for (const total of [0, 1, 7, 100]) {
    for (const n of [1, 2, 3, 8]) {
      const ranges = Array.from({ length: n }, (_, i) => shardRange(total, i, n));
      assert.equal(ranges.reduce((s, r) => s + r.count, 0), total);
      ranges.forEach((r, i) =>
        assert.equal(r.start, i === 0 ? 0 : ranges[i - 1]!.start + ranges[i - 1]!.count)
      );
    }
  }
  assert.deepEqual([...takeRange("abcdef", { start: 2, count: 3 })], ["c", "d", "e"]);
  assert.throws(() => shardRange(10, 3, 3), /0 <= i < 3/);
});

Deno.test("compose --shard: the shards concatenated equal the single-process output byte for byte", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const families = listFamilies().map((f) => f.name).join(",");
    const args = ["compose", "--family", families, "--depth", "8", "--count", "23", "--seed", "5"];
    const whole = await farsight(...args);
    assert.equal(whole.code, 0, whole.stderr);
    let joined = "";
    for (let i = 0; i < 3; i++) {
      const part = await farsight(...args, "--shard", `${i}/3`, "--out", `${dir}/part${i}.jsonl`);
      assert.equal(part.code, 0, part.stderr);
      joined += await Deno.readTextFile(`${dir}/part${i}.jsonl`);
    }
    assert.equal(joined, whole.stdout);
    assert.equal(whole.stdout.trim().split("\n").length, 23);
    const bad = await farsight(...args, "--shard", "3/3");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid shard 3 of 3/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compose --exclude and check-leakage agree with the library", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const args = [
      "compose",
      "--family",
      MIX.join(","),
      "--depth",
      "3",
      "--count",
      "30",
      "--seed",
      "2",
    ];
    assert.equal((await farsight(...args, "--out", `${dir}/eval.jsonl`)).code, 0);
    const clean = await farsight(
      ...args,
      "--exclude",
      `${dir}/eval.jsonl`,
      "--out",
      `${dir}/train.jsonl`,
    );
    assert.equal(clean.code, 0, clean.stderr);
    const ok = await farsight("check-leakage", `${dir}/train.jsonl`, `${dir}/eval.jsonl`, "--json");
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).sharedProblems, 0);
    const leak = await farsight(
      "check-leakage",
      `${dir}/eval.jsonl`,
      `${dir}/eval.jsonl`,
      "--json",
    );
    assert.equal(leak.code, 1);
    const read = async (f: string) =>
      (await Deno.readTextFile(f)).trim().split("\n").map((l) => JSON.parse(l));
    const evalSet = await read(`${dir}/eval.jsonl`);
    assert.deepEqual(
      JSON.parse(leak.stdout),
      JSON.parse(JSON.stringify(leakageReport(evalSet, evalSet))),
    );
    const library = [...composeFromGenerators({
      families: MIX,
      depth: 3,
      count: 30,
      seed: 2,
      exclude: fingerprintSet(evalSet),
    })];
    assert.deepEqual(await read(`${dir}/train.jsonl`), JSON.parse(JSON.stringify(library)));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
