/**
 * Abstraction and induction: ARC-style row and grid transformations learnt from examples,
 * list functions learnt from examples, and integer functions interpolated from samples.
 * @module
 */
import type { Rng } from "../../random/rng.ts";
import { attr, fieldInput } from "./_kit.ts";
import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";
import { parseIntegerTuple } from "./sort_numbers.ts";

// ---------- ARC 1D ----------

type Arc1dParams = {
  rule: string;
  k: number;
  length: number;
  examples: number[][];
  colour: number;
  start: number;
  block: number;
};

function blockRow(length: number, colour: number, start: number, block: number): number[] {
  return Array.from({ length }, (_, i) => (i >= start && i < start + block ? colour : 0));
}

function applyArc1d(rule: string, k: number, row: readonly number[]): number[] {
  const n = row.length;
  switch (rule) {
    case "shift":
      return row.map((_, i) => (i - k >= 0 ? row[i - k]! : 0));
    case "mirror":
      return row.map((_, i) => row[n - 1 - i]!);
    case "recolour":
      return row.map((v) => (v ? k : 0));
    default: { // "extend": every coloured cell also paints the next k cells
      const out = [...row];
      row.forEach((v, i) => {
        if (v) { for (let j = i + 1; j <= i + k && j < n; j++) out[j] ||= v; }
      });
      return out;
    }
  }
}

/** The same rules by index arithmetic, for the checker. */
function arc1dByIndex(rule: string, k: number, row: readonly number[]): number[] {
  const n = row.length;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (rule === "shift") out.push(row[i - k] ?? 0);
    else if (rule === "mirror") out.push(row[n - 1 - i]!);
    else if (rule === "recolour") out.push(row[i] === 0 ? 0 : k);
    else {
      let v = row[i]!;
      for (let j = i - 1; v === 0 && j >= Math.max(0, i - k); j--) v = row[j]!;
      out.push(v);
    }
  }
  return out;
}

function arc1dTest(p: Arc1dParams): number[] {
  return blockRow(Math.max(p.length, p.start + p.block), p.colour, p.start, p.block);
}

/**
 * ARC-style 1D transformation: infer the rule (shift, mirror, recolour or extend, each with a
 * parameter) from example rows and apply it to a test row with a block of `N` coloured cells.
 * The answer is the output row, digits separated by spaces. Attributes: `length`, `examples`.
 * Links use the digit sum of the output. Chain input: the test block's length N.
 *
 * @example
 * ```ts
 * import { arc1d } from "./arc_induction.ts";
 * import assert from "node:assert/strict";
 * const p = { rule: "shift", k: 1, length: 5, examples: [], colour: 3, start: 0, block: 2 };
 * assert.equal(arc1d.answer(p), "0 3 3 0 0");
 * ```
 */
export const arc1d = defineFamily<Arc1dParams>({
  name: "arc_1d",
  category: "arc",
  description: "Apply a 1D ARC rule learnt from examples",
  answerKind: "string",
  projection: "digit_sum",
  attributes: {
    length: attr("row length", [8, 10, 12, 16, 20], [8, 12]),
    examples: attr("example pairs", [2, 3, 4], [3, 3], [1, 4]),
  },
  sample(rng, config) {
    const rule = rng.pick(["shift", "mirror", "recolour", "extend"]);
    const length = drawIn(rng, config.length!);
    const k = rule === "recolour" ? rng.int(1, 9) : rng.int(1, 3);
    const examples = Array.from({ length: drawIn(rng, config.examples!) }, () => {
      const block = rng.int(1, 3);
      return blockRow(length, rng.int(1, 9), rng.int(0, length - block - 1), block);
    });
    return {
      rule,
      k,
      length,
      examples,
      colour: rng.int(1, 9),
      start: rng.int(0, length - 4),
      block: rng.int(1, 3),
    };
  },
  difficulty: (p) => ({ length: p.length, examples: p.examples.length }),
  question: (p, s) =>
    `Each example maps an input row to an output row by the same rule.\n${
      p.examples.map((row) => `${row.join(" ")} -> ${applyArc1d(p.rule, p.k, row).join(" ")}`)
        .join("\n")
    }\nThe test input is a row of ${
      Math.max(p.length, p.start + p.block)
    } cells (more if the block needs them, so that it ends at the last cell at the latest), ` +
    `all 0 except ${s ?? p.block} cells of colour ${p.colour} starting at cell ${
      p.start + 1
    }. Give the output row as digits separated by spaces.`,
  answer: (p) => applyArc1d(p.rule, p.k, arc1dTest(p)).join(" "),
  check: (p, a) =>
    a.trim().split(/\s+/).join(" ") === arc1dByIndex(p.rule, p.k, arc1dTest(p)).join(" "),
  input: fieldInput("block", "the test block's length", 0n, 30n),
});

