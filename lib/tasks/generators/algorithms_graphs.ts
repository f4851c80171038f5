/**
 * Algorithmic tasks (prime counting, Game of Life, spiral traversal, water jugs) and graph
 * tasks (islands, proper colourings, critical paths).
 * @module
 */
import { attr, bfs, fieldInput, relaxDistances } from "./_kit.ts";
import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";
import { nodeName } from "./_graph.ts";

// ---------- Counting primes ----------

type PrimesParams = { lo: number; hi: number };

/**
 * How many primes lie in [a, b]? Sieve of Eratosthenes; checked by trial division.
 * Attributes: `size` (upper bound). Chain input: b.
 *
 * @example
 * ```ts
 * import { countPrimes } from "./algorithms_graphs.ts";
 * import assert from "node:assert/strict";
 * assert.equal(countPrimes.answer({ lo: 1, hi: 20 }), "8");
 * ```
 */
export const countPrimes = defineFamily<PrimesParams>({
  name: "count_primes",
  category: "algorithmic",
  description: "Count the primes in a range",
  answerKind: "integer",
  attributes: { size: attr("upper end", [50, 100, 500, 2000, 10000], [50, 500]) },
  sample(rng, config) {
    const hi = drawIn(rng, config.size!);
    return { lo: rng.int(1, Math.floor(hi / 2)), hi };
  },
  difficulty: (p) => ({ size: Math.max(50, p.hi) }),
  question: (p, s) => `How many prime numbers n satisfy ${p.lo} ≤ n ≤ ${s ?? p.hi}?`,
  answer(p) {
    if (p.hi < 2) return "0";
    const composite = new Uint8Array(p.hi + 1);
    let n = 0;
    for (let i = 2; i <= p.hi; i++) {
      if (composite[i]) continue;
      if (i >= p.lo) n++;
      for (let j = i * i; j <= p.hi; j += i) composite[j] = 1;
    }
    return String(n);
  },
  check(p, answer) {
    let n = 0;
    for (let v = Math.max(2, p.lo); v <= p.hi; v++) {
      let prime = true;
      for (let d = 2; d * d <= v && prime; d++) prime = v % d !== 0;
      if (prime) n++;
    }
    return parseIntAnswer(answer) === BigInt(n);
  },
  input: fieldInput("hi", "the upper end", 0n, 200_000n),
});

// ---------- Game of Life ----------

type LifeParams = { rows: number; cols: number; live: number[]; generations: number };

/**
 * Conway's Game of Life on a bounded grid (cells outside are dead): how many cells are alive
 * after k generations? Simulated on a dense grid; checked on a sparse set of live cells.
 * Attributes: `size`, `density`. Chain input: k.
 *
 * @example
 * ```ts
 * import { gameOfLife } from "./algorithms_graphs.ts";
 * import assert from "node:assert/strict";
 * assert.equal(gameOfLife.answer({ rows: 3, cols: 3, live: [3, 4, 5], generations: 1 }), "3");
 * ```
 */
