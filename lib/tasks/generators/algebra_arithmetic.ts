/**
 * Algebra (polynomial products, complex arithmetic, definite integrals of polynomials) and
 * arithmetic (least common multiples, prime factorisations, bit counts, calendar arithmetic,
 * leg counting).
 * @module
 */
import { addRational, formatRational, parseRational, rational } from "../../exact/rational.ts";
import { attr, fieldInput } from "./_kit.ts";
import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";
import { formatPolynomial, parsePolynomial } from "./polynomial_expansion.ts";

const horner = (cs: readonly bigint[], x: bigint) => cs.reduceRight((a, c) => a * x + c, 0n);

// ---------- Polynomial multiplication ----------

type PolyMulParams = { p: number[]; q: number[] };

/**
 * Multiply two integer polynomials and give the expanded product (e.g. `2x^3 - x + 5`).
 * Convolved coefficient by coefficient; checked by evaluating both sides at more points than
 * the degree. Attributes: `degree`. Links use the digit sum. Chain input: the first factor's
 * constant term.
 *
 * @example
 * ```ts
 * import { polynomialMultiplication } from "./algebra_arithmetic.ts";
 * import assert from "node:assert/strict";
 * assert.equal(polynomialMultiplication.answer({ p: [1, 1], q: [-1, 1] }), "x^2 - 1");
 * ```
 */
export const polynomialMultiplication = defineFamily<PolyMulParams>({
  name: "polynomial_multiplication",
  category: "algebra",
  description: "Expand a product of two polynomials",
  answerKind: "expression",
  attributes: { degree: attr("degree of each factor", [1, 2, 3, 4], [1, 2]) },
  sample(rng, config) {
    const poly = () => {
      const d = drawIn(rng, config.degree!);
      return Array.from(
        { length: d + 1 },
        (_, i) => (i === d ? rng.pick([-2, -1, 1, 2, 3]) : rng.int(-9, 9)),
      );
    };
    return { p: poly(), q: poly() };
  },
  difficulty: (p) => ({ degree: Math.max(p.p.length, p.q.length) - 1 }),
  question: (p, s) => {
    const show = (cs: number[], constant?: string) => {
      const rest = formatPolynomial([0n, ...cs.slice(1).map(BigInt)]);
      return constant ? `${rest} + ${constant}` : formatPolynomial(cs.map(BigInt));
    };
    return `Expand and simplify (${show(p.p, s)})(${show(p.q)}), writing terms from the highest ` +
      `power down, like 3x^2 - x + 4.`;
  },
  answer(p) {
    const out = Array<bigint>(p.p.length + p.q.length - 1).fill(0n);
    p.p.forEach((a, i) => p.q.forEach((b, j) => (out[i + j] = out[i + j]! + BigInt(a * b))));
    return formatPolynomial(out);
  },
  check(p, answer) {
    const cs = parsePolynomial(answer);
    if (!cs || formatPolynomial(cs) !== answer.trim()) return false;
    const n = p.p.length + p.q.length + 1;
    for (let x = -3n; x < BigInt(n) - 3n; x++) {
      if (horner(cs, x) !== horner(p.p.map(BigInt), x) * horner(p.q.map(BigInt), x)) return false;
    }
    return true;
  },
  input: {
    describe: "the first factor's constant term",
    min: -(10n ** 6n),
    max: 10n ** 6n,
    get: (p) => BigInt(p.p[0]!),
    set: (p, v) => ({ ...p, p: [Number(v), ...p.p.slice(1)] }),
  },
});

// ---------- Complex arithmetic ----------

const im = (v: number) => `${v < 0 ? "-" : "+"} ${Math.abs(v)}i`;

type ComplexParams = { a: number; b: number; c: number; d: number; e: number; f: number };

function formatComplex(re: bigint, im: bigint): string {
  if (im === 0n) return String(re);
  const i = im === 1n ? "i" : im === -1n ? "-i" : `${im}i`;
  if (re === 0n) return i;
  return `${re} ${im < 0n ? "-" : "+"} ${im === 1n || im === -1n ? "i" : `${im < 0n ? -im : im}i`}`;
}

