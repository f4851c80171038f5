/**
 * The link contract of a family: how its answer feeds a link (an integer projection) and how
 * a chain value parameterises it (its {@linkcode ChainInput}). Projections are named, so a
 * composed task's JSON says how each link value was derived and anyone can check it.
 * @module
 */
import { parseRational } from "../../exact/rational.ts";
import type { AnswerKind } from "../task.ts";

/**
 * The integer a non-integer answer contributes to a link:
 * - `integer`: the answer itself;
 * - `truth`: `True` → 1, `False` → 0 (and `Yes`/`No`);
 * - `numerator`: the numerator of a reduced fraction (an integer is its own numerator);
 * - `floor`: the floor of a fraction or decimal;
 * - `sum`: the sum of the integers listed in a tuple or set;
 * - `count`: how many items a tuple or set lists;
 * - `length`: the number of letters and digits of a string;
 * - `digit_sum`: the sum of every decimal digit in the answer;
 * - `letter_sum`: the sum of the letters' alphabet positions (a = 1 … z = 26);
 * - `first_integer`: the first (signed) integer that appears in the answer.
 */
export type ProjectionName =
  | "integer"
  | "truth"
  | "numerator"
  | "floor"
  | "sum"
  | "count"
  | "length"
  | "digit_sum"
  | "letter_sum"
  | "first_integer";

/** Every projection, in a stable order. */
export const PROJECTIONS: readonly ProjectionName[] = [
  "integer",
  "truth",
  "numerator",
  "floor",
  "sum",
  "count",
  "length",
  "digit_sum",
  "letter_sum",
  "first_integer",
];

const INTEGER = /^[+-]?\d+$/;

function listItems(answer: string): string[] {
  const inner = answer.trim().replace(/^[[({]\s*/, "").replace(/\s*[\])}]$/, "");
  return inner === "" ? [] : inner.split(",").map((s) => s.trim());
}

/**
 * Projects an answer to the integer a link uses, or `null` when the answer does not have the
 * shape the projection needs (so a link is never built on a guess).
 *
 * @example
 * ```ts
 * import { projectAnswer } from "./link.ts";
 * import assert from "node:assert/strict";
 * assert.equal(projectAnswer("truth", "False"), 0n);
 * assert.equal(projectAnswer("floor", "-7/2"), -4n);
 * assert.equal(projectAnswer("sum", "(3, 4, 5)"), 12n);
 * assert.equal(projectAnswer("count", "{1, 2}"), 2n);
 * assert.equal(projectAnswer("letter_sum", "abc"), 6n);
 * assert.equal(projectAnswer("integer", "x"), null);
 * ```
 */
export function projectAnswer(projection: ProjectionName, answer: string): bigint | null {
  const s = answer.trim();
  switch (projection) {
    case "integer":
      return INTEGER.test(s) ? BigInt(s) : null;
    case "truth": {
      const t = s.toLowerCase();
      return t === "true" || t === "yes" ? 1n : t === "false" || t === "no" ? 0n : null;
    }
    case "numerator": {
      const r = parseRational(s);
      return r ? r.num : null;
    }
    case "floor": {
      const r = parseRational(s);
      if (!r) return null;
      const q = r.num / r.den;
      return r.num < 0n && q * r.den !== r.num ? q - 1n : q;
    }
    case "sum":
    case "count": {
      const items = listItems(s);
      if (!items.every((x) => INTEGER.test(x))) return null;
      return projection === "count"
        ? BigInt(items.length)
        : items.reduce((t, x) => t + BigInt(x), 0n);
    }
    case "length":
      return BigInt((s.match(/[\p{L}\p{N}]/gu) ?? []).length);
    case "digit_sum":
      return (s.match(/\d/g) ?? []).reduce((t, d) => t + BigInt(d), 0n);
    case "letter_sum":
      return (s.toLowerCase().match(/[a-z]/g) ?? [])
        .reduce((t, c) => t + BigInt(c.charCodeAt(0) - 96), 0n);
    case "first_integer": {
      const m = s.match(/-?\d+/);
      return m ? BigInt(m[0]) : null;
    }
  }
}

/**
 * The projection a family uses when it declares none: `integer` for integer answers, `truth`
 * for choices, `numerator` for fractions, `floor` for decimals, `sum` for tuples and sets,
 * `letter_sum` for strings and `digit_sum` for expressions.
 *
 * @example
 * ```ts
 * import { defaultProjection } from "./link.ts";
 * import assert from "node:assert/strict";
 * assert.equal(defaultProjection("rational"), "numerator");
 * ```
 */
export function defaultProjection(kind: AnswerKind): ProjectionName {
  switch (kind) {
    case "integer":
      return "integer";
    case "choice":
      return "truth";
    case "rational":
      return "numerator";
    case "decimal":
      return "floor";
    case "tuple":
    case "set":
      return "sum";
    case "string":
      return "letter_sum";
    case "expression":
      return "digit_sum";
  }
}
