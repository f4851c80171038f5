/**
 * h1's recipe on real data: recomputed chains of GSM8K-format problems. A question number
 * that feeds the solution's `<<expr=value>>` calculator annotations becomes the chain
 * variable; the annotated computation is re-run exactly (rationals) on the new value.
 * @module
 */
import { variantId } from "../tasks/task_id.ts";
import { formatRational, parseRational, type Rational, rational } from "../exact/rational.ts";
import { addRational, divRational, mulRational, subRational } from "../exact/rational.ts";
import { createRng, digest, type Rng } from "../random/rng.ts";
import type { Json, Task } from "../tasks/task.ts";
import { assembleComposedTask } from "./assemble.ts";
import type { ComposedTask, Link } from "./composed_task.ts";
import { applyTransform } from "./composed_task.ts";
import { findIntegerCandidates } from "./key_selector.ts";
import { chooseTransform, type TransformOp } from "./recomputed.ts";
import type { PromptTemplate } from "./render.ts";

/** A token of an annotated computation: a constant, the chain variable, or an earlier result. */
export type ProgramToken =
  | { readonly t: "num"; readonly v: string }
  | { readonly t: "var" }
  | { readonly t: "step"; readonly i: number }
  | { readonly t: "op"; readonly v: "+" | "-" | "*" | "/" | "(" | ")" };

/**
 * A GSM8K solution's calculator annotations as a program of the chain variable: each step is
 * an expression over constants, the variable and earlier steps' results; `answer` is the
 * step whose result is the `#### N` answer. Plain JSON.
 */
export interface RecomputeProgram {
  /** The question number that is the chain variable, and where it is in the question. */
  readonly variable: { readonly value: string; readonly start: number; readonly end: number };
  /** The annotated steps in order: each expression's tokens and its annotated result. */
  readonly steps: readonly { readonly tokens: readonly ProgramToken[]; readonly result: string }[];
  /** Index into `steps` of the step whose result is the answer. */
  readonly answer: number;
}

/** Why a row cannot be recomputed (one stable code per reason, for counting). */
export type RecomputeSkipReason =
  | "no_final_answer"
  | "no_annotations"
  | "unsupported_annotation"
  | "annotation_mismatch"
  | "answer_not_annotated"
  | "no_chain_variable"
  | "ambiguous_variable"
  | "non_integer";

/** A row that is skipped, with its reason code and a readable detail. */
export interface RecomputeSkip {
  /** The row's id. */
  readonly id: string;
  /** The reason code. */
  readonly reason: RecomputeSkipReason;
  /** What went wrong, in words. */
  readonly detail: string;
}

function num(text: string): Rational | null {
  return parseRational(text.replace(/,/g, ""));
}

function tokenize(expr: string): string[] | null {
  const s = expr.replace(/\s+/g, "").replace(/[x×]/g, "*").replace(/÷/g, "/");
  const out = s.match(/\d+(?:,\d{3})*(?:\.\d+)?|\.\d+|[-+*/()]/g);
  return out && out.join("") === s ? out : null;
}

/** Evaluates a token list exactly; `null` on division by zero or a malformed expression. */
function evaluate(
  tokens: readonly ProgramToken[],
  value: Rational,
  results: readonly Rational[],
): Rational | null {
  let at = 0;
  const atom = (): Rational | null => {
    const t = tokens[at++];
    if (!t) return null;
    if (t.t === "num") return num(t.v);
    if (t.t === "var") return value;
    if (t.t === "step") return results[t.i] ?? null;
    if (t.v === "-") {
      const a = atom();
      return a && rational(-a.num, a.den);
    }
    if (t.v === "(") {
      const v = sum();
      return tokens[at++]?.t === "op" && (tokens[at - 1] as { v: string }).v === ")" ? v : null;
    }
    return null;
  };
  const product = (): Rational | null => {
    let a = atom();
    for (;;) {
      const t = tokens[at];
      if (!a || t?.t !== "op" || (t.v !== "*" && t.v !== "/")) return a;
      at++;
      const b = atom();
      if (!b || (t.v === "/" && b.num === 0n)) return null;
      a = t.v === "*" ? mulRational(a, b) : divRational(a, b);
    }
  };
  const sum = (): Rational | null => {
    let a = product();
    for (;;) {
      const t = tokens[at];
      if (!a || t?.t !== "op" || (t.v !== "+" && t.v !== "-")) return a;
      at++;
      const b = product();
      if (!b) return null;
      a = t.v === "+" ? addRational(a, b) : subRational(a, b);
    }
  };
  const v = sum();
  return at === tokens.length ? v : null;
}

