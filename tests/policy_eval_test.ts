import assert from "node:assert/strict";
import { composeFromGenerators, runEvaluation, simulatedPolicy, summarizeScores } from "../mod.ts";

const tasks = [1, 2, 4].flatMap((
  d,
) => [...composeFromGenerators({ families: ["chain_sum", "gcd"], depth: d, count: 30, seed: d })]);

Deno.test("a perfect simulated policy scores 1 everywhere through the real verifier", async () => {
  const results = [];
  for await (
    const r of runEvaluation(simulatedPolicy({ successProbability: 1 }), tasks, { samples: 2 })
  ) results.push(r);
  assert.equal(results.length, 180);
  assert.ok(results.every((r) => r.correct && r.reward === 1));
});

Deno.test("simulated accuracy follows p^depth and is seeded", async () => {
  const run = async (seed: number) => {
    const out = [];
    for await (
      const r of runEvaluation(simulatedPolicy({ successProbability: 0.8, seed }), tasks, {
        samples: 20,
        passRates: () => 0.8,
      })
    ) out.push(r);
    return out;
  };
  const a = await run(1);
  assert.deepEqual(await run(1), a, "same seed, same samples");
  const summary = summarizeScores(a);
  for (const h of summary) {
    assert.ok(Math.abs(h.accuracy - 0.8 ** h.depth) < 0.06, `depth ${h.depth}: ${h.accuracy}`);
    assert.ok(Math.abs(h.expected - 0.8 ** h.depth) < 1e-12);
  }
});

Deno.test("recalling original problems makes Acc_last exceed Acc_all on answer-preserving chains", async () => {
  const offsetTasks = [
    ...composeFromGenerators({
      families: ["chain_sum", "gcd"],
      depth: 4,
      count: 40,
      seed: 9,
      link: "offset",
    }),
  ];
  const policy = simulatedPolicy({ successProbability: 0.7, recallOriginal: 0.9, seed: 2 });
  const results = [];
  for await (const r of runEvaluation(policy, offsetTasks, { samples: 10 })) results.push(r);
  const [h] = summarizeScores(results);
  assert.ok(
    h!.accuracy_last > h!.accuracy + 0.3,
    `Acc_last ${h!.accuracy_last} vs Acc_all ${h!.accuracy}`,
  );
});

Deno.test("error modes: missing answers are reported, unboxed right answers are still found on Problem lines", async () => {
  const policy = simulatedPolicy({
    successProbability: 0,
    errorModes: { missing: 1, unformatted: 1, off_by_one: 0, wrong_value: 0 },
    seed: 3,
  });
  const statuses = new Set<string>();
  for await (const r of runEvaluation(policy, tasks.slice(0, 30), { samples: 4 })) {
    r.status.forEach((s) => statuses.add(s));
  }
  assert.ok(statuses.has("no_answer"));
  assert.ok(
    statuses.has("correct"),
    "an unformatted (unboxed) right answer on its Problem line is extracted",
  );
  assert.ok(!statuses.has("wrong"), "no wrong values were produced");
});
