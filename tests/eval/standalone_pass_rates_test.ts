import assert from "node:assert/strict";
import { composeFromGenerators } from "../../lib/compose/sample.ts";
import { standaloneProblems } from "../../lib/compose/standalone.ts";
import type { ComposedTask } from "../../lib/compose/composed_task.ts";
import { runEvaluation } from "../../lib/eval/run_evaluation.ts";
import { standalonePassRates } from "../../lib/eval/standalone_pass_rates.ts";
import type { Policy } from "../../lib/policy/policy.ts";
import type { Task } from "../../lib/tasks/task.ts";

const chains = (link: "recompute" | "offset") => [
  ...composeFromGenerators({ families: ["chain_sum"], depth: 3, count: 4, seed: 11, link }),
];

/** Answers a single problem right when its question is self-contained, on even samples only. */
function standaloneOnly(asked: string[]): Policy {
  return {
    name: "standalone-only",
    respond: (t: Task | ComposedTask, { sample }) => {
      asked.push(t.id);
      const single = !("problems" in t) && !t.question.includes("[variable");
      return Promise.resolve({ text: `\\boxed{${single && sample % 2 === 0 ? t.answer : "x"}}` });
    },
  };
}

for (const link of ["recompute", "offset"] as const) {
  Deno.test(`standalonePassRates asks every ${link} problem alone, once, keyed by its composed id`, async () => {
    const tasks = chains(link);
    const asked: string[] = [];
    const rates = await standalonePassRates(standaloneOnly(asked), [...tasks, tasks[0]!], {
      samples: 4,
    });
    const ids = tasks.flatMap((t) => t.problems.map((p) => p.id));
    assert.deepEqual(Object.keys(rates), ids);
    // Right on samples 0 and 2 of 4, and only because the question it saw was self-contained.
    assert.ok(Object.values(rates).every((r) => r === 0.5), JSON.stringify(rates));
    assert.equal(asked.length, ids.length * 4, "a repeated task is not asked again");
    for (const t of tasks) {
      standaloneProblems(t).forEach((alone, k) => {
        assert.equal(alone.answer, t.answers[k], `${t.id} problem ${k + 1}`);
      });
    }
    // The rates are what runEvaluation's expectation multiplies: 0.5^3 per chain.
    const [sample] = await Array.fromAsync(
      runEvaluation(standaloneOnly([]), [tasks[0]!], { passRates: rates }),
    );
    assert.equal(sample!.expected, 0.125);
  });
}

Deno.test("standalonePassRates treats a single task as its own problem and reports progress", async () => {
  const [task] = chains("recompute");
  const single = standaloneProblems(task!)[1]!;
  const progress: [number, number][] = [];
  const rates = await standalonePassRates(standaloneOnly([]), [single], {
    samples: 1,
    onProgress: (d, n) => progress.push([d, n]),
  });
  assert.deepEqual(rates, { [single.id]: 1 });
  assert.deepEqual(progress, [[1, 1]]);
});
