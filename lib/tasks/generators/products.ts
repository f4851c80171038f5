import { defineFamily, drawIn, parseIntAnswer, randomDigits } from "./family.ts";

interface ProductsParams {
  [key: string]: string[] | number;
  factors: string[];
  digits: number;
}

/**
 * Products of integers (`12 × 305 × 7`), exact with BigInt. Attributes: `factors` (2–6),
 * `digits` (1–12). Chain input: the first factor.
 *
 * @example
 * ```ts
 * import { products } from "./products.ts";
 * products.answer({ factors: ["12", "-3"], digits: 2 }); // "-36"
 * ```
 */
export const products = defineFamily<ProductsParams>({
  name: "products",
  category: "arithmetic",
  description: "Multiply integers",
  answerKind: "integer",
  attributes: {
    factors: {
      description: "number of factors",
      levels: [2, 3, 4, 5, 6],
      default: [2, 3],
      min: 2,
      max: 6,
    },
    digits: {
      description: "digits per factor",
      levels: [1, 2, 3, 4, 6, 8, 12],
      default: [1, 2],
      min: 1,
      max: 12,
    },
  },
  sample(rng, config) {
    const n = drawIn(rng, config.factors!);
    const digits = drawIn(rng, config.digits!);
    const factors = Array.from({ length: n }, (_, i) => {
      const v = randomDigits(rng, digits);
      return (i > 0 && rng.chance(0.2) ? -v : v).toString();
    });
    return { factors, digits };
  },
  difficulty: (p) => ({ factors: p.factors.length, digits: p.digits }),
  question(p, inputSymbol) {
    const shown = p.factors.map((
      f,
      i,
    ) => (i === 0 && inputSymbol ? inputSymbol : f.startsWith("-") ? `(${f})` : f));
    return `Calculate ${shown.join(" × ")}.`;
  },
  answer: (p) => p.factors.reduce((s, f) => s * BigInt(f), 1n).toString(),
  check(p, answer) {
    let rest = parseIntAnswer(answer);
    if (rest === null) return false;
    for (const f of p.factors) {
      const d = BigInt(f);
      if (d === 0n) return rest === 0n;
      if (rest % d !== 0n) return false;
      rest /= d;
    }
    return rest === 1n;
  },
  input: {
    describe: "the first factor",
    min: 1n,
    max: 10n ** 12n,
    get: (p) => BigInt(p.factors[0]!),
    set: (p, v) => ({ ...p, factors: [v.toString(), ...p.factors.slice(1)] }),
  },
});
