/**
 * `deno task bench`: Farsight's benchmarks. Each reports ratios against a reference measured in
 * the same run, never absolute thresholds.
 *
 * - compose: 100,000 depth-8 chains streamed to JSONL, against a naive build-then-write baseline
 *   (throughput and peak RSS), plus 10,000 streamed to show memory does not grow with the count.
 * - verify: verifications per second on a fixed mix (integers, fractions, LaTeX expressions,
 *   tuples; right and wrong), in one process and in the worker pool, against a naive CAS-only
 *   baseline; and the ratio to Math-Verify's ~70/s on such a mix (Math-Verify's figure, not
 *   measured here: Math-Verify is a Python package and PyPI is unreachable).
 * - serve: reward-server throughput and p50/p99 latency under a loopback load from a second
 *   process, against `/health` as the HTTP-overhead reference.
 * - infer: prefill and decode tokens per second of a ~30M-parameter model on each backend, batch 1
 *   and 8, as ratios to onnxruntime-node; decode as a fraction of the memory-bandwidth limit for
 *   the weight bytes (bandwidth measured in the same run); WASM 2 threads against 1.
 *
 * - train: supervised tokens/s of the shipped chain model's shape; RL steps/s from the shipped
 *   weights, for GRPO and expert iteration, with the time split between sampling, scoring and
 *   the update; the update's GFLOP/s as a ratio to onnxruntime-node MatMul.
 *
 * `deno task bench -- --quick` runs smaller sizes; `-- compose verify serve infer train` picks sections;
 * `-- serve --against REF` also measures the reward server as it was at git commit REF, in turn
 * with today's at each concurrency; `--soak SECONDS` adds a soak at concurrency 8 (on both).
 * @module
 */
import { fileURLToPath } from "node:url";

const quick = Deno.args.includes("--quick");
const againstAt = Deno.args.indexOf("--against");
const against = againstAt >= 0 ? Deno.args[againstAt + 1] : undefined;
const soakAt = Deno.args.indexOf("--soak");
const soak = soakAt >= 0 ? Deno.args[soakAt + 1] : undefined;
const sections = Deno.args.filter((a, i) =>
  !a.startsWith("-") && (againstAt < 0 || i !== againstAt + 1) && (soakAt < 0 || i !== soakAt + 1)
);
const want = (name: string) => sections.length === 0 || sections.includes(name);
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

// deno-lint-ignore no-explicit-any
async function runJson(script: string, ...args: string[]): Promise<Record<string, any>> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", fileURLToPath(new URL(script, import.meta.url)), ...args],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`${script} failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").pop()!);
}

if (want("verify")) {
  const v = await runJson("./verify_bench.ts", String(quick ? 2000 : 8000));
  const f = (x: number) => Math.round(x).toString().padStart(7);
  console.log(
    `verify: fixed mix of ${v.count} (integers, fractions, LaTeX expressions, tuples; half wrong)`,
  );
  console.log(
    `  one process      ${
      f(v.single.perSecond)
    } verifications/s  (agrees with the expected verdicts: ${
      (100 * v.single.agreement).toFixed(1)
    }%)`,
  );
  console.log(
    `  ${v.workers}-worker pool    ${f(v.pool.perSecond)} verifications/s  (${
      (100 * v.pool.agreement).toFixed(1)
    }%)`,
  );
  console.log(
    `  naive CAS-only   ${f(v.naive.perSecond)} verifications/s  (${
      (100 * v.naive.agreement).toFixed(1)
    }%)`,
  );
  console.log(
    `  one process / naive:              ${(v.single.perSecond / v.naive.perSecond).toFixed(1)}x`,
  );
  console.log(
    `  pool / one process:               ${(v.pool.perSecond / v.single.perSecond).toFixed(2)}x`,
  );
  console.log(
    `  pool / Math-Verify's ~70/s:       ${
      (v.pool.perSecond / 70).toFixed(0)
    }x (target >= 100x; 70/s is the issue's figure, not measured here)`,
  );
}

