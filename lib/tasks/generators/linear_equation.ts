import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

interface LinearParams {
  [key: string]: number | string;
  a: number;
  /** The shift b, as a decimal string (it may be set from a previous answer). */
  b: string;
  /** c = a·k, so that x = b + k is an integer. */
  c: number;
  magnitude: number;
}

/**
 * Linear equations `a(x - b) = c` with an integer solution. Attributes: `magnitude` (largest
 * |a|, |k|; 2–1000). Chain input: the shift `b`, so any integer keeps the solution integral.
 *
 * @example
 * ```ts
 * import { linearEquation } from "./linear_equation.ts";
 * linearEquation.answer({ a: 3, b: "4", c: 12, magnitude: 5 }); // "8"
 * ```
 */
export const linearEquation = defineFamily<LinearParams>({
  name: "linear_equation",
  category: "algebra",
  description: "Solve a linear equation a(x - b) = c",
  answerKind: "integer",
  attributes: {
    magnitude: {
      description: "largest coefficient",
      levels: [5, 10, 20, 50, 100, 1000],
      default: [5, 20],
      min: 2,
      max: 1000,
    },
  },
  sample(rng, config) {
    const magnitude = drawIn(rng, config.magnitude!);
    const a = rng.int(2, magnitude) * (rng.chance(0.3) ? -1 : 1);
    const k = rng.int(-magnitude, magnitude);
    const b = rng.int(-magnitude, magnitude);
    return { a, b: String(b), c: a * k, magnitude };
  },
  difficulty: (p) => ({ magnitude: p.magnitude }),
  question(p, inputSymbol) {
    const b = BigInt(p.b);
    const shift = inputSymbol
      ? ` - ${inputSymbol}`
      : b < 0n
      ? ` + ${-b}`
      : b === 0n
      ? ""
      : ` - ${b}`;
    return `Solve for x: ${p.a}(x${shift}) = ${p.c}.`;
  },
  answer: (p) => (BigInt(p.b) + BigInt(p.c / p.a)).toString(),
  check(p, answer) {
    const x = parseIntAnswer(answer);
    return x !== null && BigInt(p.a) * (x - BigInt(p.b)) === BigInt(p.c);
  },
  input: {
    describe: "the shift b",
    min: -(10n ** 15n),
    max: 10n ** 15n,
    get: (p) => BigInt(p.b),
    set: (p, v) => ({ ...p, b: v.toString() }),
  },
});
