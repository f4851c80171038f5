import { type Table, table } from "../display/table.ts";
import type { ComposedTask } from "./composed_task.ts";
import { linkDefinition } from "./render.ts";

/**
 * A composed task as a table: one row per problem with its family, gold answer, what it
 * depends on and how, so a notebook or report shows the ground truth next to the prompt.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeFromGenerators } from "./sample.ts";
 * import { composedTaskTable } from "./describe.ts";
 * const [task] = composeFromGenerators({ families: ["chain_sum"], depth: 3, count: 1 });
 * const shown = composedTaskTable(task!);
 * assert.equal(shown.rows.length, 3);
 * assert.equal(shown.rows[1]!["depends on"], "1");
 * ```
 */
export function composedTaskTable(task: ComposedTask): Table {
  const rows = task.problems.map((p, i) => {
    const incoming = task.links.filter((l) => l.to === i);
    return {
      problem: i + 1,
      family: p.family,
      answer: task.answers[i]!,
      "depends on": incoming.map((l) => l.from + 1).join(", "),
      link: incoming.map(linkDefinition).join("; "),
      value: incoming.map((l) => l.value).join(", "),
      ...(task.source.method === "recomputed"
        ? { "answer before link": p.original_answer ?? "" }
        : {}),
    };
  });
  return table(rows, {
    title: `${task.id}: depth ${task.depth}, breadth ${task.breadth}, ${
      task.source.method.replace("_", "-")
    } links`,
  });
}
