/**
 * Cognition tasks: sequence continuation, finding needles in a haystack, counting squares in
 * a figure, counting marks on a modular grid.
 * @module
 */
import { attr, fieldInput } from "./_kit.ts";
import { defineFamily, drawIn, type Family, parseIntAnswer } from "./family.ts";

// ---------- Number sequences ----------

type SequenceParams = {
  rule: string;
  a: number;
  b: number;
  c: number;
  shown: number;
  term: number;
};

function term(p: SequenceParams, k: number): bigint {
  const a = BigInt(p.a), b = BigInt(p.b), c = BigInt(p.c), n = BigInt(k - 1);
  switch (p.rule) {
    case "arithmetic":
      return a + n * b;
    case "geometric":
      return a * b ** n;
    case "quadratic":
      return a + b * n + c * n * n;
    default: {
      let [x, y] = [a, b];
      for (let i = 0; i < k - 1; i++) [x, y] = [y, x + y];
      return x;
    }
  }
}

/**
 * Continue an integer sequence (arithmetic, geometric, quadratic or Fibonacci-like) from its
 * first terms: what is term number k? Computed from the closed form; checked by stepping the
 * recurrence. Attributes: `shown` (terms shown). Chain input: k.
 *
 * @example
 * ```ts
 * import { numberSequence } from "./cognition.ts";
 * import assert from "node:assert/strict";
 * assert.equal(numberSequence.answer({ rule: "fibonacci", a: 1, b: 1, c: 0, shown: 5, term: 7 }), "13");
 * ```
 */
export const numberSequence = defineFamily<SequenceParams>({
  name: "number_sequence",
  category: "cognition",
  description: "A later term of an integer sequence",
  answerKind: "integer",
  attributes: { shown: attr("terms shown", [4, 5, 6, 8], [5, 6], [3, 12]) },
  sample(rng, config) {
    const rule = rng.pick(["arithmetic", "geometric", "quadratic", "fibonacci"]);
    const shown = drawIn(rng, config.shown!);
    const a = rng.int(-20, 20) || 1;
    const b = rule === "geometric" ? rng.pick([-3, -2, 2, 3]) : rng.int(-9, 9) || 2;
    const c = rule === "quadratic" ? rng.int(1, 5) : 0;
    return { rule, a, b, c, shown, term: shown + rng.int(1, 5) };
  },
  difficulty: (p) => ({ shown: p.shown }),
  question: (p, s) =>
    `A sequence begins ${
      Array.from({ length: p.shown }, (_, k) => String(term(p, k + 1))).join(", ")
    }, … and continues by the same simple rule (constant difference, constant ratio, constant ` +
    `second difference, or each term the sum of the two before). Counting the first term as ` +
    `term 1, what is term ${s ?? p.term}?`,
  answer: (p) => String(term(p, p.term)),
  check(p, answer) {
    const t = [BigInt(p.a), p.rule === "fibonacci" ? BigInt(p.b) : term(p, 2)];
    for (let k = 2; k < p.term; k++) {
      const [x, y] = [t[k - 2]!, t[k - 1]!];
      t.push(
        p.rule === "arithmetic"
          ? 2n * y - x
          : p.rule === "geometric"
          ? y * BigInt(p.b)
          : p.rule === "quadratic"
          ? 2n * y - x + 2n * BigInt(p.c)
          : x + y,
      );
    }
    return parseIntAnswer(answer) === t[p.term - 1];
  },
  input: fieldInput("term", "the term asked for", 1n, 80n),
});

// ---------- Needle in a haystack ----------

type HaystackParams = { names: string[]; values: number[]; ask: number[] };

const SYLLABLES = ["ka", "lo", "mi", "ren", "to", "sa", "vi", "dor", "ne", "bu", "fa", "gil"];

/**
 * Find the needles: a long list of codenames with numbers; what is the sum of the numbers of
 * the named entries? Summed from the params; checked by reading the rendered list back.
 * Attributes: `entries` (haystack size), `needles`. Chain input: the first needle's number.
 *
 * @example
 * ```ts
 * import { needleHaystack } from "./cognition.ts";
 * import assert from "node:assert/strict";
 * assert.equal(needleHaystack.answer({ names: ["ka", "lo"], values: [3, 4], ask: [1] }), "4");
 * ```
 */
