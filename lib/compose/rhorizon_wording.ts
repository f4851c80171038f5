/**
 * R-Horizon's own prompt wording, for results that compare with its released benchmark.
 * @module
 */
import type { Link } from "./composed_task.ts";
import type { PromptView } from "./render.ts";
import { RHORIZON_TEMPLATE } from "./render.ts";

/**
 * Renders a composed prompt in R-Horizon's wording (its `step3_combine_problems.py`, commit
 * 424f0d4; arXiv 2510.08189 §3.1): each linked problem starts with "Using the result [answerJ]
 * from the previous calculation, [variableK] = [answerJ] ± d.", problems are separated by blank
 * lines, a note explains the placeholders, and a `### Final Answers` block lists one
 * `Problem k: \boxed{[answerk]}` per problem. A link from a problem other than the previous one
 * (a DAG of breadth > 1, which R-Horizon does not build) names its problem instead. Farsight's
 * own wording ({@linkcode RHORIZON_TEMPLATE}) stays the default.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderPrompt } from "./render.ts";
 * import { rhorizonWording } from "./rhorizon_wording.ts";
 * const prompt = renderPrompt(["What is 2 + 3?", "What is [variable2] × 4?"], [
 *   { from: 0, to: 1, kind: "offset", variable: "[variable2]", value: "6", original: "6", offset: "1" },
 * ], rhorizonWording);
 * assert.ok(prompt.startsWith("Problem 1: What is 2 + 3?\n\nProblem 2: Using the result [answer1] from the previous calculation, [variable2] = [answer1] + 1. What is"));
 * assert.ok(prompt.endsWith("### Final Answers\n\nProblem 1: \\boxed{[answer1]}\n\nProblem 2: \\boxed{[answer2]}\n"));
 * ```
 */
export function rhorizonWording(view: PromptView): string {
  const blocks = view.problems.map((p) => {
    const incoming = view.links.filter((l) => l.to === p.k - 1);
    const lead = incoming.map((l, i) => {
      const where = l.from === l.to - 1 ? "the previous calculation" : `Problem ${l.from + 1}`;
      return `Using the result [answer${l.from + 1}] from ${where}, ${
        definition(l, p.definitions[i]!)
      }. `;
    }).join("");
    return `Problem ${p.k}: ${lead}${p.question}`;
  });
  const answers = view.problems.map((p) => `Problem ${p.k}: \\boxed{[answer${p.k}]}`);
  return blocks.join("\n\n") +
    "\n\nNote: In this problem set:\n" +
    "- [variablek] represents the calculated variable needed to solve problem k.\n" +
    "- [answerk] represents the answer to problem k.\n\n" +
    "Solve all problems step by step and provide the answers for all problems in the following format:\n\n" +
    "### Final Answers\n\n" + answers.join("\n\n") + "\n";
}

/** R-Horizon writes every offset, `+ 0` included; other links keep their definition. */
function definition(link: Link, fallback: string): string {
  if (link.kind !== "offset") return fallback;
  const d = BigInt(link.offset ?? "0");
  const answer = `[answer${link.from + 1}]`;
  return `${link.variable.replace(/^\{|\}$/g, "")} = ${answer} ${d < 0n ? "-" : "+"} ${
    d < 0n ? -d : d
  }`;
}

/**
 * Named prompt templates (`--template NAME`): `farsight` (the default, R-Horizon's layout in
 * our own words) and `rhorizon` (R-Horizon's own wording).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROMPT_TEMPLATES } from "./rhorizon_wording.ts";
 * assert.deepEqual(Object.keys(PROMPT_TEMPLATES), ["farsight", "rhorizon"]);
 * ```
 */
export const PROMPT_TEMPLATES = {
  farsight: RHORIZON_TEMPLATE,
  rhorizon: rhorizonWording,
} as const;
