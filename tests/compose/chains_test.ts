import assert from "node:assert/strict";
import fc from "fast-check";
import {
  composeAnswerPreserving,
  type ComposedTask,
  composeFromGenerators,
  composeFromPool,
  composeRecomputed,
  expectedAccuracy,
  filterByExpectedAccuracy,
  type Link,
  UnlinkableProblemError,
} from "../../lib/compose/mod.ts";
import { createRng } from "../../lib/random/mod.ts";
import {
  defineFamily,
  getFamily,
  listFamilies,
  projectAnswer,
  registerFamily,
  resolveConfig,
} from "../../lib/tasks/generators/mod.ts";
import type { Task } from "../../lib/tasks/task.ts";

// ---- An evaluation of links written independently of the composers ----

/** Evaluates a recompute transform from its JSON form (separately from applyTransform). */
function evaluateTransform(t: NonNullable<Link["transform"]>, a: bigint): bigint {
  if (t.op === "identity") return a;
  if (t.op === "offset") return a + BigInt(t.k);
  if (t.op === "scale") return BigInt(t.k) * a;
  const k = BigInt(t.k);
  let r = a % k;
  if (r < 0n) r += k;
  return r + BigInt(t.shift);
}

/** Checks every link of a composed task against its gold answers. */
function verifyLinks(task: ComposedTask): void {
  assert.equal(task.answers.length, task.problems.length);
  assert.equal(task.answer, task.answers.at(-1));
  task.problems.forEach((p, i) => assert.equal(p.answer, task.answers[i]));
  for (const link of task.links) {
    assert.ok(link.from < link.to, "links point forward");
    const a = projectAnswer(link.projection ?? "integer", task.answers[link.from]!)!;
    const problem = task.problems[link.to]!;
    assert.ok(
      problem.question.includes(link.variable),
      `${link.variable} appears in problem ${link.to + 1}`,
    );
    assert.ok(task.prompt.includes(link.variable));
    if (link.kind === "offset") {
      // answer-preserving: a + d gives back the replaced number, and putting it back restores the question
      assert.equal((a + BigInt(link.offset!)).toString(), link.original);
      const restored = problem.question.replace(`{${link.variable}}`, link.original!).replace(
        link.variable,
        link.original!,
      );
      assert.equal(restored, problem.original_question);
    } else {
      const value = evaluateTransform(link.transform!, a);
      assert.equal(value.toString(), link.value);
      const family = getFamily(problem.family);
      assert.equal(
        family.input!.get(problem.params!),
        value,
        "the input was set from the previous answer",
      );
      assert.ok(
        family.check(problem.params!, problem.answer),
        `recomputed answer of ${problem.id} checks`,
      );
    }
  }
}

const integerFamilies = listFamilies().filter((f) => f.answerKind === "integer" && f.input).map((
  f,
) => f.name);
const allLinkable = listFamilies().filter((f) => f.input).map((f) => f.name);