export const needleHaystack: Family<HaystackParams> = defineFamily<HaystackParams>({
  name: "needle_haystack",
  category: "cognition",
  description: "Sum the numbers of named entries in a long list",
  answerKind: "integer",
  attributes: {
    entries: attr("entries in the list", [10, 20, 50, 100, 200], [10, 50]),
    needles: attr("entries to find", [1, 2, 3, 4], [1, 2]),
  },
  sample(rng, config) {
    const n = drawIn(rng, config.entries!);
    const names = new Set<string>();
    while (names.size < n) {
      names.add(Array.from({ length: 3 }, () => rng.pick(SYLLABLES)).join(""));
    }
    const list = [...names];
    return {
      names: list,
      values: list.map(() => rng.int(1, 999)),
      ask: rng.sample(list.map((_, i) => i), Math.min(n, drawIn(rng, config.needles!))),
    };
  },
  difficulty: (p) => ({ entries: p.names.length, needles: p.ask.length }),
  question: (p, s) =>
    `Each codename below has a number.\n${
      p.names.map((n, i) => `${n}: ${i === p.ask[0] && s ? s : p.values[i]}`).join("\n")
    }\nWhat is the sum of the numbers of ${p.ask.map((i) => p.names[i]).join(", ")}?`,
  answer: (p) => String(p.ask.reduce((t, i) => t + p.values[i]!, 0)),
  check(p, answer) {
    const text = needleHaystack.question(p);
    const lookup = new Map(
      [...text.matchAll(/^([a-z]+): (-?\d+)$/gm)].map((m) => [m[1]!, BigInt(m[2]!)]),
    );
    const total = p.ask.reduce((t, i) => t + (lookup.get(p.names[i]!) ?? 0n), 0n);
    return parseIntAnswer(answer) === total;
  },
  input: {
    describe: "the first needle's number",
    min: -(10n ** 9n),
    max: 10n ** 9n,
    get: (p) => BigInt(p.values[p.ask[0]!]!),
    set: (p, v) => ({ ...p, values: p.values.map((x, i) => (i === p.ask[0] ? Number(v) : x)) }),
  },
});

// ---------- Squares in a figure ----------

type SquaresParams = { rows: number; cols: number; holes: number[][] };

function present(p: SquaresParams): (r: number, c: number) => boolean {
  const holes = new Set(p.holes.map(([r, c]) => `${r},${c}`));
  return (r, c) => r >= 0 && c >= 0 && r < p.rows && c < p.cols && !holes.has(`${r},${c}`);
}

/**
 * Count the squares (of every size) made entirely of present unit cells in a grid with holes.
 * Counted by brute force over positions and sizes; checked by the largest-square dynamic
 * programme (the sum of its table counts every square). Attributes: `size`, `holes`. Chain
 * input: the number of columns (holes outside the grid are ignored).
 *
 * @example
 * ```ts
 * import { squareCount } from "./cognition.ts";
 * import assert from "node:assert/strict";
 * assert.equal(squareCount.answer({ rows: 2, cols: 2, holes: [] }), "5");
 * ```
 */
