/**
 * The public API documents itself: in every area of `CHECKED_AREAS`
 * (tests/harness/check_docs.ts), each exported function has an `@example` that asserts its
 * result, and `deno doc --lint` reports nothing.
 * @module
 */
import assert from "node:assert/strict";
import {
  CHECKED_AREAS,
  docLintProblems,
  exampleAsserts,
  formatProblems,
  functionsWithoutAssertingExample,
} from "./harness/check_docs.ts";

Deno.test("every exported function of a checked area has an asserting @example", async () => {
  const problems = await functionsWithoutAssertingExample(CHECKED_AREAS);
  assert.equal(problems.length, 0, `\n${formatProblems(problems)}`);
});

Deno.test("deno doc --lint reports nothing in the checked areas", async () => {
  const problems = await docLintProblems(CHECKED_AREAS);
  assert.equal(problems.length, 0, `\n${formatProblems(problems)}`);
});

Deno.test("an example asserts only when a code block calls an assertion", () => {
  assert.equal(exampleAsserts("```ts\nassert.equal(f(1), 2);\n```"), true);
  assert.equal(exampleAsserts("```ts\nassertEquals(f(1), 2);\n```"), true);
  assert.equal(exampleAsserts("```ts\nf(1); // 2\n```"), false);
  assert.equal(exampleAsserts("```ts ignore\nassert.equal(f(1), 2);\n```"), false, "ignored");
  assert.equal(exampleAsserts("assert.equal(f(1), 2);"), false, "not in a code block");
});

Deno.test("the checker finds a function without an asserting example", async () => {
  const dir = await Deno.makeTempDir({ dir: new URL("../lib", import.meta.url).pathname });
  const area = dir.split("/").at(-1)!;
  try {
    await Deno.writeTextFile(
      `${dir}/mod.ts`,
      [
        "/**",
        " * Doubles.",
        " *",
        " * @example",
        " * ```ts",
        " * double(2); // 4",
        " * ```",
        " */",
        "export function double(x: number): number {",
        "  return 2 * x;",
        "}",
        "",
      ].join("\n"),
    );
    const problems = await functionsWithoutAssertingExample([area]);
    assert.deepEqual(problems.map((p) => [p.symbol, p.line]), [["double", 9]]);
    assert.match(problems[0]!.message, /asserts nothing/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
