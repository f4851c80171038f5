import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";
import { formatPolynomial } from "./polynomial_expansion.ts";

interface PolyEvalParams {
  [key: string]: number[] | string | number;
  /** Coefficients from the constant term up. */
  coefficients: number[];
  /** The point x, as a decimal string. */
  x: string;
  degree: number;
}

/**
 * Evaluate an integer polynomial at an integer point (`p(x) = 2x^3 - x + 5; p(7)?`), exact
 * with BigInt. Attributes: `degree` (1–6), `coefficient` (largest |coefficient|, 1–100).
 * Chain input: the point x.
 *
 * @example
 * ```ts
 * import { polynomialEvaluation } from "./polynomial_evaluation.ts";
 * polynomialEvaluation.answer({ coefficients: [1, 0, 2], x: "3", degree: 2 }); // "19"
 * ```
 */
export const polynomialEvaluation = defineFamily<PolyEvalParams>({
  name: "polynomial_evaluation",
  category: "algebra",
  description: "Evaluate a polynomial at a point",
  answerKind: "integer",
  attributes: {
    degree: { description: "degree", levels: [1, 2, 3, 4, 5, 6], default: [2, 3], min: 1, max: 6 },
    coefficient: {
      description: "largest |coefficient|",
      levels: [3, 5, 9, 20, 50, 100],
      default: [3, 9],
      min: 1,
      max: 100,
    },
  },
  sample(rng, config) {
    const degree = drawIn(rng, config.degree!);
    const c = drawIn(rng, config.coefficient!);
    const coefficients = Array.from({ length: degree + 1 }, () => rng.int(-c, c));
    if (coefficients[degree] === 0) coefficients[degree] = rng.pick([-1, 1]) * rng.int(1, c);
    return { coefficients, x: String(rng.int(-9, 9)), degree };
  },
  difficulty: (p) => ({
    degree: p.degree,
    coefficient: Math.max(1, ...p.coefficients.map(Math.abs)),
  }),
  question: (p, inputSymbol) =>
    `Let p(x) = ${formatPolynomial(p.coefficients.map(BigInt))}. What is p(${inputSymbol ?? p.x})?`,
  answer(p) {
    // Horner's rule.
    const x = BigInt(p.x);
    return p.coefficients.reduceRight((acc, c) => acc * x + BigInt(c), 0n).toString();
  },
  check(p, answer) {
    // Independent route: the sum of c_i x^i term by term.
    const v = parseIntAnswer(answer);
    const x = BigInt(p.x);
    return v !== null &&
      p.coefficients.reduce((s, c, i) => s + BigInt(c) * x ** BigInt(i), 0n) === v;
  },
  input: {
    describe: "the point x",
    min: -(10n ** 6n),
    max: 10n ** 6n,
    get: (p) => BigInt(p.x),
    set: (p, v) => ({ ...p, x: v.toString() }),
  },
});
