import { parseRational } from "../exact/rational.ts";
import type { AnswerKind } from "../tasks/task.ts";
import { DatasetRowError } from "./dataset_error.ts";

/** What an adapter pulls out of one raw record. */
export interface ExtractedProblem {
  /** The problem text. */
  readonly question: string;
  /** The gold answer. */
  readonly answer: string;
  /** The row's own id, when it has one. */
  readonly id?: string;
  /** The answer kind, when the adapter knows it (otherwise it is inferred). */
  readonly answer_kind?: AnswerKind;
  /** Numeric difficulty attributes. */
  readonly difficulty?: Record<string, number>;
}

/** Where the record is, for error messages. */
export interface RecordContext {
  /** The file the record is in. */
  readonly file: string;
  /** Its 1-based line (JSONL) or row number (Parquet). */
  readonly line: number;
}

/** Turns a raw record into a problem, or throws a `DatasetRowError` naming the field. */
export type Adapter = (record: Record<string, unknown>, context: RecordContext) => ExtractedProblem;

/** Field names for the `plain` adapter (dotted paths reach into nested objects). */
export interface FieldMap {
  /** Default `"question"`. */
  readonly question?: string;
  /** Default `"answer"`. */
  readonly answer?: string;
  /** Optional id field. */
  readonly id?: string;
  /** Numeric fields to keep as difficulty attributes (e.g. `["level"]`). */
  readonly difficulty?: readonly string[];
}

/**
 * Reads a dotted path from a record: `getField({a: {b: 1}}, "a.b")` is 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getField } from "./adapters.ts";
 * assert.equal(getField({ reward_model: { ground_truth: "7" } }, "reward_model.ground_truth"), "7");
 * assert.equal(getField({ a: 1 }, "a.b"), undefined);
 * ```
 */
