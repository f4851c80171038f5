/**
 * The link contract: every family composes at every position of a depth-3 chain, in both link
 * modes, and every link is checked from the composed task's JSON alone (answers, params, link
 * records), with projections and transforms evaluated independently of the composers.
 */
import assert from "node:assert/strict";
import {
  composeAnswerPreserving,
  type ComposedTask,
  composeRecomputed,
  type GeneratorItem,
} from "../../lib/compose/mod.ts";
import { createRng } from "../../lib/random/mod.ts";
import { generateTask, getFamily, listFamilies } from "../../lib/tasks/generators/mod.ts";

/** Projections, written again from their definitions (not imported). */
function project(name: string | undefined, answer: string): bigint {
  const s = answer.trim();
  const ints = (t: string) => t.replace(/^[[({]|[\])}]$/g, "").split(",").map((x) => x.trim());
  switch (name ?? "integer") {
    case "integer":
      assert.match(s, /^-?\d+$/);
      return BigInt(s);
    case "truth":
      return ["true", "yes"].includes(s.toLowerCase()) ? 1n : 0n;
    case "numerator":
      return BigInt(s.split("/")[0]!);
    case "floor": {
      if (s.includes("/")) {
        const [n, d] = s.split("/").map(BigInt) as [bigint, bigint];
        let q = n / d;
        if (q * d > n) q -= 1n;
        return q;
      }
      const [whole, frac = ""] = s.split(".");
      const w = BigInt(whole!);
      return s.startsWith("-") && /[1-9]/.test(frac) ? w - 1n : w;
    }
    case "sum":
      return ints(s).filter(Boolean).reduce((t, x) => t + BigInt(x), 0n);
    case "count":
      return BigInt(ints(s).filter(Boolean).length);
    case "length":
      return BigInt([...s].filter((c) => /[\p{L}\p{N}]/u.test(c)).length);
    case "digit_sum":
      return [...s].filter((c) => c >= "0" && c <= "9").reduce((t, c) => t + BigInt(c), 0n);
    case "letter_sum":
      return [...s.toLowerCase()].filter((c) => c >= "a" && c <= "z")
        .reduce((t, c) => t + BigInt(c.charCodeAt(0) - 96), 0n);
    case "first_integer":
      return BigInt(s.match(/-?\d+/)![0]);
  }
  throw new Error(`unknown projection ${name}`);
}

function transform(t: { op: string; k?: string; shift?: string }, a: bigint): bigint {
  if (t.op === "identity") return a;
  if (t.op === "offset") return a + BigInt(t.k!);
  if (t.op === "scale") return BigInt(t.k!) * a;
  const k = BigInt(t.k!);
  return ((a % k) + k) % k + BigInt(t.shift!);
}

/** Checks every link of a composed task from its JSON text. */
export function checkLinksFromJson(json: string): void {
  const task = JSON.parse(json) as ComposedTask;
  task.problems.forEach((p, i) => {
    assert.equal(p.answer, task.answers[i]);
    const family = getFamily(p.family);
    assert.equal(family.answer(p.params!), p.answer, `${p.id}: answer recomputes from params`);
    assert.ok(family.check(p.params!, p.answer), `${p.id}: answer checks`);
  });
  for (const link of task.links) {
    const from = task.problems[link.from]!, to = task.problems[link.to]!;
    const fed = project(link.projection, from.answer);
    assert.ok(to.question.includes(link.variable) && task.prompt.includes(link.variable));
    const input = getFamily(to.family).input;
    if (link.kind === "recompute") {
      assert.equal(transform(link.transform!, fed).toString(), link.value);
      assert.equal(input!.get(to.params!).toString(), link.value, `${to.id}: input set`);
    } else {
      assert.equal((fed + BigInt(link.offset!)).toString(), link.original);
      if (link.via === "input") {
        assert.equal(input!.get(to.params!).toString(), link.original);
      } else {
        const restored = to.question.replace(`{${link.variable}}`, link.original!)
          .replace(link.variable, link.original!);
        assert.equal(restored, to.original_question);
      }
    }
  }
}

const families = listFamilies();

function item(name: string, seed: number, index: number): GeneratorItem {
  const t = generateTask(name, index, { seed });
  const f = getFamily(name);
  return {
    family: f,
    params: t.params!,
    origin: { seed, index, config: t.source.kind === "generator" ? t.source.config : {} },
  };
}

// One seed per family: at seed s the other two places hold families s + k + position (mod the
// number of families), so every family is, at every position, next to every family (itself
// included) in each other place, which random neighbours over more seeds did not promise.
for (const family of families) {
  Deno.test(`${family.name}: composes first, middle and last at depth 3 beside every family, both link modes`, () => {
    for (let seed = 0; seed < families.length; seed++) {
      const rng = createRng(["link_contract", family.name, seed]);
      for (let position = 0; position < 3; position++) {
        const names = [0, 1, 2].map((k) =>
          k === position ? family.name : families[(seed + k + position) % families.length]!.name
        );
        const items = names.map((n, k) => item(n, seed, 3 * position + k));
        const recomputed = composeRecomputed(items, rng, { seed, index: position });
        assert.equal(recomputed.links.length, 2);
        checkLinksFromJson(JSON.stringify(recomputed));
        const offset = composeAnswerPreserving(
          items.map((it, k) => generateTask(names[k]!, it.origin.index, { seed })),
          { seed, index: position },
        );
        assert.equal(offset.links.length, 2);
        checkLinksFromJson(JSON.stringify(offset));
        assert.deepEqual(
          offset.answers,
          items.map((it) => it.family.answer(it.params)),
          "offset links keep every answer",
        );
      }
    }
  });
}
