import { gcd as euclid } from "../../exact/rational.ts";
import { defineFamily, drawIn, parseIntAnswer, randomDigits } from "./family.ts";

interface GcdParams {
  [key: string]: string[] | number;
  numbers: string[];
  digits: number;
}

/** Binary GCD (Stein), an algorithm independent of Euclid's for checking. */
function steinGcd(a: bigint, b: bigint): bigint {
  if (a === 0n) return b;
  if (b === 0n) return a;
  let shift = 0n;
  while (((a | b) & 1n) === 0n) [a, b, shift] = [a >> 1n, b >> 1n, shift + 1n];
  while ((a & 1n) === 0n) a >>= 1n;
  while (b !== 0n) {
    while ((b & 1n) === 0n) b >>= 1n;
    if (a > b) [a, b] = [b, a];
    b -= a;
  }
  return a << shift;
}

/**
 * Greatest common divisor of 2–4 positive integers that share a planted factor. Attributes:
 * `numbers` (2–4), `digits` (1–18). Chain input: the first number.
 *
 * @example
 * ```ts
 * import { gcdFamily } from "./gcd.ts";
 * gcdFamily.answer({ numbers: ["12", "18"], digits: 2 }); // "6"
 * ```
 */
export const gcdFamily = defineFamily<GcdParams>({
  name: "gcd",
  category: "number_theory",
  description: "Greatest common divisor",
  answerKind: "integer",
  attributes: {
    numbers: {
      description: "how many numbers",
      levels: [2, 3, 4],
      default: [2, 2],
      min: 2,
      max: 4,
    },
    digits: {
      description: "digits per number",
      levels: [2, 3, 4, 6, 9, 12, 18],
      default: [2, 4],
      min: 1,
      max: 18,
    },
  },
  sample(rng, config) {
    const n = drawIn(rng, config.numbers!);
    const digits = drawIn(rng, config.digits!);
    const common = randomDigits(rng, Math.max(1, Math.floor(digits / 2)));
    const numbers = Array.from({ length: n }, () => {
      const v = common * randomDigits(rng, Math.max(1, digits - String(common).length));
      return v.toString();
    });
    return { numbers, digits };
  },
  difficulty: (p) => ({ numbers: p.numbers.length, digits: p.digits }),
  question(p, inputSymbol) {
    const shown = p.numbers.map((v, i) => (i === 0 && inputSymbol ? inputSymbol : v));
    return `What is the greatest common divisor of ${shown.slice(0, -1).join(", ")} and ${
      shown.at(-1)
    }?`;
  },
  answer: (p) => p.numbers.map(BigInt).reduce(euclid).toString(),
  check(p, answer) {
    const g = parseIntAnswer(answer);
    return g !== null &&
      g === p.numbers.map((v) => (BigInt(v) < 0n ? -BigInt(v) : BigInt(v))).reduce(steinGcd);
  },
  input: {
    describe: "the first number",
    min: 1n,
    max: 10n ** 18n,
    get: (p) => BigInt(p.numbers[0]!),
    set: (p, v) => ({ ...p, numbers: [v.toString(), ...p.numbers.slice(1)] }),
  },
});
