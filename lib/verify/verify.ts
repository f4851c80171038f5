/**
 * Verification of model responses against gold answers: extraction, normalisation, parsing and
 * equivalence, bounded in time and size, never throwing for bad input.
 * @module
 */
import { type EquivalenceOptions, equivalent } from "./equivalence.ts";
import {
  extractAnswer,
  type ExtractionSource,
  type ExtractOptions,
  extractPerProblem,
  goldBoxes,
  problemLineAnswer,
} from "./extract.ts";
import { type NormalizeOptions, normalizeWithUnit } from "./normalize.ts";
import { relateUnits } from "./units.ts";
import { type MathNode, MathParseError, parseMath } from "./parse.ts";
import { DeadlineExceeded, deadlineFrom } from "./deadline.ts";

/**
 * What a verification concluded. `undecided`: neither equality nor difference could be
 * established within the verifier's bounds (reward 0, never correct); `timeout`: the
 * verification ran past `timeoutMs`.
 */
export type VerdictStatus =
  | "correct"
  | "wrong"
  | "no_answer"
  | "unparseable"
  | "undecided"
  | "timeout"
  | "error";

/** A verification verdict: the decision, what was compared, and why. */
export interface Verdict {
  /** Whether the response's answer equals the gold (`status === "correct"`). */
  readonly correct: boolean;
  /** The decision (see {@linkcode VerdictStatus}). */
  readonly status: VerdictStatus;
  /** What was compared. */
  readonly extracted: {
    /** The gold answer as compared (after taking a box or `####` from a solution). */
    readonly gold: string;
    /** The response's extracted answer, `null` when none was found. */
    readonly response: string | null;
    /** How the response's answer was found. */
    readonly source: ExtractionSource | null;
  };
  /** Why, in words. */
  readonly reason: string;
}

/** Options for {@linkcode verifyAnswer}: extraction, normalisation and equivalence together. */
export type VerifyOptions = ExtractOptions & NormalizeOptions & EquivalenceOptions & {
  /**
   * A cooperative time limit in milliseconds: the verifier's loops check it and the verdict is
   * `timeout` once it has passed. Default none (the verifier's own size bounds keep every
   * verification short; a worker pool adds a wall-clock kill on top).
   */
  readonly timeoutMs?: number;
};

/**
 * Takes the answer out of a gold solution: its last `\boxed{}` with the boxes joined to it
 * ({@linkcode goldBoxes}, as a list), or `#### N`; a gold written
 * as prose with LaTeX goes through the same extraction as a response; otherwise the gold itself.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { goldAnswer } from "./verify.ts";
 * assert.equal(goldAnswer("So \\boxed{1} and \\boxed{2}."), "1, 2");
 * assert.equal(goldAnswer("The side is $x = 3$, so we stop."), "x = 3");
 * assert.equal(goldAnswer("42"), "42");
 * ```
 */
