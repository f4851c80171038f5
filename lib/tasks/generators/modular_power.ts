import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

interface ModPowParams {
  [key: string]: string | number;
  base: string;
  exponent: string;
  modulus: string;
  digits: number;
}

function powModRightToLeft(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n % mod, b = ((base % mod) + mod) % mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    exp >>= 1n;
  }
  return result;
}

function powModLeftToRight(base: bigint, exp: bigint, mod: bigint): bigint {
  const b = ((base % mod) + mod) % mod;
  let result = 1n % mod;
  for (const bit of exp.toString(2)) {
    result = (result * result) % mod;
    if (bit === "1") result = (result * b) % mod;
  }
  return result;
}

/**
 * Modular exponentiation `a^b mod m`. Attributes: `digits` (digits of b and m, 1–30).
 * Chain input: the base a.
 *
 * @example
 * ```ts
 * import { modularPower } from "./modular_power.ts";
 * modularPower.answer({ base: "3", exponent: "4", modulus: "5", digits: 1 }); // "1"
 * ```
 */
export const modularPower = defineFamily<ModPowParams>({
  name: "modular_power",
  category: "number_theory",
  description: "Compute a^b mod m",
  answerKind: "integer",
  attributes: {
    digits: {
      description: "digits of the exponent and modulus",
      levels: [1, 2, 3, 4, 6, 9, 15, 30],
      default: [1, 3],
      min: 1,
      max: 30,
    },
  },
  sample(rng, config) {
    const digits = drawIn(rng, config.digits!);
    const top = 10n ** BigInt(digits);
    return {
      base: rng.bigint(2n, 10n ** BigInt(Math.min(digits, 6)) + 1n).toString(),
      exponent: rng.bigint(2n, top + 1n).toString(),
      modulus: rng.bigint(3n, top + 2n).toString(),
      digits,
    };
  },
  difficulty: (p) => ({ digits: p.digits }),
  question: (p, inputSymbol) =>
    `What is the remainder when ${inputSymbol ?? p.base}^${p.exponent} is divided by ${p.modulus}?`,
  answer: (p) =>
    powModRightToLeft(BigInt(p.base), BigInt(p.exponent), BigInt(p.modulus)).toString(),
  check(p, answer) {
    const v = parseIntAnswer(answer);
    return v !== null &&
      v === powModLeftToRight(BigInt(p.base), BigInt(p.exponent), BigInt(p.modulus));
  },
  input: {
    describe: "the base",
    min: 0n,
    max: 10n ** 30n,
    get: (p) => BigInt(p.base),
    set: (p, v) => ({ ...p, base: v.toString() }),
  },
});
