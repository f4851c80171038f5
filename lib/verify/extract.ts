/**
 * Answer extraction from model responses, with a documented priority order.
 * @module
 */

/** Where an extracted answer came from, in priority order (lower wins). */
export type ExtractionSource =
  | "final_answer_is"
  | "boxed"
  | "answer_tag"
  | "gsm8k"
  | "answer_colon"
  | "answer_is"
  | "latex_env"
  | "bare"
  | "choice_line"
  | "last_number"
  | "problem_line";

/**
 * The priority ladder, highest first, modelled on Math-Verify's (§1.2): an explicit "final answer
 * is" phrase, then `\boxed{}`/`\fbox{}`, then `<answer>` tags and GSM8K's `####` (which
 * Math-Verify lacks), "Answer:", "answer is", the last LaTeX math environment, a bare answer (the
 * whole response, or its last line, is one math expression), and the last number in prose only
 * when asked (`lastNumber`). `choice_line` (a response opening with `A.` when the gold is a
 * choice letter) is applied by `verifyAnswer`, which knows the gold. Last comes `problem_line`:
 * the answer on a `Problem 1:` line, which is what a depth-1 composed prompt asks for (see
 * {@linkcode problemLineAnswer}). Within a level the rightmost match wins.
 */
export const EXTRACTION_PRIORITY: readonly ExtractionSource[] = [
  "final_answer_is",
  "boxed",
  "answer_tag",
  "gsm8k",
  "answer_colon",
  "answer_is",
  "latex_env",
  "bare",
  "choice_line",
  "last_number",
  "problem_line",
];

/** Options for {@linkcode extractAnswer}. */
export interface ExtractOptions {
  /**
   * Reasoning blocks: `"after"` (default) scores only the text after the last `</think>` when
   * there is one; `"require"` finds no answer unless `</think>` is present; `"ignore"` scores
   * the whole response.
   */
  readonly think?: "after" | "require" | "ignore";
  /** `"last"` (default) takes the last `\boxed{}`; `"all"` joins every box as a list. */
  readonly boxed?: "last" | "all";
  /** Fall back to the last number in the text. Default false. */
  readonly lastNumber?: boolean;
  /** Try the last LaTeX math environment (`$…$`, `\[…\]`). Default true (as Math-Verify). */
  readonly latexEnvironments?: boolean;
  /** Responses longer than this are cut to their last `maxLength` characters. Default 200,000. */
  readonly maxLength?: number;
}

/** An extracted answer. */
export interface Extracted {
  /** The answer text as found. */
  readonly text: string;
  /** Where it was found (see {@linkcode EXTRACTION_PRIORITY}). */
  readonly source: ExtractionSource;
}

/**
 * The contents of every `\boxed{…}` / `\fbox{…}` (nested braces matched; an unterminated box
 * runs to the end), in order. Linear in the text length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { boxedContents } from "./extract.ts";
 * assert.deepEqual(boxedContents("\\boxed{\\frac{1}{2}} and \\fbox{3}"), ["\\frac{1}{2}", "3"]);
 * ```
 */
export function boxedContents(text: string): string[] {
  return boxedSpans(text).map((b) => b.text);
}

/** The boxes of a text with their spans (`start` of `\boxed`, `end` after the closing brace). */
function boxedSpans(text: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const re = /\\(?:boxed|fbox)\s*\{/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let depth = 1, i = m.index + m[0].length;
    const start = i;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}") depth--;
    }
    out.push({
      text: text.slice(start, depth === 0 ? i - 1 : text.length).trim(),
      start: m.index,
      end: i,
    });
    re.lastIndex = i;
  }
  return out;
}

/**
 * The boxes of a gold solution that form its answer: the last box and those before it that are
 * close (under 10 characters apart) or joined by a separator within 70 characters (Math-Verify's
 * rule for `boxed="last"`); distinct neighbours are kept.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { goldBoxes } from "./extract.ts";
 * assert.deepEqual(goldBoxes("\\boxed{1} papers and \\boxed{2} bins"), ["1", "2"]);
 * assert.deepEqual(goldBoxes("\\boxed{1} no no no no no \\boxed{2}"), ["2"]);
 * ```
 */
export function goldBoxes(text: string): string[] {
  const boxes = boxedSpans(text);
  if (!boxes.length) return [];
  let first = boxes.length - 1;
  while (first > 0) {
    const gap = text.slice(boxes[first - 1]!.end, boxes[first]!.start);
    if (!(gap.length < 10 || (gap.length < 70 && /[,;]|\b(?:and|or)\b/.test(gap)))) break;
    first--;
  }
  const kept = boxes.slice(first).map((b) => b.text);
  const distinct = kept.filter((b, i) => i === 0 || b !== kept[i - 1]);
  return withPercentAfter(distinct, text, boxes[boxes.length - 1]!.end);
}

