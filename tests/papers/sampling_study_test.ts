import assert from "node:assert/strict";
import { majorityStudy, passAtKStudy } from "../../lib/papers/mod.ts";

Deno.test("pass@k study: the unbiased estimator tracks the truth, the bootstrap falls short", () => {
  const rows = passAtKStudy({ problems: 400, samples: 16, seed: 5 });
  assert.deepEqual(passAtKStudy({ problems: 400, samples: 16, seed: 5 }), rows, "seeded");
  const k8 = rows[7]!;
  assert.ok(
    Math.abs(k8.unbiased - k8.truth) < 0.03,
    `unbiased ${k8.unbiased} vs truth ${k8.truth}`,
  );
  assert.ok(k8.truth - k8.bootstrap > 0.03, `bootstrap ${k8.bootstrap} is biased low`);
  assert.ok(
    rows.every((r) => r.withReplacement <= r.unbiased + 1e-12),
    "with replacement never exceeds unbiased",
  );
  const maj = majorityStudy({ problems: 300, samples: 16, seed: 5 });
  assert.ok(maj[15]!.passAtK >= maj[15]!.majAtK && maj[15]!.majAtK >= 0);
  assert.ok(Math.abs(maj[0]!.passAtK - maj[15]!.avgAtK) < 1e-12, "pass@1 = avg@n = c/n");
});
