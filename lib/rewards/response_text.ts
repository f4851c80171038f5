/**
 * Getting the response out of what a trainer sends: OpenRLHF's `query` (prompt + response,
 * decoded with special tokens), and composed prompts' own `[answerK]` / `[variableK]`
 * placeholders, which must never be read as answers.
 * @module
 */

/** Chat-template special tokens: `<|im_start|>`, `<|eot_id|>`, `<s>`, `</s>`, `<bos>`, … */
const SPECIAL = /<\|[^|<>\s]{1,64}\|>|<\/?s>|<(?:bos|eos|pad|unk)>|\[\/?INST\]/g;

/** Removes chat-template special tokens. */
function withoutSpecial(text: string): string {
  return text.replace(SPECIAL, " ");
}

/** The characters of `text` that are not whitespace and not inside special tokens, with their ends. */
function significant(text: string): { chars: string; ends: number[] } {
  let chars = "";
  const ends: number[] = [];
  const special = new RegExp(SPECIAL.source, "g");
  let m: RegExpExecArray | null;
  let i = 0;
  const push = (upTo: number) => {
    for (; i < upTo; i++) {
      const c = text[i]!;
      if (!/\s/.test(c)) {
        chars += c;
        ends.push(i + 1);
      }
    }
  };
  while ((m = special.exec(text))) {
    push(m.index);
    i = m.index + m[0].length;
  }
  push(text.length);
  return { chars, ends };
}

/** Assistant-turn openers of common chat templates, to find the response when alignment fails. */
const ASSISTANT_TURN =
  /<\|im_start\|>\s*assistant\s*|<\|start_header_id\|>\s*assistant\s*<\|end_header_id\|>\s*|<\|assistant\|>\s*|<start_of_turn>\s*model\s*|\[\/INST\]\s*/gi;

/**
 * The response part of OpenRLHF's `query` (prompt + response, decoded WITH special tokens, so it
 * need not start with `prompt` byte for byte). The prompt is matched ignoring whitespace and
 * special tokens; when it does not match, the text after the last assistant-turn opener
 * (`<|im_start|>assistant`, Llama 3's header, `[/INST]`, …) is taken; otherwise the whole
 * query. Special tokens are removed from the result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stripPrompt } from "./response_text.ts";
 * const prompt = "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n";
 * const query = "<|im_start|>user\nWhat is 2+2? <|im_end|><|im_start|>assistant\nIt is 4.<|im_end|>";
 * assert.deepEqual(stripPrompt(query, prompt), "It is 4.");
 * assert.deepEqual(stripPrompt("Q: 1+1?\nA: 2", "Q:  1+1?"), "A: 2");
 * ```
 */
export function stripPrompt(query: string, prompt: string | undefined): string {
  const clean = (s: string) => withoutSpecial(s).trim();
  if (!prompt) return clean(query);
  if (query.startsWith(prompt)) return clean(query.slice(prompt.length));
  const p = significant(prompt).chars;
  const q = significant(query);
  if (p.length > 0 && q.chars.startsWith(p)) {
    return clean(query.slice(q.ends[p.length - 1]!));
  }
  let last = -1;
  for (const m of query.matchAll(ASSISTANT_TURN)) last = m.index! + m[0].length;
  if (last >= 0) return clean(query.slice(last));
  return clean(query);
}

/** A placeholder of a composed prompt's template: `[answer2]`, `[variable3]`, `{[variable2]}`. */
export const PLACEHOLDER = /\{?\[(?:answer|variable)\s*\d*\]\}?/i;

/**
 * Masks template placeholders so they are never read as answers: a `\boxed{…}` holding
 * `[answerK]` or `[variableK]` becomes `…` whole (so a template line reads as unanswered), and
 * other placeholders become `…`. So a
 * response that echoes the prompt's `Problem 1: \boxed{[answer1]}` template yields its own
 * answers, or none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maskPlaceholders } from "./response_text.ts";
 * assert.deepEqual(maskPlaceholders("Problem 1: \\boxed{[answer1]}"), "Problem 1: …");
 * assert.deepEqual(maskPlaceholders("so [variable2] = [answer1] + 3"), "so … = … + 3");
 * ```
 */
export function maskPlaceholders(response: string): string {
  if (!/\[(?:answer|variable)\s*\d*\]/i.test(response)) return response;
  let out = "";
  const re = /\\(?:boxed|fbox)\s*\{/g;
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(response))) {
    let depth = 1, i = m.index + m[0].length;
    for (; i < response.length && depth > 0; i++) {
      if (response[i] === "{") depth++;
      else if (response[i] === "}") depth--;
    }
    const inner = response.slice(m.index + m[0].length, depth === 0 ? i - 1 : i);
    if (PLACEHOLDER.test(inner)) {
      out += response.slice(at, m.index) + "…";
      at = i;
    }
    re.lastIndex = i;
  }
  out += response.slice(at);
  return out.replace(new RegExp(PLACEHOLDER.source, "gi"), "…");
}
