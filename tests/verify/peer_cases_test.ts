import assert from "node:assert/strict";
import { verifyAnswer } from "../../lib/verify/mod.ts";
import { PEER_CASES } from "./peer_cases.ts";

for (const [category, cases] of Object.entries(PEER_CASES)) {
  Deno.test(`peer-suite categories: ${category} (${cases.length} cases)`, () => {
    const failures: string[] = [];
    for (const [gold, response, expected, options, note] of cases) {
      const v = verifyAnswer(gold, response, options ?? {});
      if (v.correct !== expected) {
        failures.push(
          `gold ${JSON.stringify(gold)} vs ${
            JSON.stringify(response.slice(0, 100))
          }: expected ${expected}, got ${v.status} (${v.reason})${note ? ` [${note}]` : ""}`,
        );
      }
    }
    assert.deepEqual(failures, []);
  });
}
