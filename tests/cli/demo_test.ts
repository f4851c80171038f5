import assert from "node:assert/strict";
import { slow } from "../_helpers/slow.ts";
import { farsight } from "./_run.ts";

// The demo as a user runs it, on a smaller suite (3 tasks per depth, 2 samples instead of the
// defaults 25 and 4, which --help is checked to state below): the report, results and suite
// do not depend on the suite's size.
Deno.test({
  name: "demo writes a self-contained report and results, and prints where",
  ...slow,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const run = await farsight("demo", "--out", dir, "--per-depth", "3", "--samples", "2");
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`Report: +${dir}/report\\.html`));
      assert.match(run.stdout, /MATH500 +mean 94\.5% at n=1 -> 30\.5% at n=16/);
      const html = await Deno.readTextFile(`${dir}/report.html`);
      assert.equal(
        (html.match(/R-Horizon Figure 3: /g) ?? []).length,
        6 + 0,
        "one heat-map per benchmark",
      );
      assert.doesNotMatch(html, /<script|src="http/);
      const results = JSON.parse(await Deno.readTextFile(`${dir}/results.json`));
      assert.equal(results.rhorizon_fig3.benchmarks.length, 6);
      assert.deepEqual(results.rhorizon_fig3.benchmarks[0].ns, [1, 2, 4, 8, 16]);
      assert.equal(results.suite.tasks, 8 * 3);
      assert.equal(results.evaluation.samples, 2);
      assert.match(run.stdout, /Composed 24 long-horizon tasks \(depths 1-8, 3 each, seed 2026\)/);
      // R-Horizon's expectation from the answering policy's own standalone pass rates.
      const byHorizon = results.evaluation.by_horizon as { depth: number; expected: number }[];
      assert.deepEqual(byHorizon.map((h) => h.depth), [1, 2, 3, 4, 5, 6, 7, 8]);
      assert.ok(
        byHorizon.every((h) => h.expected > 0 && h.expected <= 1),
        JSON.stringify(byHorizon),
      );
      assert.deepEqual(results.suite.by_depth.map((d: { depth: number }) => d.depth), [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
      ]);
      const suite = (await Deno.readTextFile(`${dir}/suite.jsonl`)).trim().split("\n").map((l) =>
        JSON.parse(l)
      );
      assert.equal(suite.length, 24);
      assert.ok(suite.every((t) => t.answers.length === t.depth && t.links.length === t.depth - 1));
      assert.match(html, /A composed long-horizon suite/);
      assert.match(html, /### Final Answers/);
      // The report says what produced each figure, shows the prompt the model was given, and
      // names no machine path or GPU adapter for a cpu run.
      assert.match(html, /Farsight&#39;s own run|Farsight's own run/);
      assert.match(
        html,
        /Prompt given to the model \(depth 3\):<\/p><pre>a-?\d+[+-]\d+b[+-]\d+c[+-]\d+:<\/pre>/,
      );
      assert.match(
        html,
        /the ONNX model data\/model \(cpu backend, compact prompts, sampled at temperature 1\)/,
      );
      const root = new URL("../..", import.meta.url).pathname;
      assert.ok(!html.includes(root), "no machine path in the report");
      assert.doesNotMatch(html, /llvmpipe|adapter/);
      assert.match(html, /1 generator family \(chain_sum\)|generator families/);
      assert.doesNotMatch(html, /1 generator families/);
      assert.equal(results.evaluation.model, "data/model");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("demo --help prints usage; an unknown flag exits 2 with a clear message", async () => {
  const help = await farsight("demo", "--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: deno task demo/);
  assert.match(help.stdout, /--out DIR/);
  // the defaults a plain `deno task demo` runs with
  assert.match(help.stdout, /--per-depth N .*\(default: 25\)/);
  assert.match(help.stdout, /--samples K .*\(default: 4\)/);
  const bad = await farsight("demo", "--bogus");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Unknown option '--bogus'/);
  const unknown = await farsight("nope");
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "nope"/);
});
