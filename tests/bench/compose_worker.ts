/**
 * One composition benchmark run, in its own process so its peak RSS is its own:
 * `deno run -A compose_worker.ts stream|naive COUNT OUT`. Prints one JSON line.
 * @module
 */
import { composeFromGenerators } from "../../lib/compose/sample.ts";
import { writeLinesAtomic } from "../../lib/io/write_lines.ts";
import { listFamilies } from "../../lib/tasks/generators/registry.ts";

const [mode, countText, out] = Deno.args;
const count = Number(countText);
const options = {
  // every built-in family, uniformly weighted
  families: listFamilies().map((f) => f.name),
  depth: 8,
  count,
  seed: 1,
};

function peakRssMiB(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Number(status.match(/VmHWM:\s+(\d+) kB/)![1]) / 1024;
}

const t0 = performance.now();
if (mode === "stream") {
  await writeLinesAtomic(
    out,
    (function* () {
      for (const task of composeFromGenerators(options)) yield JSON.stringify(task);
    })(),
  );
} else if (mode === "naive") {
  // The obvious approach: build every task in memory, then write them out. (Joining all lines
  // into one string first is not even possible at this size: it passes V8's string limit.)
  const all = [...composeFromGenerators(options)];
  using file = await Deno.open(out!, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  for (const t of all) await file.write(encoder.encode(JSON.stringify(t) + "\n"));
} else throw new Error(`unknown mode ${mode}`);
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    mode,
    count,
    seconds,
    tasksPerSecond: count / seconds,
    peakRssMiB: peakRssMiB(),
  }),
);
