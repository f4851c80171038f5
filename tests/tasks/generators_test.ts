import assert from "node:assert/strict";
import {
  checkTaskAnswer,
  type FamilyCategory,
  familyProjection,
  generateTask,
  generateTasks,
  getFamily,
  listFamilies,
  projectAnswer,
  PROJECTIONS,
  REASONING_GYM_CATEGORIES,
  reasoningGymCategory,
  resolveConfig,
} from "../../lib/tasks/generators/mod.ts";
import { ANSWER_KINDS } from "../../lib/tasks/task.ts";
import { createRng } from "../../lib/random/mod.ts";

Deno.test("there are at least 64 families across all 12 Reasoning Gym categories", () => {
  const families = listFamilies();
  assert.ok(families.length >= 64, `${families.length} families`);
  const native = new Set<string>(families.map((f) => f.category));
  for (const c of REASONING_GYM_CATEGORIES) {
    assert.ok(native.has(c), `no family in Reasoning Gym's category ${c}`);
  }
  assert.deepEqual(
    new Set(families.map((f) => reasoningGymCategory(f.category))),
    new Set(REASONING_GYM_CATEGORIES),
  );
  for (const f of families) {
    assert.ok(f.input, `${f.name} declares a chain input`);
    assert.ok(PROJECTIONS.includes(familyProjection(f)), `${f.name} declares a projection`);
  }
  const categories = new Set(families.map((f) => f.category));
  const required: FamilyCategory[] = [
    "arithmetic",
    "algebra",
    "number_theory",
    "combinatorics",
    "probability",
    "graphs",
    "algorithmic",
    "logic",
    "word_problems",
  ];
  for (const c of required) assert.ok(categories.has(c), `missing category ${c}`);
  assert.equal(new Set(families.map((f) => f.name)).size, families.length, "unique names");
  for (const f of families) {
    assert.ok(ANSWER_KINDS.includes(f.answerKind));
    for (const [name, spec] of Object.entries(f.attributes)) {
      assert.ok(spec.levels.length >= 1, `${f.name}.${name} has levels`);
      assert.deepEqual(
        [...spec.levels].sort((a, b) => a - b),
        [...spec.levels],
        `${f.name}.${name} levels ascend`,
      );
      assert.ok(
        spec.min <= spec.default[0] && spec.default[1] <= spec.max,
        `${f.name}.${name} default in bounds`,
      );
    }
  }
});

for (const family of listFamilies()) {
  Deno.test(`${family.name}: answers pass the family checker on 1,000 seeds`, () => {
    for (let seed = 0; seed < 1000; seed++) {
      const task = generateTask(family, 0, { seed });
      assert.ok(
        checkTaskAnswer(task, task.answer),
        `seed ${seed}: ${task.question} => ${task.answer}`,
      );
      assert.notEqual(
        projectAnswer(familyProjection(family), task.answer),
        null,
        `seed ${seed}: the answer ${task.answer} does not project (${familyProjection(family)})`,
      );
    }
  });

  Deno.test(`${family.name}: the checker rejects wrong answers`, () => {
    let rejected = 0;
    for (let seed = 0; seed < 50; seed++) {
      const task = generateTask(family, 0, { seed });
      const wrong = mutate(task.answer);
      if (wrong !== task.answer && !checkTaskAnswer(task, wrong)) rejected++;
    }
    assert.ok(rejected >= 45, `only ${rejected} of 50 wrong answers rejected`);
  });

  Deno.test(`${family.name}: item i does not depend on what else was drawn`, () => {
    const alone = generateTask(family, 37, { seed: 5 });
    const inRun = [...generateTasks(family, 40, { seed: 5 })][37]!;
    assert.deepEqual(inRun, alone);
    assert.match(alone.id, new RegExp(`^${family.name}-[0-9a-f]{6}-s5-i37$`));
    assert.notEqual(generateTask(family, 37, { seed: 6 }).id, alone.id);
  });

  Deno.test(`${family.name}: the hardest config generates and checks`, () => {
    const hardest = Object.fromEntries(
      Object.entries(family.attributes).map(([n, s]) => [n, s.levels[s.levels.length - 1]!]),
    );
    for (let i = 0; i < 20; i++) {
      const task = generateTask(family, i, { seed: 1, config: hardest });
      assert.ok(checkTaskAnswer(task, task.answer), task.question);
    }
  });

  if (family.input) {
    Deno.test(`${family.name}: setting the chain input changes the question and keeps answers checkable`, () => {
      const input = family.input!;
      const rng = createRng(["input", family.name]);
      for (let i = 0; i < 100; i++) {
        const params = family.sample(rng, resolveConfig(family));
        const lo = input.min, hi = input.max < input.min + 1000n ? input.max : input.min + 1000n;
        const value = rng.bigint(lo, hi);
        const changed = input.set(params, value);
        assert.equal(input.get(changed), value);
        assert.ok(family.check(changed, family.answer(changed)), family.question(changed));
        assert.ok(family.question(changed, "[variable2]").includes("[variable2]"));
      }
    });
  }
}

/** A plausible wrong answer: change one digit or letter. */
function mutate(answer: string): string {
  const i = answer.search(/[0-9]/);
  if (i >= 0) {
    const d = Number(answer[i]);
    return answer.slice(0, i) + String((d + 1) % 10) + answer.slice(i + 1);
  }
  if (answer === "True") return "False";
  if (answer === "False") return "True";
  return answer.replace(
    /[a-z]/,
    (c) => (c === "z" ? "a" : String.fromCharCode(c.charCodeAt(0) + 1)),
  );
}

Deno.test("resolveConfig() validates with errors naming family and attribute", () => {
  assert.deepEqual(resolveConfig("chain_sum", { terms: [3, 5] }), {
    terms: [3, 5],
    digits: [1, 3],
  });
  assert.throws(() => resolveConfig("chain_sum", { term: 3 }), {
    message: 'Unknown attribute "term" for family "chain_sum": expected one of terms, digits',
  });
  assert.throws(() => resolveConfig("chain_sum", { terms: [5, 3] }), {
    message: 'Invalid range for "chain_sum.terms": lo 5 is greater than hi 3',
  });
  assert.throws(
    () => resolveConfig("chain_sum", { terms: [1, 3] }),
    /outside the allowed \[2, 20\]/,
  );
  assert.throws(() => resolveConfig("chain_sum", { terms: 2.5 }), TypeError);
  assert.throws(() => getFamily("nope"), /Unknown task family "nope": expected one of chain_sum/);
  assert.throws(() => generateTask("gcd", -1), /Invalid item index -1/);
});

Deno.test("generated answers are exact for large values (BigInt and rationals)", () => {
  const t = generateTask("chain_sum", 0, { seed: 1, config: { digits: 30, terms: 6 } });
  assert.ok(t.answer.replace("-", "").length >= 29, t.answer);
  const p = getFamily("products");
  assert.equal(
    p.answer({ factors: ["999999999999", "999999999999"], digits: 12 }),
    "999999999998000000000001",
  );
  const f = getFamily("fraction_arithmetic");
  assert.equal(
    f.answer({ fractions: [[1, 3], [1, 6], [2, 1]], ops: ["+", "/"], denominator: 6 }),
    "1/4",
  );
});
