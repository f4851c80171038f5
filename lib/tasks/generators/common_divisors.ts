import { gcd } from "../../exact/rational.ts";
import { defineFamily, drawIn } from "./family.ts";
import { factorise } from "./divisor_count.ts";

interface CommonDivisorsParams {
  [key: string]: string | number;
  a: string;
  b: string;
  digits: number;
}

/** Parses `"{1, 2, 3}"` into its members; `null` if it is not a set of integers. */
export function parseIntegerSet(text: string): bigint[] | null {
  const m = text.trim().match(/^\{\s*(.*?)\s*\}$/);
  if (!m) return null;
  if (m[1] === "") return [];
  const items = m[1]!.split(",").map((s) => s.trim());
  return items.every((s) => /^-?\d+$/.test(s)) ? items.map(BigInt) : null;
}

function divisors(n: bigint): bigint[] {
  let ds = [1n];
  for (const [p, e] of factorise(n)) {
    const next: bigint[] = [];
    for (const d of ds) for (let k = 0, q = 1n; k <= e; k++, q *= p) next.push(d * q);
    ds = next;
  }
  return ds.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

/**
 * The set of positive common divisors of two integers, answered as a set (`"{1, 2, 3, 6}"`,
 * ascending). Attributes: `digits` (1–9). Chain input: the first number.
 *
 * @example
 * ```ts
 * import { commonDivisors } from "./common_divisors.ts";
 * commonDivisors.answer({ a: "12", b: "18", digits: 2 }); // "{1, 2, 3, 6}"
 * ```
 */
export const commonDivisors = defineFamily<CommonDivisorsParams>({
  name: "common_divisors",
  category: "number_theory",
  description: "List the common divisors of two integers",
  answerKind: "set",
  projection: "count",
  attributes: {
    digits: {
      description: "digits of the numbers",
      levels: [1, 2, 3, 4, 6, 9],
      default: [2, 3],
      min: 1,
      max: 9,
    },
  },
  sample(rng, config) {
    const digits = drawIn(rng, config.digits!);
    const top = 10 ** digits - 1;
    const g = rng.int(1, Math.max(1, Math.floor(top / 4)));
    const a = g * rng.int(1, Math.max(1, Math.floor(top / g)));
    const b = g * rng.int(1, Math.max(1, Math.floor(top / g)));
    return { a: String(a), b: String(b), digits };
  },
  difficulty: (p) => ({ digits: p.digits }),
  question: (p, inputSymbol) =>
    `List all positive integers that divide both ${
      inputSymbol ?? p.a
    } and ${p.b}, as a set like {1, 2}.`,
  answer: (p) => `{${divisors(gcd(BigInt(p.a), BigInt(p.b))).join(", ")}}`,
  check(p, answer) {
    const items = parseIntegerSet(answer);
    if (!items || new Set(items).size !== items.length) return false;
    const a = BigInt(p.a), b = BigInt(p.b);
    if (!items.every((d) => d > 0n && a % d === 0n && b % d === 0n)) return false;
    // Every common divisor must be present: count them by trial division of the smaller number.
    const small = a < b ? a : b;
    if (small > 10n ** 5n) return items.length === divisors(gcd(a, b)).length;
    let count = 0;
    for (let d = 1n; d <= small; d++) if (a % d === 0n && b % d === 0n) count++;
    return count === items.length;
  },
  input: {
    describe: "the first number",
    min: 1n,
    max: 10n ** 9n,
    get: (p) => BigInt(p.a),
    set: (p, v) => ({ ...p, a: v.toString() }),
  },
});
