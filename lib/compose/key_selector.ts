/**
 * Finding the integer to replace when linking problems the R-Horizon way.
 * @module
 */

/** An integer found in a problem's text, with R-Horizon's two flags. */
export interface IntegerCandidate {
  /** The integer's value. */
  readonly value: bigint;
  /** Its digits as written. */
  readonly text: string;
  /** Start offset in the text (inclusive). */
  readonly start: number;
  /** End offset in the text (exclusive). */
  readonly end: number;
  /** Inside `$…$`, `$$…$$`, `\(…\)`, `\[…\]` or a math environment. */
  readonly inMath: boolean;
  /**
   * `false` when the integer sits in a function call (`sqrt(9)`, `\frac{1}{2}`, `\binom{n}{2}`),
   * a fraction `a/b`, or a power `a^b` / `a**b`.
   */
  readonly independent: boolean;
  /** R-Horizon's priority class: 1 independent text, 2 independent math, 3 complex text, 4 complex math. */
  readonly priority: 1 | 2 | 3 | 4;
}

/**
 * Picks the integer to replace in a problem, or `null` when none is suitable. Supply your own
 * to change the policy; {@linkcode selectKeyInteger} is the default.
 */
export type KeySelector = (question: string) => IntegerCandidate | null;

const MATH_PATTERNS = [
  /\$\$[\s\S]*?\$\$/g,
  /\\\[[\s\S]*?\\\]/g,
  /\\\([\s\S]*?\\\)/g,
  /\\begin\{(equation|align|gather|multline|cases|matrix|pmatrix|bmatrix|array)\*?\}[\s\S]*?\\end\{\1\*?\}/g,
  /(?<!\\)\$(?!\$)[^$]*?(?<!\\)\$/g,
];

function mathRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const pattern of MATH_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const s = m.index!, e = s + m[0].length;
      if (!ranges.some(([a, b]) => s < b && e > a)) ranges.push([s, e]);
    }
  }
  return ranges;
}

const LETTER = /[A-Za-z\u00C0-\u024F]/;

/**
 * Spans R-Horizon's rule filter drops whole: coordinates and tuples `(3, 4)`, and formatted
 * numbers `20{,}000`, `1\,000`, `12,\!345`, `1 000 000`.
 */
const SKIPPED_SPANS = [
  /\(\s*-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?)+\s*\)/g,
  /\d+(?:(?:\{,\}|\\,|,\\!|\\!|\\ |\u2009|\u202f)\s*\d{3})+/g,
];

/** A step label or a numbered heading before the digits: "Step 2", "Problem 3", "Part #1". */
const LABEL_BEFORE =
  /\b(?:step|problem|part|question|case|example|exercise|figure|fig\.|table|section|chapter|item|round|phase|stage|equation|eq\.|lemma|theorem)\s*#?\s*$/i;

function skippedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const re of SKIPPED_SPANS) {
    for (const m of text.matchAll(re)) ranges.push([m.index!, m.index! + m[0].length]);
  }
  return ranges;
}