// ---------- ARC grids ----------

type ArcGridParams = {
  rule: string;
  examples: number[][][];
  test: number[][];
  /** Chain value: when set, the test grid's top-left colour is this mod 10. */
  chain?: string;
};

function testGrid(p: ArcGridParams): number[][] {
  if (p.chain === undefined) return p.test;
  const colour = Number(((BigInt(p.chain) % 10n) + 10n) % 10n);
  return p.test.map((row, r) => row.map((x, c) => (r === 0 && c === 0 ? colour : x)));
}

function gridRule(rule: string, g: readonly number[][]): number[][] {
  const h = g.length, w = g[0]!.length;
  switch (rule) {
    case "rotate":
      return Array.from(
        { length: w },
        (_, r) => Array.from({ length: h }, (_, c) => g[h - 1 - c]![r]!),
      );
    case "flip_h":
      return g.map((row) => [...row].reverse());
    case "flip_v":
      return [...g].reverse().map((row) => [...row]);
    case "transpose":
      return Array.from({ length: w }, (_, r) => Array.from({ length: h }, (_, c) => g[c]![r]!));
    default: { // gravity: coloured cells fall to the bottom of their column
      const out = g.map((row) => row.map(() => 0));
      for (let c = 0; c < w; c++) {
        const col = g.map((row) => row[c]!).filter((v) => v !== 0);
        col.forEach((v, i) => (out[h - col.length + i]![c] = v));
      }
      return out;
    }
  }
}

const gridText = (g: readonly number[][]) => g.map((r) => r.join(" ")).join(" / ");

function randomGrid(rng: Rng, h: number, w: number): number[][] {
  return Array.from(
    { length: h },
    () => Array.from({ length: w }, () => (rng.chance(0.4) ? rng.int(1, 9) : 0)),
  );
}

/**
 * ARC-style grid transformation: infer the rule (rotate, flip, transpose, gravity) from example
 * grids and apply it to the test grid. Grids are written as rows of space-separated digits
 * joined by ` / `.
 * Links use the digit sum. Attributes: `size`, `examples`. Chain input: the colour (mod 10) of
 * the test grid's top-left cell.
 *
 * @example
 * ```ts
 * import { arcGrid } from "./arc_induction.ts";
 * import assert from "node:assert/strict";
 * assert.equal(arcGrid.answer({ rule: "flip_h", examples: [], test: [[1, 2], [3, 0]] }), "2 1 / 0 3");
 * ```
 */
