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
  | "last_number";

/**
 * The priority ladder, highest first, modelled on Math-Verify's (§1.2): an explicit "final answer
 * is" phrase, then `\boxed{}`/`\fbox{}`, then `<answer>` tags and GSM8K's `####` (which
 * Math-Verify lacks), "Answer:", "answer is", the last LaTeX math environment, and the last
 * number only when asked. Within a level the rightmost match wins.
 */
export const EXTRACTION_PRIORITY: readonly ExtractionSource[] = [
  "final_answer_is",
  "boxed",
  "answer_tag",
  "gsm8k",
  "answer_colon",
  "answer_is",
  "latex_env",
  "last_number",
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
  readonly source: ExtractionSource;
}

/**
 * The contents of every `\boxed{…}` / `\fbox{…}` (nested braces matched; an unterminated box
 * runs to the end), in order. Linear in the text length.
 *
 * @example
 * ```ts
 * import { boxedContents } from "./extract.ts";
 * boxedContents("\\boxed{\\frac{1}{2}} and \\fbox{3}"); // ["\\frac{1}{2}", "3"]
 * ```
 */
export function boxedContents(text: string): string[] {
  const out: string[] = [];
  const re = /\\(?:boxed|fbox)\s*\{/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let depth = 1, i = m.index + m[0].length;
    const start = i;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}") depth--;
    }
    out.push(text.slice(start, depth === 0 ? i - 1 : text.length).trim());
    re.lastIndex = i;
  }
  return out;
}

/** Strips reasoning per `think`; `null` when `"require"` and no `</think>`. */
export function afterThinking(
  response: string,
  think: ExtractOptions["think"] = "after",
): string | null {
  if (think === "ignore") return response;
  const end = response.lastIndexOf("</think>");
  if (end >= 0) return response.slice(end + "</think>".length);
  return think === "require" ? null : response;
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
 * import { extractAnswer } from "./extract.ts";
 * extractAnswer("<think>…</think> So the result is \\boxed{42}.")?.text; // "42"
 * extractAnswer("Natalia sold 48 clips.\n#### 72"); // { text: "72", source: "gsm8k" }
 * ```
 */
export function extractAnswer(response: string, options: ExtractOptions = {}): Extracted | null {
  const maxLength = options.maxLength ?? 200_000;
  const cut = response.length > maxLength ? response.slice(-maxLength) : response;
  const text = afterThinking(cut, options.think);
  if (text === null) return null;
  const finalIs = lastMatch(
    text,
    /final answer is\s*:?\s*(\$[^$\n]{1,200}\$|\\boxed\{[^\n]{1,200}|[^\n,;]{1,200}?)(?=\.\s*I hope|\.?\s*$|[.,;]\s)/im,
  );
  if (finalIs) {
    const raw = finalIs[1]!.trim();
    const inner = boxedContents(raw);
    return { text: inner.length ? inner[inner.length - 1]! : raw, source: "final_answer_is" };
  }
  const boxes = boxedContents(text);
  if (boxes.length) {
    const distinct = boxes.filter((b, i) => i === 0 || b !== boxes[i - 1]);
    return {
      text: options.boxed === "all" ? distinct.join(", ") : boxes[boxes.length - 1]!,
      source: "boxed",
    };
  }
  const tag = lastMatch(text, /<answer>([\s\S]{0,5000}?)<\/answer>/i);
  if (tag) return { text: tag[1]!.trim(), source: "answer_tag" };
  const gsm = lastMatch(text, /####\s*([^\n]{1,200})/);
  if (gsm) return { text: gsm[1]!.trim(), source: "gsm8k" };
  const colon = lastMatch(text, /answer\s*:\s*([^\n]{1,300})/i);
  if (colon) return { text: colon[1]!.trim(), source: "answer_colon" };
  const is = lastMatch(text, /answer is\s*([^\n]{1,300})/i);
  if (is) return { text: is[1]!.trim(), source: "answer_is" };
  if (options.latexEnvironments ?? true) {
    const env = lastMatch(
      text,
      /\$\$([\s\S]{1,2000}?)\$\$|\\\[([\s\S]{1,2000}?)\\\]|\\\(([^\n]{1,2000}?)\\\)|(?<!\\)\$([^$\n]{1,2000}?)(?<!\\)\$/,
    );
    if (env) return { text: (env[1] ?? env[2] ?? env[3] ?? env[4]!).trim(), source: "latex_env" };
  }
  if (options.lastNumber) {
    const num = lastMatch(text, NUMBER);
    if (num) return { text: num[0], source: "last_number" };
  }
  return null;
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
 * import { extractPerProblem } from "./extract.ts";
 * extractPerProblem("### Final Answers\nProblem 1: \\boxed{7}\nProblem 3: \\boxed{2}", 3);
 * // { answers: ["7", null, "2"], missing: [2], method: "problem_lines" }
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
  for (const m of block.matchAll(/Problem\s*(\d{1,4})\s*[:.)]\s*([^\n]*)/gi)) {
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
