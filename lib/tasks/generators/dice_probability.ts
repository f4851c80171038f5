import { formatRational, parseRational, rational } from "../../exact/rational.ts";
import { defineFamily, drawIn } from "./family.ts";

interface DiceParams {
  [key: string]: number | string;
  dice: number;
  sides: number;
  /** The target sum t, as a decimal string. */
  target: string;
}

/** Number of ways n dice with s sides sum to each total (convolution). */
function sumCounts(dice: number, sides: number): bigint[] {
  let counts = [1n];
  for (let d = 0; d < dice; d++) {
    const next = Array<bigint>(counts.length + sides).fill(0n);
    counts.forEach((c, total) => {
      for (let f = 1; f <= sides; f++) next[total + f] = next[total + f]! + c;
    });
    counts = next;
  }
  return counts;
}

function exactProbability(p: DiceParams): string {
  const counts = sumCounts(p.dice, p.sides);
  const t = BigInt(p.target);
  const hits = counts.reduce((s, c, total) => (BigInt(total) >= t ? s + c : s), 0n);
  return formatRational(rational(hits, BigInt(p.sides) ** BigInt(p.dice)));
}

/**
 * Probability that the sum of n fair s-sided dice is at least t, as an exact fraction.
 * Attributes: `dice` (1–8), `sides` (4–20). Chain input: the target t.
 *
 * @example
 * ```ts
 * import { diceProbability } from "./dice_probability.ts";
 * diceProbability.answer({ dice: 2, sides: 6, target: "11" }); // "1/12"
 * ```
 */
export const diceProbability = defineFamily<DiceParams>({
  name: "dice_probability",
  category: "probability",
  description: "Probability that a dice sum reaches a target",
  answerKind: "rational",
  attributes: {
    dice: {
      description: "number of dice",
      levels: [1, 2, 3, 4, 6, 8],
      default: [1, 3],
      min: 1,
      max: 8,
    },
    sides: {
      description: "sides per die",
      levels: [4, 6, 8, 10, 12, 20],
      default: [6, 6],
      min: 2,
      max: 20,
    },
  },
  sample(rng, config) {
    const dice = drawIn(rng, config.dice!);
    const sides = drawIn(rng, config.sides!);
    return { dice, sides, target: String(rng.int(dice + 1, dice * sides)) };
  },
  difficulty: (p) => ({ dice: p.dice, sides: p.sides }),
  question: (p, inputSymbol) =>
    `${p.dice} fair ${p.sides}-sided ${
      p.dice === 1 ? "die is" : "dice are"
    } rolled. What is the probability ` +
    `that the sum of the faces is at least ${inputSymbol ?? p.target}? Give an exact fraction.`,
  answer: exactProbability,
  check(p, answer) {
    const r = parseRational(answer);
    if (!r || formatRational(r) !== answer.trim()) return false;
    const outcomes = p.sides ** p.dice;
    if (outcomes > 200_000) return answer.trim() === exactProbability(p);
    // Independent route: enumerate every outcome.
    let hits = 0;
    const faces = Array(p.dice).fill(1);
    const t = Number(p.target);
    for (let i = 0; i < outcomes; i++) {
      if (faces.reduce((s, f) => s + f, 0) >= t) hits++;
      for (let d = 0; d < p.dice && ++faces[d] > p.sides; d++) faces[d] = 1;
    }
    return formatRational(rational(hits, outcomes)) === answer.trim();
  },
  input: {
    describe: "the target sum",
    min: 0n,
    max: 10n ** 6n,
    get: (p) => BigInt(p.target),
    set: (p, v) => ({ ...p, target: v.toString() }),
  },
});