export const arcGrid = defineFamily<ArcGridParams>({
  name: "arc_grid",
  category: "arc",
  description: "Apply a 2D ARC rule learnt from examples",
  answerKind: "string",
  projection: "digit_sum",
  attributes: {
    size: attr("grid side", [2, 3, 4, 5, 6], [3, 4]),
    examples: attr("example pairs", [1, 2, 3], [2, 2]),
  },
  sample(rng, config) {
    const rule = rng.pick(["rotate", "flip_h", "flip_v", "transpose", "gravity"]);
    const dims = () => [drawIn(rng, config.size!), drawIn(rng, config.size!)] as const;
    const examples = Array.from({ length: drawIn(rng, config.examples!) }, () => {
      const [h, w] = dims();
      return randomGrid(rng, h, w);
    });
    const [h, w] = dims();
    return { rule, examples, test: randomGrid(rng, h, w) };
  },
  difficulty: (p) => ({
    size: Math.max(p.test.length, p.test[0]!.length),
    examples: p.examples.length,
  }),
  question: (p, s) =>
    `Grids are written row by row, cells separated by spaces and rows by /. Each example maps ` +
    `an input grid to an ` +
    `output grid by the same rule.\n${
      p.examples.map((g) => `${gridText(g)} -> ${gridText(gridRule(p.rule, g))}`).join("\n")
    }\nTest input: ${
      s ? `x${gridText(testGrid(p)).slice(1)}, where x is ${s} mod 10` : gridText(testGrid(p))
    }\nWhat is the output grid?`,
  answer: (p) => gridText(gridRule(p.rule, testGrid(p))),
  check(p, answer) {
    // Independent route: map each output cell back to its source cell.
    const g = testGrid(p), h = g.length, w = g[0]!.length;
    const rows = answer.trim().split("/").map((r) => r.trim().split(/\s+/));
    const at = (r: number, c: number) => Number(rows[r]?.[c] ?? -1);
    const dims = p.rule === "rotate" || p.rule === "transpose" ? [w, h] : [h, w];
    if (rows.length !== dims[0] || rows.some((r) => r.length !== dims[1])) return false;
    for (let r = 0; r < dims[0]!; r++) {
      for (let c = 0; c < dims[1]!; c++) {
        let want: number;
        if (p.rule === "rotate") want = g[h - 1 - c]![r]!;
        else if (p.rule === "flip_h") want = g[r]![w - 1 - c]!;
        else if (p.rule === "flip_v") want = g[h - 1 - r]![c]!;
        else if (p.rule === "transpose") want = g[c]![r]!;
        else {
          const column = g.map((row) => row[c]!).filter((v) => v !== 0);
          const fromBottom = h - 1 - r;
          want = fromBottom < column.length ? column[column.length - 1 - fromBottom]! : 0;
        }
        if (at(r, c) !== want) return false;
      }
    }
    return true;
  },
  input: {
    describe: "the colour (mod 10) of the test grid's top-left cell",
    min: 0n,
    max: 10n ** 9n,
    get: (p) => (p.chain !== undefined ? BigInt(p.chain) : BigInt(p.test[0]![0]!)),
    set: (p, v) => ({ ...p, chain: v.toString() }),
  },
});

// ---------- List functions ----------

type ListParams = { rule: string; k: number; examples: number[][]; test: number[] };

function listRule(rule: string, k: number, xs: readonly number[]): number[] {
  switch (rule) {
    case "add":
      return xs.map((x) => x + k);
    case "times":
      return xs.map((x) => x * k);
    case "above":
      return xs.filter((x) => x > k);
    case "take":
      return xs.slice(0, k);
    case "reverse_add":
      return [...xs].reverse().map((x) => x + k);
    default: // "prefix_sum"
      return xs.map((_, i) => xs.slice(0, i + 1).reduce((a, b) => a + b, 0));
  }
}

/**
 * Induce a list function (add k, multiply by k, keep those above k, take the first k, reverse
 * and add k, running sums) from input→output examples and apply it to a test list; the answer
 * is a tuple. Links use the sum. Attributes: `examples`, `length`. Chain input: the first
 * element of the test list.
 *
 * @example
 * ```ts
 * import { listFunctions } from "./arc_induction.ts";
 * import assert from "node:assert/strict";
 * assert.equal(listFunctions.answer({ rule: "add", k: 2, examples: [], test: [1, 5] }), "(3, 7)");
 * ```
 */