Deno.test("property: recomputed chains evaluate back to their recomputed answers", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 3 }),
      fc.subarray(integerFamilies, { minLength: 1 }),
      fc.constantFrom(...allLinkable),
      (seed, depth, breadth, families, last) => {
        const [task] = composeFromGenerators({
          families: [...families, last],
          depth,
          breadth,
          count: 1,
          seed,
        });
        verifyLinks(task!);
        assert.equal(task!.depth, depth);
        assert.equal(task!.problems.length, depth * breadth);
        assert.equal(task!.links.length, (depth - 1) * breadth);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("property: answer-preserving chains give back every replaced number", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.integer({ min: 1, max: 8 }),
      fc.subarray(integerFamilies, { minLength: 1 }),
      (seed, depth, families) => {
        const [task] = composeFromGenerators({ families, depth, count: 1, seed, link: "offset" });
        verifyLinks(task!);
        // answers are exactly the unlinked problems' answers
        task!.problems.forEach((p) =>
          assert.equal(p.answer, getFamily(p.family).answer(p.params!))
        );
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("recomputing changes downstream answers when an upstream answer changes", () => {
  const f = getFamily("chain_sum");
  const origin = { seed: 0, index: 0, config: resolveConfig(f) };
  const second = {
    family: f,
    params: { terms: ["9", "-4"], digits: 1 },
    origin: { ...origin, index: 1 },
  };
  const a = composeRecomputed(
    [{ family: f, params: { terms: ["5", "3"], digits: 1 }, origin }, second],
    createRng(1),
    {
      transforms: ["identity"],
    },
  );
  const b = composeRecomputed(
    [{ family: f, params: { terms: ["6", "3"], digits: 1 }, origin }, second],
    createRng(1),
    {
      transforms: ["identity"],
    },
  );
  assert.deepEqual(a.answers, ["8", "4"]);
  assert.deepEqual(b.answers, ["9", "5"]);
  assert.equal(a.problems[1]!.original_answer, "5");
});

Deno.test("the same seed gives identical bytes; another seed differs", () => {
  const run = (seed: number) =>
    [...composeFromGenerators({
      families: ["chain_sum", "gcd", "shopping_change"],
      depth: 5,
      breadth: 2,
      count: 20,
      seed,
    })]
      .map((t) => JSON.stringify(t)).join("\n");
  assert.equal(run(11), run(11));
  assert.notEqual(run(11), run(12));
  const shard = [
    ...composeFromGenerators({ families: ["chain_sum"], depth: 3, count: 5, seed: 4, start: 10 }),
  ];
  const full = [
    ...composeFromGenerators({ families: ["chain_sum"], depth: 3, count: 15, seed: 4 }),
  ];
  assert.deepEqual(shard, full.slice(10), "task c does not depend on the tasks before it");
});

const datasetTask = (id: string, question: string, answer: string, level = 1): Task => ({
  id,
  family: "mini",
  question,
  answer,
  answer_kind: "integer",
  difficulty: { level },
  source: { kind: "dataset", dataset: "mini", row: 0 },
});

Deno.test("composeAnswerPreserving() braces placeholders in math and reports unlinkable problems", () => {
  const t = composeAnswerPreserving([
    datasetTask("a", "What is $3 + 4$?", "7"),
    datasetTask("b", "Compute $\\frac{1}{2} \\cdot 18 + 5$.", "14"),
  ]);
  assert.equal(t.problems[1]!.question, "Compute $\\frac{1}{2} \\cdot {[variable2]} + 5$.");
  assert.equal(t.links[0]!.offset, "11");
  assert.throws(
    () =>
      composeAnswerPreserving([
        datasetTask("a", "What is 3+4?", "7"),
        datasetTask("b", "What is x plus y?", "z"),
      ]),
    (e: unknown) =>
      e instanceof UnlinkableProblemError && e.taskId === "b" &&
      /no linkable integer/.test(e.message),
  );
  assert.throws(
    () =>
      composeAnswerPreserving([
        datasetTask("a", "Half of 3?", "3/2"),
        datasetTask("b", "Add 4 and 5.", "9"),
      ]),
    /Cannot link problem "a": its answer "3\/2" is not an integer/,
  );
});

Deno.test("composeFromPool() never repeats a chain and refuses impossible requests", () => {
  const pool = Array.from(
    { length: 6 },
    (_, i) => datasetTask(`p${i}`, `Add ${i + 2} and ${i + 5}.`, String(2 * i + 7), i),
  );
  const tasks = [...composeFromPool(pool, { depth: 2, count: 30, seed: 1 })];
  assert.equal(
    new Set(tasks.map((t) => t.problems.map((p) => p.id).join())).size,
    30,
    "30 = 6·5 ordered pairs, all distinct",
  );
  tasks.forEach(verifyLinks);
  assert.throws(
    () => [...composeFromPool(pool, { depth: 2, count: 31, seed: 1, maxAttempts: 5000 })],
    /only 30 after 5000 draws/,
  );
  assert.throws(
    () => [...composeFromPool(pool, { depth: 7, count: 1 })],
    /from 6 linkable problems/,
  );
  const easy = [...composeFromPool(pool, { depth: 4, count: 5, seed: 2, order: "easy-to-hard" })];
  for (const t of easy) {
    const levels = t.problems.map((p) => p.difficulty.level!);
    assert.deepEqual(levels, [...levels].sort((a, b) => a - b));
  }
  const hard = [...composeFromPool(pool, { depth: 4, count: 5, seed: 2, order: "hard-to-easy" })];
  for (const t of hard) {
    const levels = t.problems.map((p) => p.difficulty.level!);
    assert.deepEqual(levels, [...levels].sort((a, b) => b - a));
  }
});

Deno.test("DAG wiring: one answer can feed several later problems", () => {
  let fanOut = false;
  for (let seed = 0; seed < 20 && !fanOut; seed++) {
    const [t] = composeFromGenerators({
      families: integerFamilies,
      depth: 3,
      breadth: 3,
      count: 1,
      seed,
      wiring: "random",
    });
    verifyLinks(t!);
    const uses = new Map<number, number>();
    for (const l of t!.links) uses.set(l.from, (uses.get(l.from) ?? 0) + 1);
    fanOut = [...uses.values()].some((n) => n > 1);
  }
  assert.ok(fanOut);
  const [p] = composeFromGenerators({
    families: ["gcd"],
    depth: 3,
    breadth: 2,
    count: 1,
    wiring: "parallel",
  });
  assert.deepEqual(p!.links.map((l) => [l.from, l.to]), [[0, 2], [1, 3], [2, 4], [3, 5]]);
});

Deno.test("generator composition refuses mixtures that cannot fill a position", () => {
  const fixed = defineFamily<{ n: number }>({
    name: "fixed_count",
    category: "arithmetic",
    description: "A problem with no chain input",
    answerKind: "integer",
    attributes: {},
    sample: (rng) => ({ n: rng.int(1, 9) }),
    difficulty: () => ({}),
    question: (p) => `Count to ${p.n}: what is the last number?`,
    answer: (p) => String(p.n),
    check: (p, a) => a === String(p.n),
  });
  const unregister = registerFamily(fixed);
  try {
    assert.throws(
      () => [...composeFromGenerators({ families: ["fixed_count"], depth: 2, count: 1 })],
      /No family can fill position 2 of a depth-2 recompute chain: it needs a chain input/,
    );
    const [ok] = composeFromGenerators({
      families: ["chain_sum", "fixed_count"],
      depth: 3,
      count: 1,
      seed: 3,
    });
    assert.ok(ok!.problems.slice(1).every((p) => p.family === "chain_sum"));
    // non-integer answers feed links through their projection
    const [t] = composeFromGenerators({
      families: ["travel_time", "boolean_eval"],
      depth: 3,
      count: 1,
      seed: 1,
    });
    verifyLinks(t!);
  } finally {
    unregister();
  }
});

Deno.test("expectedAccuracy() is the per-instance product and filters like R-Horizon", () => {
  const pool = Array.from(
    { length: 4 },
    (_, i) => datasetTask(`p${i}`, `Add ${i + 2} and 3.`, String(i + 5)),
  );
  const rates = { p0: 0.9, p1: 0.5, p2: 0.2, p3: 1 };
  const tasks = [...composeFromPool(pool, { depth: 2, count: 12, seed: 0 })];
  for (const t of tasks) {
    const product = t.problems.reduce((s, p) => s * rates[p.id as keyof typeof rates], 1);
    assert.equal(expectedAccuracy(t, rates), product);
  }
  const kept = [...filterByExpectedAccuracy(tasks, rates)];
  assert.ok(kept.every((t) => expectedAccuracy(t, rates) > 0.25));
  assert.equal(kept.length, tasks.filter((t) => expectedAccuracy(t, rates) > 0.25).length);
  assert.throws(() => expectedAccuracy(tasks[0]!, {}), /No pass rate for problem/);
});
