/**
 * Reward-server load test from a second process: the server runs as `farsight serve` in a child
 * process; this process sends OpenRLHF `/get_reward` requests over loopback. Everything is
 * measured in the same run:
 * - 64-item batches at concurrency 1, 8, 32 and 128: rewards/s, p50 and p99 latency;
 * - `/health` at concurrency 16, the HTTP-overhead reference;
 * - 1-item requests alone, then while a 100,000-item request is in flight (fair scheduling);
 *   the big request comes from a third process, so that building its 11 MB body and reading its
 *   reply do not slow the process that times the 1-item requests;
 * - 8 clients' 64-item batches alone, then beside a client whose every batch holds one slow
 *   item (`--timeout 50`);
 * - 1-item requests while a 128-item request of slow items (50 ms each) is in flight;
 * - with `--against REF` (a git commit), the c = 1/8/32 sweep also against the server as it was
 *   at REF (its `lib/` checked out of git into a temporary directory), the two measured in turn
 *   at each concurrency in the same run;
 * - with `--soak SECONDS`, 64-item batches at c = 8 for that long (on each server, with
 *   `--against`): rewards/s, every reply checked, and the server's resident memory before and
 *   after.
 * Prints one JSON line, with the load average (`/proc/loadavg`) beside each phase: the machine is
 * shared. Usage: `serve_bench.ts [--quick] [--against REF]` (`serve_bench.ts --big-client URL
 * ITEMS` is the third process).
 * @module
 */
import { fileURLToPath } from "node:url";
import { verificationMix } from "./verify_mix.ts";

const quick = Deno.args.includes("--quick");
const againstAt = Deno.args.indexOf("--against");
const against = againstAt >= 0 ? Deno.args[againstAt + 1] : undefined;
const soakAt = Deno.args.indexOf("--soak");
const soakSeconds = soakAt >= 0 ? Number(Deno.args[soakAt + 1]) : 0;
const mix = verificationMix(4096, 2);

interface Stats {
  requests: number;
  perSecond: number;
  rewardsPerSecond: number;
  p50: number;
  p99: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

function batch(start: number, size: number, slowAt = -1) {
  const query: string[] = [], labels: string[] = [];
  for (let k = 0; k < size; k++) {
    const m = mix[(start + k) % mix.length]!;
    query.push(k === slowAt ? SLOW : m.response);
    labels.push(m.gold);
  }
  return JSON.stringify({ query, prompts: query.map(() => ""), labels });
}

/**
 * A response that takes 5 s to verify but honours the cooperative deadline, as a slow item in
 * the verifier does (the real verifier no longer has inputs this slow that are cheap to write
 * down, so the slow section runs a server whose workers are the test suite's
 * `hanging_verify_worker.ts`: every other item is verified normally there).
 */
const SLOW = "slow:5000";

let url = "";
const send = async (path: string, body?: string) => {
  const r = await fetch(`${url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body }),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${path} failed with ${r.status}: ${text.slice(0, 200)}`);
  return text;
};

/** The 1-, 5- and 15-minute load averages, for the record beside each measurement. */
const loadAverage = () => {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).map(Number);
  } catch {
    return null;
  }
};

if (Deno.args[0] === "--slow-server") {
  // The server of the slow section: `farsight serve --timeout 50`'s settings, the test worker.
  const { RewardServer } = await import("../../lib/serve/reward_server.ts");
  const server = new RewardServer({
    port: 0,
    timeoutMs: 50,
    workerUrl: new URL("../testdata/hanging_verify_worker.ts", import.meta.url),
    onListen: (u) => console.log(`Listening on ${u}`),
  });
  await server.start();
  await new Promise<void>((resolve) => Deno.addSignalListener("SIGTERM", resolve));
  await server.shutdown();
  Deno.exit(0);
}

