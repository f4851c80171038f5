import assert from "node:assert/strict";
import {
  parseJsonBytesSteps,
  parseJsonSteps,
  stringifyJsonSteps,
} from "../../lib/io/json_slices.ts";
import { runSteps, runStepsSliced } from "../../lib/io/time_slices.ts";
import { createRng, type Rng } from "../../lib/random/rng.ts";

/** JSON.parse's outcome: the value, or the error's class and message. */
function outcome(f: () => unknown): unknown {
  try {
    return { value: f() };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const TRICKY_STRINGS = [
  "",
  'a "quoted" word',
  "back\\slash",
  "ends with a slash \\",
  '\\"',
  "[brackets] {braces}, commas: and colons",
  "π ½ \u{1F600} \u2028",
  "\n\t\r",
  "\u0000",
];

function randomValue(rng: Rng, depth = 0): unknown {
  const kind = rng.int(0, depth > 2 ? 4 : 6);
  switch (kind) {
    case 0:
      return rng.pick(TRICKY_STRINGS) + rng.int(0, 9);
    case 1:
      return rng.pick([0, -0, 1.5e-7, -12, 1e21, 3.25]);
    case 2:
      return rng.pick([true, false, null]);
    case 3:
      return String.fromCharCode(...Array.from({ length: rng.int(0, 6) }, () => rng.int(32, 126)));
    case 4:
      return rng.int(-1000, 1000);
    case 5:
      return Array.from({ length: rng.int(0, 5) }, () => randomValue(rng, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let k = rng.int(0, 4); k > 0; k--) {
        o[rng.pick(TRICKY_STRINGS) + k] = randomValue(rng, depth + 1);
      }
      return o;
    }
  }
}

/** A request-shaped body: a few long lists and some scalars, written with random whitespace. */
function randomBody(rng: Rng): string {
  const body: Record<string, unknown> = {};
  for (let k = rng.int(1, 4); k > 0; k--) {
    body[rng.pick(["query", "labels", "prompts", 'x\\"y', "__proto__"])] = rng.chance(0.8)
      ? Array.from({ length: rng.int(0, 40) }, () => randomValue(rng))
      : randomValue(rng);
  }
  const text = JSON.stringify(body, null, rng.chance(0.5) ? 1 : undefined);
  return rng.chance(0.3) ? ` \n${text}\t ` : text;
}

Deno.test("parseJsonSteps gives JSON.parse's value on seeded random request bodies", () => {
  const rng = createRng(["json_slices", 1]);
  for (let n = 0; n < 300; n++) {
    const text = randomBody(rng);
    const per = rng.int(1, 8);
    assert.deepEqual(runSteps(parseJsonSteps(text, { itemsPerStep: per })), JSON.parse(text), text);
  }
});

Deno.test("parseJsonSteps fails exactly as JSON.parse does on damaged text (one byte cut, added or changed)", () => {
  const rng = createRng(["json_slices", 2]);
  const noise = ['"', "\\", ",", "]", "[", "}", "{", ":", " ", "x", "1"];
  let errors = 0;
  for (let n = 0; n < 600; n++) {
    const text = randomBody(rng);
    const at = rng.int(0, text.length);
    const cut = rng.int(0, 2);
    const damaged = cut === 0
      ? text.slice(0, at) + text.slice(at + 1)
      : cut === 1
      ? text.slice(0, at) + rng.pick(noise) + text.slice(at)
      : text.slice(0, at) + rng.pick(noise) + text.slice(at + 1);
    const expected = outcome(() => JSON.parse(damaged));
    if ((expected as { error?: string }).error) errors++;
    assert.deepEqual(
      outcome(() => runSteps(parseJsonSteps(damaged, { itemsPerStep: rng.int(1, 4) }))),
      expected,
      damaged,
    );
  }
  assert.ok(errors > 300, `only ${errors} of the damaged texts were malformed`);
});

Deno.test("parseJsonSteps keeps JSON.parse's object semantics: __proto__ as a key, the last duplicate", () => {
  const text = '{"__proto__": [1, 2], "a": [1], "a": [2, 3]}';
  const value = runSteps(parseJsonSteps(text, { itemsPerStep: 1 })) as Record<string, unknown>;
  assert.deepEqual(value, JSON.parse(text));
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(Object.keys(value), ["__proto__", "a"]);
  // valid text takes the sliced path: one step per element here
  const steps = parseJsonSteps('{"a": [1, "2", [3], {"4": 4}], "b": 5}', { itemsPerStep: 1 });
  let pauses = 0;
  while (!steps.next().done) pauses++;
  assert.ok(pauses >= 4, `${pauses} pauses`);
  for (const top of ["1", '"s"', "null", "[]", "{}", " [ ] ", "[[1,[2]],{}]"]) {
    assert.deepEqual(runSteps(parseJsonSteps(top)), JSON.parse(top));
  }
});

Deno.test("stringifyJsonSteps writes JSON.stringify's text, also for holes, undefined and non-finite numbers", () => {
  const rng = createRng(["json_slices", 3]);
  for (let n = 0; n < 300; n++) {
    const value = JSON.parse(randomBody(rng));
    assert.equal(
      runSteps(stringifyJsonSteps(value, { itemsPerStep: rng.int(1, 5) })),
      JSON.stringify(value),
    );
  }
  // deno-lint-ignore no-sparse-arrays
  const odd = {
    a: [1, , undefined, NaN, Infinity, () => 1],
    b: undefined,
    c: { d: [new Date(0)] },
  };
  assert.equal(runSteps(stringifyJsonSteps(odd, { itemsPerStep: 2 })), JSON.stringify(odd));
});

Deno.test("parsing and writing a 100,000-item body in slices leaves the event loop free", async () => {
  const query = Array.from(
    { length: 100_000 },
    (_, i) => `Step ${i}: so the answer is \\boxed{${i}}.`,
  );
  const text = JSON.stringify({ query, labels: query.map((_, i) => String(i)) });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    const value = await runStepsSliced(parseJsonBytesSteps(new TextEncoder().encode(text)));
    assert.deepEqual(value, JSON.parse(text));
    const before = ticks;
    assert.equal(await runStepsSliced(stringifyJsonSteps(value)), text);
    assert.ok(ticks > before, "no timer ran while the reply was written");
  } finally {
    clearInterval(timer);
  }
  assert.ok(ticks > 1, `the timer ran ${ticks} times`);
});