export function getField(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function text(record: Record<string, unknown>, field: string, ctx: RecordContext): string {
  const value = getField(record, field);
  if (typeof value === "string" && value.trim() !== "") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  throw new DatasetRowError(
    ctx.file,
    ctx.line,
    field,
    value === undefined
      ? "missing"
      : `expected a non-empty string or number, got ${JSON.stringify(value) ?? typeof value}`,
  );
}

/**
 * Guesses an answer's kind from its text: integer, rational (`p/q`), decimal, choice (a single
 * letter A–J), tuple `(…)`, set `{…}`, expression (contains a letter variable or LaTeX), or string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inferAnswerKind } from "./adapters.ts";
 * assert.equal(inferAnswerKind("-12"), "integer");
 * assert.equal(inferAnswerKind("3/4"), "rational");
 * assert.equal(inferAnswerKind("\\frac{\\sqrt{3}}{2}"), "expression");
 * ```
 */
export function inferAnswerKind(answer: string): AnswerKind {
  const s = answer.trim();
  if (/^-?\d+$/.test(s)) return "integer";
  if (/^-?\d+\s*\/\s*\d+$/.test(s)) return "rational";
  if (/^-?\d*\.\d+$/.test(s) && parseRational(s)) return "decimal";
  if (/^\(?[A-J]\)?$/.test(s)) return "choice";
  if (/^\(.*\)$/.test(s)) return "tuple";
  if (/^\\?\{.*\\?\}$/.test(s)) return "set";
  if (/\\[a-zA-Z]+|[a-z]\s*[\^+\-*/=]|[\^√π]/.test(s)) return "expression";
  return "string";
}

/**
 * The content of the last `\boxed{…}` (or `\fbox{…}`) in a text, with nested braces; `null` if
 * there is none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lastBoxed } from "./adapters.ts";
 * assert.equal(lastBoxed("so \\boxed{\\frac{1}{2}} and \\boxed{7}"), "7");
 * assert.equal(lastBoxed("\\boxed{\\frac{1}{2}}"), "\\frac{1}{2}");
 * assert.equal(lastBoxed("no box"), null);
 * ```
 */
export function lastBoxed(solution: string): string | null {
  const at = Math.max(solution.lastIndexOf("\\boxed"), solution.lastIndexOf("\\fbox"));
  if (at < 0) return null;
  const open = solution.indexOf("{", at);
  if (open < 0) return null;
  let depth = 0;
  for (let i = open; i < solution.length; i++) {
    if (solution[i] === "{") depth++;
    else if (solution[i] === "}" && --depth === 0) return solution.slice(open + 1, i).trim();
  }
  return null;
}

/**
 * The plain adapter: question and answer (and optionally id and difficulty fields) from a
 * field map.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plainAdapter } from "./adapters.ts";
 * assert.deepEqual(plainAdapter({ question: "q", answer: "a" })({ q: "2+2?", a: 4 }, { file: "f", line: 1 }), {
 *   question: "2+2?", answer: "4", difficulty: {},
 * });
 * ```
 */
export function plainAdapter(fields: FieldMap = {}): Adapter {
  return (record, ctx) => {
    const difficulty: Record<string, number> = {};
    for (const f of fields.difficulty ?? []) {
      const v = getField(record, f);
      const n = typeof v === "number"
        ? v
        : typeof v === "string"
        ? Number(v.match(/-?\d+(\.\d+)?/)?.[0])
        : NaN;
      if (!Number.isFinite(n)) {
        throw new DatasetRowError(
          ctx.file,
          ctx.line,
          f,
          `expected a number, got ${JSON.stringify(v)}`,
        );
      }
      difficulty[f.split(".").at(-1)!] = n;
    }
    return {
      question: text(record, fields.question ?? "question", ctx),
      answer: text(record, fields.answer ?? "answer", ctx).trim(),
      ...(fields.id ? { id: text(record, fields.id, ctx) } : {}),
      difficulty,
    };
  };
}

/**
 * GSM8K-style rows: `question`, and `answer` whose final line is `#### N` (commas in N are
 * dropped). A row without `####` is an error naming the field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gsm8kAdapter } from "./adapters.ts";
 * assert.equal(gsm8kAdapter({ question: "q", answer: "Work...\n#### 1,234" }, { file: "f", line: 1 }).answer, "1234");
 * assert.throws(() => gsm8kAdapter({ question: "q", answer: "7" }, { file: "f", line: 2 }), /f:2/);
 * ```
 */
export const gsm8kAdapter: Adapter = (record, ctx): ExtractedProblem => {
  const raw = text(record, "answer", ctx);
  const m = raw.match(/####\s*(.+?)\s*$/);
  if (!m) throw new DatasetRowError(ctx.file, ctx.line, "answer", 'expected a final "#### N" line');
  return { question: text(record, "question", ctx), answer: m[1]!.replace(/,/g, "").trim() };
};

/**
 * MATH-style rows: `problem`, and the answer from the last `\boxed{}` of `solution` (or an
 * `answer` field when present); `level` ("Level 3") becomes `difficulty.level`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mathAdapter } from "./adapters.ts";
 * assert.deepEqual(mathAdapter({ problem: "p", solution: "so \\boxed{12}", level: "Level 2" }, { file: "f", line: 1 }), {
 *   question: "p", answer: "12", difficulty: { level: 2 },
 * });
 * ```
 */
export const mathAdapter: Adapter = (record, ctx): ExtractedProblem => {
  const question = text(record, "problem", ctx);
  let answer: string | null;
  if (getField(record, "answer") !== undefined) answer = text(record, "answer", ctx);
  else {
    answer = lastBoxed(text(record, "solution", ctx));
    if (answer === null || answer === "") {
      throw new DatasetRowError(ctx.file, ctx.line, "solution", "expected a \\boxed{…} answer");
    }
  }
  const level = String(getField(record, "level") ?? "").match(/\d+/)?.[0];
  const difficulty: Record<string, number> = level ? { level: Number(level) } : {};
  return { question, answer: answer.trim(), difficulty };
};

/**
 * verl parquet rows: the question is the last user message of `prompt`, the answer
 * `reward_model.ground_truth` (a string, a number, or `{target: [...]}` with one element), and
 * the id `extra_info.index`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verlAdapter } from "./adapters.ts";
 * const row = { prompt: [{ role: "user", content: "2+2?" }], reward_model: { style: "rule", ground_truth: "4" } };
 * assert.deepEqual(verlAdapter(row, { file: "f", line: 1 }), { question: "2+2?", answer: "4" });
 * ```
 */
export const verlAdapter: Adapter = (record, ctx): ExtractedProblem => {
  const prompt = getField(record, "prompt");
  let question: string | undefined;
  if (typeof prompt === "string") question = prompt;
  else if (Array.isArray(prompt)) {
    question = [...prompt].reverse().find((m) => m && (m as { role?: string }).role === "user")
      ?.content;
  }
  if (typeof question !== "string" || !question.trim()) {
    throw new DatasetRowError(
      ctx.file,
      ctx.line,
      "prompt",
      "expected a list of chat messages with a user message",
    );
  }
  let truth = getField(record, "reward_model.ground_truth");
  if (truth && typeof truth === "object" && Array.isArray((truth as { target?: unknown }).target)) {
    const target = (truth as { target: unknown[] }).target;
    if (target.length !== 1) {
      throw new DatasetRowError(
        ctx.file,
        ctx.line,
        "reward_model.ground_truth",
        `expected one target, got ${target.length}`,
      );
    }
    truth = target[0];
  }
  if (typeof truth !== "string" && typeof truth !== "number" && typeof truth !== "bigint") {
    throw new DatasetRowError(
      ctx.file,
      ctx.line,
      "reward_model.ground_truth",
      `expected a string or number, got ${JSON.stringify(truth)}`,
    );
  }
  const index = getField(record, "extra_info.index");
  return {
    question,
    answer: String(truth).trim(),
    ...(index !== undefined ? { id: String(index) } : {}),
  };
};

/**
 * R-Horizon's released JSONL (`input`, `target` = one comma-joined string, `instanceId`,
 * `num_problems`): one task per row, whose answer is the comma-joined list of sub-answers
 * (kind `tuple` when `num_problems > 1`). To recover per-problem structure use
 * `readRHorizonComposed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rhorizonAdapter } from "./adapters.ts";
 * const row = { input: "Problem 1: …", target: ["12,7"], instanceId: 3, num_problems: 2 };
 * assert.equal(rhorizonAdapter(row, { file: "f", line: 1 }).answer, "12,7");
 * ```
 */
export const rhorizonAdapter: Adapter = (record, ctx): ExtractedProblem => {
  const target = getField(record, "target");
  const joined = Array.isArray(target) ? target[0] : target;
  if (typeof joined !== "string" && typeof joined !== "number") {
    throw new DatasetRowError(
      ctx.file,
      ctx.line,
      "target",
      "expected a list holding one comma-joined answer string",
    );
  }
  const n = Number(getField(record, "num_problems") ?? String(joined).split(",").length);
  const id = getField(record, "instanceId");
  return {
    question: text(record, "input", ctx),
    answer: String(joined),
    ...(n > 1 ? { answer_kind: "tuple" as const } : {}),
    ...(id !== undefined ? { id: String(id) } : {}),
    difficulty: { num_problems: n },
  };
};

/** The built-in adapters by name. */
export const ADAPTERS = {
  plain: plainAdapter(),
  gsm8k: gsm8kAdapter,
  math: mathAdapter,
  verl: verlAdapter,
  rhorizon: rhorizonAdapter,
} as const;

/** Names of the built-in adapters. */
export type AdapterName = keyof typeof ADAPTERS;
