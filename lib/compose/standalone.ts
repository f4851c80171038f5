/**
 * The constituent problems of a composed task asked alone: R-Horizon's protocol for the
 * single-problem pass rates its independence expectation multiplies.
 * @module
 */
import type { ComposedTask } from "./composed_task.ts";
import { getFamily, taskFromParams } from "../tasks/generators/registry.ts";
import type { Task } from "../tasks/task.ts";

/**
 * The constituent problems of a composed task as standalone tasks: a generated problem is
 * rebuilt from its generator parameters (a recomputed link's chain input filled in, an
 * answer-preserving link's original problem), any other problem is returned as it is.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { standaloneProblems } from "./standalone.ts";
 * import { composeFromGenerators } from "./sample.ts";
 * const [t] = [...composeFromGenerators({ families: ["chain_sum"], depth: 2, count: 1, seed: 1, link: "recompute" })];
 * const [, second] = standaloneProblems(t!);
 * assertEquals(second!.answer, t!.answers[1]);
 * assertEquals(second!.question.includes("[variable"), false);
 * ```
 */
export function standaloneProblems(task: ComposedTask): Task[] {
  return task.problems.map((p) => {
    if (p.source.kind !== "generator" || p.params === undefined) return p;
    const { seed, index, config } = p.source;
    return taskFromParams(getFamily(p.family), p.params, { seed, index, config });
  });
}