/**
 * Complex arithmetic: (a + bi)(c + di) + (e + fi) in the form `x + yi`. Computed with the
 * product rule; checked with 2×2 real matrix representations. Links use the digit sum (defined
 * for every answer, `i` included). Attributes: `range`. Chain input: a.
 *
 * @example
 * ```ts
 * import { complexArithmetic } from "./algebra_arithmetic.ts";
 * import assert from "node:assert/strict";
 * assert.equal(complexArithmetic.answer({ a: 1, b: 2, c: 3, d: -1, e: 0, f: 0 }), "5 + 5i");
 * ```
 */
export const complexArithmetic = defineFamily<ComplexParams>({
  name: "complex_arithmetic",
  category: "algebra",
  description: "Multiply and add complex numbers",
  answerKind: "expression",
  projection: "digit_sum",
  attributes: { range: attr("coefficient bound", [5, 10, 20, 50], [5, 10]) },
  sample(rng, config) {
    const r = drawIn(rng, config.range!);
    const v = () => rng.int(-r, r);
    return { a: v(), b: v() || 1, c: v(), d: v() || 1, e: v(), f: v() };
  },
  difficulty: (p) => ({ range: Math.max(5, ...Object.values(p).map(Math.abs)) }),
  question: (p, s) =>
    `Compute (${s ?? p.a} ${im(p.b)})(${p.c} ${im(p.d)}) + (${p.e} ${im(p.f)}), where i² = −1. ` +
    `Write the result as x + yi (for example 3 - 2i, 5, or -i).`,
  answer(p) {
    const [a, b, c, d, e, f] = [p.a, p.b, p.c, p.d, p.e, p.f].map(BigInt) as bigint[];
    return formatComplex(a! * c! - b! * d! + e!, a! * d! + b! * c! + f!);
  },
  check(p, answer) {
    const [a, b, c, d, e, f] = [p.a, p.b, p.c, p.d, p.e, p.f].map(BigInt) as bigint[];
    // [[a, -b], [b, a]] · [[c, -d], [d, c]] + [[e, -f], [f, e]]: read the first column.
    const re = a! * c! + -b! * d! + e!, im = b! * c! + a! * d! + f!;
    return answer.trim() === formatComplex(re, im);
  },
  input: fieldInput("a", "the first real part", -(10n ** 6n), 10n ** 6n),
});

// ---------- Definite integrals ----------

type IntegralParams = { coefficients: number[]; upper: number };

/**
 * The exact definite integral of an integer polynomial of degree ≤ 3 from 0 to t, by the
 * antiderivative; checked with Simpson's rule, which is exact for cubics. Attributes:
 * `degree`. Links use the floor. Chain input: the upper limit t.
 *
 * @example
 * ```ts
 * import { definiteIntegral } from "./algebra_arithmetic.ts";
 * import assert from "node:assert/strict";
 * assert.equal(definiteIntegral.answer({ coefficients: [0, 0, 3], upper: 2 }), "8");
 * ```
 */
export const definiteIntegral = defineFamily<IntegralParams>({
  name: "definite_integral",
  category: "algebra",
  description: "Definite integral of a polynomial",
  answerKind: "rational",
  projection: "floor",
  attributes: { degree: attr("degree", [1, 2, 3], [1, 2]) },
  sample(rng, config) {
    const d = drawIn(rng, config.degree!);
    return {
      coefficients: Array.from(
        { length: d + 1 },
        (_, i) => (i === d ? rng.int(1, 6) : rng.int(-9, 9)),
      ),
      upper: rng.int(1, 6),
    };
  },
  difficulty: (p) => ({ degree: p.coefficients.length - 1 }),
  question: (p, s) =>
    `Evaluate the integral of ${formatPolynomial(p.coefficients.map(BigInt))} with respect to ` +
    `x from x = 0 to x = ${s ?? p.upper}. Give an exact fraction or integer.`,
  answer(p) {
    const t = BigInt(p.upper);
    let total = rational(0n);
    p.coefficients.forEach((c, i) => {
      total = addRational(total, rational(BigInt(c) * t ** BigInt(i + 1), BigInt(i + 1)));
    });
    return formatRational(total);
  },
  check(p, answer) {
    const got = parseRational(answer);
    if (!got || formatRational(got) !== answer.trim()) return false;
    // Simpson: (t/6)(f(0) + 4 f(t/2) + f(t)), with f(t/2) scaled by 2^3 to stay integral.
    const t = BigInt(p.upper), cs = p.coefficients.map(BigInt);
    const f = (x: bigint) => horner(cs, x);
    const mid = cs.reduce((s, c, i) => s + c * t ** BigInt(i) * 2n ** BigInt(3 - i), 0n); // 8·f(t/2)
    const simpson = rational(t * (8n * f(0n) + 4n * mid + 8n * f(t)), 48n);
    return simpson.num === got.num && simpson.den === got.den;
  },
  input: fieldInput("upper", "the upper limit", -1000n, 1000n),
});

