/**
 * Logic puzzles with unique solutions, found by search: knights and knaves, logic circuits,
 * seating puzzles.
 * @module
 */
import type { Rng } from "../../random/rng.ts";
import { attr, fieldInput } from "./_kit.ts";
import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

const NAMES = ["Alice", "Bob", "Carol", "Dave", "Eve", "Frank", "Grace", "Heidi"];

// ---------- Knights and knaves ----------

type Statement = { speaker: number; kind: string; a: number; b: number };
type KnightsParams = { people: number; statements: Statement[]; first: number };

const NEGATION: Record<string, string> = {
  knight: "knave",
  knave: "knight",
  both: "either_knave",
  either_knave: "both",
  same: "different",
  different: "same",
};

function holds(s: Statement, t: readonly boolean[]): boolean {
  switch (s.kind) {
    case "knight":
      return t[s.a]!;
    case "knave":
      return !t[s.a];
    case "both":
      return t[s.a]! && t[s.b]!;
    case "either_knave":
      return !t[s.a] || !t[s.b];
    case "same":
      return t[s.a] === t[s.speaker];
    default:
      return t[s.a] !== t[s.speaker];
  }
}

function say(s: Statement): string {
  const a = NAMES[s.a], b = NAMES[s.b];
  const text: Record<string, string> = {
    knight: `${a} is a knight`,
    knave: `${a} is a knave`,
    both: `${a} and ${b} are both knights`,
    either_knave: `at least one of ${a} and ${b} is a knave`,
    same: `${a} and I are the same kind`,
    different: `${a} and I are different kinds`,
  };
  return `${NAMES[s.speaker]} says: "${text[s.kind]}."`;
}

function consistent(p: KnightsParams, mask: number): boolean {
  const t = Array.from({ length: p.people }, (_, i) => ((mask >> i) & 1) === 1);
  return p.statements.every((s) => holds(s, t) === t[s.speaker]);
}

function solutions(p: KnightsParams): number[] {
  const out: number[] = [];
  for (let m = 0; m < 1 << p.people; m++) if (consistent(p, m)) out.push(m);
  return out;
}

function knightsAmongFirst(mask: number, people: number, first: number): number {
  let c = 0;
  for (let i = 0; i < Math.min(Math.max(first, 0), people); i++) c += (mask >> i) & 1;
  return c;
}

/**
 * Knights always tell the truth and knaves always lie: from what each islander says (a
 * puzzle with exactly one consistent assignment), how many knights are among the first k
 * islanders? Solved by search over assignments; checked by substituting the solution into
 * every statement and confirming that no other assignment fits. Attributes: `people` (3–8).
 * Chain input: k.
 *
 * @example
 * ```ts
 * import { knightsAndKnaves } from "./logic_puzzles.ts";
 * import assert from "node:assert/strict";
 * const statements = [{ speaker: 0, kind: "knave", a: 1, b: 1 }, { speaker: 1, kind: "both", a: 0, b: 1 }];
 * assert.equal(knightsAndKnaves.answer({ people: 2, statements, first: 2 }), "1");
 * ```
 */
export const knightsAndKnaves = defineFamily<KnightsParams>({
  name: "knights_knaves",
  category: "logic",
  description: "Knights and knaves with a unique solution",
  answerKind: "integer",
  attributes: { people: attr("islanders", [3, 4, 5, 6, 7, 8], [3, 5]) },
  sample(rng, config) {
    const people = drawIn(rng, config.people!);
    const truth = Array.from({ length: people }, () => rng.chance(0.5));
    const statements: Statement[] = [];
    const kinds = Object.keys(NEGATION);
    for (let tries = 0; tries < 200; tries++) {
      const speaker = statements.length < people ? statements.length : rng.int(0, people - 1);
      const others = Array.from({ length: people }, (_, i) => i).filter((i) => i !== speaker);
      const [a, b] = rng.sample(others, 2);
      const s: Statement = { speaker, kind: rng.pick(kinds), a: a!, b: b ?? a! };
      if (holds(s, truth) !== truth[speaker]) s.kind = NEGATION[s.kind]!;
      statements.push(s);
      if (
        statements.length >= people &&
        solutions({ people, statements, first: people }).length === 1
      ) break;
    }
    return { people, statements, first: rng.int(1, people) };
  },
  difficulty: (p) => ({ people: p.people }),
  question: (p, s) =>
    `On an island, knights always tell the truth and knaves always lie. You meet ${
      NAMES.slice(0, p.people).join(", ")
    } (in that order).\n${p.statements.map(say).join("\n")}\nHow many knights are among the ` +
    `first ${s ?? p.first} of them (all of them, if that is more than ${p.people})?`,
  answer(p) {
    const [mask] = solutions(p);
    return String(knightsAmongFirst(mask!, p.people, p.first));
  },
  check(p, answer) {
    const all = solutions(p);
    if (all.length !== 1) return false;
    const t = Array.from({ length: p.people }, (_, i) => ((all[0]! >> i) & 1) === 1);
    const count = t.slice(0, Math.max(0, p.first)).filter(Boolean).length;
    return p.statements.every((s) => holds(s, t) === t[s.speaker]) &&
      parseIntAnswer(answer) === BigInt(count);
  },
  input: fieldInput("first", "how many islanders to count", 0n, 50n),
});

