import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

interface CollatzParams {
  [key: string]: string | number;
  n: string;
  digits: number;
}

/**
 * Steps of the Collatz map (n → n/2 if even, 3n+1 if odd) until n reaches 1. Attributes:
 * `digits` (1–12). Chain input: the start n.
 *
 * @example
 * ```ts
 * import { collatzSteps } from "./collatz_steps.ts";
 * collatzSteps.answer({ n: "6", digits: 1 }); // "8"
 * ```
 */
export const collatzSteps = defineFamily<CollatzParams>({
  name: "collatz_steps",
  category: "algorithmic",
  description: "Count Collatz steps to reach 1",
  answerKind: "integer",
  attributes: {
    digits: {
      description: "digits of the start",
      levels: [1, 2, 3, 4, 6, 9, 12],
      default: [1, 3],
      min: 1,
      max: 12,
    },
  },
  sample(rng, config) {
    const digits = drawIn(rng, config.digits!);
    return {
      n: rng.bigint(digits === 1 ? 2n : 10n ** BigInt(digits - 1), 10n ** BigInt(digits) - 1n)
        .toString(),
      digits,
    };
  },
  difficulty: (p) => ({ digits: p.digits }),
  question: (p, inputSymbol) =>
    `Start from ${
      inputSymbol ?? p.n
    }. Repeatedly halve the number if it is even, or replace it with three times ` +
    `it plus one if it is odd. How many steps does it take to reach 1?`,
  answer(p) {
    let n = BigInt(p.n), steps = 0;
    while (n !== 1n) {
      n = n % 2n === 0n ? n / 2n : 3n * n + 1n;
      steps++;
    }
    return String(steps);
  },
  check(p, answer) {
    // Independent route: the shortcut map (odd n → (3n+1)/2 counts as two steps).
    const v = parseIntAnswer(answer);
    if (v === null) return false;
    let n = BigInt(p.n), steps = 0n;
    while (n !== 1n) {
      if (n & 1n) [n, steps] = [(3n * n + 1n) >> 1n, steps + 2n];
      else [n, steps] = [n >> 1n, steps + 1n];
    }
    return steps === v;
  },
  input: {
    describe: "the start",
    min: 1n,
    max: 10n ** 15n,
    get: (p) => BigInt(p.n),
    set: (p, v) => ({ ...p, n: v.toString() }),
  },
});
