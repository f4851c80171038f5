/**
 * A user module for `--module` tests: it registers a reward, an export format and a policy,
 * and exports a family, as a notebook's or a user's own module would.
 * @module
 */
import { registerExportFormat } from "../../lib/export/format_registry.ts";
import { registerPolicy } from "../../lib/policy/policy_spec.ts";
import { registerReward, weightedReward } from "../../lib/rewards/reward_registry.ts";
import { defineFamily } from "../../lib/tasks/generators/family.ts";

registerReward("half_fraction", {
  description: "half the fraction of problems right (a test's composed reward)",
  fn: weightedReward({ fraction: 0.5 }),
}, { override: true });

registerExportFormat("ids_only", {
  kind: "lines",
  description: "task ids only (a test's format)",
  row: (task) => ({ id: task.id, n: task.problems.length }),
}, { override: true });

registerPolicy("always_seven", {
  description: "answers 7 to everything (a test's policy)",
  create: ({ text }) => ({
    name: text,
    respond: () => Promise.resolve({ text: "\\boxed{7}" }),
  }),
}, { override: true });

/** A family the module exports (registered by `--module`). */
export const tripleIt = defineFamily<{ n: number }>({
  name: "triple_it",
  category: "arithmetic",
  description: "Triple a number (a test's family)",
  answerKind: "integer",
  attributes: {
    size: { description: "max n", levels: [10, 100], default: [10, 10], min: 1, max: 1000 },
  },
  sample: (rng, c) => ({ n: rng.int(1, c.size![1]) }),
  difficulty: (p) => ({ size: p.n }),
  question: (p, s) => `What is three times ${s ?? p.n}?`,
  answer: (p) => String(3 * p.n),
  check: (p, a) => a === String(3 * p.n),
  input: {
    describe: "n",
    min: 1n,
    max: 1000n,
    get: (p) => BigInt(p.n),
    set: (_p, v) => ({ n: Number(v) }),
  },
});