if (want("serve")) {
  const s = await runJson(
    "./serve_bench.ts",
    ...(quick ? ["--quick"] : []),
    ...(against ? ["--against", against] : []),
    ...(soak ? ["--soak", soak] : []),
  );
  type Stats = {
    requests: number;
    rewardsPerSecond: number;
    perSecond: number;
    p50: number;
    p99: number;
  };
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log("serve: farsight serve --timeout 50 in a second process, loopback, 64-item batches");
  for (const [c, r] of Object.entries(s.sweep as Record<string, Stats>)) {
    console.log(
      `  concurrency ${c.padStart(3)}  ${
        Math.round(r.rewardsPerSecond).toString().padStart(7)
      } rewards/s  ` +
        `p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  (${r.requests} requests)`,
    );
  }
  console.log(
    `  /health (HTTP overhead, 16 clients)  ${Math.round(s.health.perSecond)} requests/s  p99 ${
      ms(s.health.p99)
    }`,
  );
  const f = s.fairness;
  const la = (l: number[] | null) => (l ? `load ${l.join(" ")}` : "load n/a");
  console.log(
    `  1-item alone p50 ${ms(f.alone.p50)} p99 ${ms(f.alone.p99)} (${la(f.loadAlone)}); ` +
      `while a ${f.bigItems}-item request from a third process is in flight ` +
      `(${Math.round(f.bigMs)} ms): p50 ${ms(f.during.p50)} p99 ${ms(f.during.p99)} ` +
      `over ${f.during.requests} requests (${la(f.loadDuring)}; target p99 < 50 ms); ratio ${
        (f.during.p99 / f.alone.p99).toFixed(1)
      }x`,
  );
  if (s.baseline) {
    const b = s.baseline.sweep as Record<string, Stats>;
    for (const [c, r] of Object.entries(b)) {
      const now = (s.sweep as Record<string, Stats>)[c]!;
      console.log(
        `  against ${s.baseline.ref} at concurrency ${c.padStart(2)}: ${
          Math.round(r.rewardsPerSecond)
        } rewards/s (p99 ${ms(r.p99)}) then, now ${Math.round(now.rewardsPerSecond)} (${
          (now.rewardsPerSecond / r.rewardsPerSecond).toFixed(2)
        }x)`,
      );
    }
  }
  if (s.soak) {
    for (const name of ["now", "then"]) {
      const k = s.soak[name];
      if (!k) continue;
      console.log(
        `  soak ${s.soak.seconds} s at concurrency 8 (${
          name === "now" ? "this checkout" : s.baseline.ref
        }): ${
          Math.round(k.rewardsPerSecond)
        } rewards/s over ${k.requests} requests, all answered; ` +
          `p99 ${ms(k.p99)}; server RSS ${k.rssMiBBefore} -> ${k.rssMiBAfter} MiB`,
      );
    }
  }
  const w = s.slow;
  console.log(
    `  slow item (test worker: 5 s, 50 ms cooperative deadline; ${
      Math.round(w.slowItemMs)
    } ms alone, ${w.slowStatus}) in each of ${w.slowBatches} batches ` +
      `of a 9th client: ${w.slowTimeouts} timed out, ${w.restarts} worker restart(s)`,
  );
  console.log(
    `  8 other clients: ${Math.round(w.othersAlone.rewardsPerSecond)} -> ${
      Math.round(w.othersWithSlow.rewardsPerSecond)
    } rewards/s (${
      (w.othersWithSlow.rewardsPerSecond / w.othersAlone.rewardsPerSecond).toFixed(2)
    }x), ` +
      `p99 ${ms(w.othersAlone.p99)} -> ${ms(w.othersWithSlow.p99)}`,
  );
  console.log(
    `  1-item alone p99 ${ms(w.slowAlone.p99)} (${la(w.loadSlowAlone)}); beside a 128-item ` +
      `request of slow items (50 ms each): p50 ${ms(w.besideSlow.p50)} p99 ${
        ms(w.besideSlow.p99)
      } over ${w.besideSlow.requests} requests (${la(w.loadBesideSlow)}; target p99 < 50 ms)`,
  );
}

