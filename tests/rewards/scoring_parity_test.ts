/**
 * One scoring path: the whole verify case table (and composed cases) through every entry point
 * (library, `farsight verify`, `farsight score`, `/get_reward`, `/reward`) gives identical
 * verdicts and rewards.
 */
import assert from "node:assert/strict";
import { parseLabel, scoreResponse } from "../../lib/rewards/mod.ts";
import { RewardServer } from "../../lib/serve/mod.ts";
import { DEFAULT_CASES } from "../verify/cases.ts";
import { farsight } from "../cli/_run.ts";

type Gold = string | string[];
const single = Object.values(DEFAULT_CASES).flat().map(([g, r]) => [g, r] as [Gold, string]);
const composed: [Gold, string][] = [
  [["7", "12"], "### Final Answers\nProblem 1: \\boxed{7}\nProblem 2: \\boxed{12}"],
  [["7", "12"], "### Final Answers\nProblem 1: \\boxed{7}\nProblem 2: \\boxed{13}"],
  [["7", "12"], "Problem 1: \\boxed{[answer1]}\nProblem 2: \\boxed{[answer2]}"],
  [["3", "1/2"], "first \\boxed{3}, then \\boxed{0.5}"],
  [["3", "4", "5"], "Problem 1: 3\nProblem 2: 4"],
  [["42"], "Compute 7*6. #### 42"],
];
const CASES = [...single, ...composed];

interface Outcome {
  correct: boolean;
  status: string;
  reward: number;
}

const key = (o: Outcome) => JSON.stringify([o.correct, o.status, o.reward]);

function compare(name: string, got: Outcome[], want: Outcome[]) {
  assert.equal(got.length, want.length, `${name}: one result per case`);
  const diffs = got.flatMap((o, i) =>
    key(o) === key(want[i]!) ? [] : [
      `case ${i} ${JSON.stringify(CASES[i]![0])} vs ${JSON.stringify(CASES[i]![1].slice(0, 60))}: ${
        key(o)
      } != library ${key(want[i]!)}`,
    ]
  );
  assert.deepEqual(diffs, [], `${name} disagrees with the library`);
}

Deno.test("the case table scores identically through library, verify, score, /get_reward and /reward", async () => {
  assert.ok(single.length >= 300, `${single.length} single-answer cases`);
  // Labels in "auto" format: no gold of the table is mistaken for a list.
  assert.deepEqual(single.filter(([g]) => typeof parseLabel(g) !== "string"), []);

  const library = CASES.map(([g, r]) => scoreResponse(g, r));
  const want: Outcome[] = library.map((s) => ({
    correct: s.correct,
    status: s.status,
    reward: s.reward,
  }));
  // Sanity: the verdicts are the table's (the verifier's own test checks each case in detail).
  const right =
    Object.values(DEFAULT_CASES).flat().filter(([, , e], i) => library[i]!.correct === e).length;
  assert.ok(right / single.length > 0.97, `${right}/${single.length} as the table expects`);
  assert.equal(scoreResponse("42", "Compute 7*6. #### 42").reward, 1, "GSM8K's #### answer line");

  const dir = await Deno.makeTempDir();
  const server = new RewardServer({ port: 0, workers: 2 });
  await server.start();
  try {
    // farsight verify
    await Deno.writeTextFile(
      `${dir}/verify.jsonl`,
      CASES.map(([gold, response]) => JSON.stringify({ gold, response })).join("\n") + "\n",
    );
    const v = await farsight(
      "verify",
      `${dir}/verify.jsonl`,
      "--workers",
      "2",
      "--out",
      `${dir}/v.jsonl`,
    );
    assert.equal(v.code, 0, v.stderr);
    const verify = (await Deno.readTextFile(`${dir}/v.jsonl`)).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    compare("farsight verify", verify, want);

    // farsight score
    await Deno.writeTextFile(
      `${dir}/tasks.jsonl`,
      CASES.map(([gold], i) =>
        JSON.stringify(
          typeof gold === "string" ? { id: `c${i}`, question: `case ${i}`, answer: gold } : {
            id: `c${i}`,
            prompt: `case ${i}`,
            answer: gold.at(-1),
            answers: gold,
            depth: gold.length,
          },
        )
      ).join("\n") + "\n",
    );
    await Deno.writeTextFile(
      `${dir}/responses.jsonl`,
      CASES.map(([, response], i) => JSON.stringify({ task_id: `c${i}`, response })).join("\n") +
        "\n",
    );
    const s = await farsight(
      "score",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--responses",
      `${dir}/responses.jsonl`,
      "--workers",
      "2",
      "--out",
      `${dir}/s.jsonl`,
    );
    assert.equal(s.code, 0, s.stderr);
    const scored = (await Deno.readTextFile(`${dir}/s.jsonl`)).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    compare(
      "farsight score",
      scored.map((o) => ({
        correct: o.correct,
        status: o.correct ? "correct" : o.status.find((x: string) => x !== "correct"),
        reward: o.reward,
      })),
      want,
    );

    // /get_reward, OpenRLHF-style: one sample per request, query = prompt + response
    const prompt = (i: number) =>
      `<|im_start|>user\nQuestion ${i}<|im_end|>\n<|im_start|>assistant\n`;
    const openrlhf: Outcome[] = [];
    for (let i = 0; i < CASES.length; i += 8) {
      const batch = CASES.slice(i, i + 8);
      const r = await fetch(`${server.url}/get_reward`, {
        method: "POST",
        body: JSON.stringify({
          query: batch.map(([, response], j) => prompt(i + j) + response),
          prompts: batch.map((_, j) => prompt(i + j)),
          labels: batch.map(([gold]) => (typeof gold === "string" ? gold : JSON.stringify(gold))),
        }),
      });
      assert.equal(r.status, 200);
      const body = await r.json();
      for (const values of Object.values(body.extra_logs)) {
        assert.ok((values as unknown[]).every((x) => typeof x === "number"));
      }
      batch.forEach((_, j) =>
        openrlhf.push({
          correct: body.extra_logs.correct[j] === 1,
          status: body.statuses[j],
          reward: body.rewards[j],
        })
      );
    }
    compare("/get_reward", openrlhf, want);

    // /reward, TRL-style conversational completions
    const r = await fetch(`${server.url}/reward`, {
      method: "POST",
      body: JSON.stringify({
        completions: CASES.map(([, response]) => [{ role: "assistant", content: response }]),
        answer: CASES.map(([gold]) => gold),
      }),
    });
    assert.equal(r.status, 200);
    const trl = await r.json();
    compare(
      "/reward",
      CASES.map((_, i) => ({
        correct: trl.correct[i],
        status: trl.status[i],
        reward: trl.rewards[i],
      })),
      want,
    );
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
