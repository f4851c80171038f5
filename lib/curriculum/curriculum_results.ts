/**
 * One result schema for curricula: the lines `score` and `eval` write
 * (`{task_id, sample, reward, per_problem, …}`) and the curriculum's own
 * `{id, score, problems?}` are both read as {@linkcode CurriculumResult}s.
 * @module
 */
import type { CurriculumResult } from "./family_curriculum.ts";

/** Where a result row came from, for error messages (e.g. `"results.jsonl:3"`). */
export type RowLocator = (index: number) => string;

const isScore = (v: unknown): v is number => typeof v === "number" && v >= 0 && v <= 1;

function problemScore(v: unknown): number | undefined {
  if (typeof v === "boolean") return v ? 1 : 0;
  return isScore(v) ? v : undefined;
}

/**
 * Reads result rows as curriculum results. A row is either a scored response as `score` and
 * `eval` write it (`task_id`, `reward` in [0, 1], `per_problem` as booleans or scores in
 * [0, 1]) or a curriculum result (`id`, `score`, `problems`). Several rows of one task (several
 * samples) become one result: the mean score and, per problem, the mean per-problem score.
 * Tasks keep the order of their first row. A row without an id or a score in [0, 1] is an
 * error naming the row (through `where`) and the field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { curriculumResults } from "./curriculum_results.ts";
 * const rows = [
 *   { task_id: "t1", sample: 0, reward: 1, per_problem: [true, true] },
 *   { task_id: "t1", sample: 1, reward: 0, per_problem: [true, false] },
 *   { id: "t2", score: 0.5 },
 * ];
 * assert.deepEqual(curriculumResults(rows), [
 *   { id: "t1", score: 0.5, problems: [1, 0.5] },
 *   { id: "t2", score: 0.5 },
 * ]);
 * assert.throws(() => curriculumResults([{ task_id: "t1", reward: 2 }]), /row 1: "reward"/);
 * ```
 */
export function curriculumResults(
  rows: readonly unknown[],
  where: RowLocator = (i) => `row ${i + 1}`,
): CurriculumResult[] {
  const byId = new Map<string, { scores: number[]; problems: number[][] | undefined }>();
  rows.forEach((row, i) => {
    const r = row as Record<string, unknown> | null;
    if (typeof r !== "object" || r === null || Array.isArray(r)) {
      throw new TypeError(`${where(i)}: expected a JSON object {task_id, reward, per_problem?}`);
    }
    const idField = "task_id" in r ? "task_id" : "id";
    const id = r[idField];
    if (typeof id !== "string" || !id) {
      throw new TypeError(`${where(i)}: "task_id" (or "id"): expected the composed task's id`);
    }
    const scoreField = "reward" in r ? "reward" : "score";
    const score = r[scoreField];
    if (!isScore(score)) {
      throw new RangeError(
        `${where(i)}: "${scoreField}": expected a number in [0, 1], got ${JSON.stringify(score)}`,
      );
    }
    const problemField = "per_problem" in r ? "per_problem" : "problems";
    const raw = r[problemField];
    let problems: number[] | undefined;
    if (raw !== undefined) {
      const parsed = Array.isArray(raw) ? raw.map(problemScore) : undefined;
      if (!parsed || parsed.some((p) => p === undefined)) {
        throw new TypeError(
          `${where(i)}: "${problemField}": expected a list of booleans or numbers in [0, 1]`,
        );
      }
      problems = parsed as number[];
    }
    const entry = byId.get(id) ?? { scores: [], problems: problems ? [] : undefined };
    if ((entry.problems === undefined) !== (problems === undefined) && entry.scores.length) {
      throw new TypeError(
        `${where(i)}: "${problemField}": task "${id}" has per-problem scores in some rows only`,
      );
    }
    entry.scores.push(score);
    if (problems) entry.problems!.push(problems);
    byId.set(id, entry);
  });
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...byId].map(([id, { scores, problems }]) => {
    const result: CurriculumResult = { id, score: mean(scores) };
    if (!problems) return result;
    const width = problems[0]!.length;
    if (problems.some((p) => p.length !== width)) {
      throw new RangeError(`task "${id}": its rows have different numbers of per-problem scores`);
    }
    return { ...result, problems: problems[0]!.map((_, k) => mean(problems.map((p) => p[k]!))) };
  });
}