export const gameOfLife = defineFamily<LifeParams>({
  name: "game_of_life",
  category: "algorithmic",
  description: "Live cells after k Game of Life generations",
  answerKind: "integer",
  attributes: {
    size: attr("grid side", [4, 5, 6, 8, 10], [4, 6]),
    density: attr("initial density, percent", [20, 30, 40, 50], [20, 40]),
  },
  sample(rng, config) {
    const rows = drawIn(rng, config.size!), cols = drawIn(rng, config.size!);
    const d = drawIn(rng, config.density!);
    const live = Array.from({ length: rows * cols }, (_, i) => i).filter(() =>
      rng.int(1, 100) <= d
    );
    return { rows, cols, live, generations: rng.int(1, 5) };
  },
  difficulty: (p) => ({
    size: Math.max(p.rows, p.cols),
    density: Math.round((100 * p.live.length) / (p.rows * p.cols)),
  }),
  question: (p, s) => {
    const on = new Set(p.live);
    const grid = Array.from(
      { length: p.rows },
      (_, r) =>
        Array.from({ length: p.cols }, (_, c) => (on.has(r * p.cols + c) ? "#" : ".")).join(""),
    ).join("\n");
    return `In Conway's Game of Life on this ${p.rows}×${p.cols} grid (# alive, . dead; cells ` +
      `beyond the edge are always dead), a live cell survives with 2 or 3 live neighbours and a ` +
      `dead cell comes alive with exactly 3.\n${grid}\nHow many cells are alive after ${
        s ?? p.generations
      } generations?`;
  },
  answer(p) {
    let g = Array.from({ length: p.rows * p.cols }, () => 0);
    for (const i of p.live) g[i] = 1;
    for (let t = 0; t < p.generations; t++) {
      g = g.map((v, i) => {
        const r = Math.floor(i / p.cols), c = i % p.cols;
        let n = 0;
        for (let dr = -1; dr <= 1; dr++) {
          for (let dc = -1; dc <= 1; dc++) {
            const rr = r + dr, cc = c + dc;
            if ((dr || dc) && rr >= 0 && rr < p.rows && cc >= 0 && cc < p.cols) {
              n += g[rr * p.cols + cc]!;
            }
          }
        }
        return n === 3 || (v && n === 2) ? 1 : 0;
      });
    }
    return String(g.reduce((a, b) => a + b, 0));
  },
  check(p, answer) {
    let live = new Set(p.live.map((i) => `${Math.floor(i / p.cols)},${i % p.cols}`));
    for (let t = 0; t < p.generations; t++) {
      const counts = new Map<string, number>();
      for (const key of live) {
        const [r, c] = key.split(",").map(Number) as [number, number];
        for (let dr = -1; dr <= 1; dr++) {
          for (let dc = -1; dc <= 1; dc++) {
            const rr = r + dr, cc = c + dc;
            if (!(dr || dc) || rr < 0 || rr >= p.rows || cc < 0 || cc >= p.cols) continue;
            counts.set(`${rr},${cc}`, (counts.get(`${rr},${cc}`) ?? 0) + 1);
          }
        }
      }
      live = new Set(
        [...counts].filter(([k, n]) => n === 3 || (n === 2 && live.has(k))).map(([k]) => k),
      );
      if (live.size === 0) break;
    }
    return parseIntAnswer(answer) === BigInt(live.size);
  },
  input: fieldInput("generations", "the number of generations", 0n, 200n),
});

// ---------- Spiral matrix ----------

type SpiralParams = { rows: number; cols: number; values: number[]; k: number };

/**
 * Read a matrix in clockwise spiral order from the top-left: what is the k-th number read
 * (counting round again past the end)? Walked by shrinking bounds; checked by a turtle that
 * turns right at walls and visited cells. Attributes: `size`. Chain input: k.
 *
 * @example
 * ```ts
 * import { spiralMatrix } from "./algorithms_graphs.ts";
 * import assert from "node:assert/strict";
 * assert.equal(spiralMatrix.answer({ rows: 2, cols: 2, values: [1, 2, 3, 4], k: 3 }), "4");
 * ```
 */
export const spiralMatrix = defineFamily<SpiralParams>({
  name: "spiral_matrix",
  category: "algorithmic",
  description: "The k-th element in spiral order",
  answerKind: "integer",
  attributes: { size: attr("matrix side", [2, 3, 4, 5, 6, 8], [3, 5]) },
  sample(rng, config) {
    const rows = drawIn(rng, config.size!), cols = drawIn(rng, config.size!);
    return {
      rows,
      cols,
      values: Array.from({ length: rows * cols }, () => rng.int(0, 99)),
      k: rng.int(1, rows * cols),
    };
  },
  difficulty: (p) => ({ size: Math.max(p.rows, p.cols) }),
  question: (p, s) =>
    `Read this matrix in clockwise spiral order, starting at the top-left and going right:\n${
      Array.from(
        { length: p.rows },
        (_, r) => p.values.slice(r * p.cols, (r + 1) * p.cols).join(" "),
      )
        .join("\n")
    }\nWhat is the ${s ?? p.k}-th number read? (If that is past the end, keep counting from ` +
    `the start of the spiral again.)`,
  answer(p) {
    const order: number[] = [];
    let [top, bottom, left, right] = [0, p.rows - 1, 0, p.cols - 1];
    while (top <= bottom && left <= right) {
      for (let c = left; c <= right; c++) order.push(p.values[top * p.cols + c]!);
      for (let r = top + 1; r <= bottom; r++) order.push(p.values[r * p.cols + right]!);
      if (top < bottom) {
        for (let c = right - 1; c >= left; c--) order.push(p.values[bottom * p.cols + c]!);
      }
      if (left < right) {
        for (let r = bottom - 1; r > top; r--) order.push(p.values[r * p.cols + left]!);
      }
      [top, bottom, left, right] = [top + 1, bottom - 1, left + 1, right - 1];
    }
    return String(order[(((p.k - 1) % order.length) + order.length) % order.length]!);
  },
  check(p, answer) {
    const seen = new Set<number>();
    const order: number[] = [];
    let [r, c, dr, dc] = [0, 0, 0, 1];
    for (let i = 0; i < p.rows * p.cols; i++) {
      order.push(p.values[r * p.cols + c]!);
      seen.add(r * p.cols + c);
      const nr = r + dr, nc = c + dc;
      if (nr < 0 || nr >= p.rows || nc < 0 || nc >= p.cols || seen.has(nr * p.cols + nc)) {
        [dr, dc] = [dc, -dr];
      }
      [r, c] = [r + dr, c + dc];
    }
    const n = order.length;
    return parseIntAnswer(answer) === BigInt(order[(((p.k - 1) % n) + n) % n]!);
  },
  input: fieldInput("k", "the position in spiral order", 1n, 10_000n),
});