if (want("infer")) {
  const r = await runJson("./infer_bench.ts", ...(quick ? ["--quick"] : []));
  const f = (x: number) => (Number.isFinite(x) ? Math.round(x).toString() : "—").padStart(7);
  type InferRun = {
    backend: string;
    batch: number;
    prefillTokensPerSecond: number;
    decodeTokensPerSecond: number;
    kvCacheLocation?: string | null;
    wasmThreads?: number;
    model?: "main" | "small";
    error?: string;
  };
  const runs = r.runs as InferRun[], threads = r.threads as InferRun[];
  const bw = r.bandwidth as { reduceGBs: number; copyGBs: number; limitGBs: number };
  console.log(
    `infer: ${(r.params / 1e6).toFixed(1)}M-parameter decoder (fp32, standard ops, ${
      (r.weightBytes / 2 ** 20).toFixed(0)
    } MiB of weights), prompt ${r.promptLength}, ${r.newTokens} new tokens, ${r.cores} cores`,
  );
  console.log(
    `  adapter: ${
      r.adapter
        ? `${r.adapter.description} (software: ${r.adapter.fallback}, shader-f16: ${r.adapter.shaderF16})`
        : "none"
    }`,
  );
  if (r.small) {
    console.log(
      `  (software adapter: webgpu is measured on a ${
        (r.small.weightBytes / 2 ** 20).toFixed(0)
      } MiB model, against cpu on the same model: rows marked "small")`,
    );
  }
  console.log(
    `  memory bandwidth: ${bw.reduceGBs.toFixed(1)} GB/s read (ORT ReduceSum), ${
      bw.copyGBs.toFixed(1)
    } GB/s copy traffic; limit ${bw.limitGBs.toFixed(1)} GB/s → at most ${
      (bw.limitGBs * 1e9 / r.weightBytes).toFixed(0)
    } decode steps/s`,
  );
  const ratio = (a: number, b: number | undefined) =>
    Number.isFinite(a) && b ? `${(a / b).toFixed(2)}x` : "  —  ";
  for (const run of runs) {
    const ref = runs.find((x) =>
      x.backend === "cpu" && x.batch === run.batch && x.model === run.model
    );
    const weightBytes = run.model === "small" ? r.small.weightBytes : r.weightBytes;
    // a decode step reads every weight once, whatever the batch
    const ofLimit = (run.decodeTokensPerSecond / run.batch) * weightBytes / (bw.limitGBs * 1e9);
    const label = (run.backend === "wasm" ? `wasm x${run.wasmThreads ?? "?"}` : run.backend) +
      (run.model === "small" ? " small" : "");
    console.log(
      `  ${label.padEnd(12)} batch ${String(run.batch).padStart(2)}  prefill ${
        f(run.prefillTokensPerSecond)
      } tok/s (${ratio(run.prefillTokensPerSecond, ref?.prefillTokensPerSecond)} of cpu)` +
        `  decode ${f(run.decodeTokensPerSecond)} tok/s (${
          ratio(run.decodeTokensPerSecond, ref?.decodeTokensPerSecond)
        } of cpu, ${
          Number.isFinite(ofLimit) ? `${(100 * ofLimit).toFixed(0)}%` : "—"
        } of the bandwidth limit)${run.kvCacheLocation === "gpu-buffer" ? "  KV on GPU" : ""}${
          run.error ? `  FAILED: ${run.error}` : ""
        }`,
    );
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const of = (n: number, key: "prefillTokensPerSecond" | "decodeTokensPerSecond") =>
    median(threads.filter((x) => x.backend === `wasm x${n}`).map((x) => x[key]));
  const failed = threads.find((x) => x.error);
  console.log(
    `  wasm 2 threads / 1 thread, batch 1: ${
      failed
        ? `cannot measure (${failed.error})`
        : `${ratio(of(2, "prefillTokensPerSecond"), of(1, "prefillTokensPerSecond"))} prefill, ${
          ratio(of(2, "decodeTokensPerSecond"), of(1, "decodeTokensPerSecond"))
        } decode (medians of 3 fresh processes each, alternating)`
    }`,
  );
}

if (want("compose")) {
  try {
    console.log(
      `compose: depth-8 chains drawn from every generator family (${N.toLocaleString("en")} tasks)`,
    );
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
}

if (want("train")) {
  const t = await runJson("./train_bench.ts", ...(quick ? ["--quick"] : []));
  console.log(
    `train: the shipped chain model's shape (${
      t.parameters.toLocaleString("en")
    } parameters), jax-js wasm`,
  );
  for (const s of t.sft) {
    console.log(
      `  supervised, batch ${s.batch} x ${String(s.width).padStart(2)}  ${
        Math.round(s.tokensPerSecond).toString().padStart(6)
      } tokens/s  ${s.secondsPerStep.toFixed(3)} s/step  ${s.gflops.toFixed(2)} GFLOP/s`,
    );
  }
  for (const m of t.ortMatmul) {
    console.log(`  onnxruntime-node MatMul ${m.n}^3       ${m.gflops.toFixed(2)} GFLOP/s`);
  }
  for (const r of t.rl) {
    const sec = r.secondsPerStep;
    const total = sec.sampling + sec.scoring + sec.update;
    const pct = (x: number) => `${((100 * x) / total).toFixed(0)}%`;
    console.log(
      `  RL (${r.algorithm}, ${r.prompts} prompts x ${r.groupSize}, depth ${r.horizon}, ${r.epochs} epoch): ${
        r.stepsPerSecond.toFixed(2)
      } steps/s; sampling ${pct(sec.sampling)} (${sec.sampling.toFixed(2)} s), scoring ${
        pct(sec.scoring)
      } (${sec.scoring.toFixed(3)} s), update ${pct(sec.update)} (${sec.update.toFixed(2)} s)`,
    );
  }
  console.log(
    `  update GFLOP/s / onnxruntime-node MatMul 512^3 GFLOP/s: ${
      t.updateGflopsRatioToOrtMatmul512.toFixed(3)
    }x`,
  );
  const w = t.swiglu;
  console.log(
    `  SwiGLU block forward+backward, ${w.rows} positions: jax-js ${
      w.jaxSecondsPerStep.toFixed(4)
    } s (${w.jaxGflops.toFixed(2)} GFLOP/s), tfjs-wasm ${w.tfjsWasmSecondsPerStep.toFixed(4)} s (${
      w.tfjsWasmGflops.toFixed(2)
    } GFLOP/s): jax-js ${w.jaxOverTfjsWasm.toFixed(2)}x faster`,
  );
}
