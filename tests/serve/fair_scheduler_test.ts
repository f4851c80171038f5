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
