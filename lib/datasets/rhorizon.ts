/**
 * R-Horizon's released composed benchmark (e.g. `Math500-combined-n2.jsonl`) read as Farsight
 * composed tasks, so `farsight score` and `farsight eval` run on it.
 * @module
 */
import type { ComposedTask, Link } from "../compose/composed_task.ts";
import { digest } from "../random/rng.ts";
import { parseLabel } from "../rewards/labels.ts";
import type { Task } from "../tasks/task.ts";
import { inferAnswerKind } from "./adapters.ts";
import { DatasetRowError } from "./dataset_error.ts";
import { readJsonlRecords, readJsonRecords } from "./records.ts";

/** Options for {@linkcode readRHorizonComposed}. */
export interface RHorizonReadOptions {
  /** `"throw"` (default) stops at the first malformed row; `"skip"` reports it to `onSkip`. */
  readonly onError?: "throw" | "skip";
  /** Called with each skipped row's error. */
  readonly onSkip?: (error: DatasetRowError) => void;
}

/** Splits R-Horizon's `input` into per-problem question texts (`Problem k: …` blocks). */
function splitProblems(input: string, n: number): string[] | null {
  const body = input.split(/\n\s*###\s*Final Answers/i)[0]!;
  const starts = [...body.matchAll(/(?:^|\n)\s*Problem\s+(\d+)\s*:/g)];
  if (starts.length !== n || starts.some((m, i) => Number(m[1]) !== i + 1)) return null;
  return starts.map((m, i) =>
    body.slice(m.index! + m[0].length, starts[i + 1]?.index ?? body.length).trim()
  );
}

/** Links from the prompt's definitions: `[variableK] = [answerJ] ± d`. */
function linksOf(input: string, answers: readonly string[]): Link[] {
  const links: Link[] = [];
  const re = /\[variable(\d+)\]\s*=\s*\[answer(\d+)\]\s*(?:([+-])\s*(\d+))?/g;
  const seen = new Set<number>();
  for (const m of input.matchAll(re)) {
    const to = Number(m[1]) - 1, from = Number(m[2]) - 1;
    if (seen.has(to) || from < 0 || from >= answers.length || to <= from) continue;
    seen.add(to);
    const offset = m[3] ? (m[3] === "-" ? "-" : "") + m[4] : "0";
    let value: string | undefined;
    try {
      value = String(BigInt(answers[from]!) + BigInt(offset));
    } catch { /* a non-integer answer: the value is unknown */ }
    links.push({
      from,
      to,
      kind: "offset",
      variable: `[variable${to + 1}]`,
      value: value ?? "",
      ...(value !== undefined ? { original: value } : {}),
      offset,
    });
  }
  return links;
}

/**
 * Reads R-Horizon's released JSONL (or `.json`) rows — `input`, `target` (a one-element list
 * holding the comma-joined answers), `instanceId`, `origin_instanceIds`, `num_problems` — as
 * composed tasks: the prompt is `input` as released (R-Horizon's own wording), the answers
 * come from `group_targets` when present or else `target` split on commas, the problems from
 * the `Problem k:` blocks, and the links from the `[variableK] = [answerJ] ± d` definitions.
 * Malformed rows throw a `DatasetRowError` naming file, line and field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRHorizonComposed } from "./rhorizon.ts";
 * const path = new URL("../../tests/testdata/rhorizon_mini.jsonl", import.meta.url).pathname;
 * const tasks = await readRHorizonComposed(path);
 * assert.deepEqual(tasks.map((t) => t.answers), [["7", "18"], ["7"]]);
 * assert.equal(tasks[0]!.links[0]!.offset, "2");
 * ```
 */
export async function readRHorizonComposed(
  path: string,
  options: RHorizonReadOptions = {},
): Promise<ComposedTask[]> {
  const tasks: ComposedTask[] = [];
  const ids = new Set<string>();
  const records = /\.json$/i.test(path) ? readJsonRecords(path) : readJsonlRecords(path);
  let row = 0;
  for await (const record of records) {
    const index = row++;
    try {
      if (record.error) throw record.error;
      const { line, value } = record;
      const fail = (field: string, detail: string) =>
        new DatasetRowError(path, line, field, detail);
      const input = value.input;
      if (typeof input !== "string" || !input.trim()) {
        throw fail("input", "expected the prompt text");
      }
      const groups = value.group_targets;
      let answers: string[];
      if (Array.isArray(groups) && groups.length) {
        answers = groups.map(String);
      } else {
        try {
          const parsed = parseLabel(value.target, { format: "comma", where: "target" });
          answers = typeof parsed === "string" ? [parsed] : parsed;
        } catch (error) {
          throw fail(
            "target",
            `expected a list holding one comma-joined answer string (${(error as Error).message})`,
          );
        }
      }
      const n = value.num_problems === undefined ? answers.length : Number(value.num_problems);
      if (n !== answers.length) {
        throw fail(
          "target",
          `num_problems is ${value.num_problems} but the target has ${answers.length} answers`,
        );
      }
      const instance = value.instanceId ?? index;
      let id = `rhorizon-${String(instance)}`;
      if (ids.has(id)) id = `${id}-r${index}`;
      ids.add(id);
      const origins = Array.isArray(value.origin_instanceIds) ? value.origin_instanceIds : [];
      const questions = splitProblems(input, n) ?? answers.map(() => input);
      const problems: Task[] = answers.map((answer, k) => ({
        id: `rhorizon-${String(origins[k] ?? `${instance}.${k + 1}`)}`,
        family: "rhorizon",
        question: questions[k]!,
        answer,
        answer_kind: inferAnswerKind(answer),
        difficulty: {},
        source: {
          kind: "dataset",
          dataset: "rhorizon",
          row: index,
          file: path,
          row_id: String(instance),
        },
      }));
      tasks.push({
        id: `${id}-${digest([input, ...answers], 6)}`,
        prompt: input,
        problems,
        answers,
        answer: answers[answers.length - 1]!,
        depth: n,
        breadth: 1,
        links: linksOf(input, answers),
        source: { method: "answer_preserving", seed: 0, index },
      });
    } catch (error) {
      if (!(error instanceof DatasetRowError) || options.onError !== "skip") throw error;
      options.onSkip?.(error);
    }
  }
  return tasks;
}