export const listFunctions = defineFamily<ListParams>({
  name: "list_functions",
  category: "induction",
  description: "Induce a list function from examples",
  answerKind: "tuple",
  attributes: {
    examples: attr("example pairs", [2, 3, 4], [3, 3], [1, 4]),
    length: attr("list length", [3, 4, 5, 6, 8], [3, 5]),
  },
  sample(rng, config) {
    const rule = rng.pick(["add", "times", "above", "take", "reverse_add", "prefix_sum"]);
    const k = rule === "take" ? rng.int(1, 3) : rule === "times" ? rng.int(2, 4) : rng.int(1, 9);
    const list = () => Array.from({ length: drawIn(rng, config.length!) }, () => rng.int(0, 20));
    return {
      rule,
      k,
      examples: Array.from({ length: drawIn(rng, config.examples!) }, list),
      test: list(),
    };
  },
  difficulty: (p) => ({ examples: p.examples.length, length: p.test.length }),
  question: (p, s) =>
    `Each example applies the same function to a list.\n${
      p.examples.map((xs) => `[${xs.join(", ")}] -> [${listRule(p.rule, p.k, xs).join(", ")}]`)
        .join("\n")
    }\nWhat does it give for [${
      p.test.map((x, i) => (i === 0 && s ? s : String(x))).join(", ")
    }]? Answer as a tuple like (1, 2, 3).`,
  answer: (p) => `(${listRule(p.rule, p.k, p.test).join(", ")})`,
  check(p, answer) {
    const items = parseIntegerTuple(answer);
    if (!items) return false;
    let want: number[] = [];
    let run = 0;
    p.test.forEach((x, i) => {
      run += x;
      if (p.rule === "add") want.push(x + p.k);
      else if (p.rule === "times") want.push(x * p.k);
      else if (p.rule === "above" && x > p.k) want.push(x);
      else if (p.rule === "take" && i < p.k) want.push(x);
      else if (p.rule === "reverse_add") want.unshift(x + p.k);
      else if (p.rule === "prefix_sum") want.push(run);
    });
    if (p.rule === "take") want = want.slice(0, p.k);
    return items.length === want.length && items.every((v, i) => v === BigInt(want[i]!));
  },
  input: {
    describe: "the first element of the test list",
    min: -(10n ** 6n),
    max: 10n ** 6n,
    get: (p) => BigInt(p.test[0]!),
    set: (p, v) => ({ ...p, test: [Number(v), ...p.test.slice(1)] }),
  },
});

// ---------- Function induction ----------

type FunctionParams = { coefficients: number[]; points: number[]; x: number };

const evalPoly = (cs: readonly number[], x: bigint) =>
  cs.reduceRight((acc, c) => acc * x + BigInt(c), 0n);

/**
 * Induce a polynomial function (degree 1–3) from sample values and evaluate it at a new
 * point. Evaluated from the coefficients; checked by Lagrange interpolation through the shown
 * samples only. Attributes: `degree`. Chain input: the new point x.
 *
 * @example
 * ```ts
 * import { functionInduction } from "./arc_induction.ts";
 * import assert from "node:assert/strict";
 * assert.equal(functionInduction.answer({ coefficients: [1, 2], points: [0, 1], x: 5 }), "11");
 * ```
 */
export const functionInduction = defineFamily<FunctionParams>({
  name: "function_induction",
  category: "induction",
  description: "Induce a polynomial from samples and evaluate it",
  answerKind: "integer",
  attributes: { degree: attr("polynomial degree", [1, 2, 3], [1, 2]) },
  sample(rng, config) {
    const degree = drawIn(rng, config.degree!);
    const coefficients = Array.from(
      { length: degree + 1 },
      (_, i) => i === degree ? rng.pick([-3, -2, -1, 1, 2, 3]) : rng.int(-9, 9),
    );
    const points = rng.sample(Array.from({ length: 11 }, (_, i) => i - 5), degree + 1)
      .sort((a, b) => a - b);
    return { coefficients, points, x: rng.int(6, 20) };
  },
  difficulty: (p) => ({ degree: p.coefficients.length - 1 }),
  question: (p, s) =>
    `A polynomial f of degree ${p.coefficients.length - 1} with integer coefficients has ${
      p.points.map((x) => `f(${x}) = ${evalPoly(p.coefficients, BigInt(x))}`).join(", ")
    }. What is f(${s ?? p.x})?`,
  answer: (p) => String(evalPoly(p.coefficients, BigInt(p.x))),
  check(p, answer) {
    const xs = p.points.map(BigInt), ys = xs.map((x) => evalPoly(p.coefficients, x));
    const x = BigInt(p.x);
    let num = 0n, den = 1n;
    xs.forEach((xi, i) => {
      let n = ys[i]!, d = 1n;
      xs.forEach((xj, j) => {
        if (j !== i) [n, d] = [n * (x - xj), d * (xi - xj)];
      });
      [num, den] = [num * d + n * den, den * d];
    });
    return den !== 0n && num % den === 0n && parseIntAnswer(answer) === num / den;
  },
  input: fieldInput("x", "the point to evaluate at", -(10n ** 6n), 10n ** 6n),
});
