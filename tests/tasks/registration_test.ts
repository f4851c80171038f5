import assert from "node:assert/strict";
import { composeFromGenerators } from "../../lib/compose/mod.ts";
import { createFamilyCurriculum, nextFamilyBatch } from "../../lib/curriculum/mod.ts";
import {
  checkTaskAnswer,
  defineFamily,
  generateTask,
  getFamily,
  listFamilies,
  registerFamily,
} from "../../lib/tasks/generators/mod.ts";
import { farsight } from "../cli/_run.ts";

type Params = { a: number; b: number };

/** A family as a notebook would define it: a rectangle's perimeter. */
const perimeter = defineFamily<Params>({
  name: "rectangle_perimeter",
  category: "geometry",
  description: "Perimeter of a rectangle",
  answerKind: "integer",
  attributes: {
    side: { description: "longest side", levels: [5, 10, 50], default: [5, 10], min: 1, max: 1000 },
  },
  sample: (rng, c) => ({ a: rng.int(1, c.side![1]), b: rng.int(1, c.side![1]) }),
  difficulty: (p) => ({ side: Math.max(p.a, p.b) }),
  question: (p, s) => `A rectangle is ${s ?? p.a} by ${p.b}. What is its perimeter?`,
  answer: (p) => String(2 * (p.a + p.b)),
  check: (p, a) => a === String(p.a + p.a + p.b + p.b),
  input: {
    describe: "the first side",
    min: 0n,
    max: 10n ** 6n,
    get: (p) => BigInt(p.a),
    set: (p, v) => ({ ...p, a: Number(v) }),
  },
});

Deno.test("a registered family generates, checks and composes like a built-in one", () => {
  const unregister = registerFamily(perimeter);
  try {
    assert.equal(getFamily("rectangle_perimeter"), perimeter);
    assert.equal(listFamilies().at(-1)!.name, "rectangle_perimeter");
    const t = generateTask("rectangle_perimeter", 3, { seed: 1 });
    assert.ok(checkTaskAnswer(t, t.answer));
    for (const link of ["recompute", "offset"] as const) {
      const tasks = [...composeFromGenerators({
        families: ["rectangle_perimeter", "gcd"],
        depth: 3,
        count: 20,
        seed: 2,
        link,
      })];
      assert.ok(
        tasks.some((x) => x.problems.slice(1).some((p) => p.family === "rectangle_perimeter")),
      );
      for (const x of tasks) for (const p of x.problems) assert.ok(checkTaskAnswer(p, p.answer));
    }
    const { tasks } = nextFamilyBatch(
      createFamilyCurriculum({ families: ["rectangle_perimeter"] }),
      2,
    );
    assert.equal(tasks.length, 2);
    assert.throws(() => registerFamily(perimeter), /the name is taken/);
    assert.throws(() => registerFamily({ ...perimeter, name: "gcd" }), /built-in family/);
    assert.throws(
      () =>
        registerFamily({
          ...perimeter,
          name: "bad_levels",
          attributes: { x: { ...perimeter.attributes.side!, levels: [3, 1] } },
        }),
      /attribute "x" needs ascending integer levels/,
    );
  } finally {
    unregister();
  }
  assert.throws(() => getFamily("rectangle_perimeter"), /Unknown task family/);
});

Deno.test("an unregistered family object composes directly", () => {
  const [task] = composeFromGenerators({ families: [perimeter], depth: 2, count: 1, seed: 1 });
  assert.equal(task!.problems[1]!.family, "rectangle_perimeter");
  assert.equal(task!.problems[1]!.answer, perimeter.answer(task!.problems[1]!.params as Params));
});

Deno.test("compose --module registers a user module's families", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const mod = new URL("../../lib/tasks/generators/family.ts", import.meta.url).href;
    await Deno.writeTextFile(
      `${dir}/mine.ts`,
      `import { defineFamily } from "${mod}";
export const triple = defineFamily({
  name: "triple_it", category: "arithmetic", description: "Triple a number", answerKind: "integer",
  attributes: {},
  sample: (rng) => ({ n: rng.int(1, 50) }),
  difficulty: () => ({}),
  question: (p, s) => \`What is 3 times \${s ?? p.n}?\`,
  answer: (p) => String(3 * p.n),
  check: (p, a) => a === String(p.n * 3),
  input: { describe: "n", min: 0n, max: 1000000n, get: (p) => BigInt(p.n), set: (p, v) => ({ n: Number(v) }) },
});
`,
    );
    const list = await farsight("compose", "--module", `${dir}/mine.ts`, "--list");
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /triple_it/);
    const run = await farsight(
      "compose",
      "--module",
      `${dir}/mine.ts`,
      "--family",
      "triple_it,gcd",
      "--depth",
      "3",
      "--count",
      "4",
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim().split("\n").length, 4);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
