import assert from "node:assert/strict";
import { creditByStep } from "../../lib/papers/mod.ts";

Deno.test("creditByStep() gives every method one value per step", () => {
  const rollouts = [
    {
      steps: ["plan", "search", "answer"],
      outcome: 1,
      entropies: [0.3, 0.9, 0.2],
      beliefs: [0.1, 0.3, 0.7],
    },
    { steps: ["plan", "guess"], outcome: 0, entropies: [0.4, 1.4], beliefs: [0.1, 0.1] },
  ];
  const rows = creditByStep(rollouts);
  const methods = [...new Set(rows.map((r) => r.method))];
  assert.deepEqual(methods, [
    "GRPO",
    "Dr.GRPO",
    "RLOO",
    "Flow-GRPO (per turn)",
    "EMPG",
    "SALT",
    "IGPO",
  ]);
  for (const m of methods) assert.equal(rows.filter((r) => r.method === m).length, 5, m);
  const salt = rows.filter((r) => r.method === "SALT");
  assert.equal(
    salt.find((r) => r.trajectory === 0 && r.step === 0)!.advantage,
    0,
    "the shared first step is neutral",
  );
  const grpo = rows.filter((r) => r.method === "GRPO" && r.trajectory === 0).map((r) =>
    r.advantage
  );
  assert.ok(grpo.every((a) => a === grpo[0]), "GRPO broadcasts one value");
});