/** Whether the digits at `start..end` are a label, an enumerator or a sub/superscript. */
function ruleSkips(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  if (LABEL_BEFORE.test(before)) return true; // Step 2, Problem 3
  // subscripts: x_2, a_{12} (indices). Exponents (`2^10`, `x^{2}`) stay, flagged complex, as
  // R-Horizon's step 2 flags `a^b`.
  if (/_\s*\{?\s*$/.test(before)) return true;
  // enumerators: (1) or [1] not after a function name, and "1." / "1)" opening a line
  const open = before.match(/([(\[])\s*$/)?.[1];
  const close = text.slice(end).match(/^\s*([)\]])/)?.[1];
  if (open && close && !/[A-Za-z0-9_\\]\s*[(\[]\s*$/.test(before)) return true;
  const lineStart = /(?:^|\n)[ \t]*$/.test(before);
  if (lineStart && /^[.)]\s/.test(text.slice(end))) return true;
  return false;
}

/** Whether position `i` lies inside the argument of a function call or a LaTeX command. */
function insideCall(text: string, start: number, end: number): boolean {
  // Walk left to the nearest unmatched opening bracket and look at what precedes it.
  let depth = 0;
  for (let i = start - 1; i >= 0 && start - i < 400; i--) {
    const c = text[i]!;
    if (c === ")" || c === "}") depth++;
    else if (c === "(" || c === "{") {
      if (depth > 0) {
        depth--;
        continue;
      }
      const before = text.slice(Math.max(0, i - 16), i);
      if (
        c === "(" && /[A-Za-z_][A-Za-z0-9_]*\s*$/.test(before) &&
        !/\b(and|or|of|is|at|in|to|by)\s*$/i.test(before)
      ) {
        return true; // f(…), sqrt(…), gcd(…)
      }
      if (c === "{" && /\\[A-Za-z]+(\{[^{}]*\})?\s*$|[_^]\s*$/.test(before)) return true; // \frac{…}{…}, x_{…}, 2^{…}
      if (c === "{" && /\}\s*$/.test(before)) {
        // second argument of \frac{a}{b}: look further back for a command
        const more = text.slice(Math.max(0, i - 60), i);
        if (/\\[A-Za-z]+\{[^{}]*\}\s*$/.test(more)) return true;
      }
    }
  }
  void end;
  return false;
}

/**
 * Lists the integers in a problem that may be replaced, with R-Horizon's flags. Never returns
 * digits that are part of a decimal (`12.5`, `.5`), glued to a letter or underscore (`x2`,
 * `3rd`, `a_1`), part of a digit group (`1,234`), zero, or written with leading zeros (`0801`,
 * `007`: a code, a time or a serial number, and not the integer string a link would write back
 * — `[variable1]` set to 801 would not read `0801`), nor what R-Horizon's rule filter
 * drops: step labels ("Step 2", "Problem 3"), enumerators (`(1)`, `[2]`, a line opening with
 * `1.` or `1)`), coordinates and tuples (`(3, 4)`), subscripts (`x_2`, `a_{12}`), and formatted
 * numbers (`$20{,}000`, `1\,000`, `12,\!345`). Exponents (`x^2`, `2^{10}`) stay candidates,
 * flagged complex as R-Horizon's step 2 flags `a^b`, so a problem whose only integer is an
 * exponent can still be linked (last in priority). A
 * sentence-final `12.` counts as an integer (R-Horizon's script also skips that case; we keep
 * it because it is common in word problems and not a decimal).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findIntegerCandidates } from "./key_selector.ts";
 * const texts = (q: string) => findIntegerCandidates(q).map((c) => c.text);
 * assert.deepEqual(texts("Add 3.5 and 7, then $x^2 + 4$."), ["7", "2", "4"]);
 * assert.deepEqual(texts("Step 2: (1) the point (3, 4) costs $20{,}000 for 5 people."), ["5"]);
 * assert.deepEqual(texts("Room 0801 holds 12 desks; agent 007 sits at 0."), ["12"]);
 * ```
 */
export function findIntegerCandidates(question: string): IntegerCandidate[] {
  const math = mathRanges(question);
  const skipped = skippedRanges(question);
  const out: IntegerCandidate[] = [];
  for (const m of question.matchAll(/\d+/g)) {
    const start = m.index!, end = start + m[0].length;
    const prev = question[start - 1] ?? "", next = question[end] ?? "";
    const next2 = question[end + 1] ?? "";
    if (prev === "." || (next === "." && /\d/.test(next2))) continue; // decimals
    if (LETTER.test(prev) || LETTER.test(next) || prev === "_" || prev === "\\") continue; // glued
    if (
      (prev === "," && /\d/.test(question[start - 2] ?? "")) ||
      (next === "," && /^\d{3}(?!\d)/.test(question.slice(end + 1)))
    ) {
      continue; // 1,234
    }
    if (m[0].startsWith("0")) continue; // zero, or leading zeros (0801 is not the integer 801)
    if (skipped.some(([a, b]) => start >= a && end <= b) || ruleSkips(question, start, end)) {
      continue; // R-Horizon's rule filter
    }
    const inMath = math.some(([a, b]) => start >= a && end <= b);
    const before = question.slice(Math.max(0, start - 2), start).replace(/\s+$/, "");
    const after = question.slice(end, end + 2).replace(/^\s+/, "");
    const power = before.endsWith("^") || before.endsWith("**") || after.startsWith("^") ||
      after.startsWith("**");
    const fraction = before.endsWith("/") || after.startsWith("/");
    const independent = !power && !fraction && !insideCall(question, start, end);
    const priority = (independent ? (inMath ? 2 : 1) : (inMath ? 4 : 3)) as 1 | 2 | 3 | 4;
    out.push({ value: BigInt(m[0]), text: m[0], start, end, inMath, independent, priority });
  }
  return out;
}

/** Options for {@linkcode selectKeyInteger}. */
export interface SelectKeyOptions {
  /** Which candidate of the best priority class to take. Default `"first"`. */
  readonly tieBreak?: "first" | "last" | "largest";
}

/**
 * R-Horizon's rule-based key-integer choice: the best priority class wins (standalone
 * integers in text, then standalone in math, then complex in text, then complex in math), and
 * within it the first occurrence (or `tieBreak`). R-Horizon also asks GPT-4.1 whether each
 * integer is a "key variable"; this selector has no model, so it replaces that judgement
 * with the priority order alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectKeyInteger } from "./key_selector.ts";
 * assert.equal(selectKeyInteger("Find $\\frac{1}{2}$ of 30 apples.")?.text, "30");
 * ```
 */
export function selectKeyInteger(
  question: string,
  options: SelectKeyOptions = {},
): IntegerCandidate | null {
  const candidates = findIntegerCandidates(question);
  if (candidates.length === 0) return null;
  const best = Math.min(...candidates.map((c) => c.priority));
  const pool = candidates.filter((c) => c.priority === best);
  switch (options.tieBreak ?? "first") {
    case "first":
      return pool[0]!;
    case "last":
      return pool[pool.length - 1]!;
    case "largest":
      return pool.reduce((a, b) => (b.value > a.value ? b : a));
  }
}