/**
 * A percent sign (or the word) written just after the answer belongs to it: `\boxed{20}
 * percent` and `$28$ %` are 20% and 28%, not 20 and 28.
 */
function withPercentAfter(parts: string[], text: string, end: number): string[] {
  const after = text.slice(end, end + 24);
  const last = parts[parts.length - 1];
  if (
    last === undefined || !/^\s*\$?\s*(?:\\?%|percent\b|pct\b)/i.test(after) || /%\s*$/.test(last)
  ) return parts;
  return [...parts.slice(0, -1), `${last}\\%`];
}

/** Whether the text between two boxes only separates them (no prose outside `\text{}`). */
function isSeparatorGap(gap: string): boolean {
  if (gap.length > 80) return false;
  const rest = gap.replace(/\\text\{[^{}]*\}/g, " , ").replace(
    /\\[()[\]]|\$|\\q?quad|\\[,;:! ]|~/g,
    " ",
  )
    .replace(/\b[A-Za-z](?:_\{?\w+\}?)?\s*=/g, " ");
  if (!/[,;]|\b(?:and|or)\b/.test(rest)) return false;
  return /^(?:[\s,;.]|\b(?:and|or)\b)*$/.test(rest);
}

/**
 * The math in an "Answer:" sentence: the whole text when it is short, else the part after the
 * last "is"/"=" of its first sentence, else its last `$…$` or number.
 */
function mathInSentence(answer: string): string {
  const sentence = answer.split(/\.(?=\s|$)/)[0]!.trim();
  const words =
    sentence.replace(/\$[^$]*\$|\\[a-zA-Z]+(\{[^{}]*\})?/g, " ").match(/[A-Za-z]{2,}/g) ?? [];
  if (words.length < 3) return answer;
  const is = sentence.match(/^.*(?:\bis|=|\bare)\s+(.*?)\s*$/);
  if (is && /[\d$\\]/.test(is[1]!)) return is[1]!;
  const env = lastMatch(sentence, /\$([^$]+)\$/);
  const num = lastMatch(sentence, /-?\d[\d,]*(?:\.\d+)?/);
  if (env && (!num || env.index > num.index)) return env[1]!;
  return num ? num[0] : answer;
}

/** A response (or its last line) that is a single math expression, without prose. */
function bareAnswer(text: string): string | null {
  const lines = text.trim().split("\n").map((l) => l.trim()).filter(Boolean);
  const last = lines[lines.length - 1];
  if (last === undefined || last.length > 300) return null;
  const stripped = last.replace(/^\$+|\$+$/g, "").trim();
  if (!stripped || /\$/.test(stripped)) return null;
  // prose: a run of 3+ letters that is not a LaTeX command, a function or a unit-like word
  const words = stripped.replace(/\\[a-zA-Z]+/g, " ").match(/[A-Za-z]{3,}/g) ?? [];
  const allowed =
    /^(?:sin|cos|tan|sec|csc|cot|log|exp|sqrt|and|pct|percent|percentage|inf|infty|pi|cm|km|mm|kg|mph|deg)$/i;
  if (words.some((w) => !allowed.test(w))) return null;
  // short English words make it a sentence too ("it is 0.5")
  if (
    /(?:^|\s)(?:is|it|so|we|be|as|at|by|in|of|on|to|an|if|my|no|do|he|us|am|the)(?=\s|$)/i.test(
      stripped,
    )
  ) {
    return null;
  }
  if (!/[\d\\]/.test(stripped) && stripped.length > 3) return null;
  return stripped;
}

/**
 * Strips reasoning per `think` (see {@linkcode ExtractOptions}): the text after the last
 * `</think>`; `null` when `"require"` and no `</think>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { afterThinking } from "./extract.ts";
 * assert.equal(afterThinking("<think>maybe 3</think> It is 4."), " It is 4.");
 * assert.equal(afterThinking("It is 4."), "It is 4.");
 * assert.equal(afterThinking("It is 4.", "require"), null);
 * assert.equal(afterThinking("<think>3</think>4", "ignore"), "<think>3</think>4");
 * ```
 */
export function afterThinking(
  response: string,
  think: ExtractOptions["think"] = "after",
): string | null {
  if (think === "ignore") return response;
  const end = response.lastIndexOf("</think>");
  if (end >= 0) return response.slice(end + "</think>".length);
  return think === "require" ? null : response;
}

