/**
 * Answer-format instructions that trainers' datasets append to questions, and dropping them
 * (a composed prompt asks for its own `### Final Answers` format).
 * @module
 */

/**
 * Built-in answer-format instructions, matched at the end of a question: verl's GSM8K and MATH
 * preprocessing ("Let's think step by step and output the final answer after "####"." /
 * "… within \boxed{}."), and common "put your final answer within \boxed{}" variants.
 */
export const ANSWER_INSTRUCTIONS: readonly RegExp[] = [
  /\s*Let['’]s think step by step and output the final answer (?:after\s*"?####"?|within\s*\\boxed\{\})\.?\s*$/i,
  /\s*(?:Please\s+)?(?:reason step by step,?\s*(?:and\s+)?)?(?:put|output|write|give|present)\s+(?:your|the)\s+final\s+answer\s+(?:with)?in\s*\\boxed\{\}\.?\s*$/i,
  /\s*(?:Please\s+)?(?:output|write|give)\s+(?:your|the)\s+final\s+answer\s+after\s*"?####"?\.?\s*$/i,
];

/**
 * Removes a trailing answer-format instruction from a question (the built-in patterns, or
 * `pattern`); a question without one is returned unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dropInstruction } from "./instructions.ts";
 * assert.equal(
 *   dropInstruction('Tom has 3 apples. How many? Let\'s think step by step and output the final answer after "####".'),
 *   "Tom has 3 apples. How many?",
 * );
 * assert.equal(dropInstruction("Solve x+1=2. Put your final answer within \\boxed{}."), "Solve x+1=2.");
 * assert.equal(dropInstruction("What is 2+2?"), "What is 2+2?");
 * ```
 */
export function dropInstruction(question: string, pattern?: RegExp): string {
  for (const re of pattern ? [pattern] : ANSWER_INSTRUCTIONS) {
    const out = question.replace(re, "");
    if (out !== question) return out.trimEnd();
  }
  return question;
}
