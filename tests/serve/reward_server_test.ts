import assert from "node:assert/strict";
import { RewardServer } from "../../lib/serve/mod.ts";
import { spawnServe } from "../cli/_run.ts";

const post = (url: string, body: unknown, raw = false) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ? String(body) : JSON.stringify(body),
  });

Deno.test("the reward server answers OpenRLHF, TRL and health requests over loopback", async () => {
  const server = new RewardServer({ port: 0, workers: 2, maxBodyBytes: 4096 });
  await server.start();
  try {
    const health = await (await fetch(`${server.url}/health`)).json();
    assert.equal(health.status, "ok");
    assert.equal(health.workers, 2);

    const prompt = "Problem: 2+2?\n";
    const r = await post(`${server.url}/get_reward`, {
      query: [
        prompt + "So \\boxed{4}.",
        prompt + "So \\boxed{5}.",
        "Problem 1: \\boxed{3}\nProblem 2: \\boxed{4}",
        "no answer",
      ],
      prompts: [prompt, prompt, "", ""],
      labels: ["4", "4", '["3", "4"]', "1"],
    });
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.deepEqual(body.rewards, [1, 0, 1, 0]);
    assert.deepEqual(body.scores, [1, 0, 1, 0]);
    assert.deepEqual(body.statuses, ["correct", "wrong", "correct", "no_answer"]);
    assert.deepEqual(body.extra_logs.status_code, [0, 1, 0, 2]);
    for (const [key, values] of Object.entries(body.extra_logs)) {
      assert.ok(
        (values as unknown[]).every((v) => typeof v === "number"),
        `extra_logs.${key} holds only numbers (OpenRLHF makes tensors of them)`,
      );
    }

    const trl = await (await post(`${server.url}/reward`, {
      completions: [[{ role: "assistant", content: "\\boxed{\\frac12}" }], "\\boxed{2}"],
      answer: ["0.5", "3"],
    })).json();
    assert.deepEqual(trl.rewards, [1, 0]);
  } finally {
    await server.shutdown();
  }
});

Deno.test("bad requests get 400/404/405/413 with a message and the server keeps serving", async () => {
  const server = new RewardServer({ port: 0, workers: 1, maxBodyBytes: 1024 });
  await server.start();
  try {
    const cases: [Promise<Response>, number, RegExp][] = [
      [post(`${server.url}/get_reward`, "{not json", true), 400, /malformed JSON/],
      [
        post(`${server.url}/get_reward`, { query: ["a", "b"], labels: ["1"] }),
        400,
        /lists differ in length: query 2, prompts absent, labels 1/,
      ],
      [
        post(`${server.url}/get_reward`, { query: "a", labels: [] }),
        400,
        /field "query": expected a list/,
      ],
      [post(`${server.url}/get_reward`, { query: ["a"], labels: [{}] }), 400, /labels\[0\]/],
      [
        post(`${server.url}/get_reward`, { query: ["x".repeat(5000)], labels: ["1"] }),
        413,
        /over the 1024-byte limit/,
      ],
      [post(`${server.url}/nope`, {}), 404, /no endpoint \/nope/],
      [fetch(`${server.url}/get_reward`), 405, /use POST/],
    ];
    for (const [request, status, message] of cases) {
      const response = await request;
      assert.equal(response.status, status);
      assert.match((await response.json()).error, message);
    }
    const ok = await post(`${server.url}/get_reward`, { query: ["\\boxed{1}"], labels: ["1"] });
    assert.deepEqual((await ok.json()).rewards, [1]);
  } finally {
    await server.shutdown();
  }
});

Deno.test("farsight serve stops gracefully on SIGTERM", async () => {
  const server = await spawnServe("--port", "0", "--workers", "1");
  const r = await post(`${server.url}/get_reward`, { query: ["\\boxed{2}"], labels: ["2"] });
  assert.deepEqual((await r.json()).rewards, [1]);
  server.child.kill("SIGTERM");
  const status = await server.child.status;
  await server.ended;
  await server.child.stderr.cancel();
  assert.equal(status.code, 0);
  assert.match(
    server.output(),
    /Received SIGTERM; finishing requests in flight \(at most \d+ ms\)…\nStopped\./,
  );
});

Deno.test("SIGTERM: requests being scored finish, uploads still arriving get 503, all within --shutdown-grace", async () => {
  const server = await spawnServe("--port", "0", "--workers", "1", "--shutdown-grace", "4000");
  const { port } = new URL(server.url);
  try {
    await (await post(`${server.url}/get_reward`, { query: ["\\boxed{1}"], labels: ["1"] })).text();
    // An upload that is still arriving: a head announcing 100 bytes, and 10 of them.
    const upload = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
    await upload.write(
      new TextEncoder().encode(
        'POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"query": ',
      ),
    );
    // A head that never completes (Deno.serve has no header deadline): it must not hold the stop.
    const slowHead = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
    await slowHead.write(new TextEncoder().encode("POST /reward HTTP/1.1\r\nHost: x\r\n"));
    // A request being scored: 6,000 items on one worker.
    const n = 6000;
    const scored = post(`${server.url}/get_reward`, {
      query: Array.from({ length: n }, (_, i) => `\\boxed{${i}}`),
      labels: Array.from({ length: n }, (_, i) => String(i)),
    });
    for (let i = 0; i < 400; i++) {
      const health = await (await fetch(`${server.url}/health`)).json();
      if (health.queued_requests > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const signalled = performance.now();
    server.child.kill("SIGTERM");
    const reply = new Uint8Array(4096);
    const got = await upload.read(reply);
    upload.close();
    assert.match(
      new TextDecoder().decode(reply.subarray(0, got ?? 0)),
      /^HTTP\/1\.1 503[\s\S]*shutting down/,
      "the unfinished upload is refused",
    );
    const body = await (await scored).json();
    assert.equal(body.rewards.length, n);
    assert.ok(body.rewards.every((r: number) => r === 1), "the request being scored finished");
    const status = await server.child.status;
    const ms = performance.now() - signalled;
    assert.equal(status.code, 0);
    assert.ok(ms < 4000 + 2000, `stopped ${ms.toFixed(0)} ms after SIGTERM (grace 4,000 ms)`);
    slowHead.close();
  } finally {
    try {
      server.child.kill("SIGKILL");
    } catch { /* exited */ }
    await server.ended;
    await server.child.stderr.cancel();
  }
});

Deno.test("shutdown past its grace refuses what is still being scored (503), never zeros", async () => {
  const server = new RewardServer({
    port: 0,
    workers: 1,
    shutdownGraceMs: 300,
    timeoutMs: 10_000,
    workerUrl: new URL("../testdata/hanging_verify_worker.ts", import.meta.url),
  });
  await server.start();
  const pending = post(`${server.url}/get_reward`, {
    query: ["slow:5000", "\\boxed{2}"],
    labels: ["1", "2"],
  });
  await new Promise((r) => setTimeout(r, 300));
  const started = performance.now();
  await server.shutdown();
  const ms = performance.now() - started;
  const reply = await pending;
  assert.equal(reply.status, 503);
  assert.match((await reply.json()).error, /stopped before this request was scored/);
  assert.ok(ms < 300 + 1500, `shutdown took ${ms.toFixed(0)} ms with a 300 ms grace`);
});