// ---------- LCM ----------

type LcmParams = { numbers: number[] };

function trialFactor(n: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let p = 2; p * p <= n; p++) {
    while (n % p === 0) {
      n /= p;
      out.set(p, (out.get(p) ?? 0) + 1);
    }
  }
  if (n > 1) out.set(n, (out.get(n) ?? 0) + 1);
  return out;
}

/**
 * The least common multiple of 2–4 numbers (by gcds); checked from prime factorisations
 * (the largest power of each prime). Attributes: `numbers`, `size`. Chain input: the first
 * number.
 *
 * @example
 * ```ts
 * import { lcmFamily } from "./algebra_arithmetic.ts";
 * import assert from "node:assert/strict";
 * assert.equal(lcmFamily.answer({ numbers: [4, 6] }), "12");
 * ```
 */
export const lcmFamily = defineFamily<LcmParams>({
  name: "lcm",
  category: "arithmetic",
  description: "Least common multiple",
  answerKind: "integer",
  attributes: {
    numbers: attr("how many numbers", [2, 3, 4], [2, 3]),
    size: attr("largest number", [12, 30, 100, 1000], [12, 100]),
  },
  sample(rng, config) {
    const size = drawIn(rng, config.size!);
    return {
      numbers: Array.from({ length: drawIn(rng, config.numbers!) }, () => rng.int(2, size)),
    };
  },
  difficulty: (p) => ({ numbers: p.numbers.length, size: Math.max(12, ...p.numbers) }),
  question: (p, s) =>
    `What is the least common multiple of ${
      p.numbers.map((n, i) => (i === 0 && s ? s : String(n))).join(", ")
    }?`,
  answer(p) {
    const g = (a: bigint, b: bigint): bigint => (b === 0n ? a : g(b, a % b));
    return String(p.numbers.map(BigInt).reduce((a, b) => (a * b) / g(a, b)));
  },
  check(p, answer) {
    const best = new Map<number, number>();
    for (const n of p.numbers) {
      for (const [q, e] of trialFactor(n)) best.set(q, Math.max(best.get(q) ?? 0, e));
    }
    let l = 1n;
    for (const [q, e] of best) l *= BigInt(q) ** BigInt(e);
    return parseIntAnswer(answer) === l;
  },
  input: {
    describe: "the first number",
    min: 1n,
    max: 10n ** 6n,
    get: (p) => BigInt(p.numbers[0]!),
    set: (p, v) => ({ numbers: [Number(v), ...p.numbers.slice(1)] }),
  },
});

// ---------- Prime factorisation ----------

type FactorParams = { n: number };

/**
 * The prime factors of n with multiplicity, ascending, as a tuple `(2, 2, 3)`. Found by trial
 * division; checked by multiplying back and testing each factor for primality. Links use the
 * count of prime factors. Attributes: `digits`. Chain input: n.
 *
 * @example
 * ```ts
 * import { primeFactorization } from "./algebra_arithmetic.ts";
 * import assert from "node:assert/strict";
 * assert.equal(primeFactorization.answer({ n: 60 }), "(2, 2, 3, 5)");
 * ```
 */
