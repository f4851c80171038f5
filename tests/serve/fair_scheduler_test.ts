import assert from "node:assert/strict";
import { FairScheduler } from "../../lib/serve/fair_scheduler.ts";

Deno.test("submissions of one group share one round-robin turn; others alternate with the group", async () => {
  const order: string[] = [];
  const scheduler = new FairScheduler(async (chunk: readonly string[]) => {
    order.push(chunk.join(""));
    await new Promise((r) => setTimeout(r, 1));
    return chunk;
  }, { chunkSize: 1, maxInFlight: 1 });
  const group = {};
  // a client that streams its work as many one-item submissions, and two single clients
  const streamed = ["g1", "g2", "g3", "g4"].map((x) => scheduler.submit([x], { group }));
  const a = scheduler.submit(["a1", "a2"]);
  const b = scheduler.submit(["b1"]);
  assert.equal(scheduler.waiting, 5); // g1 started at once
  await Promise.all([...streamed, a, b]);
  // the group has one turn per round, like a and b, not four
  assert.deepEqual(order, ["g1", "g2", "a1", "b1", "g3", "a2", "g4"]);
});

Deno.test("a failing chunk rejects its submission only; the rest are served", async () => {
  const scheduler = new FairScheduler(async (chunk: readonly number[]) => {
    await new Promise((r) => setTimeout(r, 1));
    if (chunk.includes(3)) throw new Error("chunk with 3 failed");
    return chunk.map((x) => x * 2);
  }, { chunkSize: 2, maxInFlight: 2 });
  const bad = scheduler.submit([1, 2, 3, 4, 5, 6]);
  const good = scheduler.submit([7, 8, 9]);
  await assert.rejects(bad, /chunk with 3 failed/);
  assert.deepEqual(await good, [14, 16, 18]);
  assert.equal(scheduler.waiting, 0);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("a client of slow items holds all slots but one: a newcomer starts at once", async () => {
  let running = 0;
  let slowAtOnce = 0;
  const scheduler = new FairScheduler(async (chunk: readonly string[]) => {
    const slow = chunk.filter((x) => x.startsWith("slow")).length;
    running += slow;
    slowAtOnce = Math.max(slowAtOnce, running);
    await sleep(slow ? 400 * slow : 1);
    running -= slow;
    return chunk;
  }, { chunkSize: 64, maxInFlight: 2, targetChunkMs: 10 });
  const slow = scheduler.submit(Array.from({ length: 5 }, (_, i) => `slow${i}`));
  await sleep(450); // measured as slow by now
  const started = performance.now();
  assert.deepEqual(await scheduler.submit(["fast"]), ["fast"]);
  const waited = performance.now() - started;
  // behind a slow item it would wait up to 400 ms; the bound leaves room for a loaded machine
  assert.ok(waited < 250, `the newcomer waited ${waited.toFixed(0)} ms beside 400 ms items`);
  assert.equal((await slow).length, 5);
  assert.equal(slowAtOnce, 1, "one slow item at a time: a slot stayed free");
});

Deno.test("chunks grow to chunkSize for fast items and are one item for slow ones", async () => {
  // A clock of the test's own: a fast item takes 0.1 ms and a slow one 30 ms whatever the
  // machine's load, so the sizes below follow from the sizing rule alone.
  let now = 0;
  const sizes: number[] = [];
  const runner = async (chunk: readonly number[]) => {
    sizes.push(chunk.length);
    await sleep(0);
    now += chunk.length * (chunk[0]! < 0 ? 30 : 0.1);
    return chunk;
  };
  const options = { chunkSize: 32, maxInFlight: 2, targetChunkMs: 10, clock: () => now };
  const fast = new FairScheduler(runner, options);
  await fast.submit(Array.from({ length: 400 }, (_, i) => i));
  assert.equal(sizes[0], 1, "the first client of a fresh scheduler starts with one item");
  assert.equal(Math.max(...sizes), 32, "fast items reach the largest chunk");
  sizes.length = 0;
  // A later client's probe is sized from the recent pace: the whole of a 32-item request at once.
  await fast.submit(Array.from({ length: 32 }, (_, i) => i));
  assert.deepEqual(sizes, [32]);
  sizes.length = 0;
  const slow = new FairScheduler(runner, options);
  await slow.submit(Array.from({ length: 6 }, () => -1));
  assert.deepEqual(sizes, [1, 1, 1, 1, 1, 1], "30 ms items: one per chunk");
});

Deno.test("a slow client's big probe never takes the last slot", async () => {
  let slowRunning = 0;
  let most = 0;
  const scheduler = new FairScheduler(async (chunk: readonly number[]) => {
    const slow = chunk[0]! < 0;
    if (slow) most = Math.max(most, ++slowRunning);
    await sleep(slow ? 100 * chunk.length : 1);
    if (slow) slowRunning--;
    return chunk;
  }, { chunkSize: 8, maxInFlight: 2, targetChunkMs: 10 });
  await scheduler.submit(Array.from({ length: 64 }, (_, i) => i)); // the recent pace: fast
  // two slow clients arrive; each one's probe is 8 items (from the fast pace), at most one runs
  const a = scheduler.submit(Array.from({ length: 8 }, () => -1));
  const b = scheduler.submit(Array.from({ length: 8 }, () => -1));
  await sleep(20);
  const started = performance.now();
  await scheduler.submit([1]);
  const waited = performance.now() - started;
  // behind a slow probe it would wait up to 800 ms
  assert.ok(waited < 400, `a newcomer waited ${waited.toFixed(0)} ms beside two slow probes`);
  await Promise.all([a, b]);
  assert.equal(most, 1, "one slow chunk at a time: a slot stayed free");
});
