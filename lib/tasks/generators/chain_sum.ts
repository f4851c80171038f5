import { defineFamily, drawIn, parseIntAnswer, randomDigits } from "./family.ts";

interface ChainSumParams {
  [key: string]: string[] | number;
  /** Signed terms as decimal strings; the first is positive. */
  terms: string[];
  digits: number;
}

/**
 * Sums and differences of integers (`512 + 37 - 908`), exact with BigInt however many digits.
 * Attributes: `terms` (2–20), `digits` (1–30). Chain input: the first term.
 *
 * @example
 * ```ts
 * import { chainSum } from "./chain_sum.ts";
 * chainSum.answer({ terms: ["5", "-3", "10"], digits: 1 }); // "12"
 * ```
 */
export const chainSum = defineFamily<ChainSumParams>({
  name: "chain_sum",
  category: "arithmetic",
  description: "Add and subtract a chain of integers",
  answerKind: "integer",
  attributes: {
    terms: {
      description: "number of terms",
      levels: [2, 3, 4, 5, 6, 8, 10, 12],
      default: [2, 4],
      min: 2,
      max: 20,
    },
    digits: {
      description: "digits per term",
      levels: [1, 2, 3, 4, 6, 8, 12, 18],
      default: [1, 3],
      min: 1,
      max: 30,
    },
  },
  sample(rng, config) {
    const n = drawIn(rng, config.terms!);
    const digits = drawIn(rng, config.digits!);
    const terms = Array.from({ length: n }, (_, i) => {
      const v = randomDigits(rng, digits);
      return (i > 0 && rng.chance(0.5) ? -v : v).toString();
    });
    return { terms, digits };
  },
  difficulty: (p) => ({ terms: p.terms.length, digits: p.digits }),
  question(p, inputSymbol) {
    const [first, ...rest] = p.terms;
    const body = rest.map((t) => (t.startsWith("-") ? ` - ${t.slice(1)}` : ` + ${t}`)).join("");
    return `Calculate ${inputSymbol ?? first}${body}.`;
  },
  answer: (p) => p.terms.reduce((s, t) => s + BigInt(t), 0n).toString(),
  check(p, answer) {
    // Undo the terms one by one from the answer: what is left must be zero.
    let rest = parseIntAnswer(answer);
    if (rest === null) return false;
    for (const t of [...p.terms].reverse()) rest -= BigInt(t);
    return rest === 0n;
  },
  input: {
    describe: "the first term",
    min: 1n,
    max: 10n ** 30n,
    get: (p) => BigInt(p.terms[0]!),
    set: (p, v) => ({ ...p, terms: [v.toString(), ...p.terms.slice(1)] }),
  },
});
