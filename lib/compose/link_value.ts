import type { Family } from "../tasks/generators/family.ts";
import { familyProjection } from "../tasks/generators/family.ts";
import { projectAnswer, type ProjectionName } from "../tasks/generators/link.ts";
import { getFamily } from "../tasks/generators/registry.ts";
import type { Task } from "../tasks/task.ts";

/**
 * The integer a problem's answer feeds into a link, and the projection that gave it (omitted
 * for plain integer answers). A generated problem uses its family's projection (a count, a
 * length, a sum, a truth value…); a dataset problem needs an integer answer. `null` when the
 * answer does not project.
 *
 * @example
 * ```ts
 * import { linkValue } from "./link_value.ts";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * import assert from "node:assert/strict";
 * const t = generateTask("boolean_eval", 0, { seed: 3 });
 * assert.deepEqual(linkValue(t), { value: t.answer === "True" ? 1n : 0n, projection: "truth" });
 * ```
 */
export function linkValue(
  task: Task,
  family: Family | undefined = familyOfTask(task),
): { value: bigint; projection?: ProjectionName } | null {
  const projection: ProjectionName = family ? familyProjection(family) : "integer";
  const value = projectAnswer(projection, task.answer);
  if (value === null) return null;
  return projection === "integer" ? { value } : { value, projection };
}

/**
 * The registered family of a generated task, or `undefined` (dataset tasks, unknown names).
 *
 * @example
 * ```ts
 * import { familyOfTask } from "./link_value.ts";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * import assert from "node:assert/strict";
 * assert.equal(familyOfTask(generateTask("gcd", 0))?.name, "gcd");
 * ```
 */
export function familyOfTask(task: Task): Family | undefined {
  if (task.source.kind !== "generator" || task.params === undefined) return undefined;
  try {
    return getFamily(task.family);
  } catch {
    return undefined;
  }
}
