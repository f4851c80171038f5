import assert from "node:assert/strict";
import { VerifierPool, verifyAnswer } from "../../lib/verify/mod.ts";

const testWorker = new URL("../testdata/hanging_verify_worker.ts", import.meta.url);

Deno.test("VerifierPool gives the same verdicts as in-process verification", async () => {
  await using pool = new VerifierPool({ size: 2 });
  const cases = [["42", "\\boxed{42}"], ["1/2", "\\boxed{0.5}"], ["(1,2)", "\\boxed{(2,1)}"], [
    "x^2",
    "no answer",
  ]];
  const verdicts = await Promise.all(cases.map(([g, r]) => pool.verify(g!, r!)));
  assert.deepEqual(verdicts, cases.map(([g, r]) => verifyAnswer(g!, r!)));
  const composed = await pool.verifyComposed(
    ["3", "4"],
    "Problem 1: \\boxed{3}\nProblem 2: \\boxed{5}",
  );
  assert.deepEqual(composed.perProblem, [true, false]);
});

Deno.test("a stuck worker is killed at the hard limit and replaced, and the pool keeps working", async () => {
  await using pool = new VerifierPool({
    size: 1,
    timeoutMs: 100,
    killAfterMs: 300,
    workerUrl: testWorker,
  });
  const [stuck, after] = await Promise.all([
    pool.verify("1", "hang"),
    pool.verify("7", "\\boxed{7}"),
  ]);
  assert.equal(stuck.status, "timeout");
  assert.match(
    stuck.reason,
    /did not finish within the 300 ms hard limit; the worker was replaced/,
  );
  assert.equal(after.correct, true, "the queued job ran on the replacement worker");
  assert.equal(pool.restarts, 1);
});

Deno.test("a stuck item in a batch costs one kill: only it times out, the rest are redone once", async () => {
  await using pool = new VerifierPool({
    size: 2,
    timeoutMs: 100,
    killAfterMs: 400,
    workerUrl: testWorker,
  });
  const items = Array.from(
    { length: 50 },
    (_, i) => ({ gold: String(i), response: i === 17 ? "hang" : `\\boxed{${i}}` }),
  );
  const verdicts = await pool.verifyMany([...items, {
    gold: ["1", "2"],
    response: "Problem 1: \\boxed{1}\nProblem 2: \\boxed{2}",
  }], { batchSize: 8 });
  assert.equal(verdicts.length, 51);
  verdicts.slice(0, 50).forEach((v, i) => {
    assert.ok("status" in v);
    assert.equal(v.status, i === 17 ? "timeout" : "correct", `item ${i}`);
  });
  assert.ok("perProblem" in verdicts[50]! && verdicts[50].correct);
  assert.equal(pool.restarts, 1, "one stuck item, one restart");
});

Deno.test("the cooperative deadline reaches the verifier: a slow item times out without a kill", async () => {
  await using pool = new VerifierPool({
    size: 1,
    timeoutMs: 50,
    killAfterMs: 5000,
    workerUrl: testWorker,
  });
  const verdicts = await pool.verifyBatch([
    { gold: "1", response: "\\boxed{1}" },
    { gold: "2", response: "slow:2000" },
    { gold: "3", response: "\\boxed{3}" },
  ]);
  assert.deepEqual(verdicts.map((v) => "status" in v && v.status), [
    "correct",
    "timeout",
    "correct",
  ]);
  assert.equal(pool.restarts, 0, "no worker was killed");
});

Deno.test("a closed pool refuses work", async () => {
  const pool = new VerifierPool({ size: 1 });
  pool.close();
  await assert.rejects(pool.verify("1", "1"), /the pool is closed/);
});
