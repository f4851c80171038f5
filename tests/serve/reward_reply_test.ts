import assert from "node:assert/strict";
import { RewardServer } from "../../lib/serve/mod.ts";

const post = async (url: string, body: unknown) => {
  const r = await fetch(url, { method: "POST", body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
};

Deno.test("the server reads R-Horizon labels, per-request rewards, and rejects bad ones with 400", async () => {
  const server = new RewardServer({ port: 0, workers: 1 });
  await server.start();
  try {
    const two = "Problem 1: \\boxed{540}\nProblem 2: \\boxed{320}";
    // comma-joined labels: explicit, or implied by R-Horizon's math-multi-query data source
    let r = await post(`${server.url}/get_reward`, {
      query: [two],
      labels: ["540,321"],
      label_format: "comma",
    });
    assert.deepEqual([r.status, r.body.rewards, r.body.statuses], [200, [0], ["wrong"]]);
    r = await post(`${server.url}/reward`, {
      completions: [two, two],
      ground_truth: [["540,320"], "540,320"],
      data_sources: ["math-multi-query-n2", "math-multi-query-n2"],
      reward: "fraction",
    });
    assert.deepEqual(r.body.rewards, [1, 1]);
    assert.deepEqual(r.body.per_problem, [[true, true], [true, true]]);
    // without the format, "1,234" is one number
    r = await post(`${server.url}/reward`, { completions: ["\\boxed{1234}"], answer: ["1,234"] });
    assert.deepEqual(r.body.rewards, [1]);
    r = await post(`${server.url}/reward`, {
      completions: [two],
      answers: [["540", "999"]],
      reward: "last",
    });
    assert.deepEqual(r.body.rewards, [0]);
    const bad: [unknown, RegExp][] = [
      [
        { completions: ["x"], answer: ["1"], reward: "nope" },
        /field "reward": expected one of all/,
      ],
      [{ completions: ["x"], answer: ["1"], reward: "overlong" }, /needs the parameter maxLength/],
      [{ completions: ["x"], answer: ["1"], label_format: "csv" }, /field "label_format"/],
      [{ completions: ["x"], answer: [{}] }, /answer\[0\]: expected a string, a number or a list/],
      [
        { completions: ["x"], answer: ["1,,2"], label_format: "comma" },
        /answer\[0\]: empty answer/,
      ],
      [{ completions: ["x"] }, /expected a list/],
    ];
    for (const [body, message] of bad) {
      const res = await post(`${server.url}/reward`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.body.error, message);
    }
    assert.equal((await fetch(`${server.url}/health`).then((x) => x.json())).status, "ok");
  } finally {
    await server.shutdown();
  }
});
