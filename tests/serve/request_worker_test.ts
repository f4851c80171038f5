// The two places a reward request is answered, on the event loop (in time slices) and in a
// request worker (bodies over `offloadBytes`), run the same cases and must answer alike.
import assert from "node:assert/strict";
import { RewardServer } from "../../lib/serve/mod.ts";

const CASES: [string, string][] = [
  [
    "/get_reward",
    JSON.stringify({ query: ["Q? \\boxed{4}", "Q? 5"], prompts: ["Q?", "Q?"], labels: ["4", "4"] }),
  ],
  [
    "/get_reward",
    JSON.stringify({
      query: ["Problem 1: \\boxed{540}\nProblem 2: \\boxed{320}"],
      labels: ["540,321"],
      label_format: "comma",
    }),
  ],
  [
    "/reward",
    JSON.stringify({
      completions: [[{ role: "assistant", content: "\\boxed{540}" }]],
      ground_truth: ["540"],
    }),
  ],
  [
    "/reward",
    JSON.stringify({
      completions: ["Problem 1: \\boxed{1}\nProblem 2: \\boxed{3}"],
      answers: [["1", "2"]],
      reward: "fraction",
    }),
  ],
  // errors, each naming its field and item
  ["/get_reward", "{not json"],
  ["/get_reward", "[1, 2]"],
  ["/get_reward", JSON.stringify({ query: ["a", "b"], labels: ["1"] })],
  ["/get_reward", JSON.stringify({ query: "a", labels: [] })],
  ["/get_reward", JSON.stringify({ query: ["a", 7], labels: ["1", "2"] })],
  ["/get_reward", JSON.stringify({ query: ["a"], labels: [{}] })],
  ["/reward", JSON.stringify({ completions: ["x"], answer: ["1"], reward: "nope" })],
  ["/reward", JSON.stringify({ completions: ["x"], answer: ["1"], reward: "overlong" })],
  [
    "/reward",
    JSON.stringify({ completions: ["x", "y"], answer: ["1", "1,,2"], label_format: "comma" }),
  ],
  ["/reward", JSON.stringify({ completions: Array(11).fill("x"), answer: Array(11).fill("1") })],
  ["/reward", JSON.stringify({ completions: ["ok", "x".repeat(300)], answer: ["1", "2"] })],
];

async function answers(offloadBytes: number) {
  const server = new RewardServer({
    port: 0,
    workers: 1,
    offloadBytes,
    limits: { maxItems: 10, maxItemBytes: 200 },
  });
  await server.start();
  try {
    const out: [number, unknown][] = [];
    for (const [path, body] of CASES) {
      const r = await fetch(`${server.url}${path}`, { method: "POST", body });
      out.push([r.status, await r.json()]);
    }
    return out;
  } finally {
    await server.shutdown();
  }
}

Deno.test("a request worker answers every case exactly as the event loop does", async () => {
  const here = await answers(Infinity);
  const worker = await answers(0);
  assert.deepEqual(worker, here);
  assert.deepEqual(here.map(([status]) => status), [
    200,
    200,
    200,
    200,
    400,
    400,
    400,
    400,
    400,
    400,
    400,
    400,
    400,
    413,
    413,
  ]);
  const errors = here.slice(4).map(([, body]) => (body as { error: string }).error);
  for (
    const expected of [
      /^malformed JSON/,
      /^expected a JSON object$/,
      /lists differ in length: query 2, prompts absent, labels 1/,
      /field "query": expected a list/,
      /query\[1\]: expected a string/,
      /labels\[0\]/,
      /field "reward"/,
      /needs the parameter maxLength/,
      /answer\[1\]: empty answer/,
      /"completions" has (11|more than 10) items, over the limit of 10 per request/,
      /completions\[1\] is over the limit of 200 bytes/,
    ]
  ) assert.ok(errors.some((e) => expected.test(e)), `${expected} in ${errors.join(" | ")}`);
});

Deno.test("a big request in a request worker shares the verifiers: small requests finish first", async () => {
  const server = new RewardServer({ port: 0, workers: 1, offloadBytes: 100_000 });
  await server.start();
  try {
    const n = 20_000;
    const finished: string[] = [];
    const big = fetch(`${server.url}/get_reward`, {
      method: "POST",
      body: JSON.stringify({
        query: Array.from({ length: n }, (_, i) => `So the answer is \\boxed{${i}}.`),
        labels: Array.from({ length: n }, (_, i) => String(i)),
      }),
    }).then(async (r) => {
      const body = await r.json();
      finished.push("big");
      return body;
    });
    // Wait until the worker's chunks are being verified, then send small ones.
    for (let i = 0; i < 400; i++) {
      const h = await (await fetch(`${server.url}/health`)).json();
      if (h.queued_requests > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${server.url}/get_reward`, {
        method: "POST",
        body: JSON.stringify({ query: ["\\boxed{7}"], labels: ["7"] }),
      });
      assert.deepEqual((await r.json()).rewards, [1]);
      finished.push("small");
    }
    const body = await big;
    assert.equal(body.rewards.length, n);
    assert.ok(body.rewards.every((r: number) => r === 1), "every big item right, in order");
    assert.deepEqual(body.extra_logs.status_code.slice(0, 3), [0, 0, 0]);
    assert.deepEqual(finished, ["small", "small", "small", "big"]);
  } finally {
    await server.shutdown();
  }
});

Deno.test("options that cannot reach a worker (a function among the parameters) are answered on the event loop", async () => {
  const server = new RewardServer({
    workers: 1,
    offloadBytes: 0,
    params: { maxLength: 100, note: () => "not copyable" } as never,
  });
  try {
    const r = await server.handle(
      new Request("http://localhost/reward", {
        method: "POST",
        body: JSON.stringify({ completions: ["#### 4"], answer: ["4"] }),
      }),
    );
    const body = await r.json();
    assert.deepEqual([r.status, body.rewards], [200, [1]], JSON.stringify(body));
  } finally {
    await server.shutdown();
  }
});