/**
 * Runs a recompute program on a new value of the chain variable: every step exactly, in
 * order. Returns the answer step's result, or `null` on a division by zero.
 *
 * @example
 * ```ts
 * import { analyseGsm8kRow, runRecomputeProgram } from "./gsm8k_recompute.ts";
 * import assert from "node:assert/strict";
 * const row = analyseGsm8kRow("p", "Sam has 12 apples and buys 5 more.", "12+5 = <<12+5=17>>17\n#### 17");
 * assert.ok("program" in row);
 * assert.equal(runRecomputeProgram(row.program, 20n), "25");
 * ```
 */
export function runRecomputeProgram(program: RecomputeProgram, value: bigint): string | null {
  const results: Rational[] = [];
  for (const step of program.steps) {
    const r = evaluate(step.tokens, rational(value), results);
    if (!r) return null;
    results.push(r);
  }
  return formatRational(results[program.answer]!);
}

/**
 * Analyses one GSM8K-format row (`question`, and a solution with `<<expr=value>>` annotations
 * and a final `#### N`): finds the chain variable and turns the annotations into a program,
 * or says why it cannot. The variable is the first question integer (in R-Horizon's priority
 * order) that occurs once in the question, appears as a literal in the annotations, is not
 * also an intermediate result, and that the answer depends on. A literal equal to an earlier
 * step's result refers to that step (it is recomputed too); one that could refer to two
 * things (two steps, or a step and a question number) makes the row ambiguous.
 *
 * @example
 * ```ts
 * import { analyseGsm8kRow } from "./gsm8k_recompute.ts";
 * import assert from "node:assert/strict";
 * const row = analyseGsm8kRow("r1", "Ann has 3 bags of 4 pens. How many pens?", "3*4=<<3*4=12>>12\n#### 12");
 * assert.ok("program" in row && row.program.variable.value === "3");
 * const bad = analyseGsm8kRow("r2", "Ann has 3 pens.", "She has 3.\n#### 3");
 * assert.ok("reason" in bad && bad.reason === "no_annotations");
 * ```
 */
