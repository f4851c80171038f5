import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

interface BinomialParams {
  [key: string]: number | string;
  n: number;
  k: number;
  context: string;
}

const CONTEXTS = [
  "choose {k} books from a shelf of {n} different books",
  "pick a committee of {k} people from {n} candidates",
  "select {k} toppings from {n} available toppings",
  "form a team of {k} players from a squad of {n}",
];

/** n choose k by the multiplicative formula. */
export function choose(n: bigint, k: bigint): bigint {
  if (k < 0n || k > n) return 0n;
  if (k > n - k) k = n - k;
  let r = 1n;
  for (let i = 1n; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * Counting combinations (`C(n, k)` in a word setting), exact with BigInt. Attributes: `n`
 * (2–500). Chain input: n (k is kept, or lowered to n when n becomes smaller).
 *
 * @example
 * ```ts
 * import { binomial } from "./binomial.ts";
 * binomial.answer({ n: 5, k: 2, context: "pick a committee of {k} people from {n} candidates" }); // "10"
 * ```
 */
export const binomial = defineFamily<BinomialParams>({
  name: "binomial",
  category: "combinatorics",
  description: "Count combinations C(n, k)",
  answerKind: "integer",
  attributes: {
    n: {
      description: "items to choose from",
      levels: [5, 10, 20, 40, 80, 200, 500],
      default: [5, 20],
      min: 2,
      max: 500,
    },
  },
  sample(rng, config) {
    const n = drawIn(rng, config.n!);
    return { n, k: rng.int(1, Math.max(1, Math.min(n - 1, 12))), context: rng.pick(CONTEXTS) };
  },
  difficulty: (p) => ({ n: p.n }),
  question: (p, inputSymbol) =>
    `In how many ways can you ${
      p.context.replace("{k}", String(p.k)).replace("{n}", inputSymbol ?? String(p.n))
    }` +
    ` (order does not matter)?`,
  answer: (p) => choose(BigInt(p.n), BigInt(p.k)).toString(),
  check(p, answer) {
    // Independent route: answer × k! × (n-k)! = n!.
    const v = parseIntAnswer(answer);
    if (v === null) return false;
    const fact = (m: number) => {
      let f = 1n;
      for (let i = 2n; i <= BigInt(m); i++) f *= i;
      return f;
    };
    return v * fact(p.k) * fact(p.n - p.k) === fact(p.n);
  },
  input: {
    describe: "the number of items to choose from",
    min: 1n,
    max: 2000n,
    get: (p) => BigInt(p.n),
    set: (p, v) => ({ ...p, n: Number(v), k: Math.min(p.k, Number(v)) }),
  },
});
