import type { ComposedTask } from "../compose/composed_task.ts";
import { composeFromGenerators, difficultyScore } from "../compose/sample.ts";
import type { Policy } from "../policy/policy.ts";
import { simulatedPolicy } from "../policy/simulated_policy.ts";
import type { Task } from "../tasks/task.ts";

/** The generator mixture the demo composes from: integer-answer families with a chain input. */
export const DEMO_FAMILIES: readonly string[] = [
  "chain_sum",
  "products",
  "linear_equation",
  "polynomial_evaluation",
  "gcd",
  "modular_power",
  "divisor_count",
  "binomial",
  "shortest_path",
  "spanning_tree_weight",
  "josephus",
  "shopping_change",
  "age_problem",
];

/**
 * The demo's single-problem pass rates: harder items (by their family's difficulty attributes)
 * are solved less often, from 0.97 down to 0.67.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * import { demoPassRate } from "./demo_suite.ts";
 * const rate = demoPassRate(generateTask("gcd", 0, { seed: 1 }));
 * assert.ok(rate >= 0.67 && rate <= 0.97);
 * ```
 */
export function demoPassRate(problem: Task): number {
  return 0.97 - 0.3 * difficultyScore(problem);
}

/**
 * The simulated policy of the demo: each problem solved with its pass rate, degraded by 1.5% per
 * position in the prompt (a long-horizon effect the independence expectation does not have),
 * with errors propagating along links.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { demoPolicy } from "./demo_suite.ts";
 * assert.equal(demoPolicy(0).name, "sim:calibrated,position-decay=1.5%");
 * ```
 */
export function demoPolicy(seed: number): Policy {
  return simulatedPolicy({
    successProbability: ({ problem, position }) => demoPassRate(problem) * 0.985 ** position,
    seed,
    name: "sim:calibrated,position-decay=1.5%",
  });
}

/**
 * The demo's long-horizon suite: `perDepth` recomputed chains at each depth 1 to 8, composed
 * from {@linkcode DEMO_FAMILIES} with seed `seed + depth` at depth `depth`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeSuite } from "./demo_suite.ts";
 * const suite = composeSuite(0, 1);
 * assert.deepEqual(suite.map((t) => t.depth), [1, 2, 3, 4, 5, 6, 7, 8]);
 * ```
 */
export function composeSuite(seed: number, perDepth: number): ComposedTask[] {
  return [1, 2, 3, 4, 5, 6, 7, 8].flatMap((depth) => [
    ...composeFromGenerators({
      families: [...DEMO_FAMILIES],
      depth,
      count: perDepth,
      seed: seed + depth,
    }),
  ]);
}