// ---------- Water jugs ----------

type JugsParams = { a: number; b: number; target: number };

function jugNeighbours(p: JugsParams) {
  return (s: number) => {
    const x = Math.floor(s / (p.b + 1)), y = s % (p.b + 1);
    const pour1 = Math.min(x, p.b - y), pour2 = Math.min(y, p.a - x);
    return [[p.a, y], [x, p.b], [0, y], [x, 0], [x - pour1, y + pour1], [x + pour2, y - pour2]]
      .map(([u, v]) => u! * (p.b + 1) + v!);
  };
}

function jugSteps(dist: readonly number[], p: JugsParams): number {
  let best = -1;
  dist.forEach((d, s) => {
    const x = Math.floor(s / (p.b + 1)), y = s % (p.b + 1);
    if (d >= 0 && (x === p.target || y === p.target) && (best < 0 || d < best)) best = d;
  });
  return best;
}

/**
 * Water jugs: with jugs of a and b litres (fill, empty, pour one into the other), what is the
 * fewest steps until one jug holds exactly t litres (−1 if never)? Breadth-first search over
 * states; checked by relaxation. Attributes: `capacity`. Chain input: t.
 *
 * @example
 * ```ts
 * import { waterJugs } from "./algorithms_graphs.ts";
 * import assert from "node:assert/strict";
 * assert.equal(waterJugs.answer({ a: 3, b: 5, target: 4 }), "6");
 * ```
 */
export const waterJugs = defineFamily<JugsParams>({
  name: "water_jugs",
  category: "algorithmic",
  description: "Fewest steps in the water-jug puzzle",
  answerKind: "integer",
  attributes: { capacity: attr("largest jug", [5, 8, 12, 20, 40], [5, 12]) },
  sample(rng, config) {
    const b = drawIn(rng, config.capacity!), a = rng.int(2, b);
    return { a, b, target: rng.int(1, b) };
  },
  difficulty: (p) => ({ capacity: Math.max(5, p.b) }),
  question: (p, s) =>
    `You have an empty ${p.a}-litre jug and an empty ${p.b}-litre jug. Each step fills a jug, ` +
    `empties a jug, or pours one into the other until it is empty or the other is full. What is ` +
    `the fewest number of steps until one jug holds exactly ${s ?? p.target} litres? Answer -1 ` +
    `if it is impossible.`,
  answer: (p) =>
    String(p.target === 0 ? 0 : jugSteps(bfs((p.a + 1) * (p.b + 1), 0, jugNeighbours(p)), p)),
  check: (p, a) =>
    parseIntAnswer(a) ===
      BigInt(
        p.target === 0
          ? 0
          : jugSteps(relaxDistances((p.a + 1) * (p.b + 1), 0, jugNeighbours(p)), p),
      ),
  input: fieldInput("target", "the amount wanted", 0n, 100n),
});

// ---------- Islands ----------

type IslandParams = { rows: number; cols: number; land: number[]; min: number };

/**
 * Islands on a grid map (4-connected land): how many islands have at least k cells? Flood
 * fill by depth-first search; checked with union–find. Attributes: `size`, `land` (percent).
 * Chain input: k.
 *
 * @example
 * ```ts
 * import { islands } from "./algorithms_graphs.ts";
 * import assert from "node:assert/strict";
 * assert.equal(islands.answer({ rows: 2, cols: 3, land: [0, 1, 5], min: 2 }), "1");
 * ```
 */