export function analyseGsm8kRow(
  id: string,
  question: string,
  solution: string,
): { program: RecomputeProgram; answer: string } | RecomputeSkip {
  const skip = (reason: RecomputeSkipReason, detail: string): RecomputeSkip => ({
    id,
    reason,
    detail,
  });
  const final = solution.match(/####\s*(.+?)\s*$/);
  const answerText = final?.[1]?.replace(/,/g, "").trim();
  if (!answerText || !/^-?\d+$/.test(answerText)) {
    return skip("no_final_answer", 'expected a final "#### N" line with an integer N');
  }
  const annotations = [...solution.matchAll(/<<([^=<>]+)=([^<>]+)>>/g)];
  if (annotations.length === 0) return skip("no_annotations", "no <<expr=value>> annotations");
  const raw: { tokens: string[]; result: Rational }[] = [];
  for (const a of annotations) {
    const tokens = tokenize(a[1]!);
    const result = num(a[2]!.trim());
    if (!tokens || !result) {
      return skip("unsupported_annotation", `cannot read the annotation <<${a[1]}=${a[2]}>>`);
    }
    raw.push({ tokens, result });
  }
  const questionNumbers = findIntegerCandidates(question);
  const eq = (a: Rational, b: Rational) => a.num === b.num && a.den === b.den;
  const answer = rational(BigInt(answerText));
  let answerStep = -1;
  raw.forEach((s, i) => eq(s.result, answer) && (answerStep = i));
  if (answerStep < 0) {
    return skip("answer_not_annotated", `no annotation computes the final answer ${answerText}`);
  }
  const ordered = [...questionNumbers].sort((a, b) => a.priority - b.priority || a.start - b.start);
  let ambiguous = "";
  for (const candidate of ordered) {
    const m = rational(candidate.value);
    if (questionNumbers.filter((c) => c.value === candidate.value).length !== 1) {
      ambiguous ||= `${candidate.value} occurs more than once in the question`;
      continue;
    }
    if (raw.some((s) => eq(s.result, m))) {
      ambiguous ||= `${candidate.value} is also an intermediate result`;
      continue;
    }
    const steps: { tokens: ProgramToken[]; result: string }[] = [];
    let used = false, problem = "";
    for (const [i, s] of raw.entries()) {
      const tokens: ProgramToken[] = s.tokens.map((t): ProgramToken => {
        if (/^[-+*/()]$/.test(t)) return { t: "op", v: t as "+" };
        const v = num(t)!;
        if (eq(v, m)) {
          used = true;
          return { t: "var" };
        }
        const refs = raw.slice(0, i).map((r, j) => (eq(r.result, v) ? j : -1)).filter((j) =>
          j >= 0
        );
        const inQuestion = questionNumbers.some((c) => v.den === 1n && c.value === v.num);
        if (refs.length > 1 || (refs.length === 1 && inQuestion)) {
          problem ||= `the literal ${t} could refer to more than one earlier value`;
        }
        return refs.length === 1
          ? { t: "step", i: refs[0]! }
          : { t: "num", v: t.replace(/,/g, "") };
      });
      steps.push({ tokens, result: formatRational(s.result) });
    }
    if (!used) continue;
    if (problem) {
      ambiguous ||= problem;
      continue;
    }
    const program: RecomputeProgram = {
      variable: { value: candidate.value.toString(), start: candidate.start, end: candidate.end },
      steps,
      answer: answerStep,
    };
    // The annotations must reproduce themselves, and the answer must depend on the variable.
    const results: Rational[] = [];
    for (const [i, s] of steps.entries()) {
      const r = evaluate(s.tokens, m, results);
      if (!r || !eq(r, raw[i]!.result)) {
        return skip(
          "annotation_mismatch",
          `annotation ${i + 1} evaluates to ${r ? formatRational(r) : "nothing"}, not ${s.result}`,
        );
      }
      results.push(r);
    }
    const depends = (i: number): boolean =>
      steps[i]!.tokens.some((t) => t.t === "var" || (t.t === "step" && depends(t.i)));
    if (!depends(answerStep)) continue;
    return { program, answer: answerText };
  }
  return ambiguous
    ? skip("ambiguous_variable", ambiguous)
    : skip("no_chain_variable", "no question number feeds the computation of the answer");
}

/** A GSM8K row prepared for recomputed chains. */
export interface RecomputableRow {
  /** The row as a task, with its integer answer and the solution in `params.solution`. */
  readonly task: Task;
  /** Its computation as a program of the chain variable. */
  readonly program: RecomputeProgram;
}

/**
 * Prepares a pool of GSM8K-format rows for recomputed chains: each task's `answer` is the
 * full solution text (with annotations and `#### N`), as the `plain` dataset adapter reads
 * it. Every row that cannot be recomputed is returned in `skipped` with its reason.
 *
 * @example
 * ```ts
 * import { prepareRecomputePool } from "./gsm8k_recompute.ts";
 * import assert from "node:assert/strict";
 * const base = { family: "gsm", answer_kind: "integer", difficulty: {}, source: { kind: "dataset", dataset: "gsm", row: 0 } } as const;
 * const { pool, skipped } = prepareRecomputePool([
 *   { ...base, id: "a", question: "Tom has 7 cats and gets 2 more.", answer: "7+2=<<7+2=9>>9\n#### 9" },
 *   { ...base, id: "b", question: "Tom has cats.", answer: "#### 9" },
 * ]);
 * assert.equal(pool.length, 1);
 * assert.equal(skipped[0]!.reason, "no_annotations");
 * ```
 */
export function prepareRecomputePool(
  rows: readonly Task[],
): { pool: RecomputableRow[]; skipped: RecomputeSkip[] } {
  const pool: RecomputableRow[] = [], skipped: RecomputeSkip[] = [];
  for (const row of rows) {
    const r = analyseGsm8kRow(row.id, row.question, row.answer);
    if ("reason" in r) skipped.push(r);
    else {
      pool.push({
        task: {
          ...row,
          answer: r.answer,
          answer_kind: "integer",
          params: { solution: row.answer },
        },
        program: r.program,
      });
    }
  }
  return { pool, skipped };
}

/** Options for {@linkcode composeGsm8kRecomputed}. */
export interface Gsm8kRecomputeOptions {
  /** Problems per chain. */
  readonly depth: number;
  /** How many composed tasks. */
  readonly count: number;
  /** Seed for every random choice. Default 0. */
  readonly seed?: number;
  /** Transforms a link may use. Default all (identity, offset, scale, mod). */
  readonly transforms?: readonly TransformOp[];
  /** Link values tried per linked problem before the row is skipped. Default 16. */
  readonly tries?: number;
  /** Prompt template. Default R-Horizon's layout. */
  readonly template?: PromptTemplate;
  /** Called for every row skipped while composing (a link value made its answer non-integer). */
  readonly onSkip?: (skip: RecomputeSkip) => void;
  /** Index of the first composed task (for shards). Default 0. */
  readonly start?: number;
}

/**
 * Composes recomputed chains from prepared GSM8K rows (h1, arXiv 2510.07312, on its own data
 * format): problem 1 is kept; in each later problem the chain variable is replaced by
 * `[variableK]`, set from the previous answer by a transform, and the annotated computation
 * is re-run exactly. A link value that makes the answer non-integer or negative is retried
 * (`tries`), then the row is skipped for that position, reported through `onSkip`, and
 * another row is drawn. Task c depends only on (seed, c), so runs shard with `start`.
 *
 * @example
 * ```ts
 * import { composeGsm8kRecomputed, prepareRecomputePool } from "./gsm8k_recompute.ts";
 * import assert from "node:assert/strict";
 * const base = { family: "gsm", answer_kind: "integer", difficulty: {}, source: { kind: "dataset", dataset: "gsm", row: 0 } } as const;
 * const rows = [
 *   { ...base, id: "a", question: "Tom has 7 cats and gets 2 more.", answer: "7+2=<<7+2=9>>9\n#### 9" },
 *   { ...base, id: "b", question: "A box holds 6 eggs. How many in 4 boxes?", answer: "6*4=<<6*4=24>>24\n#### 24" },
 * ];
 * const [task] = composeGsm8kRecomputed(prepareRecomputePool(rows).pool, { depth: 2, count: 1, seed: 1 });
 * assert.equal(task!.links[0]!.kind, "recompute");
 * ```
 */
export function* composeGsm8kRecomputed(
  pool: readonly RecomputableRow[],
  options: Gsm8kRecomputeOptions,
): Generator<ComposedTask> {
  if (pool.length < options.depth) {
    throw new RangeError(
      `Cannot compose recomputed chains of depth ${options.depth} from ${pool.length} recomputable rows`,
    );
  }
  const seed = options.seed ?? 0, start = options.start ?? 0, tries = options.tries ?? 16;
  for (let c = start; c < start + options.count; c++) {
    const rng: Rng = createRng(["compose_gsm8k_recompute", seed, c]);
    const order = rng.shuffle(pool.map((_, i) => i));
    const problems: Task[] = [];
    const links: Link[] = [];
    let next = 0;
    while (problems.length < options.depth) {
      if (next >= order.length) {
        throw new RangeError(
          `Cannot complete composed task ${c}: every row was skipped at position ${
            problems.length + 1
          }`,
        );
      }
      const row = pool[order[next++]!]!;
      const i = problems.length;
      if (i === 0) {
        problems.push(row.task);
        continue;
      }
      const a = BigInt(problems[i - 1]!.answer);
      const m = BigInt(row.program.variable.value);
      let linked: { value: bigint; answer: string; transform: Link["transform"] } | null = null;
      for (let t = 0; t < tries && !linked; t++) {
        const transform = chooseTransform(
          rng,
          a,
          m,
          { min: 1n, max: 10n ** 12n },
          options.transforms,
        );
        const value = applyTransform(transform, a);
        const answer = runRecomputeProgram(row.program, value);
        if (answer !== null && /^\d+$/.test(answer)) linked = { value, answer, transform };
      }
      if (!linked) {
        options.onSkip?.({
          id: row.task.id,
          reason: "non_integer",
          detail: `no link value in ${tries} tries gave a non-negative integer answer`,
        });
        continue;
      }
      const variable = `[variable${i + 1}]`;
      const { start: s, end } = row.program.variable;
      links.push({
        from: i - 1,
        to: i,
        kind: "recompute",
        variable,
        value: linked.value.toString(),
        transform: linked.transform!,
      });
      problems.push({
        ...row.task,
        id: variantId(row.task.id, digest([linked.value.toString()], 6)),
        question: row.task.question.slice(0, s) + variable + row.task.question.slice(end),
        answer: linked.answer,
        original_question: row.task.question,
        ...(linked.answer !== row.task.answer ? { original_answer: row.task.answer } : {}),
        params: {
          ...(row.task.params as Record<string, Json>),
          program: row.program as unknown as Json,
        },
      });
    }
    yield assembleComposedTask({
      prefix: "h1",
      method: "recomputed",
      idParts: ["gsm8k_recompute", ...problems.map((p) => p.id)],
      problems,
      links,
      template: options.template,
      seed,
      index: c,
    });
  }
}

/**
 * Recomputed chains straight from GSM8K-format rows (`answer` holding the annotated solution):
 * {@linkcode prepareRecomputePool}, then {@linkcode composeGsm8kRecomputed}. Returns the rows
 * that can be recomputed, the ones skipped (with their reasons) and the tasks, composed lazily;
 * rows skipped while linking go to `options.onSkip`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeRecomputedFromRows } from "./gsm8k_recompute.ts";
 * const base = { family: "gsm", answer_kind: "integer", difficulty: {}, source: { kind: "dataset", dataset: "gsm", row: 0 } } as const;
 * const { pool, skipped, tasks } = composeRecomputedFromRows([
 *   { ...base, id: "a", question: "Tom has 7 cats and gets 2 more.", answer: "7+2=<<7+2=9>>9\n#### 9" },
 *   { ...base, id: "b", question: "A box holds 6 eggs. How many in 4 boxes?", answer: "6*4=<<6*4=24>>24\n#### 24" },
 *   { ...base, id: "c", question: "Tom has cats.", answer: "#### 9" },
 * ], { depth: 2, count: 1, seed: 1 });
 * assert.equal(pool.length, 2);
 * assert.deepEqual(skipped.map((s) => s.reason), ["no_annotations"]);
 * assert.equal([...tasks][0]!.links[0]!.kind, "recompute");
 * ```
 */
export function composeRecomputedFromRows(
  rows: readonly Task[],
  options: Gsm8kRecomputeOptions,
): { pool: RecomputableRow[]; skipped: RecomputeSkip[]; tasks: Generator<ComposedTask> } {
  const { pool, skipped } = prepareRecomputePool(rows);
  return { pool, skipped, tasks: composeGsm8kRecomputed(pool, options) };
}
