/**
 * `deno task test`: the whole suite. Runs, in order, `deno fmt --check`, `deno lint`,
 * `deno check` (mod.ts, lib/, tests/), `deno test` (unit tests and doc examples), and every
 * notebook in `notebooks/` on the real Deno Jupyter kernel. Every step runs; the exit status
 * is 1 if any failed.
 *
 * `deno task test -- STEP…` runs only the named steps (fmt, lint, check, unit, notebooks);
 * `deno task test -- notebooks NAME.ipynb` runs one notebook.
 * @module
 */
import { join, resolve } from "node:path";
import { ensureJupyter, executeNotebook } from "./jupyter.ts";

const ROOT = resolve(new URL("../..", import.meta.url).pathname);
const deno = Deno.execPath();

interface Step {
  readonly name: string;
  readonly run: () => Promise<boolean>;
}

async function command(args: string[]): Promise<boolean> {
  const status = await new Deno.Command(deno, {
    args,
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  })
    .spawn().status;
  return status.success;
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
  let ok = true;
  for (const name of chosen) {
    const result = await executeNotebook(join(dir, name), join(ROOT, "out", "notebooks"));
    console.log(`${result.ok ? "ok  " : "FAIL"} ${name}  ${result.seconds.toFixed(1)} s`);
    for (const p of result.problems) console.log(`     ${p.replaceAll("\n", "\n     ")}`);
    ok &&= result.ok;
  }
  console.log(`${chosen.length} notebook(s) executed; outputs in out/notebooks/`);
  return ok;
}

const args = Deno.args.filter((a) => a !== "--");
const notebookNames = args.filter((a) => a.endsWith(".ipynb"));
const stepNames = args.filter((a) => !a.endsWith(".ipynb"));

const STEPS: Step[] = [
  { name: "fmt", run: formatCheck },
  { name: "lint", run: () => command(["lint"]) },
  { name: "check", run: () => command(["check", "mod.ts", "lib/", "tests/"]) },
  { name: "unit", run: () => command(["test", "-A", "--doc", "mod.ts", "lib/", "tests/"]) },
  { name: "notebooks", run: () => notebooks(notebookNames) },
];

const unknown = stepNames.filter((s) => !STEPS.some((step) => step.name === s));
if (unknown.length) {
  console.error(
    `Unknown step(s): ${unknown.join(", ")}. Steps: ${STEPS.map((s) => s.name).join(", ")}`,
  );
  Deno.exit(2);
}
const selected = stepNames.length ? STEPS.filter((s) => stepNames.includes(s.name)) : STEPS;
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
}
console.log("\n━━ summary ━━");
for (const r of results) {
  console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name.padEnd(10)} ${r.seconds.toFixed(1)} s`);
}
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `\n${failed.length} step(s) failed` : "\nAll steps passed");
Deno.exit(failed.length ? 1 : 0);