if (Deno.args[0] === "--big-client") {
  // The third process: one big request; "sending" once its body is built, then its time.
  url = Deno.args[1]!;
  const body = batch(0, Number(Deno.args[2]));
  console.log("sending");
  const t0 = performance.now();
  const r = await fetch(`${url}/get_reward`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const bytes = (await r.arrayBuffer()).byteLength;
  console.log(JSON.stringify({ status: r.status, bigMs: performance.now() - t0, bytes }));
  Deno.exit(r.ok ? 0 : 1);
}

/** Starts `farsight serve --timeout 50` from `root` (this checkout, or an older one). */
async function startServer(root: string): Promise<{ child: Deno.ChildProcess; url: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${root}/lib/cli/main.ts`, "serve", "--port", "0", "--timeout", "50"],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let banner = "";
  while (!/Listening on (\S+)/.test(banner)) banner += (await reader.read()).value ?? "";
  (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })().catch(() => {});
  return { child, url: banner.match(/Listening on (\S+)/)![1]! };
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const { child, url: ownUrl } = await startServer(ROOT);
url = ownUrl;

/** The server at git commit `ref`, checked out into a temporary directory. */
async function checkout(ref: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "farsight-serve-baseline-" });
  const archive = new Deno.Command("git", {
    args: ["archive", "--format=tar", ref, "lib", "deno.json", "deno.lock", "tests/testdata"],
    cwd: ROOT,
    stdout: "piped",
  }).spawn();
  const untar = new Deno.Command("tar", { args: ["-x", "-C", dir], stdin: "piped" }).spawn();
  await archive.stdout.pipeTo(untar.stdin);
  if (!(await archive.status).success || !(await untar.status).success) {
    throw new Error(`could not check out ${ref} for the baseline`);
  }
  return dir;
}
const baseline = against ? await startServer(await checkout(against)) : null;

/** `requests` requests from `concurrency` clients, or until `until()` is true. */
async function load(
  concurrency: number,
  requests: number,
  make: (i: number) => string | undefined,
  path = "/get_reward",
  items = 64,
  until?: () => boolean,
): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (until ? !until() : next < requests) {
      const i = next++;
      const s = performance.now();
      await send(path, make(i));
      latencies.push(performance.now() - s);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    rewardsPerSecond: (latencies.length * items) / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}

const loadStart = loadAverage();
try {
  await load(8, 64, (i) => batch(i * 64, 64)); // warm-up: workers loaded, JIT warm

  const sweep: Record<string, Stats> = {};
  const baselineSweep: Record<string, Stats> = {};
  if (baseline) {
    url = baseline.url;
    await load(8, 64, (i) => batch(i * 64, 64)); // its warm-up
    url = ownUrl;
  }
  for (const c of [1, 8, 32, 128]) {
    const requests = quick ? 2 * c + 16 : 4 * c + 64;
    // In turn, the order alternating, so drifts in the machine's load hit both alike.
    const both = baseline && c <= 32;
    if (both && c === 8) {
      url = baseline.url;
      baselineSweep[c] = await load(c, requests, (i) => batch(i * 64, 64));
      url = ownUrl;
    }
    sweep[c] = await load(c, requests, (i) => batch(i * 64, 64));
    if (both && c !== 8) {
      url = baseline.url;
      baselineSweep[c] = await load(c, requests, (i) => batch(i * 64, 64));
      url = ownUrl;
    }
  }
  const soak: Record<string, unknown> = {};
  if (soakSeconds > 0) {
    const rss = (pid: number) => {
      const m = Deno.readTextFileSync(`/proc/${pid}/status`).match(/VmRSS:\s+(\d+) kB/);
      return m ? Math.round(Number(m[1]) / 1024) : null;
    };
    for (const [name, server] of [["now", { child, url: ownUrl }], ["then", baseline]] as const) {
      if (!server) continue;
      url = server.url;
      const before = rss(server.child.pid);
      const end = performance.now() + soakSeconds * 1000;
      const stats = await load(
        8,
        Infinity,
        (i) => batch(i * 64, 64),
        "/get_reward",
        64,
        () => performance.now() > end,
      );
      soak[name] = { ...stats, rssMiBBefore: before, rssMiBAfter: rss(server.child.pid) };
      url = ownUrl;
    }
  }
  if (baseline) {
    baseline.child.kill("SIGTERM");
    await baseline.child.status;
  }
  const health = await load(16, quick ? 500 : 2000, () => undefined, "/health", 0);

  // 1-item latency alone, then while a 100k-item request is in flight.
  const single = (i: number) => batch(i, 1);
  const loadAlone = loadAverage();
  const alone = await load(1, quick ? 100 : 300, single, "/get_reward", 1);
  const bigItems = quick ? 30_000 : 100_000;
  const bigClient = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", fileURLToPath(import.meta.url), "--big-client", url, String(bigItems)],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = bigClient.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let said = "";
  while (!said.includes("sending\n")) said += (await lines.read()).value ?? "";
  let bigDone = false;
  const bigReply = (async () => {
    for (;;) {
      const { value, done } = await lines.read();
      if (done) break;
      said += value;
    }
    bigDone = true;
  })();
  const loadDuring = loadAverage();
  await new Promise((r) => setTimeout(r, 20)); // let the big body reach the server first
  const during = await load(1, Infinity, single, "/get_reward", 1, () => bigDone);
  await bigReply;
  if (!(await bigClient.status).success) throw new Error(`the big request failed: ${said}`);
  const bigMs = JSON.parse(said.trim().split("\n").pop()!).bigMs as number;

  // Other clients' batches alone, then beside a client with one slow item per batch, on a
  // server whose slow item takes 5 s but meets the 50 ms cooperative deadline.
  const slowServer = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", fileURLToPath(import.meta.url), "--slow-server"],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const slowReader = slowServer.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let slowBanner = "";
  while (!/Listening on (\S+)/.test(slowBanner)) {
    slowBanner += (await slowReader.read()).value ?? "";
  }
  const mainUrl = url;
  url = slowBanner.match(/Listening on (\S+)/)![1]!;
  await load(8, 64, (i) => batch(i * 64, 64)); // warm-up
  const slowSolo = performance.now();
  const slowStatus = JSON.parse(await send("/get_reward", batch(0, 1, 0))).statuses[0];
  const slowItemMs = performance.now() - slowSolo;
  const othersRequests = quick ? 48 : 160;
  const othersAlone = await load(8, othersRequests, (i) => batch(i * 64, 64));
  const restartsBefore = JSON.parse(await send("/health")).restarts;
  let othersDone = false;
  const slowStatuses: string[] = [];
  const slowClient = (async () => {
    let i = 0;
    while (!othersDone) {
      const body = JSON.parse(await send("/get_reward", batch(i++ * 64, 64, 17)));
      slowStatuses.push(body.statuses[17]);
      const wrong = body.statuses.filter((s: string, k: number) => k !== 17 && s === "timeout");
      if (wrong.length) throw new Error(`${wrong.length} other item(s) timed out`);
    }
  })();
  const othersWithSlow = await load(8, othersRequests, (i) => batch(i * 64, 64));
  othersDone = true;
  await slowClient;
  const restarts = JSON.parse(await send("/health")).restarts - restartsBefore;

  // 1-item requests alone on this server, then while a 128-item request of slow items (each
  // 50 ms, at the cooperative deadline) is in flight.
  const slowAlone = await load(1, quick ? 50 : 200, single, "/get_reward", 1);
  const loadSlowAlone = loadAverage();
  let slowBatchDone = false;
  const slowBatch = send(
    "/get_reward",
    JSON.stringify({
      query: Array.from({ length: 128 }, () => SLOW),
      labels: Array.from({ length: 128 }, () => "1"),
    }),
  ).then(() => slowBatchDone = true);
  await new Promise((r) => setTimeout(r, 200)); // its first items measured
  const loadBesideSlow = loadAverage();
  const besideSlow = await load(1, Infinity, single, "/get_reward", 1, () => slowBatchDone);
  await slowBatch;
  url = mainUrl;
  slowServer.kill("SIGTERM");
  await slowServer.status;

  console.log(JSON.stringify({
    sweep,
    health,
    fairness: {
      bigItems,
      bigMs,
      alone,
      during,
      loadAlone,
      loadDuring,
    },
    ...(baseline ? { baseline: { ref: against, sweep: baselineSweep } } : {}),
    ...(soakSeconds > 0 ? { soak: { seconds: soakSeconds, ...soak } } : {}),
    load: { start: loadStart, end: loadAverage() },
    slow: {
      slowItemMs,
      slowStatus,
      slowBatches: slowStatuses.length,
      slowTimeouts: slowStatuses.filter((s) => s === "timeout").length,
      restarts,
      othersAlone,
      othersWithSlow,
      slowAlone,
      besideSlow,
      loadSlowAlone,
      loadBesideSlow,
    },
  }));
} finally {
  child.kill("SIGTERM");
  await child.status;
}
