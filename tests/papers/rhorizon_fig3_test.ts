import assert from "node:assert/strict";
import { loadRHorizonFig3, summariseHorizonDecay } from "../../lib/papers/mod.ts";

Deno.test("loadRHorizonFig3() loads all 750 cells of Figure 3 with the citation", async () => {
  const { rows, citation } = await loadRHorizonFig3();
  assert.equal(rows.length, 750);
  assert.match(citation.join(" "), /arXiv:2510\.08189/);
  assert.equal(new Set(rows.map((r) => r.model)).size, 25);
  assert.deepEqual(
    [...new Set(rows.map((r) => r.benchmark))],
    ["MATH500", "AIME24", "AIME25", "AMC23", "LiveCodeBench", "WebShaper"],
  );
  const at = (b: string, m: string, n: number) =>
    rows.find((r) => r.benchmark === b && r.model === m && r.n === n)?.accuracy;
  assert.equal(at("MATH500", "Qwen3-235B-Thinking", 1), 99.6);
  assert.equal(at("MATH500", "R1-Qwen-1.5B", 16), 0);
  assert.equal(at("AIME25", "DeepSeek-R1", 5), 24.6);
  assert.equal(at("AMC23", "Polaris-4B", 6), 37.5);
  assert.equal(at("WebShaper", "o4-Mini", 3), 84.4);
});

Deno.test("loadRHorizonFig3() names the file, line and field of a bad value", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/f.csv`;
    await Deno.writeTextFile(
      path,
      "# c\nbenchmark,metric,model,n,accuracy\nB,acc,m,1,90\nB,acc,m,2,abc\n",
    );
    await assert.rejects(loadRHorizonFig3(path), {
      message:
        `Cannot load ${path}:4: field "accuracy" must be a percentage in [0, 100], got "abc"`,
    });
    await Deno.writeTextFile(path, "benchmark,metric,model,n,accuracy\nB,acc,m,0,90\n");
    await assert.rejects(
      loadRHorizonFig3(path),
      /f\.csv:2: field "n" must be a positive integer, got "0"/,
    );
    await Deno.writeTextFile(path, "benchmark,model,n,accuracy\n");
    await assert.rejects(loadRHorizonFig3(path), /expected a column "metric"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("summariseHorizonDecay() averages over models and finds the extremes", async () => {
  const { rows } = await loadRHorizonFig3();
  const math = summariseHorizonDecay(rows).find((s) => s.benchmark === "MATH500")!;
  assert.deepEqual(math.ns, [1, 2, 4, 8, 16]);
  assert.equal(math.models, 25);
  const mean16 = rows.filter((r) => r.benchmark === "MATH500" && r.n === 16)
    .reduce((s, r) => s + r.accuracy, 0) / 25;
  assert.ok(Math.abs(math.meanAccuracy[4]! - mean16) < 1e-9);
  assert.deepEqual(math.steepest, { model: "Skywork-OR1-7B", from: 96.8, to: 0 });
  assert.deepEqual(math.flattest, { model: "Qwen3-235B-Thinking", from: 99.6, to: 93.4 });
  assert.deepEqual(summariseHorizonDecay([]), []);
  assert.throws(
    () =>
      summariseHorizonDecay([
        { benchmark: "B", metric: "m", model: "x", n: 1, accuracy: 1 },
        { benchmark: "B", metric: "m", model: "y", n: 2, accuracy: 1 },
      ]),
    /Cannot summarise benchmark "B": no model has a score at every n/,
  );
});
