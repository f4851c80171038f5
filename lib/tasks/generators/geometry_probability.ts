/**
 * Geometry on the integer lattice (triangle areas, lattice points in a circle, areas of
 * rectangle unions) and exact probability (coin flips, urn draws, expected maximum of dice).
 * @module
 */
import {
  addRational,
  formatRational,
  parseRational,
  type Rational,
  rational,
} from "../../exact/rational.ts";
import { attr, fieldInput } from "./_kit.ts";
import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

const exactly = (answer: string, r: Rational) => {
  const got = parseRational(answer);
  return got !== null && formatRational(got) === answer.trim() && got.num === r.num &&
    got.den === r.den;
};

// ---------- Triangle area ----------

type TriangleParams = { points: number[][] };

const abs = (v: bigint) => (v < 0n ? -v : v);
const gcdN = (a: bigint, b: bigint): bigint => (b === 0n ? abs(a) : gcdN(b, a % b));

/**
 * The area of a triangle with integer vertices, exact (the shoelace formula); checked with
 * Pick's theorem, A = I + B/2 − 1, counting the interior lattice points one by one.
 * Attributes: `range` (coordinate bound). Links use the floor. Chain input: the third
 * vertex's x coordinate.
 *
 * @example
 * ```ts
 * import { triangleArea } from "./geometry_probability.ts";
 * import assert from "node:assert/strict";
 * assert.equal(triangleArea.answer({ points: [[0, 0], [3, 0], [0, 3]] }), "9/2");
 * ```
 */
