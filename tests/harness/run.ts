/**
 * `deno task test`: the whole suite. Runs, in order, `deno fmt --check`, `deno lint`,
 * `deno check --doc` (mod.ts, lib/ and tests/, with the doc-comment examples), the unit step
 * (every test file of `tests/` and every doc-comment example, two test modules at a time), and
 * every notebook in `notebooks/` on the real Deno Jupyter kernel. Every step runs; the exit
 * status is 1 if any failed. At the end it prints each step's time and the slowest tests.
 *
 * - `deno task test -- STEP…` runs only the named steps (fmt, lint, check, unit, notebooks).
 * - `deno task test -- quick` runs the unit step without the slow end-to-end tests (those
 *   declared with `tests/_helpers/slow.ts`): for use while editing; the full run is what counts.
 * - `deno task test -- notebooks NAME.ipynb` runs one notebook.
 *
 * Doc-comment examples run through `tests/harness/doc_examples.ts` (a few shared isolates
 * instead of one per example); `deno check --doc` type-checks them as Deno extracts them.
 * @module
 */
import { join, resolve } from "node:path";
import { collectDocExamples, writeDocExampleRunners } from "./doc_examples.ts";
import { ensureJupyter, executeNotebook } from "./jupyter.ts";
import { failedTests, slowestTests } from "./junit.ts";

const ROOT = resolve(new URL("../..", import.meta.url).pathname);
/** Where the suite writes its own records (JUnit reports, notebook times). */
const RECORDS = join(ROOT, "out", "test");
const deno = Deno.execPath();

interface Step {
  readonly name: string;
  readonly run: () => Promise<boolean>;
}

async function command(args: string[], env: Record<string, string> = {}): Promise<boolean> {
  const status = await new Deno.Command(deno, {
    args,
    cwd: ROOT,
    env,
    stdout: "inherit",
    stderr: "inherit",
  })
    .spawn().status;
  return status.success;
}

/** Per-test times of the last unit run (JUnit XML written by `deno test`). */
let junitPath: string | null = null;

/**
 * `deno test` over `tests/` and the doc-comment examples, two modules at a time. Type-checking
 * is left to the check step when it ran and passed in this invocation.
 */
async function unit(quick: boolean, checked: boolean): Promise<boolean> {
  const scratch = await Deno.makeTempDir({ prefix: "farsight-unit-" });
  try {
    const runners = await writeDocExampleRunners(join(scratch, "doc"), await collectDocExamples());
    junitPath = join(RECORDS, quick ? "quick.xml" : "unit.xml");
    await Deno.mkdir(RECORDS, { recursive: true });
    return await command(
      [
        "test",
        "-A",
        "--parallel",
        ...(checked ? ["--no-check"] : []),
        "--config",
        join(ROOT, "deno.json"),
        `--junit-path=${junitPath}`,
        "tests/",
        ...runners,
      ],
      quick ? { FARSIGHT_QUICK: "1" } : {},
    );
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

/**
 * `deno fmt --check`, with notebooks checked separately: Deno 2.9.6's `fmt --check` reports
 * every `.ipynb` as unformatted on a cold cache even when `deno fmt` leaves it byte-for-byte
 * unchanged. So notebooks are formatted as temporary copies and compared with the originals.
 */
async function formatCheck(): Promise<boolean> {
  // `--ignore` replaces the config's `fmt.exclude`, so it repeats that list.
  const config = JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json")));
  const ignore = ["notebooks/", ...(config.fmt?.exclude ?? [])].join(",");
  const sourcesOk = await command(["fmt", "--check", `--ignore=${ignore}`]);
  const dir = join(ROOT, "notebooks");
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".ipynb"));
  const scratch = await Deno.makeTempDir({ prefix: "farsight-fmt-" });
  try {
    for (const name of names) await Deno.copyFile(join(dir, name), join(scratch, name));
    const formatted = await new Deno.Command(deno, {
      args: [
        "fmt",
        "--quiet",
        "--config",
        join(ROOT, "deno.json"),
        ...names.map((n) => join(scratch, n)),
      ],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!formatted.success) return false;
    const unformatted = names.filter((n) =>
      Deno.readTextFileSync(join(dir, n)) !== Deno.readTextFileSync(join(scratch, n))
    );
    for (const n of unformatted) {
      console.error(`notebooks/${n} is not formatted: run "deno fmt notebooks/"`);
    }
    console.log(`Checked ${names.length} notebook(s)`);
    return sourcesOk && unformatted.length === 0;
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

async function notebooks(only: string[]): Promise<boolean> {
  await ensureJupyter();
  const dir = join(ROOT, "notebooks");
  const all = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".ipynb"))
    .sort();
  const chosen = only.length ? all.filter((n) => only.includes(n)) : all;
  if (only.length && chosen.length !== only.length) {
    console.error(`Unknown notebook(s): ${only.filter((n) => !all.includes(n)).join(", ")}`);
    return false;
  }
  // Two kernels at a time (each notebook runs in its own kernel and writes its own outputs),
  // the longest first by the last run's times (out/test/notebook_seconds.json), so the step
  // ends soon after its longest notebook.
  const timesPath = join(RECORDS, "notebook_seconds.json");
  const last: Record<string, number> = await Deno.readTextFile(timesPath).then(JSON.parse)
    .catch(() => ({}));
  const queue = [...chosen].sort((a, b) => (last[b] ?? 0) - (last[a] ?? 0));
  const seconds: Record<string, number> = { ...last };
  let ok = true;
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const result = await executeNotebook(join(dir, name), join(ROOT, "out", "notebooks"));
      console.log(`${result.ok ? "ok  " : "FAIL"} ${name}  ${result.seconds.toFixed(1)} s`);
      for (const p of result.problems) console.log(`     ${p.replaceAll("\n", "\n     ")}`);
      ok &&= result.ok;
      seconds[name] = result.seconds;
    }
  };
  await Promise.all(Array.from({ length: Math.min(2, navigator.hardwareConcurrency) }, worker));
  await Deno.mkdir(RECORDS, { recursive: true });
  await Deno.writeTextFile(timesPath, JSON.stringify(seconds, null, 2) + "\n");
  console.log(`${chosen.length} notebook(s) executed; outputs in out/notebooks/`);
  return ok;
}

