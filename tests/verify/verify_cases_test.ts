import assert from "node:assert/strict";
import { verifyAnswer } from "../../lib/verify/mod.ts";
import { DEFAULT_CASES, TOLERANCE } from "./cases.ts";

const all = Object.values(DEFAULT_CASES).flat();

Deno.test("the case table has at least 300 cases", () => {
  assert.ok(all.length + TOLERANCE.length >= 300, `${all.length + TOLERANCE.length} cases`);
});

for (const [category, cases] of Object.entries(DEFAULT_CASES)) {
  Deno.test(`verification table: ${category} (${cases.length} cases)`, () => {
    const failures: string[] = [];
    for (const [gold, response, expected, note] of cases) {
      const t0 = performance.now();
      const v = verifyAnswer(gold, response);
      const ms = performance.now() - t0;
      if (v.correct !== expected) {
        failures.push(
          `gold ${JSON.stringify(gold)} vs ${
            JSON.stringify(response.slice(0, 80))
          }: expected ${expected}, got ${v.status} (${v.reason})${note ? ` [${note}]` : ""}`,
        );
      }
      assert.ok(ms < 500, `took ${ms.toFixed(0)} ms: ${response.slice(0, 60)}`);
      assert.equal(typeof v.reason, "string");
    }
    assert.deepEqual(failures, []);
  });
}

Deno.test("verification table: tolerance option", () => {
  for (const [gold, response, expected] of TOLERANCE) {
    assert.equal(
      verifyAnswer(gold, response, { tolerance: { relative: 0.005 } }).correct,
      expected,
      `${gold} vs ${response}`,
    );
    if (expected) {
      assert.equal(verifyAnswer(gold, response).correct, false, "not without the option");
    }
  }
});
