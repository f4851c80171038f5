// Bad input through the CLI: every error names file, line and field before any output is
// written; wrong types are refused, not coerced; skipped rows are counted with reasons, and
// --strict makes any skip an error. Also eval's resume with a newline-less last line. Each test
// runs its first command as a user does (a subprocess) and the repeats through main in-process.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { composeFromGenerators } from "../../mod.ts";
import { farsight, farsightInProcess } from "./_run.ts";

const composed = (count: number) =>
  [...composeFromGenerators({ families: ["chain_sum"], depth: 2, count, seed: 5 })].map((t) =>
    JSON.stringify(t)
  );

Deno.test("eval refuses a wrongly typed task on line 500 before writing any result", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines = composed(999);
    const bad = JSON.parse(lines[499]!);
    for (
      const [field, value, message] of [
        [
          "answers",
          [1, 2, 3],
          /tasks\.jsonl:500: field "answers\[0\]": expected a string, got number 1/,
        ],
        [
          "problems",
          "x",
          /tasks\.jsonl:500: field "problems": expected a list of tasks, got string "x"/,
        ],
        [
          "depth",
          "three",
          /tasks\.jsonl:500: field "depth": expected an integer >= 1, got string "three"/,
        ],
      ] as const
    ) {
      lines[499] = JSON.stringify({ ...bad, [field]: value });
      await Deno.writeTextFile(`${dir}/tasks.jsonl`, lines.join("\n") + "\n");
      const r = await (field === "answers" ? farsight : farsightInProcess)(
        "eval",
        "--model",
        "sim:p=0.5",
        "--tasks",
        `${dir}/tasks.jsonl`,
        "--out",
        `${dir}/results.jsonl`,
      );
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.ok(!existsSync(`${dir}/results.jsonl`), "nothing written");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test('score refuses sample: "zero" and a task with depth "three", naming line and field', async () => {
  const dir = await Deno.makeTempDir();
  try {
    const [task] = composed(1).map((l) => JSON.parse(l));
    await Deno.writeTextFile(`${dir}/tasks.jsonl`, JSON.stringify(task) + "\n");
    await Deno.writeTextFile(
      `${dir}/responses.jsonl`,
      JSON.stringify({ task_id: task.id, response: "x", sample: 0 }) + "\n" +
        JSON.stringify({ task_id: task.id, response: "x", sample: "zero" }) + "\n",
    );
    const r = await farsight(
      "score",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--responses",
      `${dir}/responses.jsonl`,
    );
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /responses\.jsonl:2: field "sample": expected an integer >= 0, got string "zero"/,
    );

    await Deno.writeTextFile(
      `${dir}/tasks.jsonl`,
      JSON.stringify({ ...task, depth: "three" }) + "\n",
    );
    const t = await farsightInProcess(
      "score",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--responses",
      `${dir}/responses.jsonl`,
    );
    assert.equal(t.code, 1);
    assert.match(
      t.stderr,
      /tasks\.jsonl:1: field "depth": expected an integer >= 1, got string "three"/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compose --link offset counts and explains the rows it skips; --strict fails on them", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rows = [
      ...Array.from(
        { length: 8 },
        (_, i) => ({ question: `What is ${i} + ${i + 2}?`, answer: String(2 * i + 2) }),
      ),
      { question: "What is 3 + 4?", answer: "seven" },
      { question: "Name a colour.", answer: "12" },
    ];
    await Deno.writeTextFile(
      `${dir}/d.jsonl`,
      rows.map((r) => JSON.stringify(r)).join("\n") + "\n",
    );
    const args = ["compose", "--dataset", `${dir}/d.jsonl`, "--depth", "2", "--count", "3"];
    const ok = await farsight(...args, "--out", `${dir}/out.jsonl`);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(
      ok.stderr,
      /Skipped 2 row\(s\) of 10 in .*d\.jsonl \(0 malformed, 2 not linkable\)/,
    );
    assert.match(ok.stderr, /d\.jsonl:9: field "answer": expected an integer answer, got "seven"/);
    assert.match(ok.stderr, /d\.jsonl:10: field "question": expected an integer in the question/);

    const strict = await farsightInProcess(...args, "--strict", "--out", `${dir}/strict.jsonl`);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /--strict: 2 row\(s\) would be skipped/);
    assert.ok(!existsSync(`${dir}/strict.jsonl`));

    await Deno.writeTextFile(
      `${dir}/none.jsonl`,
      JSON.stringify(rows[8]) + "\n" + JSON.stringify(rows[9]) + "\n",
    );
    const none = await farsightInProcess(
      "compose",
      "--dataset",
      `${dir}/none.jsonl`,
      "--count",
      "1",
    );
    assert.equal(none.code, 1);
    assert.match(none.stderr, /none\.jsonl:1: field "answer"/, "every excluded row is named");
    assert.match(none.stderr, /0 linkable problems/);

    await Deno.writeTextFile(`${dir}/bad.jsonl`, "{not json\n" + JSON.stringify(rows[0]) + "\n");
    const bad = await farsightInProcess("compose", "--dataset", `${dir}/bad.jsonl`, "--count", "1");
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad\.jsonl:1: invalid JSON/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("eval resume repairs a results file whose last line lost its newline", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/tasks.jsonl`, composed(5).join("\n") + "\n");
    const run = (samples: string, cli: typeof farsight = farsightInProcess) =>
      cli(
        "eval",
        "--model",
        "sim:p=0.5,seed=1",
        "--tasks",
        `${dir}/tasks.jsonl`,
        "--samples",
        samples,
        "--out",
        `${dir}/r.jsonl`,
      );
    assert.equal((await run("1", farsight)).code, 0);
    const text = await Deno.readTextFile(`${dir}/r.jsonl`);
    await Deno.writeTextFile(`${dir}/r.jsonl`, text.replace(/\n$/, "")); // the newline is lost
    const again = await run("2");
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /last line had lost its newline: kept, newline added/);
    const lines = (await Deno.readTextFile(`${dir}/r.jsonl`)).trimEnd().split("\n");
    assert.equal(lines.length, 10, "5 tasks × 2 samples, none lost, none merged");
    const keys = new Set(lines.map((l) => {
      const r = JSON.parse(l);
      return `${r.task_id}/${r.sample}`;
    }));
    assert.equal(keys.size, 10);
    // a torn last line is removed and its sample redone
    await Deno.writeTextFile(`${dir}/r.jsonl`, lines.join("\n") + "\n" + lines[9]!.slice(0, 30));
    const torn = await run("2");
    assert.match(torn.stderr, /removed a torn last line/);
    assert.equal((await Deno.readTextFile(`${dir}/r.jsonl`)).trimEnd().split("\n").length, 10);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
