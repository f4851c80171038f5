/**
 * Training and evaluation data for small models: h1-style recomputed chains built with the
 * project's own composition (`composeRecomputed`), rendered in a compact prompt template for
 * small context windows.
 * @module
 */
import type { ComposedTask } from "../compose/composed_task.ts";
import { composeRecomputed, type GeneratorItem } from "../compose/recomputed.ts";
import { createRng } from "../random/rng.ts";
import { generateTasks, getFamily, resolveConfig } from "../tasks/generators/registry.ts";
import type { Task } from "../tasks/task.ts";

/** One supervised example: a prompt and the response the model must produce. */
export interface TextExample {
  /** The prompt text. */
  readonly prompt: string;
  /** The response the model is trained to produce. */
  readonly response: string;
  /** Number of problems the response answers. */
  readonly depth: number;
  /** The task it was rendered from (kept for scoring). */
  readonly task: Task | ComposedTask;
}

/** Options for {@linkcode sampleChain}. */
export interface ChainOptions {
  /** Largest running value (chain_sum's chain input needs at least 1). Default 19. */
  readonly maxValue?: number;
  /** Largest operand magnitude. Default 9. */
  readonly maxOperand?: number;
  /**
   * Which stream the chain comes from: `"train"` (default) or `"heldout"`. The streams never
   * share a chain, whatever the seeds, so evaluation seeds cannot collide with training steps.
   */
  readonly split?: "train" | "heldout";
}

/**
 * A recomputed chain of `depth` one-step sums from the `chain_sum` generator, composed with
 * the project's {@linkcode composeRecomputed} (identity links: each problem's first term is the
 * previous answer, recomputed exactly by the family's solver). Operands are signed digits, and
 * the first term and every running value lie in `[1, maxValue]`, so each step is a small
 * operation on the previous answer and every problem asked alone (R-Horizon's expectation)
 * looks like a depth-1 chain. Deterministic in `(seed, index, depth)`.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { sampleChain } from "./chain_data.ts";
 * const t = sampleChain(3, 7, 0);
 * assertEquals(t.depth, 3);
 * assertEquals(sampleChain(3, 7, 0).answers, t.answers);
 * // each answer is the previous one plus the problem's second term
 * assertEquals(BigInt(t.answers[1]!), BigInt(t.answers[0]!) + BigInt((t.problems[1]!.params as { terms: string[] }).terms[1]!));
 * ```
 */
export function sampleChain(
  depth: number,
  seed: number,
  index: number,
  options: ChainOptions = {},
): ComposedTask {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new RangeError(`Chain depth must be a positive integer, got ${depth}`);
  }
  const maxValue = options.maxValue ?? 19, maxOperand = options.maxOperand ?? 9;
  const family = getFamily("chain_sum");
  const config = resolveConfig(family, { terms: [2, 2], digits: [1, 1] });
  const split = options.split ?? "train";
  const rng = createRng(
    split === "train" ? ["train_chain", seed, index, depth] : [
      "heldout_chain",
      seed,
      index,
      depth,
    ],
  );
  let value = rng.int(1, maxValue);
  const items: GeneratorItem[] = [];
  for (let k = 0; k < depth; k++) {
    const choices: number[] = [];
    for (let b = -maxOperand; b <= maxOperand; b++) {
      if (b !== 0 && value + b >= 1 && value + b <= maxValue) choices.push(b);
    }
    const b = rng.pick(choices);
    items.push({
      family,
      params: { terms: [String(value), String(b)], digits: 1 },
      origin: { seed, index: index * 64 + k, config },
    });
    value += b;
  }
  return composeRecomputed(items, rng, { transforms: ["identity"], seed, index });
}

/**
 * A question in compact form: `"Calculate 7 + 5."` becomes `"7+5"`, and a chained question's
 * placeholder (`[variable2]`, the previous answer) is dropped, so `"Calculate [variable2] - 3."`
 * becomes `"-3"`.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { compactQuestion } from "./chain_data.ts";
 * assertEquals(compactQuestion("Calculate [variable2] - 3."), "-3");
 * assertEquals(compactQuestion("Calculate 7 + 5."), "7+5");
 * ```
 */
export function compactQuestion(question: string): string {
  return question
    .replace(/^Calculate\s+/, "")
    .replace(/\[variable\d+\]/g, "")
    .replace(/\s+/g, "")
    .replace(/[.?]$/, "");
}

/**
 * Marks of the compact template: the labels of the problems, in order (problem `k` is labelled
 * `labels[k-1]`, in the prompt and in the response), and the character that closes the prompt.
 * Labels make "find problem k" a content lookup (match the label, copy what follows) rather
 * than a count of separators, which a small decoder learns for short prompts only.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { COMPACT } from "./chain_data.ts";
 * assertEquals(COMPACT.ask, ":");
 * assertEquals(COMPACT.labels.slice(0, 3), "abc");
 * ```
 */
export const COMPACT = { labels: "abcdefghij", ask: ":" } as const;

