import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

interface AgeParams {
  [key: string]: string | number;
  younger: string;
  older: string;
  /** The younger person's age now, as a decimal string. */
  age: string;
  factor: number;
  extra: number;
  years: number;
}

const NAMES = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Felix", "Grace", "Hugo", "Iris", "Jonah"];

/**
 * An age word problem in two or three steps: one person is `factor` times another's age plus
 * `extra` years; how old will they be in `years` years? Attributes: `factor` (1–5). Chain
 * input: the younger person's age.
 *
 * @example
 * ```ts
 * import { ageProblem } from "./age_problem.ts";
 * ageProblem.answer({ younger: "Ana", older: "Ben", age: "7", factor: 2, extra: 3, years: 4 }); // "21"
 * ```
 */
export const ageProblem = defineFamily<AgeParams>({
  name: "age_problem",
  category: "word_problems",
  description: "Future age from a relation between two ages",
  answerKind: "integer",
  attributes: {
    factor: {
      description: "age multiple",
      levels: [1, 2, 3, 4, 5],
      default: [1, 3],
      min: 1,
      max: 5,
    },
  },
  sample(rng, config) {
    const [younger, older] = rng.sample(NAMES, 2) as [string, string];
    return {
      younger,
      older,
      age: String(rng.int(2, 30)),
      factor: drawIn(rng, config.factor!),
      extra: rng.int(0, 20),
      years: rng.int(1, 25),
    };
  },
  difficulty: (p) => ({ factor: p.factor }),
  question(p, inputSymbol) {
    const relation = p.factor === 1
      ? `${p.extra} years older than ${p.younger}`
      : `${p.extra} years more than ` +
        `${p.factor} times ${p.younger}'s age`;
    return `${p.younger} is ${inputSymbol ?? p.age} years old. ${p.older}'s age is ${relation}. ` +
      `How old will ${p.older} be in ${p.years} years?`;
  },
  answer: (p) => (BigInt(p.factor) * BigInt(p.age) + BigInt(p.extra + p.years)).toString(),
  check(p, answer) {
    // Independent route: go back in time from the answer.
    const future = parseIntAnswer(answer);
    if (future === null) return false;
    const olderNow = future - BigInt(p.years);
    return olderNow - BigInt(p.extra) === BigInt(p.factor) * BigInt(p.age);
  },
  input: {
    describe: "the younger person's age",
    min: 0n,
    max: 10n ** 6n,
    get: (p) => BigInt(p.age),
    set: (p, v) => ({ ...p, age: v.toString() }),
  },
});
