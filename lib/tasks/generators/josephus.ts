import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

interface JosephusParams {
  [key: string]: number;
  n: number;
  k: number;
}

/**
 * The Josephus problem: n people in a circle, every k-th is removed; which starting position
 * (1-based) survives? Attributes: `n` (2–2000), `k` (2–10). Chain input: n.
 *
 * @example
 * ```ts
 * import { josephus } from "./josephus.ts";
 * josephus.answer({ n: 7, k: 3 }); // "4"
 * ```
 */
export const josephus = defineFamily<JosephusParams>({
  name: "josephus",
  category: "algorithmic",
  description: "Last survivor of the Josephus elimination",
  answerKind: "integer",
  attributes: {
    n: {
      description: "people in the circle",
      levels: [5, 10, 20, 50, 100, 500, 2000],
      default: [5, 20],
      min: 2,
      max: 2000,
    },
    k: {
      description: "every k-th is removed",
      levels: [2, 3, 4, 5, 7, 10],
      default: [2, 4],
      min: 2,
      max: 10,
    },
  },
  sample: (rng, config) => ({ n: drawIn(rng, config.n!), k: drawIn(rng, config.k!) }),
  difficulty: (p) => ({ n: p.n, k: p.k }),
  question: (p, inputSymbol) =>
    `${
      inputSymbol ?? p.n
    } people stand in a circle, numbered 1 upwards. Counting starts at person 1, and every ` +
    `${p.k}${
      p.k === 2 ? "nd" : p.k === 3 ? "rd" : "th"
    } person counted is removed, until one remains. ` +
    `What is the number of the last person remaining?`,
  answer(p) {
    let survivor = 0; // J(1) = 0 (0-based), J(m) = (J(m-1) + k) mod m
    for (let m = 2; m <= p.n; m++) survivor = (survivor + p.k) % m;
    return String(survivor + 1);
  },
  check(p, answer) {
    // Independent route: simulate the circle.
    const v = parseIntAnswer(answer);
    if (v === null || p.n > 200_000) return false;
    const circle = Array.from({ length: p.n }, (_, i) => i + 1);
    let at = 0;
    while (circle.length > 1) {
      at = (at + p.k - 1) % circle.length;
      circle.splice(at, 1);
    }
    return BigInt(circle[0]!) === v;
  },
  input: {
    describe: "the number of people",
    min: 1n,
    max: 100000n,
    get: (p) => BigInt(p.n),
    set: (p, v) => ({ ...p, n: Number(v) }),
  },
});