// ---------- Logic circuits ----------

type Gate = { op: string; a: number; b: number };
type CircuitParams = { inputs: number; gates: Gate[]; x: number };

function circuitValues(p: CircuitParams): number[] {
  const v = Array.from({ length: p.inputs }, (_, i) => Math.floor(p.x / 2 ** i) % 2);
  for (const g of p.gates) {
    const a = v[g.a]!, b = v[g.b]!;
    v.push(
      g.op === "AND"
        ? a & b
        : g.op === "OR"
        ? a | b
        : g.op === "XOR"
        ? a ^ b
        : g.op === "NAND"
        ? 1 - (a & b)
        : g.op === "NOR"
        ? 1 - (a | b)
        : 1 - a,
    );
  }
  return v;
}

const wire = (i: number, inputs: number) =>
  i < inputs ? String.fromCharCode(65 + i) : `g${i - inputs + 1}`;

/**
 * A logic circuit: its inputs are the binary digits of a number, gates (AND, OR, XOR, NAND,
 * NOR, NOT) combine inputs and earlier gates; how many gates output 1? Evaluated in order;
 * checked by recursive evaluation from each gate. Attributes: `inputs` (2–6), `gates` (2–12).
 * Chain input: the number whose bits are the inputs.
 *
 * @example
 * ```ts
 * import { circuitLogic } from "./logic_puzzles.ts";
 * import assert from "node:assert/strict";
 * const gates = [{ op: "AND", a: 0, b: 1 }, { op: "NOT", a: 2, b: 2 }];
 * assert.equal(circuitLogic.answer({ inputs: 2, gates, x: 3 }), "1");
 * ```
 */
export const circuitLogic = defineFamily<CircuitParams>({
  name: "circuit_logic",
  category: "logic",
  description: "Count the gates of a logic circuit that output 1",
  answerKind: "integer",
  attributes: {
    inputs: attr("input wires", [2, 3, 4, 5, 6], [2, 4]),
    gates: attr("gates", [2, 3, 4, 6, 8, 12], [2, 6]),
  },
  sample(rng, config) {
    const inputs = drawIn(rng, config.inputs!);
    const count = drawIn(rng, config.gates!);
    const gates = Array.from({ length: count }, (_, k) => {
      const op = rng.pick(["AND", "OR", "XOR", "NAND", "NOR", "NOT"]);
      return { op, a: rng.int(0, inputs + k - 1), b: rng.int(0, inputs + k - 1) };
    });
    return { inputs, gates, x: rng.int(0, 2 ** inputs - 1) };
  },
  difficulty: (p) => ({ inputs: p.inputs, gates: p.gates.length }),
  question: (p, s) =>
    `A circuit has inputs ${
      Array.from({ length: p.inputs }, (_, i) => wire(i, p.inputs)).join(", ")
    }, which are the binary digits of ${
      s ?? p.x
    }: A is its lowest bit (the ones place), B the next, and so on. Its gates are:\n${
      p.gates.map((g, k) =>
        `${wire(p.inputs + k, p.inputs)} = ${
          g.op === "NOT"
            ? `NOT ${wire(g.a, p.inputs)}`
            : `${wire(g.a, p.inputs)} ${g.op} ${wire(g.b, p.inputs)}`
        }`
      ).join("\n")
    }\nHow many of the gates output 1?`,
  answer: (p) => String(circuitValues(p).slice(p.inputs).filter((v) => v === 1).length),
  check(p, answer) {
    const memo = new Map<number, boolean>();
    const value = (i: number): boolean => {
      if (i < p.inputs) return ((BigInt(p.x) >> BigInt(i)) & 1n) === 1n;
      if (memo.has(i)) return memo.get(i)!;
      const g = p.gates[i - p.inputs]!;
      const a = value(g.a), b = value(g.b);
      const table: Record<string, boolean> = {
        AND: a && b,
        OR: a || b,
        XOR: a !== b,
        NAND: !(a && b),
        NOR: !(a || b),
        NOT: !a,
      };
      memo.set(i, table[g.op]!);
      return table[g.op]!;
    };
    const ones = p.gates.filter((_, k) => value(p.inputs + k)).length;
    return parseIntAnswer(answer) === BigInt(ones);
  },
  input: fieldInput("x", "the number whose bits are the inputs", 0n, 2n ** 40n),
});

