/**
 * Checks the rows of task files and response files against Farsight's contracts before any
 * work starts, so a bad row is an error naming the file, the line, the field and what was
 * expected, rather than a crash (or a silently coerced value) halfway through a run.
 * @module
 */
import type { ComposedTask } from "../compose/composed_task.ts";
import { ANSWER_KINDS, type Task } from "../tasks/task.ts";
import type { RecordContext } from "./adapters.ts";
import { DatasetRowError } from "./dataset_error.ts";
import { readJsonlRecords } from "./records.ts";

function describe(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 40)})`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

function fail(ctx: RecordContext, field: string, expected: string, value: unknown): never {
  throw new DatasetRowError(
    ctx.file,
    ctx.line,
    field,
    `expected ${expected}, got ${describe(value)}`,
  );
}

function string(record: Record<string, unknown>, field: string, ctx: RecordContext, at = field) {
  const value = record[field];
  if (typeof value !== "string") fail(ctx, at, "a string", value);
  return value;
}

function positiveInteger(
  record: Record<string, unknown>,
  field: string,
  ctx: RecordContext,
): void {
  const value = record[field];
  if (value === undefined) return;
  if (!Number.isInteger(value) || (value as number) < 1) {
    fail(ctx, field, "an integer >= 1", value);
  }
}

function checkProblem(value: unknown, ctx: RecordContext, at: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(ctx, at, "a task object", value);
  }
  const p = value as Record<string, unknown>;
  string(p, "question", ctx, `${at}.question`);
  string(p, "answer", ctx, `${at}.answer`);
  if (p.id !== undefined) string(p, "id", ctx, `${at}.id`);
}

/**
 * Checks one record of a task file: a task (`id`, `question`, `answer`, optional
 * `answer_kind`, `difficulty`) or a composed task (`id`, `prompt`, `answers`, optional
 * `problems`, `depth`, `breadth`). Wrong types are errors (a `DatasetRowError` naming file,
 * line and field), never coerced: `answers: [1, 2]` and `depth: "three"` are refused.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateTaskRecord } from "./validate_row.ts";
 * const ctx = { file: "tasks.jsonl", line: 3 };
 * validateTaskRecord({ id: "a", question: "1+1?", answer: "2" }, ctx);
 * assert.throws(
 *   () => validateTaskRecord({ id: "c", prompt: "…", answers: [1, 2] }, ctx),
 *   /tasks\.jsonl:3: field "answers\[0\]": expected a string, got number 1/,
 * );
 * assert.throws(
 *   () => validateTaskRecord({ id: "c", prompt: "…", answers: ["1"], depth: "three" }, ctx),
 *   /field "depth": expected an integer >= 1, got string "three"/,
 * );
 * ```
 */
export function validateTaskRecord(
  record: Record<string, unknown>,
  ctx: RecordContext,
): Task | ComposedTask {
  const id = string(record, "id", ctx);
  if (id.trim() === "") fail(ctx, "id", "a non-empty string", id);
  if ("answers" in record || "problems" in record) {
    const answers = record.answers;
    if (!Array.isArray(answers) || answers.length === 0) {
      fail(ctx, "answers", "a non-empty list of answer strings", answers);
    }
    answers.forEach((a, i) => {
      if (typeof a !== "string") fail(ctx, `answers[${i}]`, "a string", a);
    });
    string(record, "prompt", ctx);
    if (record.answer !== undefined) string(record, "answer", ctx);
    if (record.problems !== undefined) {
      const problems = record.problems;
      if (!Array.isArray(problems)) fail(ctx, "problems", "a list of tasks", problems);
      if (problems.length !== answers.length) {
        fail(ctx, "problems", `a list of ${answers.length} tasks (one per answer)`, problems);
      }
      problems.forEach((p, i) => checkProblem(p, ctx, `problems[${i}]`));
    }
    positiveInteger(record, "depth", ctx);
    positiveInteger(record, "breadth", ctx);
    if (record.links !== undefined && !Array.isArray(record.links)) {
      fail(ctx, "links", "a list", record.links);
    }
    return record as unknown as ComposedTask;
  }
  string(record, "question", ctx);
  string(record, "answer", ctx);
  if (
    record.answer_kind !== undefined &&
    !ANSWER_KINDS.includes(record.answer_kind as (typeof ANSWER_KINDS)[number])
  ) {
    fail(ctx, "answer_kind", `one of ${ANSWER_KINDS.join(", ")}`, record.answer_kind);
  }
  if (record.difficulty !== undefined) {
    const d = record.difficulty;
    if (typeof d !== "object" || d === null || Array.isArray(d)) {
      fail(ctx, "difficulty", "an object of numbers", d);
    }
    for (const [k, v] of Object.entries(d)) {
      if (typeof v !== "number" || !Number.isFinite(v)) fail(ctx, `difficulty.${k}`, "a number", v);
    }
  }
  return record as unknown as Task;
}

/** One response to score: which task, which sample, and the text. */
export interface ResponseRecord {
  /** The id of the task it answers. */
  readonly task_id: string;
  /** The sample index, when the file gives one. */
  readonly sample?: number;
  /** The model's response text. */
  readonly response: string;
}

/**
 * Checks one record of a response file: `task_id` (string), `response` (string) and an
 * optional `sample` (an integer >= 0; `"zero"` or `1.5` are refused, not coerced).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateResponseRecord } from "./validate_row.ts";
 * const ctx = { file: "responses.jsonl", line: 7 };
 * assert.equal(validateResponseRecord({ task_id: "a", response: "\\boxed{2}", sample: 1 }, ctx).sample, 1);
 * assert.throws(
 *   () => validateResponseRecord({ task_id: "a", response: "x", sample: "zero" }, ctx),
 *   /responses\.jsonl:7: field "sample": expected an integer >= 0, got string "zero"/,
 * );
 * ```
 */
export function validateResponseRecord(
  record: Record<string, unknown>,
  ctx: RecordContext,
): ResponseRecord {
  const task_id = string(record, "task_id", ctx);
  const response = string(record, "response", ctx);
  const sample = record.sample;
  if (sample !== undefined && (!Number.isInteger(sample) || (sample as number) < 0)) {
    fail(ctx, "sample", "an integer >= 0", sample);
  }
  return { task_id, response, ...(sample !== undefined ? { sample: sample as number } : {}) };
}

/**
 * Reads and checks a whole task file (JSONL) before anything is run: the first bad line (not
 * JSON, a wrong field type, a repeated id) is a `DatasetRowError` naming file, line and field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTaskFile } from "./validate_row.ts";
 * const path = await Deno.makeTempFile({ suffix: ".jsonl" });
 * await Deno.writeTextFile(path, '{"id":"a","question":"q","answer":"1"}\n{"id":"b","prompt":"p","problems":"x","answers":["1"]}\n');
 * await assert.rejects(readTaskFile(path), /:2: field "problems": expected a list of tasks, got string "x"/);
 * await Deno.remove(path);
 * ```
 */
export async function readTaskFile(path: string): Promise<(Task | ComposedTask)[]> {
  const tasks: (Task | ComposedTask)[] = [];
  const seen = new Map<string, number>();
  for await (const record of readJsonlRecords(path)) {
    if (record.error) throw record.error;
    const task = validateTaskRecord(record.value, { file: path, line: record.line });
    const earlier = seen.get(task.id);
    if (earlier !== undefined) {
      throw new DatasetRowError(
        path,
        record.line,
        "id",
        `expected a unique id, but "${task.id}" is also on line ${earlier}`,
      );
    }
    seen.set(task.id, record.line);
    tasks.push(task);
  }
  return tasks;
}
