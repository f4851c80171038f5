import { type ComposedTask, describeTransform, type Link } from "./composed_task.ts";

/** One problem as a template sees it. */
export interface PromptProblem {
  /** 1-based problem number. */
  readonly k: number;
  /** The (rewritten) question. */
  readonly question: string;
  /** Definitions of the variables this problem uses, e.g. `"[variable2] = [answer1] + 7"`. */
  readonly definitions: readonly string[];
}

/** What a template renders from. */
export interface PromptView {
  /** The problems in prompt order. */
  readonly problems: readonly PromptProblem[];
  /** The links between them. */
  readonly links: readonly Link[];
}

/**
 * A prompt template: a function of the {@linkcode PromptView}, or a string with the
 * placeholders `{{problems}}` (every "Problem k: …" block), `{{answer_lines}}` (one
 * `Problem k: \boxed{[answerk]}` line per problem), `{{note}}` (what the placeholders mean)
 * and `{{n}}` (number of problems).
 */
export type PromptTemplate = string | ((view: PromptView) => string);

/**
 * R-Horizon's layout (arXiv 2510.08189, §3.1), in our own words: numbered problems with the
 * variable definitions in front of the problem that uses them, a note on the placeholders,
 * and a closing block with one `\boxed{}` per problem.
 */
export const RHORIZON_TEMPLATE: string = [
  "{{problems}}",
  "",
  "{{note}}",
  "",
  "Solve the problems in order, showing your reasoning, and then report every answer in exactly this format:",
  "",
  "### Final Answers",
  "{{answer_lines}}",
].join("\n");

/**
 * Writes the definition line for a link, e.g. `"[variable2] = [answer1] - 3"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { linkDefinition } from "./render.ts";
 * assert.equal(
 *   linkDefinition({ from: 0, to: 1, kind: "offset", variable: "[variable2]", value: "10", original: "10", offset: "-3" }),
 *   "[variable2] = [answer1] - 3",
 * );
 * ```
 */
export function linkDefinition(link: Link): string {
  const answer = `[answer${link.from + 1}]`;
  if (link.kind === "offset") {
    const d = BigInt(link.offset ?? "0");
    return `${link.variable} = ${
      d === 0n ? answer : d < 0n ? `${answer} - ${-d}` : `${answer} + ${d}`
    }`;
  }
  return `${link.variable} = ${describeTransform(link.transform ?? { op: "identity" }, answer)}`;
}

/**
 * Renders a prompt from the problems' questions and the links, with R-Horizon's layout by
 * default or a user template.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderPrompt } from "./render.ts";
 * const prompt = renderPrompt(["What is 2 + 3?", "What is [variable2] × 4?"], [
 *   { from: 0, to: 1, kind: "offset", variable: "[variable2]", value: "6", original: "6", offset: "1" },
 * ]);
 * assert.ok(prompt.includes("Problem 2: Let [variable2] = [answer1] + 1."));
 * ```
 */
export function renderPrompt(
  questions: readonly string[],
  links: readonly Link[],
  template: PromptTemplate = RHORIZON_TEMPLATE,
): string {
  const problems = questions.map((question, i): PromptProblem => ({
    k: i + 1,
    question,
    definitions: links.filter((l) => l.to === i).map(linkDefinition),
  }));
  const view: PromptView = { problems, links };
  if (typeof template === "function") return template(view);
  const blocks = problems.map((p) =>
    `Problem ${p.k}: ${
      p.definitions.length ? `Let ${p.definitions.join(" and ")}. ` : ""
    }${p.question}`
  ).join("\n\n");
  const note = links.length
    ? "Here [answerK] stands for your answer to Problem K, and [variableK] for a value defined from an " +
      "earlier answer that Problem K needs."
    : "The problems are independent of each other.";
  const answerLines = problems.map((p) => `Problem ${p.k}: \\boxed{[answer${p.k}]}`).join("\n");
  const values: Record<string, string> = {
    problems: blocks,
    note,
    answer_lines: answerLines,
    n: String(problems.length),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    if (!(key in values)) {
      throw new RangeError(
        `Unknown template placeholder "${whole}": expected one of {{problems}}, {{answer_lines}}, {{note}}, {{n}}`,
      );
    }
    return values[key]!;
  });
}

/** A chat message in the OpenAI / Hugging Face format. */
export interface ChatMessage {
  /** Who speaks. */
  readonly role: "system" | "user" | "assistant";
  /** The message text. */
  readonly content: string;
}

/**
 * The composed prompt as chat messages: an optional system message, then the prompt as the
 * user turn.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toChatMessages } from "./render.ts";
 * assert.deepEqual(toChatMessages({ prompt: "Problem 1: …" }, { system: "Be careful." }), [
 *   { role: "system", content: "Be careful." },
 *   { role: "user", content: "Problem 1: …" },
 * ]);
 * ```
 */
export function toChatMessages(
  task: Pick<ComposedTask, "prompt">,
  options: { system?: string } = {},
): ChatMessage[] {
  return [
    ...(options.system ? [{ role: "system" as const, content: options.system }] : []),
    { role: "user" as const, content: task.prompt },
  ];
}