/**
 * The compact template: each problem's compact question after its label, closed by `:`
 * (`"a7+5b-3c+9:"`); the response gives every answer after the same label, in order
 * (`"a12b9c18"`). A single task is a chain of one. A depth-8 chain of `chain_sum` needs at most
 * 51 positions, so a character-level model with a 64-position context answers it. More
 * problems than labels (10) is an error.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { compactExample, sampleChain } from "./chain_data.ts";
 * const t = sampleChain(2, 1, 0);
 * const ex = compactExample(t);
 * assertEquals(ex.prompt.startsWith("a") && ex.prompt.endsWith(":"), true);
 * assertEquals(ex.response, `a${t.answers[0]}b${t.answers[1]}`);
 * ```
 */
export function compactExample(task: Task | ComposedTask): TextExample {
  const problems = "problems" in task ? task.problems : [task];
  if (problems.length > COMPACT.labels.length) {
    throw new RangeError(
      `Task ${task.id} has ${problems.length} problems; the compact template labels at most ${COMPACT.labels.length}`,
    );
  }
  const label = (k: number) => COMPACT.labels[k]!;
  return {
    prompt: problems.map((p, k) => label(k) + compactQuestion(p.question)).join("") + COMPACT.ask,
    response: problems.map((p, k) => label(k) + p.answer).join(""),
    depth: problems.length,
    task,
  };
}

/**
 * Where each answer of a compact response lies: answer `k` spans from its label `k` up to
 * label `k+1` (or the end), as `[start, end)` character offsets into `response`. Reading starts
 * at the first non-space character and stops where the next expected label is missing, so a
 * response that does not start with `a` has no spans and a skipped label ends the list.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { compactAnswerSpans } from "./chain_data.ts";
 * assertEquals(compactAnswerSpans("a12b9"), [[0, 3], [3, 5]]);
 * assertEquals(compactAnswerSpans("a12c9"), [[0, 5]]);
 * assertEquals(compactAnswerSpans("12b9"), []);
 * ```
 */
export function compactAnswerSpans(response: string): [number, number][] {
  const spans: [number, number][] = [];
  let at = response.length - response.trimStart().length;
  const stop = response.trimEnd().length;
  for (
    let k = 0;
    k < COMPACT.labels.length && at < stop && response[at] === COMPACT.labels[k];
    k++
  ) {
    const next = k + 1 < COMPACT.labels.length
      ? response.indexOf(COMPACT.labels[k + 1]!, at + 1)
      : -1;
    const end = next === -1 || next > stop ? stop : next;
    spans.push([at, end]);
    at = end;
  }
  return spans;
}

/**
 * Splits a compact response into its answers (the text of each {@linkcode compactAnswerSpans}
 * span after its label): `"a12b9"` → `["12", "9"]`. The verifier scores what is missing as
 * wrong.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { splitCompactResponse } from "./chain_data.ts";
 * assertEquals(splitCompactResponse("a12b9"), ["12", "9"]);
 * assertEquals(splitCompactResponse("a12c9"), ["12c9"]);
 * assertEquals(splitCompactResponse("12b9"), []);
 * ```
 */
export function splitCompactResponse(response: string): string[] {
  return compactAnswerSpans(response).map(([s, e]) => response.slice(s + 1, e).trim());
}

/** A mixture of chain depths: weight per depth (index 0 is depth 1). */
export type DepthMix = readonly number[];

/**
 * `n` compact chain examples with depths drawn from `mix`, deterministic in `seed`; item `i`
 * does not depend on `n`.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { chainExamples } from "./chain_data.ts";
 * const a = chainExamples(4, [1, 1], 5);
 * assertEquals(a.map((e) => e.prompt), chainExamples(6, [1, 1], 5).slice(0, 4).map((e) => e.prompt));
 * ```
 */
export function chainExamples(
  n: number,
  mix: DepthMix,
  seed: number,
  options: ChainOptions = {},
): TextExample[] {
  return Array.from({ length: n }, (_, i) => {
    const depth = 1 + createRng(["chain_depth", seed, i]).weighted(mix);
    return compactExample(sampleChain(depth, seed, i, options));
  });
}

/**
 * Compact examples of single tasks from any generator family (`generateTasks`), for supervised
 * training on other families: the compact question, then the answer.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { familyExamples } from "./chain_data.ts";
 * const [ex] = familyExamples("gcd", 1, 3);
 * assertEquals(ex!.depth, 1);
 * ```
 */
export function familyExamples(family: string, n: number, seed: number): TextExample[] {
  return [...generateTasks(family, n, { seed })].map(compactExample);
}

/**
 * A suite of `perDepth` chains at each depth 1 to 8 (seed `seed + depth`), as the demo and
 * evaluations use for a compact-format model.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { chainSuite } from "./chain_data.ts";
 * const suite = chainSuite(1, 2);
 * assertEquals(suite.map((t) => t.depth), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8]);
 * ```
 */
export function chainSuite(
  seed: number,
  perDepth: number,
  depths: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8],
  options: ChainOptions = {},
): ComposedTask[] {
  return depths.flatMap((depth) =>
    Array.from({ length: perDepth }, (_, i) => sampleChain(depth, seed + depth, i, options))
  );
}
