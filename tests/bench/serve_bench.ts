/**
 * Reward-server load test from a second process: the server runs as `farsight serve` in a child
 * process; this process sends OpenRLHF `/get_reward` requests (one response each, as OpenRLHF's
 * current executor does) with a fixed concurrency, and the same number of `/health` requests as
 * an HTTP-overhead reference. Prints one JSON line.
 * @module
 */
import { fileURLToPath } from "node:url";
import { verificationMix } from "./verify_mix.ts";

const requests = Number(Deno.args[0] ?? 2000);
const concurrency = Number(Deno.args[1] ?? 16);
const main = fileURLToPath(new URL("../../lib/cli/main.ts", import.meta.url));
const child = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", main, "serve", "--port", "0"],
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
let banner = "";
while (!/Listening on (\S+)/.test(banner)) banner += (await reader.read()).value ?? "";
const url = banner.match(/Listening on (\S+)/)![1]!;
const mix = verificationMix(requests, 2);

async function load(
  make: (i: number) => Promise<Response>,
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests) {
      const i = next++;
      const s = performance.now();
      const r = await make(i);
      await r.arrayBuffer();
      if (!r.ok) throw new Error(`request ${i} failed with ${r.status}`);
      latencies.push(performance.now() - s);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: requests / seconds,
    p50: latencies[Math.floor(0.5 * latencies.length)]!,
    p99: latencies[Math.floor(0.99 * latencies.length)]!,
  };
}

try {
  // warm-up
  await Promise.all(
    Array.from({ length: 50 }, () => fetch(`${url}/health`).then((r) => r.arrayBuffer())),
  );
  const health = await load(() => fetch(`${url}/health`));
  const reward = await load((i) =>
    fetch(`${url}/get_reward`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: [mix[i]!.response], prompts: [""], labels: [mix[i]!.gold] }),
    })
  );
  console.log(JSON.stringify({ requests, concurrency, health, reward }));
} finally {
  child.kill("SIGTERM");
  await child.status;
  await reader.cancel().catch(() => {});
}
