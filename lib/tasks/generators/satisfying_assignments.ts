import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

type SatParams = {
  /** Chain value: count only assignments with at most this many variables True. */
  at_most?: number;
  variables: number;
  /** CNF clauses of literals: +i is x_i, -i is not x_i (1-based). */
  clauses: number[][];
};

function popcount(a: number): number {
  let c = 0;
  for (; a; a &= a - 1) c++;
  return c;
}

/** Counts by backtracking over the variables (checker route for the `at_most` variant). */
function countBacktracking(p: SatParams, limit: number): bigint {
  const value: (boolean | undefined)[] = [];
  const clauseOk = () =>
    p.clauses.every((c) =>
      c.some((lit) => {
        const v = value[Math.abs(lit)];
        return v === undefined || v === lit > 0;
      })
    );
  const go = (i: number, trues: number): bigint => {
    if (trues > limit || !clauseOk()) return 0n;
    if (i > p.variables) return 1n;
    let n = 0n;
    for (const v of [false, true]) {
      value[i] = v;
      n += go(i + 1, trues + (v ? 1 : 0));
    }
    value[i] = undefined;
    return n;
  };
  return go(1, 0);
}

function satisfies(clauses: readonly number[][], assignment: number): boolean {
  return clauses.every((c) =>
    c.some((lit) => ((assignment >> (Math.abs(lit) - 1)) & 1) === (lit > 0 ? 1 : 0))
  );
}

/**
 * Count the truth assignments that satisfy a formula in conjunctive normal form. Attributes:
 * `variables` (2–10), `clauses` (1–12). Chain input: the most variables an assignment may
 * set True.
 *
 * @example
 * ```ts
 * import { satisfyingAssignments } from "./satisfying_assignments.ts";
 * satisfyingAssignments.answer({ variables: 2, clauses: [[1, 2]] }); // "3"
 * ```
 */
export const satisfyingAssignments = defineFamily<SatParams>({
  name: "satisfying_assignments",
  category: "logic",
  description: "Count satisfying assignments of a CNF formula",
  answerKind: "integer",
  attributes: {
    variables: {
      description: "number of variables",
      levels: [2, 3, 4, 5, 6, 8, 10],
      default: [2, 4],
      min: 2,
      max: 10,
    },
    clauses: {
      description: "number of clauses",
      levels: [1, 2, 3, 4, 6, 8, 12],
      default: [2, 4],
      min: 1,
      max: 12,
    },
  },
  sample(rng, config) {
    const variables = drawIn(rng, config.variables!);
    const count = drawIn(rng, config.clauses!);
    const clauses = Array.from({ length: count }, () => {
      const size = rng.int(1, Math.min(3, variables));
      return rng.sample(Array.from({ length: variables }, (_, i) => i + 1), size)
        .map((v) => (rng.chance(0.5) ? v : -v)).sort((a, b) => Math.abs(a) - Math.abs(b));
    });
    return { variables, clauses };
  },
  difficulty: (p) => ({ variables: p.variables, clauses: p.clauses.length }),
  question(p, inputSymbol) {
    const names = Array.from({ length: p.variables }, (_, i) => `x${i + 1}`);
    const formula = p.clauses.map((c) =>
      `(${c.map((lit) => (lit > 0 ? `x${lit}` : `not x${-lit}`)).join(" or ")})`
    ).join(" and ");
    if (p.at_most !== undefined || inputSymbol !== undefined) {
      return `Variables ${names.join(", ")} are each True or False. How many assignments ` +
        `with at most ${
          inputSymbol ?? p.at_most
        } of the variables True make this formula True: ${formula}?`;
    }
    return `Variables ${names.join(", ")} are each True or False. How many of the ${
      2 ** p.variables
    } ` +
      `assignments make this formula True: ${formula}?`;
  },
  answer(p) {
    let count = 0;
    const limit = p.at_most ?? p.variables;
    for (let a = 0; a < 2 ** p.variables; a++) {
      if (popcount(a) <= limit && satisfies(p.clauses, a)) count++;
    }
    return String(count);
  },
  check(p, answer) {
    // Independent route: inclusion–exclusion over the clauses (each falsified clause fixes its literals).
    const v = parseIntAnswer(answer);
    if (v === null) return false;
    if (p.at_most !== undefined) return countBacktracking(p, p.at_most) === v;
    let total = 0n;
    const m = p.clauses.length;
    for (let subset = 0; subset < 1 << m; subset++) {
      const fixed = new Map<number, boolean>();
      let consistent = true, size = 0;
      for (let j = 0; j < m && consistent; j++) {
        if (!((subset >> j) & 1)) continue;
        size++;
        for (const lit of p.clauses[j]!) {
          const want = lit < 0; // falsify the literal
          const prev = fixed.get(Math.abs(lit));
          if (prev !== undefined && prev !== want) consistent = false;
          fixed.set(Math.abs(lit), want);
        }
      }
      if (!consistent) continue;
      const free = 2n ** BigInt(p.variables - fixed.size);
      total += size % 2 === 0 ? free : -free;
    }
    return total === v;
  },
  input: {
    describe: "the most variables an assignment may set True",
    min: 0n,
    max: 10n,
    get: (p) => BigInt(p.at_most ?? p.variables),
    set: (p, v) => ({ ...p, at_most: Number(v) }),
  },
});