// ---------- Seating puzzles ----------

type Clue = { kind: string; x: number; y: number };
type SeatingParams = { people: number; clues: Clue[]; ask: number };

function clueHolds(c: Clue, seat: readonly number[]): boolean {
  switch (c.kind) {
    case "in":
      return seat[c.x] === c.y;
    case "not_in":
      return seat[c.x] !== c.y;
    case "left_of":
      return seat[c.x]! + 1 === seat[c.y];
    case "before":
      return seat[c.x]! < seat[c.y]!;
    default:
      return Math.abs(seat[c.x]! - seat[c.y]!) === 1;
  }
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)])
  );
}

function seatings(p: SeatingParams): number[][] {
  return permutations(p.people).filter((seat) => p.clues.every((c) => clueHolds(c, seat)));
}

function clueText(c: Clue): string {
  const x = NAMES[c.x], y = NAMES[c.y];
  switch (c.kind) {
    case "in":
      return `${x} sits in seat ${c.y + 1}.`;
    case "not_in":
      return `${x} does not sit in seat ${c.y + 1}.`;
    case "left_of":
      return `${x} sits directly left of ${y}.`;
    case "before":
      return `${x} sits somewhere left of ${y}.`;
    default:
      return `${x} and ${y} sit next to each other.`;
  }
}

function randomClue(rng: Rng, people: number, seat: readonly number[]): Clue {
  for (;;) {
    const kind = rng.pick(["in", "not_in", "left_of", "before", "adjacent", "before"]);
    const x = rng.int(0, people - 1);
    const y = kind === "in" || kind === "not_in" ? rng.int(0, people - 1) : rng.int(0, people - 1);
    if (kind !== "in" && kind !== "not_in" && x === y) continue;
    const c = { kind, x, y };
    if (clueHolds(c, seat)) return c;
  }
}

/**
 * A seating puzzle: people sit in a row of numbered seats; from clues with exactly one
 * consistent seating, which seat does the k-th person (in the order listed, counting round
 * again past the last) take? Solved by search over permutations; checked by testing the
 * solution against every clue and confirming it is the only one. Attributes: `people` (3–6).
 * Chain input: k.
 *
 * @example
 * ```ts
 * import { seatingPuzzle } from "./logic_puzzles.ts";
 * import assert from "node:assert/strict";
 * const clues = [{ kind: "in", x: 0, y: 1 }, { kind: "left_of", x: 1, y: 0 }];
 * assert.equal(seatingPuzzle.answer({ people: 2, clues, ask: 2 }), "1");
 * ```
 */
export const seatingPuzzle = defineFamily<SeatingParams>({
  name: "seating_puzzle",
  category: "logic",
  description: "Seating arrangement with a unique solution",
  answerKind: "integer",
  attributes: { people: attr("people", [3, 4, 5, 6], [3, 5]) },
  sample(rng, config) {
    const people = drawIn(rng, config.people!);
    const seat = rng.shuffle(Array.from({ length: people }, (_, i) => i));
    const clues: Clue[] = [];
    let candidates = permutations(people);
    while (candidates.length > 1) {
      const clue = randomClue(rng, people, seat);
      clues.push(clue);
      candidates = candidates.filter((s) => clueHolds(clue, s));
    }
    return { people, clues, ask: rng.int(1, people) };
  },
  difficulty: (p) => ({ people: p.people }),
  question: (p, s) =>
    `${NAMES.slice(0, p.people).join(", ")} sit in a row of seats numbered 1 to ${p.people} ` +
    `from left to right.\n${p.clues.map(clueText).join("\n")}\nCounting the people in the ` +
    `order listed (and round again after ${NAMES[p.people - 1]}), in which seat does person ` +
    `number ${s ?? p.ask} sit?`,
  answer(p) {
    const [seat] = seatings(p);
    return String(seat![(((p.ask - 1) % p.people) + p.people) % p.people]! + 1);
  },
  check(p, answer) {
    const found = seatings(p);
    if (found.length !== 1) return false;
    const person = (((p.ask - 1) % p.people) + p.people) % p.people;
    return parseIntAnswer(answer) === BigInt(found[0]![person]! + 1);
  },
  input: fieldInput("ask", "which person is asked about", 1n, 1000n),
});