export const islands = defineFamily<IslandParams>({
  name: "islands",
  category: "graphs",
  description: "Count islands of at least k cells",
  answerKind: "integer",
  attributes: {
    size: attr("map side", [4, 6, 8, 10, 14], [4, 8]),
    land: attr("land, percent", [20, 30, 40, 50, 60], [30, 50]),
  },
  sample(rng, config) {
    const rows = drawIn(rng, config.size!), cols = drawIn(rng, config.size!);
    const d = drawIn(rng, config.land!);
    return {
      rows,
      cols,
      land: Array.from({ length: rows * cols }, (_, i) => i).filter(() => rng.int(1, 100) <= d),
      min: rng.int(1, 4),
    };
  },
  difficulty: (p) => ({
    size: Math.max(p.rows, p.cols),
    land: Math.round((100 * p.land.length) / (p.rows * p.cols)),
  }),
  question: (p, s) => {
    const on = new Set(p.land);
    const map = Array.from(
      { length: p.rows },
      (_, r) =>
        Array.from({ length: p.cols }, (_, c) => (on.has(r * p.cols + c) ? "1" : "0")).join(""),
    ).join("\n");
    return `On this map, 1 is land and 0 is water; land cells sharing an edge belong to the same ` +
      `island.\n${map}\nHow many islands have at least ${s ?? p.min} cells?`;
  },
  answer(p) {
    const on = new Set(p.land), seen = new Set<number>();
    let count = 0;
    for (const start of p.land) {
      if (seen.has(start)) continue;
      let size = 0;
      const stack = [start];
      seen.add(start);
      while (stack.length) {
        const u = stack.pop()!;
        size++;
        const r = Math.floor(u / p.cols), c = u % p.cols;
        for (const [rr, cc] of [[r + 1, c], [r - 1, c], [r, c + 1], [r, c - 1]]) {
          const v = rr! * p.cols + cc!;
          if (rr! >= 0 && rr! < p.rows && cc! >= 0 && cc! < p.cols && on.has(v) && !seen.has(v)) {
            seen.add(v);
            stack.push(v);
          }
        }
      }
      if (size >= p.min) count++;
    }
    return String(count);
  },
  check(p, answer) {
    const parent = new Map(p.land.map((i) => [i, i]));
    const find = (x: number): number => (parent.get(x) === x ? x : find(parent.get(x)!));
    for (const i of p.land) {
      for (const j of [i + 1, i + p.cols]) {
        if (parent.has(j) && (j !== i + 1 || j % p.cols !== 0)) parent.set(find(i), find(j));
      }
    }
    const sizes = new Map<number, number>();
    for (const i of p.land) sizes.set(find(i), (sizes.get(find(i)) ?? 0) + 1);
    return parseIntAnswer(answer) === BigInt([...sizes.values()].filter((s) => s >= p.min).length);
  },
  input: fieldInput("min", "the smallest island size counted", 0n, 500n),
});

// ---------- Graph colourings ----------

type ColouringParams = { nodes: number; edges: number[][]; colours: number };

function chromatic(nodes: number, edges: readonly number[][], k: bigint): bigint {
  // Deletion–contraction: P(G) = P(G − e) − P(G / e).
  if (edges.length === 0) return k ** BigInt(nodes);
  const [first, ...rest] = edges;
  const [a, b] = first as [number, number];
  const contracted = new Map<string, number[]>();
  for (const [u, v] of rest) {
    const [x, y] = [u === b ? a : u, v === b ? a : v].map((w) => (w! > b! ? w! - 1 : w!));
    if (x === y) continue;
    contracted.set(x! < y! ? `${x},${y}` : `${y},${x}`, [x!, y!]);
  }
  return chromatic(nodes, rest, k) - chromatic(nodes - 1, [...contracted.values()], k);
}

/**
 * In how many ways can the nodes of a small graph be coloured with k colours so that no edge
 * joins two nodes of the same colour? Backtracking (for up to 5 colours; beyond, the chromatic
 * polynomial); checked by evaluating the chromatic polynomial by deletion–contraction. Attributes: `nodes`, `density`. Chain input: k.
 *
 * @example
 * ```ts
 * import { graphColourings } from "./algorithms_graphs.ts";
 * import assert from "node:assert/strict";
 * assert.equal(graphColourings.answer({ nodes: 3, edges: [[0, 1], [1, 2], [0, 2]], colours: 3 }), "6");
 * ```
 */
