import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

interface DivisorCountParams {
  [key: string]: string | number;
  n: string;
  digits: number;
}

/** Prime factorisation by trial division: prime → exponent. */
export function factorise(n: bigint): Map<bigint, number> {
  const factors = new Map<bigint, number>();
  let m = n < 0n ? -n : n;
  for (let p = 2n; p * p <= m; p += p === 2n ? 1n : 2n) {
    while (m % p === 0n) {
      factors.set(p, (factors.get(p) ?? 0) + 1);
      m /= p;
    }
  }
  if (m > 1n) factors.set(m, (factors.get(m) ?? 0) + 1);
  return factors;
}

function countByFactorisation(n: bigint): number {
  return [...factorise(n).values()].reduce((s, e) => s * (e + 1), 1);
}

/**
 * How many positive divisors an integer has (through its prime factorisation). Attributes:
 * `digits` (1–12). Chain input: the number.
 *
 * @example
 * ```ts
 * import { divisorCount } from "./divisor_count.ts";
 * divisorCount.answer({ n: "12", digits: 2 }); // "6"
 * ```
 */
export const divisorCount = defineFamily<DivisorCountParams>({
  name: "divisor_count",
  category: "number_theory",
  description: "Count the positive divisors of an integer",
  answerKind: "integer",
  attributes: {
    digits: {
      description: "digits of the number",
      levels: [1, 2, 3, 4, 5, 6, 8, 10, 12],
      default: [2, 4],
      min: 1,
      max: 12,
    },
  },
  sample(rng, config) {
    const digits = drawIn(rng, config.digits!);
    // Smooth numbers have many divisors, which makes the problem interesting.
    let n = 1n;
    const top = 10n ** BigInt(digits);
    const low = digits === 1 ? 2n : 10n ** BigInt(digits - 1);
    for (let tries = 0; tries < 64 && (n < low || n >= top); tries++) {
      n = 1n;
      while (n * 13n < top && rng.chance(0.85)) {
        n *= BigInt(rng.pick([2, 2, 2, 3, 3, 5, 7, 11, 13]));
      }
      if (n < low) n *= rng.bigint(1n, (top - 1n) / n > 1n ? (top - 1n) / n : 1n);
    }
    if (n < low || n >= top) n = rng.bigint(low, top - 1n);
    return { n: n.toString(), digits };
  },
  difficulty: (p) => ({ digits: p.digits }),
  question: (p, inputSymbol) => `How many positive divisors does ${inputSymbol ?? p.n} have?`,
  answer: (p) => countByFactorisation(BigInt(p.n)).toString(),
  check(p, answer) {
    const v = parseIntAnswer(answer);
    const n = BigInt(p.n);
    if (v === null) return false;
    if (n > 10n ** 10n) return v === BigInt(countByFactorisation(n)); // too big to enumerate
    // Independent route: count divisor pairs up to sqrt(n).
    let count = 0n;
    for (let d = 1n; d * d <= n; d++) if (n % d === 0n) count += d * d === n ? 1n : 2n;
    return count === v;
  },
  input: {
    describe: "the number",
    min: 1n,
    max: 10n ** 12n,
    get: (p) => BigInt(p.n),
    set: (p, v) => ({ ...p, n: v.toString() }),
  },
});
