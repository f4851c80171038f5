/**
 * The export-format table: the compose CLI's `--format` writes exactly what `exportFile` gives
 * for the same tasks (one code path), an unknown name is refused with the registered ones, and
 * a registered format is accepted by name.
 */
import assert from "node:assert/strict";
import { composeFromGenerators } from "../../lib/compose/mod.ts";
import {
  exportFile,
  exportFormatNames,
  exportLine,
  getExportFormat,
  registerExportFormat,
} from "../../lib/export/mod.ts";
import { farsight } from "../cli/_run.ts";

const OPTS = { families: ["gcd", "chain_sum"], depth: 2, count: 3, seed: 4 };

Deno.test("compose --format writes exportFile's bytes for every built-in format", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const tasks = [...composeFromGenerators(OPTS)];
    for (const format of ["jsonl", "parquet", "verl", "trl", "openrlhf", "rhorizon"]) {
      const out = `${dir}/${format}.out`;
      const run = await farsight(
        "compose",
        "--family",
        "gcd,chain_sum",
        "--depth",
        "2",
        "--count",
        "3",
        "--seed",
        "4",
        "--format",
        format,
        "--out",
        out,
      );
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(await Deno.readFile(out), exportFile(tasks, format), format);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an unknown format is refused by the library and the CLI, naming the formats", async () => {
  assert.throws(() => getExportFormat("csv"), /expected one of jsonl, parquet, verl, trl/);
  const run = await farsight("compose", "--family", "gcd", "--format", "csv");
  assert.equal(run.code, 2);
  assert.match(run.stderr, /Unknown export format "csv": expected one of jsonl, parquet/);
  const help = await farsight("compose", "--help");
  assert.match(help.stdout, /output format: jsonl, parquet, verl, trl, openrlhf, rhorizon/);
});

Deno.test("a registered format is accepted by name; a duplicate needs override", () => {
  const [task] = composeFromGenerators({ ...OPTS, count: 1 });
  registerExportFormat("answers_only", {
    kind: "lines",
    description: "the answers",
    row: (t) => t.answers,
  });
  assert.ok(exportFormatNames().includes("answers_only"));
  assert.deepEqual(JSON.parse(exportLine(task!, "answers_only")), task!.answers);
  assert.throws(
    () => registerExportFormat("answers_only", { kind: "lines", description: "", row: () => 1 }),
    /already registered; pass \{ override: true \}/,
  );
  registerExportFormat("answers_only", { kind: "lines", description: "", row: () => 1 }, {
    override: true,
  });
  assert.equal(exportLine(task!, "answers_only"), "1");
  // A format object works wherever a name does.
  assert.equal(
    exportLine(task!, { kind: "lines", description: "", row: (t) => t.id }),
    `"${task!.id}"`,
  );
});