export const primeFactorization = defineFamily<FactorParams>({
  name: "prime_factorization",
  category: "arithmetic",
  description: "Prime factors with multiplicity",
  answerKind: "tuple",
  projection: "count",
  attributes: { digits: attr("digits of n", [2, 3, 4, 6, 8], [2, 4]) },
  sample: (rng, config) => {
    const d = drawIn(rng, config.digits!);
    return { n: rng.int(10 ** (d - 1), 10 ** d - 1) };
  },
  difficulty: (p) => ({ digits: String(p.n).length }),
  question: (p, s) =>
    `List the prime factors of ${s ?? p.n} with multiplicity, in ascending order, as a tuple ` +
    `like (2, 2, 3). For 1 answer ().`,
  answer(p) {
    const out: number[] = [];
    for (const [q, e] of trialFactor(Math.max(1, p.n))) for (let i = 0; i < e; i++) out.push(q);
    return `(${out.sort((a, b) => a - b).join(", ")})`;
  },
  check(p, answer) {
    const m = answer.trim().match(/^\((.*)\)$/);
    if (!m) return false;
    const items = m[1]!.trim() === "" ? [] : m[1]!.split(",").map((x) => Number(x.trim()));
    const prime = (q: number) => {
      if (!Number.isInteger(q) || q < 2) return false;
      for (let k = 2; k * k <= q; k++) if (q % k === 0) return false;
      return true;
    };
    return items.every(prime) && items.every((q, i) => i === 0 || items[i - 1]! <= q) &&
      items.reduce((a, b) => a * BigInt(b), 1n) === BigInt(Math.max(1, p.n)) &&
      `(${items.join(", ")})` === answer.trim();
  },
  input: fieldInput("n", "the number to factor", 1n, 10n ** 9n),
});

// ---------- Bit counting ----------

type BitsParams = { n: string };

/**
 * How many 1 bits does n have in binary? Counted by clearing the lowest set bit; checked on
 * the binary string. Attributes: `bits`. Chain input: n.
 *
 * @example
 * ```ts
 * import { countBits } from "./algebra_arithmetic.ts";
 * import assert from "node:assert/strict";
 * assert.equal(countBits.answer({ n: "13" }), "3");
 * ```
 */
export const countBits = defineFamily<BitsParams>({
  name: "count_bits",
  category: "arithmetic",
  description: "Count the 1 bits of a number",
  answerKind: "integer",
  attributes: { bits: attr("bit length", [4, 8, 16, 32, 64], [4, 16]) },
  sample: (rng, config) => ({
    n: rng.bigint(1n, 2n ** BigInt(drawIn(rng, config.bits!)) - 1n).toString(),
  }),
  difficulty: (p) => ({ bits: Math.max(4, BigInt(p.n).toString(2).length) }),
  question: (p, s) => `How many 1s are in the binary representation of ${s ?? p.n}?`,
  answer(p) {
    let n = BigInt(p.n), c = 0;
    for (; n > 0n; n &= n - 1n) c++;
    return String(c);
  },
  check: (p, a) => parseIntAnswer(a) === BigInt(BigInt(p.n).toString(2).replace(/0/g, "").length),
  input: {
    describe: "the number",
    min: 0n,
    max: 2n ** 64n,
    get: (p) => BigInt(p.n),
    set: (_p, v) => ({ n: v.toString() }),
  },
});

// ---------- Calendar arithmetic ----------

type CalendarParams = { year: number; month: number; day: number; add: number };

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = (y: number, m: number) =>
  [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m]!;

/**
 * Calendar arithmetic: the date N days after a given date, reported as its day of the year
 * (1 January = 1). Stepped through the Gregorian calendar by months; checked with `Date.UTC`.
 * Attributes: `span` (largest N). Chain input: N.
 *
 * @example
 * ```ts
 * import { calendarArithmetic } from "./algebra_arithmetic.ts";
 * import assert from "node:assert/strict";
 * assert.equal(calendarArithmetic.answer({ year: 2024, month: 1, day: 28, add: 2 }), "61");
 * ```
 */
