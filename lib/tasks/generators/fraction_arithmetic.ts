import {
  addRational,
  divRational,
  formatRational,
  mulRational,
  parseRational,
  type Rational,
  rational,
  subRational,
} from "../../exact/rational.ts";
import { defineFamily, drawIn } from "./family.ts";

interface FractionParams {
  [key: string]: number | number[][] | string[];
  /** Fractions as [numerator, denominator]. */
  fractions: number[][];
  /** Operators between consecutive fractions: "+", "-", "*", "/". */
  ops: string[];
  denominator: number;
}

const APPLY: Record<string, (a: Rational, b: Rational) => Rational> = {
  "+": addRational,
  "-": subRational,
  "*": mulRational,
  "/": divRational,
};
const SHOW: Record<string, string> = { "+": "+", "-": "-", "*": "×", "/": "÷" };

/**
 * Exact fraction arithmetic evaluated left to right (`1/2 + 3/4 × 2/5` as `((1/2 + 3/4) × 2/5)`,
 * which the question states), answered in lowest terms (`"7/20"`). Attributes: `fractions`
 * (2–4), `denominator` (largest denominator, 2–100). Chain input: the first numerator.
 *
 * @example
 * ```ts
 * import { fractionArithmetic } from "./fraction_arithmetic.ts";
 * fractionArithmetic.answer({ fractions: [[1, 2], [1, 3]], ops: ["+"], denominator: 3 }); // "5/6"
 * ```
 */
export const fractionArithmetic = defineFamily<FractionParams>({
  name: "fraction_arithmetic",
  category: "arithmetic",
  description: "Add, subtract, multiply and divide fractions exactly",
  answerKind: "rational",
  attributes: {
    fractions: {
      description: "number of fractions",
      levels: [2, 3, 4],
      default: [2, 3],
      min: 2,
      max: 4,
    },
    denominator: {
      description: "largest denominator",
      levels: [4, 6, 9, 12, 20, 50, 100],
      default: [4, 12],
      min: 2,
      max: 100,
    },
  },
  sample(rng, config) {
    const n = drawIn(rng, config.fractions!);
    const denominator = drawIn(rng, config.denominator!);
    const fractions = Array.from(
      { length: n },
      () => [rng.int(1, denominator * 2), rng.int(2, denominator)],
    );
    const ops = Array.from({ length: n - 1 }, () => rng.pick(["+", "-", "*", "/"]));
    return { fractions, ops, denominator };
  },
  difficulty: (p) => ({ fractions: p.fractions.length, denominator: p.denominator }),
  question(p, inputSymbol) {
    const f = p.fractions.map(([a, b], i) => `${i === 0 && inputSymbol ? inputSymbol : a}/${b}`);
    let expr = f[0]!;
    p.ops.forEach((op, i) => {
      expr = i === 0 ? `${expr} ${SHOW[op]} ${f[i + 1]}` : `(${expr}) ${SHOW[op]} ${f[i + 1]}`;
    });
    return `Calculate ${expr}. Give the answer as a fraction in lowest terms.`;
  },
  answer(p) {
    let acc = rational(p.fractions[0]![0]!, p.fractions[0]![1]!);
    p.ops.forEach((op, i) => {
      const [a, b] = p.fractions[i + 1]!;
      acc = APPLY[op]!(acc, rational(a!, b!));
    });
    return formatRational(acc);
  },
  check(p, answer) {
    const r = parseRational(answer);
    if (!r || formatRational(r) !== answer.trim()) return false; // must be in lowest terms
    // Independent route: floating point with a relative tolerance.
    let acc = p.fractions[0]![0]! / p.fractions[0]![1]!;
    p.ops.forEach((op, i) => {
      const v = p.fractions[i + 1]![0]! / p.fractions[i + 1]![1]!;
      acc = op === "+" ? acc + v : op === "-" ? acc - v : op === "*" ? acc * v : acc / v;
    });
    const value = Number(r.num) / Number(r.den);
    return Math.abs(value - acc) <= 1e-9 * Math.max(1, Math.abs(acc));
  },
  input: {
    describe: "the first numerator",
    min: 1n,
    max: 1000000n,
    get: (p) => BigInt(p.fractions[0]![0]!),
    set: (p, v) => ({
      ...p,
      fractions: [[Number(v), p.fractions[0]![1]!], ...p.fractions.slice(1)],
    }),
  },
});