export const triangleArea = defineFamily<TriangleParams>({
  name: "triangle_area",
  category: "geometry",
  description: "Area of a lattice triangle",
  answerKind: "rational",
  projection: "floor",
  attributes: { range: attr("coordinate bound", [5, 10, 20, 40], [5, 10]) },
  sample(rng, config) {
    const r = drawIn(rng, config.range!);
    return { points: Array.from({ length: 3 }, () => [rng.int(-r, r), rng.int(-r, r)]) };
  },
  difficulty: (p) => ({ range: Math.max(...p.points.flat().map(Math.abs), 5) }),
  question: (p, s) =>
    `What is the area of the triangle with vertices (${p.points[0]!.join(", ")}), (${
      p.points[1]!.join(", ")
    }) and (${s ?? p.points[2]![0]}, ${p.points[2]![1]})? Give an exact fraction or integer.`,
  answer(p) {
    const [[ax, ay], [bx, by], [cx, cy]] = p.points.map((q) => q.map(BigInt)) as [
      [bigint, bigint],
      [bigint, bigint],
      [bigint, bigint],
    ];
    return formatRational(rational(abs(ax * (by - cy) + bx * (cy - ay) + cx * (ay - by)), 2n));
  },
  check(p, answer) {
    const pts = p.points.map((q) => q.map(BigInt)) as [bigint, bigint][];
    let boundary = 0n;
    for (let i = 0; i < 3; i++) {
      const [x1, y1] = pts[i]!, [x2, y2] = pts[(i + 1) % 3]!;
      boundary += gcdN(x2 - x1, y2 - y1);
    }
    const cross = (o: [bigint, bigint], a: [bigint, bigint], b: [bigint, bigint]) =>
      (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    const [a, b, c] = pts as [[bigint, bigint], [bigint, bigint], [bigint, bigint]];
    if (cross(a, b, c) === 0n) return answer.trim() === "0";
    const xs = pts.map((q) => q[0]), ys = pts.map((q) => q[1]);
    const min = (v: bigint[]) => v.reduce((m, x) => (x < m ? x : m));
    const max = (v: bigint[]) => v.reduce((m, x) => (x > m ? x : m));
    let interior = 0n;
    for (let x = min(xs); x <= max(xs); x++) {
      for (let y = min(ys); y <= max(ys); y++) {
        const q: [bigint, bigint] = [x, y];
        const s1 = cross(a, b, q), s2 = cross(b, c, q), s3 = cross(c, a, q);
        if ((s1 > 0n && s2 > 0n && s3 > 0n) || (s1 < 0n && s2 < 0n && s3 < 0n)) interior++;
      }
    }
    return exactly(answer, rational(2n * interior + boundary - 2n, 2n));
  },
  input: {
    describe: "the third vertex's x coordinate",
    min: -200n,
    max: 200n,
    get: (p) => BigInt(p.points[2]![0]!),
    set: (p, v) => ({ points: [p.points[0]!, p.points[1]!, [Number(v), p.points[2]![1]!]] }),
  },
});

// ---------- Lattice points in a circle ----------

type CircleParams = { r: number };

/**
 * How many integer points (x, y) satisfy x² + y² ≤ r²? Counted over all points of the square;
 * checked column by column with integer square roots. Attributes: `radius`. Chain input: r.
 *
 * @example
 * ```ts
 * import { latticeCircle } from "./geometry_probability.ts";
 * import assert from "node:assert/strict";
 * assert.equal(latticeCircle.answer({ r: 2 }), "13");
 * ```
 */
export const latticeCircle = defineFamily<CircleParams>({
  name: "lattice_circle",
  category: "geometry",
  description: "Lattice points inside a circle",
  answerKind: "integer",
  attributes: { radius: attr("radius", [3, 5, 10, 20, 50, 100], [3, 10]) },
  sample: (rng, config) => ({ r: drawIn(rng, config.radius!) }),
  difficulty: (p) => ({ radius: p.r }),
  question: (p, s) =>
    `How many points (x, y) with integer coordinates satisfy x² + y² ≤ ${s ?? p.r}²?`,
  answer(p) {
    const r = Math.abs(p.r);
    let n = 0;
    for (let x = -r; x <= r; x++) for (let y = -r; y <= r; y++) if (x * x + y * y <= r * r) n++;
    return String(n);
  },
  check(p, answer) {
    const r = BigInt(Math.abs(p.r));
    let n = 0n;
    for (let x = -r; x <= r; x++) {
      const rest = r * r - x * x;
      let y = BigInt(Math.floor(Math.sqrt(Number(rest))));
      while (y * y > rest) y--;
      while ((y + 1n) * (y + 1n) <= rest) y++;
      n += 2n * y + 1n;
    }
    return parseIntAnswer(answer) === n;
  },
  input: fieldInput("r", "the radius", 0n, 400n),
});

// ---------- Union of rectangles ----------

type RectParams = { rects: number[][] };

/**
 * The area covered by 2–4 axis-aligned rectangles with integer corners (overlaps counted
 * once), by coordinate compression; checked by inclusion–exclusion over intersections.
 * Attributes: `rectangles`. Chain input: the first rectangle's width.
 *
 * @example
 * ```ts
 * import { rectangleUnion } from "./geometry_probability.ts";
 * import assert from "node:assert/strict";
 * assert.equal(rectangleUnion.answer({ rects: [[0, 0, 2, 2], [1, 1, 2, 2]] }), "7");
 * ```
 */
export const rectangleUnion = defineFamily<RectParams>({
  name: "rectangle_union",
  category: "geometry",
  description: "Area of a union of rectangles",
  answerKind: "integer",
  attributes: { rectangles: attr("rectangles", [2, 3, 4], [2, 3]) },
  sample: (rng, config) => ({
    rects: Array.from({ length: drawIn(rng, config.rectangles!) }, () => [
      rng.int(0, 10),
      rng.int(0, 10),
      rng.int(1, 10),
      rng.int(1, 10),
    ]),
  }),
  difficulty: (p) => ({ rectangles: p.rects.length }),
  question: (p, s) =>
    `Rectangles are given by lower-left corner, width and height: ${
      p.rects.map(([x, y, w, h], i) =>
        `corner (${x}, ${y}), width ${i === 0 && s ? s : w}, height ${h}`
      ).join("; ")
    }. What total area do they cover (overlaps counted once)?`,
  answer(p) {
    const xs = [...new Set(p.rects.flatMap(([x, , w]) => [x!, x! + w!]))].sort((a, b) => a - b);
    const ys = [...new Set(p.rects.flatMap(([, y, , h]) => [y!, y! + h!]))].sort((a, b) => a - b);
    let area = 0;
    for (let i = 0; i + 1 < xs.length; i++) {
      for (let j = 0; j + 1 < ys.length; j++) {
        const covered = p.rects.some(([x, y, w, h]) =>
          x! <= xs[i]! && xs[i + 1]! <= x! + w! && y! <= ys[j]! && ys[j + 1]! <= y! + h!
        );
        if (covered) area += (xs[i + 1]! - xs[i]!) * (ys[j + 1]! - ys[j]!);
      }
    }
    return String(area);
  },
  check(p, answer) {
    let total = 0;
    const n = p.rects.length;
    for (let mask = 1; mask < 1 << n; mask++) {
      let [x0, y0, x1, y1] = [-Infinity, -Infinity, Infinity, Infinity];
      let bits = 0;
      p.rects.forEach(([x, y, w, h], i) => {
        if (!((mask >> i) & 1)) return;
        bits++;
        [x0, y0, x1, y1] = [
          Math.max(x0, x!),
          Math.max(y0, y!),
          Math.min(x1, x! + w!),
          Math.min(y1, y! + h!),
        ];
      });
      const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
      total += bits % 2 ? inter : -inter;
    }
    return parseIntAnswer(answer) === BigInt(total);
  },
  input: {
    describe: "the first rectangle's width",
    min: 0n,
    max: 10n ** 6n,
    get: (p) => BigInt(p.rects[0]![2]!),
    set: (p, v) => ({
      rects: [[p.rects[0]![0]!, p.rects[0]![1]!, Number(v), p.rects[0]![3]!], ...p.rects.slice(1)],
    }),
  },
});

// ---------- Coin flips ----------

type CoinParams = { flips: number; k: number };

function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

/**
 * The exact probability of at least k heads in n fair coin flips (a sum of binomial
 * coefficients over 2ⁿ); checked by dynamic programming over the flips. Attributes: `flips`.
 * Links use the numerator. Chain input: k.
 *
 * @example
 * ```ts
 * import { coinFlip } from "./geometry_probability.ts";
 * import assert from "node:assert/strict";
 * assert.equal(coinFlip.answer({ flips: 3, k: 2 }), "1/2");
 * ```
 */
export const coinFlip = defineFamily<CoinParams>({
  name: "coin_flip",
  category: "probability",
  description: "Probability of at least k heads",
  answerKind: "rational",
  attributes: { flips: attr("coin flips", [2, 4, 6, 10, 16, 24], [2, 6]) },
  sample(rng, config) {
    const flips = drawIn(rng, config.flips!);
    return { flips, k: rng.int(1, flips) };
  },
  difficulty: (p) => ({ flips: p.flips }),
  question: (p, s) =>
    `A fair coin is flipped ${p.flips} times. What is the probability of at least ${
      s ?? p.k
    } heads? Give an exact fraction.`,
  answer(p) {
    let hits = 0n;
    for (let h = Math.max(0, p.k); h <= p.flips; h++) hits += choose(p.flips, h);
    return formatRational(rational(hits, 2n ** BigInt(p.flips)));
  },
  check(p, answer) {
    let dist = [rational(1n)];
    for (let f = 0; f < p.flips; f++) {
      const next = Array.from({ length: dist.length + 1 }, () => rational(0n));
      dist.forEach((q, h) => {
        const half = rational(q.num, q.den * 2n);
        next[h] = addRational(next[h]!, half);
        next[h + 1] = addRational(next[h + 1]!, half);
      });
      dist = next;
    }
    const total = dist.reduce((s, q, h) => (h >= p.k ? addRational(s, q) : s), rational(0n));
    return exactly(answer, total);
  },
  input: fieldInput("k", "the number of heads needed", 0n, 100n),
});

// ---------- Urn draws ----------

type UrnParams = { red: number; blue: number; draws: number; want: number };

/**
 * Drawing without replacement from an urn of red and blue balls: the exact probability of
 * exactly j red among m draws (hypergeometric); checked by a probability tree over the draws.
 * Attributes: `balls`. Links use the numerator. Chain input: the number of red balls.
 *
 * @example
 * ```ts
 * import { urnDraws } from "./geometry_probability.ts";
 * import assert from "node:assert/strict";
 * assert.equal(urnDraws.answer({ red: 2, blue: 2, draws: 2, want: 1 }), "2/3");
 * ```
 */
export const urnDraws = defineFamily<UrnParams>({
  name: "urn_draws",
  category: "probability",
  description: "Hypergeometric draw probability",
  answerKind: "rational",
  attributes: { balls: attr("balls in the urn", [4, 6, 10, 16, 24], [4, 10]) },
  sample(rng, config) {
    const total = drawIn(rng, config.balls!);
    const red = rng.int(1, total - 1);
    const draws = rng.int(1, Math.min(6, total));
    return { red, blue: total - red, draws, want: rng.int(0, Math.min(draws, red)) };
  },
  difficulty: (p) => ({ balls: p.red + p.blue }),
  question: (p, s) =>
    `An urn holds ${s ?? p.red} red and ${p.blue} blue balls. ${p.draws} balls are drawn ` +
    `without replacement. What is the probability that exactly ${p.want} of them are red? Give ` +
    `an exact fraction (0 if impossible).`,
  answer(p) {
    const total = p.red + p.blue;
    if (p.draws > total) return "0";
    return formatRational(
      rational(choose(p.red, p.want) * choose(p.blue, p.draws - p.want), choose(total, p.draws)),
    );
  },
  check(p, answer) {
    if (p.draws > p.red + p.blue) return answer.trim() === "0";
    const memo = new Map<string, Rational>();
    const go = (r: number, b: number, left: number, need: number): Rational => {
      if (need < 0 || need > left) return rational(0n);
      if (left === 0) return rational(1n);
      const key = `${r},${b},${left},${need}`;
      if (memo.has(key)) return memo.get(key)!;
      const n = r + b;
      let out = rational(0n);
      if (r > 0) {
        const q = go(r - 1, b, left - 1, need - 1);
        out = addRational(out, rational(q.num * BigInt(r), q.den * BigInt(n)));
      }
      if (b > 0) {
        const q = go(r, b - 1, left - 1, need);
        out = addRational(out, rational(q.num * BigInt(b), q.den * BigInt(n)));
      }
      memo.set(key, out);
      return out;
    };
    return exactly(answer, go(p.red, p.blue, p.draws, p.want));
  },
  input: fieldInput("red", "the number of red balls", 0n, 60n),
});

// ---------- Expected maximum of dice ----------

type DiceMaxParams = { dice: number; sides: number };

/**
 * The exact expected maximum of d fair s-sided dice, E = Σₖ P(max ≥ k); checked by
 * enumerating every outcome. Attributes: `dice`. Links use the numerator. Chain input: the
 * number of sides.
 *
 * @example
 * ```ts
 * import { diceMaxExpectation } from "./geometry_probability.ts";
 * import assert from "node:assert/strict";
 * assert.equal(diceMaxExpectation.answer({ dice: 2, sides: 2 }), "7/4");
 * ```
 */
export const diceMaxExpectation = defineFamily<DiceMaxParams>({
  name: "dice_max_expectation",
  category: "probability",
  description: "Expected maximum of several dice",
  answerKind: "rational",
  attributes: { dice: attr("dice", [1, 2, 3, 4], [1, 3]) },
  sample: (rng, config) => ({
    dice: drawIn(rng, config.dice!),
    sides: rng.pick([4, 6, 8, 10, 12]),
  }),
  difficulty: (p) => ({ dice: p.dice }),
  question: (p, s) =>
    `${p.dice} fair dice with faces 1 to ${s ?? p.sides} are rolled. What is the expected value ` +
    `of the largest face shown? Give an exact fraction.`,
  answer(p) {
    const s = BigInt(Math.max(1, p.sides)), d = BigInt(p.dice);
    let e = rational(0n);
    for (let k = 1n; k <= s; k++) e = addRational(e, rational(s ** d - (k - 1n) ** d, s ** d));
    return formatRational(e);
  },
  check(p, answer) {
    const s = Math.max(1, p.sides);
    let sum = 0n, count = 0n;
    const faces = Array(p.dice).fill(1);
    for (;;) {
      sum += BigInt(Math.max(...faces));
      count++;
      let i = 0;
      while (i < p.dice && ++faces[i] > s) faces[i++] = 1;
      if (i === p.dice) break;
    }
    return exactly(answer, rational(sum, count));
  },
  input: fieldInput("sides", "the number of sides", 1n, 20n),
});