function allMatches(text: string, re: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
  let m: RegExpExecArray | null;
  while ((m = g.exec(text))) {
    out.push(m);
    if (m[0].length === 0) g.lastIndex++;
  }
  return out;
}

function lastMatch(text: string, re: RegExp): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
  let m: RegExpExecArray | null;
  while ((m = g.exec(text))) {
    last = m;
    if (m[0].length === 0) g.lastIndex++;
  }
  return last;
}

const NUMBER = /-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+/;

/**
 * Extracts the answer from a response by the {@linkcode EXTRACTION_PRIORITY} ladder; `null` if
 * nothing matches.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractAnswer } from "./extract.ts";
 * assert.equal(extractAnswer("<think>…</think> So the result is \\boxed{42}.")?.text, "42");
 * assert.deepEqual(extractAnswer("Natalia sold 48 clips.\n#### 72"), { text: "72", source: "gsm8k" });
 * assert.equal(extractAnswer("No idea."), null);
 * ```
 */
export function extractAnswer(response: string, options: ExtractOptions = {}): Extracted | null {
  const maxLength = options.maxLength ?? 200_000;
  const cut = response.length > maxLength ? response.slice(-maxLength) : response;
  const text = afterThinking(cut, options.think);
  if (text === null) return null;
  const finalIs = lastMatch(
    text,
    /final answer is\s*:?\s*(\$\$[^$]{1,300}\$\$|\$[^$\n]{1,300}\$|\\\([^\n]{1,300}?\\\)|\\\[[^\n]{1,300}?\\\]|\\boxed\{[^\n]{1,300}|(?:[^\n,;]|,(?=\d{3}(?!\d)))(?:[^\n,;]|,(?=\d{3}(?!\d))|,\\!){0,199}?)(?=\.\s*I hope|\.?\s*$|[.,;]\s)/im,
  );
  if (finalIs) {
    const raw = finalIs[1]!.trim();
    const inner = boxedContents(raw);
    return { text: inner.length ? inner[inner.length - 1]! : raw, source: "final_answer_is" };
  }
  const boxes = boxedSpans(text);
  if (boxes.length) {
    if (options.boxed === "all") {
      const all = boxes.map((b) => b.text);
      return {
        text: all.filter((b, i) => i === 0 || b !== all[i - 1]).join(", "),
        source: "boxed",
      };
    }
    // The last box, together with the boxes just before it that are separated only by
    // separators (`,`, `;`, "and", "or", `\quad`, `\text{…}`): one answer written as several boxes.
    let first = boxes.length - 1;
    while (first > 0 && isSeparatorGap(text.slice(boxes[first - 1]!.end, boxes[first]!.start))) {
      first--;
    }
    const cluster = boxes.slice(first).map((b) => b.text);
    const distinct = cluster.filter((b, i) => i === 0 || b !== cluster[i - 1]);
    const withPercent = withPercentAfter(distinct, text, boxes[boxes.length - 1]!.end);
    return { text: withPercent.join(", "), source: "boxed" };
  }
  const tag = lastMatch(text, /<answer>([\s\S]{0,5000}?)<\/answer>/i);
  if (tag) return { text: tag[1]!.trim(), source: "answer_tag" };
  const gsm = lastMatch(text, /####\s*([^\n]{1,200})/);
  if (gsm) return { text: gsm[1]!.trim(), source: "gsm8k" };
  const colon = lastMatch(text, /answer\s*:\s*([^\n]{1,300})/i);
  if (colon) return { text: mathInSentence(colon[1]!.trim()), source: "answer_colon" };
  const is = lastMatch(text, /answer is\s*([^\n]{1,300})/i);
  if (is) return { text: is[1]!.trim(), source: "answer_is" };
  if (options.latexEnvironments ?? true) {
    // the last environment, with the ones just before it joined only by separators
    // (`$1$ and $2$`, at most 6, as Math-Verify)
    const envs = allMatches(
      text,
      /\$\$([\s\S]{1,2000}?)\$\$|\\\[([\s\S]{1,2000}?)\\\]|\\\(([^\n]{1,2000}?)\\\)|(?<!\\)\$((?:[^$\n]|(?<=\\)\$){1,2000}?)(?<!\\)\$/,
    );
    if (envs.length) {
      let first = envs.length - 1;
      while (
        first > 0 && envs.length - first < 6 &&
        isSeparatorGap(
          text.slice(envs[first - 1]!.index + envs[first - 1]![0].length, envs[first]!.index),
        )
      ) first--;
      const parts = envs.slice(first).map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4]!).trim());
      const last = envs[envs.length - 1]!;
      const withPercent = withPercentAfter(parts, text, last.index + last[0].length);
      return { text: withPercent.join(", "), source: "latex_env" };
    }
  }
  const bare = bareAnswer(text);
  if (bare !== null) return { text: bare, source: "bare" };
  if (options.lastNumber) {
    const num = lastMatch(text, NUMBER);
    if (num) return { text: num[0], source: "last_number" };
  }
  return problemLineAnswer(text, { ...options, think: "ignore" });
}