const args = Deno.args.filter((a) => a !== "--");
const notebookNames = args.filter((a) => a.endsWith(".ipynb"));
const stepNames = args.filter((a) => !a.endsWith(".ipynb"));

const passed = new Set<string>();
const STEPS: Step[] = [
  { name: "fmt", run: formatCheck },
  { name: "lint", run: () => command(["lint"]) },
  { name: "check", run: () => command(["check", "--doc", "mod.ts", "lib/", "tests/"]) },
  { name: "unit", run: () => unit(false, passed.has("check")) },
  { name: "notebooks", run: () => notebooks(notebookNames) },
];
/** Not part of the full run: the unit step without slow end-to-end tests. */
const QUICK: Step = { name: "quick", run: () => unit(true, false) };
const ALL = [...STEPS, QUICK];

const unknown = stepNames.filter((s) => !ALL.some((step) => step.name === s));
if (unknown.length) {
  console.error(
    `Unknown step(s): ${unknown.join(", ")}. Steps: ${ALL.map((s) => s.name).join(", ")}`,
  );
  Deno.exit(2);
}
const selected = stepNames.length ? ALL.filter((s) => stepNames.includes(s.name)) : STEPS;
const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of selected) {
  console.log(`\n━━ ${step.name} ━━`);
  const t0 = performance.now();
  let ok: boolean;
  try {
    ok = await step.run();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    ok = false;
  }
  results.push({ name: step.name, ok, seconds: (performance.now() - t0) / 1000 });
  if (ok) passed.add(step.name);
}
if (junitPath) {
  try {
    const slow = slowestTests(await Deno.readTextFile(junitPath), 15);
    console.log("\n━━ slowest tests ━━");
    for (const t of slow) {
      console.log(`${t.seconds.toFixed(1).padStart(7)} s  ${t.module}: ${t.name}`);
    }
  } catch (error) {
    console.error(`No per-test times: ${error instanceof Error ? error.message : error}`);
  }
}
// Failed tests last, just above the summary, so that a log's tail names them.
if (junitPath) {
  try {
    const failures = failedTests(await Deno.readTextFile(junitPath));
    if (failures.length) {
      console.log(`\n━━ failed tests (${failures.length}) ━━`);
      for (const t of failures) console.log(`${t.module}: ${t.name}\n    ${t.failure}`);
    }
  } catch { /* reported above */ }
}
const load = await Deno.readTextFile("/proc/loadavg").then((l) =>
  l.split(" ").slice(0, 3).join(" ")
)
  .catch(() => "unknown");
console.log("\n━━ summary ━━");
for (const r of results) {
  console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name.padEnd(10)} ${r.seconds.toFixed(1)} s`);
}
const total = results.reduce((a, r) => a + r.seconds, 0);
console.log(`     ${"total".padEnd(10)} ${total.toFixed(1)} s   (load average now ${load})`);
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `\n${failed.length} step(s) failed` : "\nAll steps passed");
Deno.exit(failed.length ? 1 : 0);