export function goldAnswer(gold: string): string {
  const boxes = goldBoxes(gold);
  if (boxes.length) return boxes.join(", ");
  const gsm = gold.match(/####\s*([^\n]+)\s*$/);
  if (gsm) return gsm[1]!.trim();
  const trimmed = gold.trim();
  if (/^\$[^$]*\$$|^\$\$[^$]*\$\$$|^\\\(.*\\\)$|^\\\[.*\\\]$/s.test(trimmed)) return trimmed;
  if (/\$|\\\(|\\\[|answer/i.test(trimmed)) {
    const found = extractAnswer(trimmed, { think: "ignore" });
    if (found) return found.text;
  }
  return trimmed;
}

/**
 * Whole-answer number formats that the parser does not read: `1 234`, `1,234` (digit groups),
 * and a decimal comma `1000,99` in an answer whose gold is a number. The gold is read first and
 * in its own notation: a gold `-2,1` is a list; only `0,ddd` (three or more digits after the
 * comma) is read there as a decimal comma. Returns the text and the convention used, if any.
 */
function numberFormats(s: string, role: "gold" | "answer", goldIsList = false): [string, string] {
  if (/^-?\d{1,3}(?: \d{3})+(?:\.\d+)?$/.test(s)) return [s.replace(/ /g, ""), ""];
  if (/^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s) && !/^-?0,/.test(s)) {
    return [s.replace(/,/g, ""), ""];
  }
  const comma = "a decimal comma";
  if (role === "gold") {
    return /^-?0,\d{3,}$/.test(s) ? [s.replace(",", "."), comma] : [s, ""];
  }
  if (!goldIsList && /^-?\d+,\d+$/.test(s)) return [s.replace(",", "."), comma];
  return [s, ""];
}

function tryParse(text: string): MathNode | MathParseError {
  try {
    return parseMath(text);
  } catch (error) {
    if (error instanceof MathParseError) return error;
    if (error instanceof RangeError) return new MathParseError(error.message);
    throw error;
  }
}

const DEGREE = /\s*\^\s*(?:\\circ|\{\s*\\circ\s*\})/;
/** Numbers of degrees and nothing else: `60^\circ`, `30^\circ, 150^\circ`. */
const DEGREES_ONLY =
  /^-?\d+(?:\.\d+)?\s*\^\s*(?:\\circ|\{\s*\\circ\s*\})(?:\s*,\s*-?\d+(?:\.\d+)?\s*\^\s*(?:\\circ|\{\s*\\circ\s*\}))*$/;

/** Notations read by a convention, named in the verdict when they occur. */
const CONVENTIONS: readonly (readonly [RegExp, string])[] = [
  [/\d\s+\d+\s*\/\s*\d|\d\s*\\frac/, "a mixed number (2 1/2 = 5/2)"],
  [
    /\\(?:sin|cos|tan|sec|csc|cot|ln|log)\s*\d*\.?\d+\s*[a-zA-Z\\]/,
    "a function of the product after it (\\cos 2x = cos(2x))",
  ],
  [/\d[eE][-+]?\d/, "E-notation (1e-3 = 0.001)"],
];

/** A cheap test for any notation that {@linkcode READINGS} rewrites. */
const AMBIGUOUS =
  /\d\s+\d|\d\s*\\frac|\\(?:sin|cos|tan|sec|csc|cot|ln|log)|\d[eE][-+]?\d|^-?\d+,\d+$/;

/** The other reading of each ambiguous notation, as a rewrite of the text. */
const READINGS: readonly (readonly [RegExp, string, string])[] = [
  [/(\d)\s+(\d+\s*\/\s*\d+)/g, "$1\\cdot $2", "the mixed number is read as a product"],
  [/(\d)\s*(\\frac)/g, "$1\\cdot $2", "the mixed number is read as a product"],
  [
    /\\(sin|cos|tan|sec|csc|cot|ln|log)\s*(\d*\.?\d+|[a-zA-Z])(?=\s*[a-zA-Z\d\\])/g,
    "\\$1{$2}",
    "the function is applied to its first factor only",
  ],
  [/(\d)([eE])([-+]?\d)/g, "$1 $2 $3", "the e of the E-notation is Euler's number"],
];

/**
 * Whether a different reading of an ambiguous notation in either answer makes them equal; the
 * reading's name when it does.
 */
function otherReading(g: string, p: string, options: VerifyOptions): string | null {
  if (!AMBIGUOUS.test(g) && !AMBIGUOUS.test(p)) return null;
  // a gold `1,22` written without a space is a list; read as a decimal comma it may agree
  if (/^-?\d+,\d+$/.test(g)) {
    const an = tryParse(g.replace(",", ".")), bn = tryParse(p);
    if (
      !(an instanceof MathParseError) && !(bn instanceof MathParseError) &&
      equivalent(an, bn, options).equal
    ) return "the gold's comma is read as a decimal comma";
  }
  for (const [pattern, to, name] of READINGS) {
    pattern.lastIndex = 0;
    const g2 = g.replace(pattern, to), p2 = p.replace(pattern, to);
    if (g2 === g && p2 === p) continue;
    for (const [a, b] of [[g2, p], [g, p2], [g2, p2]] as const) {
      if (a === g && b === p) continue;
      const an = tryParse(a), bn = tryParse(b);
      if (an instanceof MathParseError || bn instanceof MathParseError) continue;
      if (equivalent(an, bn, options).equal) return name;
    }
  }
  return null;
}

const CHOICE = /^\(?([A-Ja-j])\)?\.?$/;
const CHOICE_GOLD = /^\(?[A-J]\)?$/;

/**
 * Verifies a response against a gold answer (gold first, asymmetric as Math-Verify). The gold
 * may be a bare answer or a solution with `\boxed{}` or `#### N`. Never throws: a response with
 * no answer gives `no_answer`, one that cannot be parsed `unparseable`, and an internal failure
 * `error`, each with a reason.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifyAnswer } from "./verify.ts";
 * assert.equal(verifyAnswer("\\frac{1}{2}", "The answer is $0.5$.").correct, true);
 * assert.equal(verifyAnswer("1234", "So we get \\boxed{1,234}").correct, true);
 * assert.equal(verifyAnswer("(0, 9)", "\\boxed{[0, 9)}").status, "wrong");
 * assert.equal(verifyAnswer("7", "I am not sure.").status, "no_answer");
 * ```
 */
export function verifyAnswer(gold: string, response: string, options: VerifyOptions = {}): Verdict {
  if (options.timeoutMs !== undefined && options.deadline === undefined) {
    options = { ...options, deadline: deadlineFrom(options.timeoutMs) };
  }
  const goldText = goldAnswer(String(gold ?? ""));
  let extracted: ReturnType<typeof extractAnswer> = null;
  try {
    extracted = extractAnswer(String(response ?? ""), options);
    // the choice line comes before the ladder's last rung (a `Problem 1:` line)
    if ((!extracted || extracted.source === "problem_line") && CHOICE_GOLD.test(goldText)) {
      // a multiple-choice gold: a response that opens with the letter ("A. Because …")
      const lead = String(response ?? "").trim().match(/^\(?([A-J])[.):](?:\s|$)/);
      if (lead) extracted = { text: lead[1]!, source: "choice_line" };
    }
    const none: Verdict = {
      correct: false,
      status: "no_answer",
      extracted: { gold: goldText, response: null, source: null },
      reason: "no answer found in the response",
    };
    if (!extracted) return none;
    const verdict = compareAnswers(goldText, extracted.text, extracted.source, options);
    if (verdict.status !== "no_answer") return verdict;
    // An empty answer higher up the ladder (`\boxed{}`): a `Problem 1:` line may still hold
    // one. An empty answer on that line is no answer at all.
    if (extracted.source === "problem_line") return none;
    const line = problemLineAnswer(String(response ?? ""), options);
    if (line) {
      const second = compareAnswers(goldText, line.text, line.source, options);
      if (second.status !== "no_answer") return second;
    }
    return verdict;
  } catch (error) {
    if (error instanceof DeadlineExceeded) {
      return {
        correct: false,
        status: "timeout",
        extracted: {
          gold: goldText,
          response: extracted?.text ?? null,
          source: extracted?.source ?? null,
        },
        reason: `stopped after timeoutMs = ${options.timeoutMs} ms`,
      };
    }
    return {
      correct: false,
      status: "error",
      extracted: {
        gold: goldText,
        response: extracted?.text ?? null,
        source: extracted?.source ?? null,
      },
      reason: `verification failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/**
 * Compares a gold answer with an already-extracted answer (no extraction step).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareAnswers } from "./verify.ts";
 * assert.equal(compareAnswers("x \\le 5", "5 \\ge x").correct, true);
 * assert.equal(compareAnswers("x \\le 5", "x < 5").correct, false);
 * ```
 */
export function compareAnswers(
  gold: string,
  answer: string,
  source: ExtractionSource | null = null,
  options: VerifyOptions = {},
): Verdict {
  if (options.timeoutMs !== undefined && options.deadline === undefined) {
    options = { ...options, deadline: deadlineFrom(options.timeoutMs) };
  }
  const base = { gold, response: answer, source };
  const failed = (status: VerdictStatus, reason: string): Verdict => ({
    correct: false,
    status,
    extracted: base,
    reason,
  });
  try {
    const gn = normalizeWithUnit(gold, options), pn = normalizeWithUnit(answer, options);
    const goldRead = numberFormats(gn.text, "gold");
    let g = goldRead[0];
    // the gold's shape decides whether `6,8` is a list or a decimal comma
    const goldIsList = /,/.test(g);
    const answerRead = numberFormats(pn.text, "answer", goldIsList);
    let p = answerRead[0];
    const conventions = [goldRead[1], answerRead[1]].filter(Boolean);
    const units = relateUnits(gn.unit, pn.unit);
    if (units.kind === "mismatch" && p) return failed("wrong", units.reason);
    if (units.kind === "convert" && p) {
      if (/,/.test(p)) {
        return failed("undecided", `${units.note} is not done inside a list`);
      }
      p = `(${p})\\cdot${units.factor}`;
      conventions.push(units.note);
    }
    // a number of degrees against a bare number without π: the degree sign is optional
    const [gDeg, pDeg] = [DEGREE.test(g), DEGREE.test(p)];
    if (gDeg !== pDeg) {
      const [marked, other] = gDeg ? [g, p] : [p, g];
      if (DEGREES_ONLY.test(marked) && !/\\pi|π/.test(other)) {
        const plain = marked.replace(new RegExp(DEGREE.source, "g"), "");
        if (gDeg) g = plain;
        else p = plain;
        conventions.push("the degree sign optional against a number");
      }
    }
    const verdict = (correct: boolean, status: VerdictStatus, reason: string): Verdict => ({
      correct,
      status,
      extracted: base,
      reason: conventions.length ? `${reason} (read with ${conventions.join(", ")})` : reason,
    });
    if (!p) return verdict(false, "no_answer", "the extracted answer is empty");
    if (g === p) return verdict(true, "correct", "text: identical answers");
    const gc = g.match(CHOICE), pc = p.match(CHOICE);
    if (gc && /^[A-J]$/.test(gc[1]!) && pc) {
      const same = gc[1]!.toUpperCase() === pc[1]!.toUpperCase();
      return verdict(
        same,
        same ? "correct" : "wrong",
        same ? "same choice" : `choice ${pc[1]} is not ${gc[1]}`,
      );
    }
    const gNode = tryParse(g), pNode = tryParse(p);
    if (gNode instanceof MathParseError) {
      const same = g.toLowerCase() === p.toLowerCase();
      return verdict(
        same,
        same ? "correct" : "wrong",
        `${same ? "same" : "different"} text (gold not parseable as math: ${gNode.message})`,
      );
    }
    if (pNode instanceof MathParseError) {
      if (g.toLowerCase() === p.toLowerCase()) return verdict(true, "correct", "same text");
      return verdict(false, "unparseable", `cannot parse the answer: ${pNode.message}`);
    }
    const result = equivalent(gNode, pNode, options);
    if (!result.equal && !result.undecided) {
      // a difference is a proof only when no other reading of an ambiguous notation agrees
      const other = otherReading(g, p, options);
      if (other) {
        return verdict(
          false,
          "undecided",
          `the answers differ as read (${result.reason}), but agree when ${other}`,
        );
      }
    }
    if (AMBIGUOUS.test(g) || AMBIGUOUS.test(p)) {
      for (const [pattern, name] of CONVENTIONS) {
        if (pattern.test(g) || pattern.test(p)) conventions.push(name);
      }
    }
    return verdict(
      result.equal,
      result.equal ? "correct" : result.undecided ? "undecided" : "wrong",
      result.reason,
    );
  } catch (error) {
    if (error instanceof DeadlineExceeded) {
      return failed("timeout", `stopped after timeoutMs = ${options.timeoutMs} ms`);
    }
    return failed(
      "error",
      `comparison failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The verdict on a composed-task response: one per problem. */
export interface ComposedVerdict {
  /** Every problem right (R_all). */
  readonly correct: boolean;
  /** Correctness per problem, in order. */
  readonly perProblem: readonly boolean[];
  /** The verdict per problem, in order. */
  readonly verdicts: readonly Verdict[];
  /** 1-based problems without an extracted answer. */
  readonly missing: readonly number[];
  /** How the per-problem answers were found (see {@linkcode extractPerProblem}). */
  readonly method: "problem_lines" | "last_boxes" | "none";
}

/**
 * Verifies a composed-task response against its per-problem gold answers: extracts an answer
 * per problem (`Problem k:` lines, else the last n boxes) and verifies each.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifyComposed } from "./verify.ts";
 * const verdict = verifyComposed(
 *   ["7", "12"],
 *   "### Final Answers\nProblem 1: \\boxed{7}\nProblem 2: \\boxed{13}",
 * );
 * assert.deepEqual(verdict.perProblem, [true, false]);
 * assert.equal(verdict.correct, false);
 * assert.equal(verdict.method, "problem_lines");
 * ```
 */
export function verifyComposed(
  golds: readonly string[],
  response: string,
  options: VerifyOptions = {},
): ComposedVerdict {
  if (options.timeoutMs !== undefined && options.deadline === undefined) {
    options = { ...options, deadline: deadlineFrom(options.timeoutMs) };
  }
  const { answers, missing, method } = extractPerProblem(
    String(response ?? ""),
    golds.length,
    options,
  );
  const verdicts = golds.map((gold, i): Verdict => {
    const answer = answers[i];
    if (answer === null || answer === undefined) {
      return {
        correct: false,
        status: "no_answer",
        extracted: { gold: goldAnswer(gold), response: null, source: null },
        reason: `no answer for problem ${i + 1}`,
      };
    }
    return compareAnswers(goldAnswer(gold), answer, "boxed", options);
  });
  const perProblem = verdicts.map((v) => v.correct);
  return {
    correct: perProblem.length > 0 && perProblem.every(Boolean),
    perProblem,
    verdicts,
    missing,
    method,
  };
}
