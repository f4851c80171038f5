import type { Rng } from "../../random/rng.ts";
import type { AnswerKind, Json } from "../task.ts";
import { defaultProjection, type ProjectionName } from "./link.ts";

/** The broad area a generator family belongs to. */
export type FamilyCategory =
  | "arithmetic"
  | "algebra"
  | "number_theory"
  | "combinatorics"
  | "probability"
  | "graphs"
  | "algorithmic"
  | "logic"
  | "word_problems"
  | "games"
  | "cognition"
  | "arc"
  | "induction"
  | "code"
  | "geometry";

/** Reasoning Gym's twelve task categories (open-thought/reasoning-gym). */
export const REASONING_GYM_CATEGORIES = [
  "algorithmic",
  "arithmetic",
  "games",
  "logic",
  "cognition",
  "graphs",
  "algebra",
  "arc",
  "induction",
  "code",
  "geometry",
  "probability",
] as const;

/** One of Reasoning Gym's categories. */
export type ReasoningGymCategory = typeof REASONING_GYM_CATEGORIES[number];

/**
 * The Reasoning Gym category a Farsight category falls under: number theory, combinatorics
 * and word problems are arithmetic there (gcd, lcm, prime factorisation, leg counting,
 * gsm_symbolic); the rest share their names.
 *
 * @example
 * ```ts
 * import { reasoningGymCategory } from "./family.ts";
 * import assert from "node:assert/strict";
 * assert.equal(reasoningGymCategory("number_theory"), "arithmetic");
 * assert.equal(reasoningGymCategory("games"), "games");
 * ```
 */
export function reasoningGymCategory(category: FamilyCategory): ReasoningGymCategory {
  return category === "number_theory" || category === "combinatorics" ||
      category === "word_problems"
    ? "arithmetic"
    : category;
}

/**
 * A difficulty attribute of a family, as in Reasoning Gym: a named integer dimension with
 * curriculum `levels` (ascending), a default range, and hard bounds for validation.
 */
export interface AttributeSpec {
  /** What the attribute measures. */
  readonly description: string;
  /** Values a curriculum steps through, ascending. */
  readonly levels: readonly number[];
  /** Range used when the config does not set one. */
  readonly default: readonly [number, number];
  /** Smallest allowed value. */
  readonly min: number;
  /** Largest allowed value. */
  readonly max: number;
}

/** A resolved family config: attribute name to inclusive `[lo, hi]` range. */
export type FamilyConfig = Readonly<Record<string, readonly [number, number]>>;

/**
 * The integer parameter of a problem that a recomputed (h1) chain may set from the previous
 * answer. `get`/`set` read and replace it in the params; every other parameter is kept.
 */
export interface ChainInput<P> {
  /** What the parameter is, for docs and link descriptions (e.g. "the first term"). */
  readonly describe: string;
  /** Smallest valid value. */
  readonly min: bigint;
  /** Largest valid value. */
  readonly max: bigint;
  /** Reads the input from the params. */
  get(params: P): bigint;
  /** The params with the input replaced by `value`. */
  set(params: P, value: bigint): P;
}

/**
 * A procedural problem generator. Params are plain JSON (big integers as decimal strings), so
 * a task carries everything needed to check it or re-parameterise it.
 */
export interface Family<P extends Json = Json> {
  /** Unique name in the registry, e.g. `"chain_sum"`. */
  readonly name: string;
  /** The family's category. */
  readonly category: FamilyCategory;
  /** What the problems are, in one sentence. */
  readonly description: string;
  /** The kind of its answers (how they are verified). */
  readonly answerKind: AnswerKind;
  /** Difficulty attributes by name. */
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
  /** Draws params for one item. */
  sample(rng: Rng, config: FamilyConfig): P;
  /** The item's own difficulty values (one per attribute). */
  difficulty(params: P): Record<string, number>;
  /**
   * Renders the question. With `inputSymbol`, the chain input appears as that symbol instead
   * of its value (e.g. `"[variable2]"`).
   */
  question(params: P, inputSymbol?: string): string;
  /** The exact canonical answer. */
  answer(params: P): string;
  /**
   * Checks a canonical-form answer against the params, by a route independent of `answer`
   * where one exists (substitution, a second algorithm, brute force).
   */
  check(params: P, answer: string): boolean;
  /** The parameter a recomputed chain may set from the previous answer, if any. */
  readonly input?: ChainInput<P>;
  /**
   * How the answer feeds a link when it is not an integer (a count, a length, a sum, a digit).
   * Default by answer kind ({@linkcode defaultProjection}).
   */
  readonly projection?: ProjectionName;
}

/**
 * The projection a family's answers feed links with: its declared one, else the default for
 * its answer kind.
 *
 * @example
 * ```ts
 * import { familyProjection } from "./family.ts";
 * import { booleanEval } from "./boolean_eval.ts";
 * import assert from "node:assert/strict";
 * assert.equal(familyProjection(booleanEval), "truth");
 * ```
 */
export function familyProjection(
  family: { readonly projection?: ProjectionName; readonly answerKind: AnswerKind },
): ProjectionName {
  return family.projection ?? defaultProjection(family.answerKind);
}

/**
 * Identity helper that checks a family definition's types. One example stands for every
 * family: each is such a plain object, registered with `registerFamily`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineFamily } from "./family.ts";
 * import { taskFromParams } from "./registry.ts";
 * const double = defineFamily<{ x: number }>({
 *   name: "double", category: "arithmetic", description: "Double a number.", answerKind: "integer",
 *   attributes: { x: { description: "the number", levels: [1, 9], default: [1, 9], min: 1, max: 99 } },
 *   sample: (rng, config) => ({ x: rng.int(config.x![0], config.x![1]) }),
 *   difficulty: (p) => ({ x: p.x }),
 *   question: (p) => `What is 2 × ${p.x}?`,
 *   answer: (p) => String(2 * p.x),
 *   check: (p, answer) => answer.trim() === String(2 * p.x),
 * });
 * const task = taskFromParams(double, { x: 4 }, { seed: 0, index: 0, config: { x: [1, 9] } });
 * assert.equal(task.answer, "8");
 * ```
 */
export function defineFamily<P extends Json>(family: Family<P>): Family<P> {
  return family;
}

/** Draws an integer uniformly from an inclusive range. */
export function drawIn(rng: Rng, range: readonly [number, number]): number {
  return rng.int(range[0], range[1]);
}

/** A uniformly random positive integer with exactly `digits` decimal digits. */
export function randomDigits(rng: Rng, digits: number): bigint {
  const lo = digits <= 1 ? 1n : 10n ** BigInt(digits - 1);
  return rng.bigint(lo, 10n ** BigInt(digits) - 1n);
}

/** Formats a signed term for an expression: `" + 5"`, `" − 5"` (ASCII minus). */
export function signed(value: bigint | number): string {
  const v = BigInt(value);
  return v < 0n ? ` - ${-v}` : ` + ${v}`;
}

/** Parses a canonical integer answer strictly (optional minus, digits); `null` otherwise. */
export function parseIntAnswer(answer: string): bigint | null {
  const s = answer.trim();
  return /^-?\d+$/.test(s) ? BigInt(s) : null;
}
