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
