import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  analyseGsm8kRow,
  type ComposedTask,
  composeGsm8kRecomputed,
  prepareRecomputePool,
  type RecomputeProgram,
  runRecomputeProgram,
} from "../../lib/compose/mod.ts";
import type { Task } from "../../lib/tasks/task.ts";
import { farsight } from "../cli/_run.ts";
import { loadDataset } from "../../lib/datasets/mod.ts";

const SAMPLE = fileURLToPath(new URL("../../data/gsm8k_format_sample.jsonl", import.meta.url));

const row = (id: string, question: string, answer: string): Task => ({
  id,
  family: "gsm",
  question,
  answer,
  answer_kind: "integer",
  difficulty: {},
  source: { kind: "dataset", dataset: "gsm", row: 0 },
});

Deno.test("annotations become a program of the chain variable and re-run exactly", () => {
  const r = analyseGsm8kRow(
    "a",
    "Jo packs 8 crates with 15 apples each and gives away 20 apples. How many are left?",
    "8*15 = <<8*15=120>>120 apples.\n120-20 = <<120-20=100>>100 left.\n#### 100",
  );
  assert.ok("program" in r, JSON.stringify(r));
  assert.equal(r.program.variable.value, "8");
  // step 2 refers to step 1's result, so it is recomputed too
  assert.deepEqual(r.program.steps[1]!.tokens[0], { t: "step", i: 0 });
  assert.equal(runRecomputeProgram(r.program, 8n), "100");
  assert.equal(runRecomputeProgram(r.program, 3n), "25");
  assert.equal(runRecomputeProgram(r.program, 1n), "-5");
});

Deno.test("ambiguous, unannotated and inconsistent rows are skipped with their reason", () => {
  const cases: [string, string, string][] = [
    ["Ben lost half his marbles and has 9 now.", "9*2 = 18\n#### 18", "no_annotations"],
    ["Nora has 5 boxes of 5 pens.", "5*5=<<5*5=25>>25\n#### 25", "ambiguous_variable"],
    ["Ann has 3 pens and buys 4.", "3+4=<<3+4=8>>8\n#### 8", "annotation_mismatch"],
    ["Ann has 3 pens and buys 4.", "3+4=<<3+4=7>>7\n#### 9", "answer_not_annotated"],
    ["Ann has 3 pens.", "<<sqrt(9)=3>>3\n#### 3", "unsupported_annotation"],
    ["Ann has 3 pens.", "She has three.\nno final", "no_final_answer"],
    ["Ann has many pens.", "2+2=<<2+2=4>>4\n#### 4", "no_chain_variable"],
  ];
  for (const [q, a, reason] of cases) {
    const r = analyseGsm8kRow("x", q, a);
    assert.ok("reason" in r && r.reason === reason, `${q} → ${JSON.stringify(r)}`);
  }
});

/** Checks a recomputed GSM8K chain from its JSON alone. */
function checkFromJson(json: string): void {
  const task = JSON.parse(json) as ComposedTask;
  for (const link of task.links) {
    assert.equal(link.kind, "recompute");
    const a = BigInt(task.answers[link.from]!);
    const t = link.transform!;
    const k = BigInt(t.op === "identity" ? "0" : t.k);
    const v = t.op === "identity"
      ? a
      : t.op === "offset"
      ? a + k
      : t.op === "scale"
      ? a * k
      : ((a % k) + k) % k + BigInt(t.shift);
    assert.equal(v.toString(), link.value);
    const problem = task.problems[link.to]!;
    const program = (problem.params as unknown as { program: RecomputeProgram }).program;
    assert.equal(runRecomputeProgram(program, v), problem.answer, "answer re-runs from the JSON");
    assert.ok(problem.question.includes(link.variable));
    assert.equal(
      problem.question.replace(link.variable, program.variable.value),
      problem.original_question,
    );
    assert.match(problem.answer, /^\d+$/);
  }
}

Deno.test("GSM8K-format rows compose into recomputed chains, every link checkable", async () => {
  const rows = (await Deno.readTextFile(SAMPLE)).trim().split("\n").map((l, i) => {
    const r = JSON.parse(l);
    return row(`r${i}`, r.question, r.answer);
  });
  const { pool, skipped } = prepareRecomputePool(rows);
  assert.equal(pool.length + skipped.length, rows.length, "nothing dropped silently");
  assert.deepEqual(skipped.map((s) => s.reason).sort(), [
    "ambiguous_variable",
    "ambiguous_variable",
    "no_annotations",
  ]);
  const skips: string[] = [];
  const tasks = [...composeGsm8kRecomputed(pool, {
    depth: 4,
    count: 40,
    seed: 3,
    onSkip: (s) => skips.push(s.reason),
  })];
  assert.equal(tasks.length, 40);
  for (const t of tasks) checkFromJson(JSON.stringify(t));
  assert.ok(skips.every((r) => r === "non_integer"));
  assert.ok(tasks.some((t) => t.problems.some((p) => p.original_answer !== undefined)));
  // task c depends only on (seed, c)
  const tail = [...composeGsm8kRecomputed(pool, { depth: 4, count: 10, seed: 3, start: 30 })];
  assert.deepEqual(tail, tasks.slice(30));
});

Deno.test("the CLI composes the same recomputed chains and reports the skipped rows", async () => {
  const { code, stdout, stderr } = await farsight(
    "compose",
    "--dataset",
    SAMPLE,
    "--link",
    "recompute",
    "--depth",
    "3",
    "--count",
    "5",
    "--seed",
    "2",
  );
  assert.equal(code, 0, stderr);
  assert.match(
    stderr,
    /11 of 14 rows can be recomputed; skipped 3 \(ambiguous_variable: 2, no_annotations: 1\)/,
  );
  const lines = stdout.trim().split("\n");
  assert.equal(lines.length, 5);
  lines.forEach(checkFromJson);
  const loaded = await loadDataset(SAMPLE);
  const library = [
    ...composeGsm8kRecomputed(prepareRecomputePool(loaded.tasks).pool, {
      depth: 3,
      count: 5,
      seed: 2,
    }),
  ];
  assert.deepEqual(lines, library.map((t) => JSON.stringify(t)), "CLI and library agree");
});
