import assert from "node:assert/strict";
import { compareAdvantages } from "../../lib/advantages/mod.ts";
import { assertClose } from "../_helpers/close.ts";

Deno.test("compareAdvantages() lines up every estimator on one group", () => {
  const rows = compareAdvantages([1, 0, 0, 0], [10, 20, 30, 40]);
  const by = (name: string) => rows.filter((r) => r.estimator === name).map((r) => r.advantage);
  assert.deepEqual([...new Set(rows.map((r) => r.estimator))], [
    "GRPO",
    "GRPO TRL",
    "GRPO pop. std",
    "Dr.GRPO",
    "RLOO",
    "OPO",
    "pass@k GRPO",
    "Expert iteration",
  ]);
  assertClose(by("GRPO"), [1.499997, -0.499999, -0.499999, -0.499999]);
  assertClose(by("RLOO"), [1, -1 / 3, -1 / 3, -1 / 3]);
  assertClose(by("OPO"), [0.9, -0.1, -0.1, -0.1]);
  assertClose(by("pass@k GRPO"), [1, 0, 0, 0]);
  assertClose(by("Expert iteration"), [1, 0, 0, 0]);
  assert.equal(compareAdvantages([1]).some((r) => r.estimator === "pass@k GRPO"), false);
});