/**
 * The last rung of the ladder: the answer on a `Problem 1:` line (after the last
 * `### Final Answers` heading when there is one), read as {@linkcode extractPerProblem} reads
 * it for a one-problem task: the line's box, or else the rest of the line when it looks like an
 * answer. `null` when there is no such line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { problemLineAnswer } from "./extract.ts";
 * assert.deepEqual(problemLineAnswer("### Final Answers\nProblem 1: 7"), { text: "7", source: "problem_line" });
 * assert.equal(problemLineAnswer("Problem 1:\n7"), null);
 * assert.equal(problemLineAnswer("No lines here."), null);
 * ```
 */
export function problemLineAnswer(
  response: string,
  options: ExtractOptions = {},
): Extracted | null {
  const { answers, method } = extractPerProblem(response, 1, options);
  return method === "problem_lines" && answers[0] != null
    ? { text: answers[0], source: "problem_line" }
    : null;
}

/** Per-problem answers of a composed response. */
export interface PerProblemExtraction {
  /** Answer text per problem (`null` where none was found). */
  readonly answers: readonly (string | null)[];
  /** 1-based numbers of the problems without an answer. */
  readonly missing: readonly number[];
  /** How they were found. */
  readonly method: "problem_lines" | "last_boxes" | "none";
}

/**
 * Extracts one answer per problem from a composed-task response. It prefers `Problem k: …`
 * lines (after the last `### Final Answers` heading when there is one), taking the box on the
 * line or else the rest of the line; otherwise the last n `\boxed{}` answers in order (as
 * R-Horizon's reward code). Problems without an answer are reported in `missing`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractPerProblem } from "./extract.ts";
 * assert.deepEqual(
 *   extractPerProblem("### Final Answers\nProblem 1: \\boxed{7}\nProblem 3: \\boxed{2}", 3),
 *   { answers: ["7", null, "2"], missing: [2], method: "problem_lines" },
 * );
 * ```
 */
export function extractPerProblem(
  response: string,
  problems: number,
  options: ExtractOptions = {},
): PerProblemExtraction {
  const text = afterThinking(
    response.length > 200_000 ? response.slice(-200_000) : response,
    options.think,
  );
  const none = (): PerProblemExtraction => ({
    answers: Array(problems).fill(null),
    missing: Array.from({ length: problems }, (_, i) => i + 1),
    method: "none",
  });
  if (text === null) return none();
  const heading = text.lastIndexOf("### Final Answers");
  const block = heading >= 0 ? text.slice(heading) : text;
  const answers: (string | null)[] = Array(problems).fill(null);
  let found = 0;
  // `[ \t]*`, not `\s*`: an empty `Problem k:` line must not take the next line as its answer
  for (const m of block.matchAll(/Problem\s*(\d{1,4})\s*[:.)][ \t]*([^\n]*)/gi)) {
    const k = Number(m[1]);
    if (k < 1 || k > problems) continue;
    const line = m[2]!;
    const boxes = boxedContents(line);
    const rest = line.replace(/^\$+|\$+$/g, "").trim();
    // Without a box, take the rest of the line only when it looks like an answer, not prose.
    const value = boxes.length
      ? boxes[boxes.length - 1]!
      : rest.length <= 60 && /[\d\\]/.test(rest)
      ? rest
      : "";
    if (!value || /\[answer\d*\]/i.test(value)) continue;
    if (answers[k - 1] === null) found++;
    answers[k - 1] = value;
  }
  if (found > 0 && (found === problems || heading >= 0)) {
    return {
      answers,
      missing: answers.flatMap((a, i) => (a === null ? [i + 1] : [])),
      method: "problem_lines",
    };
  }
  const boxes = boxedContents(text).filter((b) => !/\[answer\d*\]/i.test(b));
  if (boxes.length === 0) return none();
  const taken = boxes.slice(-problems);
  const out: (string | null)[] = Array(problems).fill(null);
  taken.forEach((b, i) => (out[i] = b));
  return {
    answers: out,
    missing: out.flatMap((a, i) => (a === null ? [i + 1] : [])),
    method: "last_boxes",
  };
}
