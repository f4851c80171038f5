import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { farsight } from "./_run.ts";

const data = (name: string) => fileURLToPath(new URL(`../testdata/${name}`, import.meta.url));
const WORDS = fileURLToPath(new URL("../../data/word_problems.jsonl", import.meta.url));
const readLines = async (path: string) =>
  (await Deno.readTextFile(path)).trim().split("\n").map((l) => JSON.parse(l));

Deno.test("R-Horizon's released rows convert with --adapter rhorizon, and score and eval run on them", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const c = await farsight(
      "compose",
      "--dataset",
      data("rhorizon_mini.jsonl"),
      "--adapter",
      "rhorizon",
      "--out",
      `${dir}/tasks.jsonl`,
    );
    assert.equal(c.code, 0, c.stderr);
    const tasks = await readLines(`${dir}/tasks.jsonl`);
    assert.deepEqual(tasks.map((t) => t.answers), [["7", "18"], ["7"]]);
    assert.ok(tasks[0].prompt.includes("Using the result [answer1] from the previous calculation"));
    await Deno.writeTextFile(
      `${dir}/responses.jsonl`,
      [
        {
          task_id: tasks[0].id,
          response: "### Final Answers\nProblem 1: \\boxed{7}\nProblem 2: \\boxed{18}",
        },
        {
          task_id: tasks[0].id,
          response: "### Final Answers\nProblem 1: \\boxed{7}\nProblem 2: \\boxed{[answer2]}",
        },
        { task_id: tasks[1].id, response: "10 - 3 = 7. #### 7" },
      ].map((r) => JSON.stringify(r)).join("\n") + "\n",
    );
    const s = await farsight(
      "score",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--responses",
      `${dir}/responses.jsonl`,
      "--out",
      `${dir}/scored.jsonl`,
      "--workers",
      "0",
    );
    assert.equal(s.code, 0, s.stderr);
    const scored = await readLines(`${dir}/scored.jsonl`);
    assert.deepEqual(scored.map((x) => x.reward), [1, 0, 1]);
    assert.deepEqual(scored[1].status, ["correct", "no_answer"], "a placeholder is no answer");
    const e = await farsight(
      "eval",
      "--model",
      "sim:p=1",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--samples",
      "2",
      "--out",
      `${dir}/eval.jsonl`,
    );
    assert.equal(e.code, 0, e.stderr);
    const evaluated = await readLines(`${dir}/eval.jsonl`);
    assert.equal(evaluated.length, 4);
    assert.ok(
      evaluated.every((x) => x.correct),
      "a perfect policy is right on every converted task",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("R-Horizon exports from --dataset have unique instanceIds; --template rhorizon uses its wording", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await farsight(
      "compose",
      "--dataset",
      WORDS,
      "--depth",
      "2",
      "--count",
      "60",
      "--format",
      "rhorizon",
      "--template",
      "rhorizon",
      "--out",
      `${dir}/rh.jsonl`,
    );
    assert.equal(r.code, 0, r.stderr);
    const rows = await readLines(`${dir}/rh.jsonl`);
    assert.equal(rows.length, 60);
    assert.equal(new Set(rows.map((x) => x.instanceId)).size, 60, "instanceIds are unique");
    assert.ok(
      rows.every((x) =>
        /^Problem 1: [\s\S]*\n\nProblem 2: Using the result \[answer1\] from the previous calculation, \[variable2\] = \[answer1\] [+-] \d+\. /
          .test(x.input)
      ),
      rows[0].input,
    );
    assert.ok(rows[0].input.includes("Note: In this problem set:"));
    // Round trip: the export reads back through the R-Horizon reader with the same answers.
    const back = await farsight(
      "compose",
      "--dataset",
      `${dir}/rh.jsonl`,
      "--adapter",
      "rhorizon",
      "--out",
      `${dir}/back.jsonl`,
    );
    assert.equal(back.code, 0, back.stderr);
    const tasks = await readLines(`${dir}/back.jsonl`);
    assert.deepEqual(tasks.map((t) => t.answers), rows.map((x) => x.group_targets));
    assert.deepEqual(
      tasks.map((t) => t.links.map((l: { offset: string }) => l.offset)),
      rows.map((x) => x.selected_variables.map((v: { offset: string }) => v.offset)),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
