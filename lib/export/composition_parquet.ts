import { parquetWriteBuffer } from "hyparquet-writer";
import type { ComposedTask } from "../compose/composed_task.ts";

/**
 * Farsight's composed-task contract as Parquet: scalar columns `id`, `prompt`, `answer`,
 * `method`, `depth`, `breadth`, a list column `answers`, and `problems` and `links` as JSON
 * strings (Parquet `JSON` converted type), so nothing of the JSONL form is lost.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parquetReadObjects } from "hyparquet";
 * import { composeFromGenerators } from "../compose/sample.ts";
 * import { compositionParquet } from "./composition_parquet.ts";
 * const tasks = [...composeFromGenerators({ families: ["gcd"], depth: 2, count: 2 })];
 * const rows = await parquetReadObjects({ file: compositionParquet(tasks).buffer as ArrayBuffer });
 * assert.deepEqual(rows.map((r) => r.id), tasks.map((t) => t.id));
 * assert.deepEqual(rows[0]!.answers, tasks[0]!.answers);
 * ```
 */
export function compositionParquet(tasks: readonly ComposedTask[]): Uint8Array {
  const utf8 = { type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" } as const;
  const json = { type: "BYTE_ARRAY", converted_type: "JSON", repetition_type: "REQUIRED" } as const;
  const schema = [
    { name: "root", num_children: 9 },
    { name: "id", ...utf8 },
    { name: "prompt", ...utf8 },
    { name: "answer", ...utf8 },
    { name: "answers", repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", ...utf8 },
    { name: "method", ...utf8 },
    { name: "depth", type: "INT32", repetition_type: "REQUIRED" },
    { name: "breadth", type: "INT32", repetition_type: "REQUIRED" },
    { name: "problems", ...json },
    { name: "links", ...json },
  ];
  const columnData = [
    { name: "id", data: tasks.map((t) => t.id) },
    { name: "prompt", data: tasks.map((t) => t.prompt) },
    { name: "answer", data: tasks.map((t) => t.answer) },
    { name: "answers", data: tasks.map((t) => [...t.answers]) },
    { name: "method", data: tasks.map((t) => t.source.method) },
    { name: "depth", data: tasks.map((t) => t.depth) },
    { name: "breadth", data: tasks.map((t) => t.breadth) },
    { name: "problems", data: tasks.map((t) => t.problems) }, // the writer JSON-encodes
    { name: "links", data: tasks.map((t) => t.links) },
  ];
  return new Uint8Array(parquetWriteBuffer({ columnData, schema } as never));
}