export const graphColourings = defineFamily<ColouringParams>({
  name: "graph_colourings",
  category: "graphs",
  description: "Count proper colourings of a graph",
  answerKind: "integer",
  attributes: {
    nodes: attr("nodes", [3, 4, 5, 6, 7], [3, 5]),
    density: attr("edge probability, percent", [30, 50, 70], [30, 50]),
  },
  sample(rng, config) {
    const nodes = drawIn(rng, config.nodes!), d = drawIn(rng, config.density!);
    const edges: number[][] = [];
    for (let a = 0; a < nodes; a++) {
      for (let b = a + 1; b < nodes; b++) if (rng.int(1, 100) <= d) edges.push([a, b]);
    }
    return { nodes, edges, colours: rng.int(2, 4) };
  },
  difficulty: (p) => ({
    nodes: p.nodes,
    density: [30, 50, 70].find((v) =>
      (100 * p.edges.length) / Math.max(1, (p.nodes * (p.nodes - 1)) / 2) <= v
    ) ?? 70,
  }),
  question: (p, s) =>
    `A graph has nodes ${
      Array.from({ length: p.nodes }, (_, i) => nodeName(i)).join(", ")
    } and ${
      p.edges.length
        ? `edges ${p.edges.map(([a, b]) => `${nodeName(a!)}–${nodeName(b!)}`).join(", ")}`
        : "no edges"
    }. In how many ways can each node get one of ${
      s ?? p.colours
    } colours so that no edge joins two nodes of the same colour?`,
  answer(p) {
    const colour = Array<number>(p.nodes).fill(-1);
    const k = Math.max(0, p.colours);
    const go = (i: number): bigint => {
      if (i === p.nodes) return 1n;
      let n = 0n;
      for (let c = 0; c < k; c++) {
        if (
          p.edges.some(([a, b]) => (a === i && colour[b!] === c) || (b === i && colour[a!] === c))
        ) continue;
        colour[i] = c;
        n += go(i + 1);
        colour[i] = -1;
      }
      return n;
    };
    // Backtracking visits up to k^nodes colourings; past 5 colours evaluate the polynomial.
    return String(k > 5 ? chromatic(p.nodes, p.edges, BigInt(k)) : go(0));
  },
  check: (p, a) =>
    parseIntAnswer(a) === chromatic(p.nodes, p.edges, BigInt(Math.max(0, p.colours))),
  input: fieldInput("colours", "the number of colours", 0n, 30n),
});

// ---------- Course schedule (critical path) ----------

type ScheduleParams = { durations: number[]; prereqs: number[][] };

/**
 * Course scheduling: each course takes some weeks and may need others finished first; taking
 * any number of courses at once, what is the fewest weeks to finish them all? The longest path
 * in the prerequisite DAG (topological order); checked by repeated relaxation. Attributes:
 * `courses`. Chain input: the first course's duration.
 *
 * @example
 * ```ts
 * import { courseSchedule } from "./algorithms_graphs.ts";
 * import assert from "node:assert/strict";
 * assert.equal(courseSchedule.answer({ durations: [2, 3, 1], prereqs: [[0, 1], [1, 2]] }), "6");
 * ```
 */
export const courseSchedule = defineFamily<ScheduleParams>({
  name: "course_schedule",
  category: "graphs",
  description: "Fewest weeks to finish courses with prerequisites",
  answerKind: "integer",
  attributes: { courses: attr("courses", [3, 4, 6, 8, 12], [3, 6]) },
  sample(rng, config) {
    const n = drawIn(rng, config.courses!);
    const prereqs: number[][] = [];
    for (let b = 1; b < n; b++) {
      for (let a = 0; a < b; a++) if (rng.chance(0.3)) prereqs.push([a, b]);
    }
    return { durations: Array.from({ length: n }, () => rng.int(1, 9)), prereqs };
  },
  difficulty: (p) => ({ courses: p.durations.length }),
  question: (p, s) =>
    `Courses ${p.durations.map((_, i) => nodeName(i)).join(", ")} take ${
      p.durations.map((d, i) => `${i === 0 && s ? s : d} (${nodeName(i)})`).join(", ")
    } weeks. ${
      p.prereqs.length
        ? p.prereqs.map(([a, b]) => `${nodeName(b!)} needs ${nodeName(a!)} finished first.`).join(
          " ",
        )
        : "No course has prerequisites."
    } Any number of courses can run at once. What is the fewest number of weeks to finish them all?`,
  answer(p) {
    // Course indices are already a topological order (prerequisites point forward).
    const finish = p.durations.map(() => 0);
    p.durations.forEach((d, i) => {
      const start = Math.max(0, ...p.prereqs.filter(([, b]) => b === i).map(([a]) => finish[a!]!));
      finish[i] = start + d;
    });
    return String(Math.max(...finish));
  },
  check(p, answer) {
    const finish = [...p.durations];
    for (let round = 0; round < p.durations.length; round++) {
      for (const [a, b] of p.prereqs) {
        finish[b!] = Math.max(finish[b!]!, finish[a!]! + p.durations[b!]!);
      }
    }
    return parseIntAnswer(answer) === BigInt(Math.max(...finish));
  },
  input: {
    describe: "the first course's duration",
    min: 0n,
    max: 10n ** 6n,
    get: (p) => BigInt(p.durations[0]!),
    set: (p, v) => ({ ...p, durations: [Number(v), ...p.durations.slice(1)] }),
  },
});
