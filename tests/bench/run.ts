/**
 * `deno task bench`: Farsight's benchmarks. Each reports ratios against a reference measured in
 * the same run, never absolute thresholds.
 *
 * - compose: 100,000 depth-8 chains streamed to JSONL, against a naive build-then-write baseline
 *   (throughput and peak RSS), plus 10,000 streamed to show memory does not grow with the count.
 *
 * `deno task bench -- --quick` runs smaller sizes.
 * @module
 */
import { fileURLToPath } from "node:url";

const quick = Deno.args.includes("--quick");
const N = quick ? 10_000 : 100_000;
const SMALL = N / 10;
const worker = fileURLToPath(new URL("./compose_worker.ts", import.meta.url));
const dir = await Deno.makeTempDir({ prefix: "farsight-bench-" });

interface Result {
  mode: string;
  count: number;
  seconds: number;
  tasksPerSecond: number;
  peakRssMiB: number;
}

async function run(mode: string, count: number): Promise<Result> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", worker, mode, String(count), `${dir}/${mode}-${count}.jsonl`],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`bench ${mode} ${count} failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

try {
  console.log(`compose: depth-8 chains, 7 generator families (${N.toLocaleString("en")} tasks)`);
  const small = await run("stream", SMALL);
  const stream = await run("stream", N);
  const naive = await run("naive", N);
  const size = (await Deno.stat(`${dir}/stream-${N}.jsonl`)).size;
  const rows = [
    ["streamed", SMALL, small],
    ["streamed", N, stream],
    ["naive (build all, then write)", N, naive],
  ] as const;
  for (const [label, count, r] of rows) {
    console.log(
      `  ${label.padEnd(30)} ${String(count).padStart(7)} tasks  ${
        r.seconds.toFixed(1).padStart(6)
      } s  ` +
        `${Math.round(r.tasksPerSecond).toString().padStart(7)} tasks/s  peak RSS ${
          r.peakRssMiB.toFixed(0).padStart(5)
        } MiB`,
    );
  }
  console.log(`  output: ${(size / 2 ** 20).toFixed(0)} MiB of JSONL`);
  console.log(
    `  throughput, streamed / naive:            ${
      (stream.tasksPerSecond / naive.tasksPerSecond).toFixed(2)
    }x`,
  );
  console.log(
    `  peak RSS, naive / streamed:              ${
      (naive.peakRssMiB / stream.peakRssMiB).toFixed(2)
    }x`,
  );
  console.log(
    `  peak RSS, streamed ${N} / ${SMALL}:      ${
      (stream.peakRssMiB / small.peakRssMiB).toFixed(2)
    }x (constant memory is ~1x)`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