export const squareCount = defineFamily<SquaresParams>({
  name: "square_count",
  category: "cognition",
  description: "Count squares in a grid figure with holes",
  answerKind: "integer",
  attributes: {
    size: attr("grid side", [2, 3, 4, 6, 8, 10], [3, 6]),
    holes: attr("missing cells", [0, 1, 2, 4, 8], [0, 4]),
  },
  sample(rng, config) {
    const rows = drawIn(rng, config.size!), cols = drawIn(rng, config.size!);
    const holes = Array.from(
      { length: drawIn(rng, config.holes!) },
      () => [rng.int(0, rows - 1), rng.int(0, cols - 1)],
    );
    return { rows, cols, holes };
  },
  difficulty: (p) => ({ size: Math.max(p.rows, p.cols), holes: p.holes.length }),
  question: (p, s) =>
    `A figure is a grid of unit cells, ${p.rows} rows by ${s ?? p.cols} columns` +
    (p.holes.length
      ? `, with the cells ${
        p.holes.map(([r, c]) => `(row ${r! + 1}, column ${c! + 1})`).join(", ")
      } cut out (ignore any outside the grid)`
      : "") +
    `. How many squares of any size can be traced in it using only cells that are present?`,
  answer(p) {
    const on = present(p);
    let count = 0;
    for (let size = 1; size <= Math.min(p.rows, p.cols); size++) {
      for (let r = 0; r + size <= p.rows; r++) {
        for (let c = 0; c + size <= p.cols; c++) {
          let full = true;
          for (let i = 0; i < size && full; i++) {
            for (let j = 0; j < size && full; j++) full = on(r + i, c + j);
          }
          if (full) count++;
        }
      }
    }
    return String(count);
  },
  check(p, answer) {
    const on = present(p);
    const dp: number[][] = [];
    let total = 0;
    for (let r = 0; r < p.rows; r++) {
      dp.push([]);
      for (let c = 0; c < p.cols; c++) {
        const v = on(r, c)
          ? 1 + Math.min(dp[r - 1]?.[c] ?? 0, dp[r]![c - 1] ?? 0, dp[r - 1]?.[c - 1] ?? 0)
          : 0;
        dp[r]!.push(v);
        total += v;
      }
    }
    return parseIntAnswer(answer) === BigInt(total);
  },
  input: fieldInput("cols", "the number of columns", 1n, 40n),
});

// ---------- Modular grid ----------

type ModGridParams = { rows: number; cols: number; a: number; b: number; m: number; t: number };

/**
 * A modular pattern: in an R×C grid, cell (r, c) is marked when (a·r + b·c) mod m = t; how
 * many cells are marked? Counted cell by cell; checked by counting per row in arithmetic
 * progressions. Attributes: `size`, `modulus`. Chain input: a.
 *
 * @example
 * ```ts
 * import { moduloGrid } from "./cognition.ts";
 * import assert from "node:assert/strict";
 * assert.equal(moduloGrid.answer({ rows: 2, cols: 2, a: 1, b: 1, m: 2, t: 0 }), "2");
 * ```
 */
export const moduloGrid = defineFamily<ModGridParams>({
  name: "modulo_grid",
  category: "cognition",
  description: "Count marks of a modular grid pattern",
  answerKind: "integer",
  attributes: {
    size: attr("grid side", [4, 8, 12, 20, 40], [4, 12]),
    modulus: attr("modulus", [2, 3, 5, 7, 11], [2, 5]),
  },
  sample(rng, config) {
    const m = drawIn(rng, config.modulus!);
    return {
      rows: drawIn(rng, config.size!),
      cols: drawIn(rng, config.size!),
      a: rng.int(1, 9),
      b: rng.int(1, 9),
      m,
      t: rng.int(0, m - 1),
    };
  },
  difficulty: (p) => ({ size: Math.max(p.rows, p.cols), modulus: p.m }),
  question: (p, s) =>
    `Rows are numbered 1 to ${p.rows} and columns 1 to ${p.cols}. Cell (r, c) is marked when ` +
    `(${s ?? p.a}·r + ${p.b}·c) leaves remainder ${p.t} on division by ${p.m}. How many cells ` +
    `are marked?`,
  answer(p) {
    let n = 0;
    for (let r = 1; r <= p.rows; r++) {
      for (let c = 1; c <= p.cols; c++) {
        if (((((p.a * r + p.b * c) % p.m) + p.m) % p.m) === p.t) n++;
      }
    }
    return String(n);
  },
  check(p, answer) {
    let total = 0n;
    const m = BigInt(p.m);
    for (let r = 1n; r <= BigInt(p.rows); r++) {
      // columns c with b·c ≡ t − a·r (mod m): count by scanning one period of c
      const want = (((BigInt(p.t) - BigInt(p.a) * r) % m) + m) % m;
      for (let c0 = 1n; c0 <= m; c0++) {
        if ((BigInt(p.b) * c0) % m === want && c0 <= BigInt(p.cols)) {
          total += (BigInt(p.cols) - c0) / m + 1n;
        }
      }
    }
    return parseIntAnswer(answer) === total;
  },
  input: fieldInput("a", "the row coefficient", -(10n ** 6n), 10n ** 6n),
});