export const calendarArithmetic = defineFamily<CalendarParams>({
  name: "calendar_arithmetic",
  category: "arithmetic",
  description: "Day of the year N days after a date",
  answerKind: "integer",
  attributes: { span: attr("largest number of days added", [30, 100, 365, 1000, 3000], [30, 365]) },
  sample(rng, config) {
    const year = rng.int(1990, 2030), month = rng.int(0, 11);
    return {
      year,
      month,
      day: rng.int(1, monthDays(year, month)),
      add: rng.int(1, drawIn(rng, config.span!)),
    };
  },
  difficulty: (p) => ({ span: Math.max(30, p.add) }),
  question: (p, s) =>
    `What day of the year (1 January is day 1) is it ${s ?? p.add} days after ${p.day} ${
      MONTHS[p.month]
    } ${p.year}? (Use the Gregorian calendar; the answer is for the year the new date falls in.)`,
  answer(p) {
    let [y, m, d, left] = [p.year, p.month, p.day, p.add];
    while (left > 0) {
      const rest = monthDays(y, m) - d;
      if (left <= rest) [d, left] = [d + left, 0];
      else {
        left -= rest + 1;
        [d, m] = [1, m + 1];
        if (m === 12) [m, y] = [0, y + 1];
      }
    }
    let doy = d;
    for (let k = 0; k < m; k++) doy += monthDays(y, k);
    return String(doy);
  },
  check(p, answer) {
    const t = new Date(Date.UTC(p.year, p.month, p.day) + p.add * 86_400_000);
    const start = Date.UTC(t.getUTCFullYear(), 0, 1);
    return parseIntAnswer(answer) === BigInt((t.getTime() - start) / 86_400_000 + 1);
  },
  input: fieldInput("add", "the number of days added", 0n, 100_000n),
});

// ---------- Leg counting ----------

type LegsParams = { animals: string[]; counts: number[] };

const LEGS: Record<string, number> = {
  chicken: 2,
  cow: 4,
  spider: 8,
  ant: 6,
  duck: 2,
  horse: 4,
  crab: 10,
  snake: 0,
  starfish: 5,
  beetle: 6,
  sheep: 4,
  octopus: 8,
};

/**
 * Count the legs of a farm of animals (chickens 2, spiders 8, crabs 10, starfish 5 arms…).
 * Summed from the table; checked by reading the counts back from the rendered question.
 * Attributes: `kinds`. Chain input: the number of the first kind of animal.
 *
 * @example
 * ```ts
 * import { legCounting } from "./algebra_arithmetic.ts";
 * import assert from "node:assert/strict";
 * assert.equal(legCounting.answer({ animals: ["cow", "spider"], counts: [2, 1] }), "16");
 * ```
 */
export const legCounting = defineFamily<LegsParams>({
  name: "leg_counting",
  category: "arithmetic",
  description: "Count the legs of a group of animals",
  answerKind: "integer",
  attributes: { kinds: attr("kinds of animal", [2, 3, 4, 6, 8], [2, 4]) },
  sample(rng, config) {
    const animals = rng.sample(Object.keys(LEGS), drawIn(rng, config.kinds!));
    return { animals, counts: animals.map(() => rng.int(1, 15)) };
  },
  difficulty: (p) => ({ kinds: p.animals.length }),
  question: (p, s) =>
    `A farm has ${
      p.animals.map((a, i) =>
        `${i === 0 && s ? s : p.counts[i]} ${a}${
          a.endsWith("sh") ? "es" : a === "sheep" || a === "octopus" ? "" : "s"
        }`
      )
        .join(", ")
    }. Counting a starfish's arms as legs, how many legs are there in total?`,
  answer: (p) => String(p.animals.reduce((t, a, i) => t + LEGS[a]! * p.counts[i]!, 0)),
  check(p, answer) {
    let total = 0n;
    for (const [i, a] of p.animals.entries()) total += BigInt(LEGS[a]!) * BigInt(p.counts[i]!);
    return parseIntAnswer(answer) === total;
  },
  input: {
    describe: "the number of the first kind of animal",
    min: 0n,
    max: 10n ** 6n,
    get: (p) => BigInt(p.counts[0]!),
    set: (p, v) => ({ ...p, counts: [Number(v), ...p.counts.slice(1)] }),
  },
});
