import { defineFamily, drawIn } from "./family.ts";

interface ExpansionParams {
  [key: string]: number[] | number;
  /** Factors (x + r_i): the constants r_i. */
  roots: number[];
  magnitude: number;
}

/**
 * Formats integer coefficients (constant term first) as a polynomial in x, highest power
 * first: `[6, 5, 1]` → `"x^2 + 5x + 6"`.
 *
 * @example
 * ```ts
 * import { formatPolynomial } from "./polynomial_expansion.ts";
 * formatPolynomial([-1n, 0n, -2n]); // "-2x^2 - 1"
 * ```
 */
export function formatPolynomial(coefficients: readonly bigint[]): string {
  const parts: string[] = [];
  for (let i = coefficients.length - 1; i >= 0; i--) {
    const c = coefficients[i]!;
    if (c === 0n) continue;
    const abs = c < 0n ? -c : c;
    const power = i === 0 ? "" : i === 1 ? "x" : `x^${i}`;
    const body = i > 0 && abs === 1n ? power : `${abs}${power}`;
    parts.push(
      parts.length === 0 ? (c < 0n ? `-${body}` : body) : `${c < 0n ? " - " : " + "}${body}`,
    );
  }
  return parts.length ? parts.join("") : "0";
}

/**
 * Parses a polynomial in x written as a sum of terms `±c`, `±cx`, `±cx^n` (the format of
 * {@linkcode formatPolynomial}, spaces optional) into coefficients; `null` if it is not one.
 *
 * @example
 * ```ts
 * import { parsePolynomial } from "./polynomial_expansion.ts";
 * parsePolynomial("x^2 - 3x + 2"); // [2n, -3n, 1n]
 * ```
 */
export function parsePolynomial(text: string): bigint[] | null {
  const s = text.replace(/\s+/g, "");
  if (!s || !/^[-+]?(\d*x(\^\d+)?|\d+)([-+](\d*x(\^\d+)?|\d+))*$/.test(s)) return null;
  const coefficients: bigint[] = [];
  for (const m of s.matchAll(/([-+]?)(\d*)(x(?:\^(\d+))?)?/g)) {
    if (!m[0]) continue;
    const power = m[3] ? (m[4] ? Number(m[4]) : 1) : 0;
    if (power > 64) return null;
    const c = (m[2] ? BigInt(m[2]) : 1n) * (m[1] === "-" ? -1n : 1n);
    while (coefficients.length <= power) coefficients.push(0n);
    coefficients[power] = coefficients[power]! + c;
  }
  return coefficients;
}

function expand(roots: readonly number[]): bigint[] {
  let poly = [1n];
  for (const r of roots) {
    const next = Array<bigint>(poly.length + 1).fill(0n);
    poly.forEach((c, i) => {
      next[i] = next[i]! + c * BigInt(r);
      next[i + 1] = next[i + 1]! + c;
    });
    poly = next;
  }
  return poly;
}

/**
 * Expand a product of linear factors (`(x + 2)(x - 3)` → `"x^2 - x - 6"`); the answer is an
 * expression. Attributes: `factors` (2–4), `magnitude` (largest |constant|, 1–50). Chain
 * input: the first factor's constant.
 *
 * @example
 * ```ts
 * import { polynomialExpansion } from "./polynomial_expansion.ts";
 * polynomialExpansion.answer({ roots: [2, -3], magnitude: 3 }); // "x^2 - x - 6"
 * ```
 */
export const polynomialExpansion = defineFamily<ExpansionParams>({
  name: "polynomial_expansion",
  category: "algebra",
  description: "Expand a product of linear factors",
  answerKind: "expression",
  attributes: {
    factors: {
      description: "number of factors",
      levels: [2, 3, 4],
      default: [2, 2],
      min: 2,
      max: 4,
    },
    magnitude: {
      description: "largest |constant|",
      levels: [3, 5, 9, 20, 50],
      default: [3, 9],
      min: 1,
      max: 50,
    },
  },
  sample(rng, config) {
    const n = drawIn(rng, config.factors!);
    const magnitude = drawIn(rng, config.magnitude!);
    return {
      roots: Array.from({ length: n }, () => rng.int(-magnitude, magnitude) || 1),
      magnitude,
    };
  },
  difficulty: (p) => ({ factors: p.roots.length, magnitude: p.magnitude }),
  question(p, inputSymbol) {
    const factors = p.roots.map((r, i) =>
      i === 0 && inputSymbol ? `(x + ${inputSymbol})` : r < 0 ? `(x - ${-r})` : `(x + ${r})`
    );
    return `Expand ${
      factors.join("")
    } and write the result as a polynomial in x with integer coefficients.`;
  },
  answer: (p) => formatPolynomial(expand(p.roots)),
  check(p, answer) {
    // Independent route: the polynomial must agree with the product at deg+1 points.
    const coefficients = parsePolynomial(answer);
    if (!coefficients) return false;
    for (let x = -2n; x <= BigInt(p.roots.length); x++) {
      const value = coefficients.reduce((s, c, i) => s + c * x ** BigInt(i), 0n);
      const product = p.roots.reduce((s, r) => s * (x + BigInt(r)), 1n);
      if (value !== product) return false;
    }
    return coefficients.length - 1 <= p.roots.length;
  },
  input: {
    describe: "the first factor's constant",
    min: -1000n,
    max: 1000n,
    get: (p) => BigInt(p.roots[0]!),
    set: (p, v) => ({ ...p, roots: [Number(v), ...p.roots.slice(1)] }),
  },
});
