/**
 * Sound equality decisions for scalar values and functions, each naming the method that decided:
 *
 * 1. exact rational arithmetic while the numbers are small, and an exact normal form for sums
 *    of square roots of rationals times powers of π or of e (`radical.ts`; a proof);
 * 2. modular fingerprints for huge rationals (powers, towers, factorials): different residues
 *    prove inequality; equal residues mod k random 62-bit primes give equality with the error
 *    bound of `modular.ts`, stated in the verdict, and `undecided` when that bound is not
 *    below 2^-64;
 * 3. polynomial identity testing over F_p for rational functions of symbols (Schwartz–Zippel,
 *    exact arithmetic; bound `(d/p + q)^k`, stated);
 * 4. BigInt interval arithmetic for transcendental values: disjoint intervals prove inequality;
 *    "equal" needs the intervals to overlap at 64 bits and again at a final precision of at least
 *    320 bits that exceeds twice the bit size of all numbers written in the input plus 128. This last step is numerical
 *    evidence, not a proof: it errs only for two different closed forms that agree to more bits
 *    than any number in the input carries (a near-identity such as e^{π√163} ≈ integer, 12
 *    digits, is caught far earlier). Functions of symbols that are not rational functions are
 *    compared the same way at seeded random points of both signs, near zero and larger, until
 *    each |·|, floor or sign argument has been seen on both sides of 0 (the verdict states the
 *    sampling).
 *
 * Anything these cannot settle in their bounds is `undecided` (reward 0, never correct).
 * @module
 */
import { createRng } from "../random/rng.ts";
import { checkDeadline, DeadlineExceeded } from "./deadline.ts";
import { exactValue } from "./evaluate.ts";
import { enclose, type Enclosure, IntervalContext, IntervalError } from "./interval.ts";
import {
  degreeBound,
  fingerprintPrimes,
  heightBits,
  NotModular,
  PRIME_POOL_SIZE,
  randomPoint,
  residue,
} from "./modular.ts";
import type { MathNode } from "./parse.ts";
import { radicalForm, sameRadicalForm } from "./radical.ts";

/** What a decision procedure concluded, and by which method. */
export interface Decision {
  readonly outcome: "equal" | "different" | "undecided";
  readonly reason: string;
}

/** Options shared by the decision procedures. */
export interface DecideOptions {
  /** Seed of the primes and random points (the same seed gives the same verdicts). Default 0. */
  readonly seed?: number;
  /** `performance.now()` deadline; past it the procedures throw `DeadlineExceeded`. */
  readonly deadline?: number;
}

const equal = (reason: string): Decision => ({ outcome: "equal", reason });
const different = (reason: string): Decision => ({ outcome: "different", reason });
const undecided = (reason: string): Decision => ({ outcome: "undecided", reason });

/** Error-probability target below which a probabilistic "equal" is accepted. */
const TARGET = 2 ** -64;
const MIN_PRIME = 2 ** 61;
const MAX_PRIMES = 10;

function fmt(p: number): string {
  return p === 0 ? "0" : p.toExponential(1);
}

/**
 * Compares two rational-valued constants by residues modulo seeded random primes; `null` when
 * either side is not rational-valued.
 */
function fingerprint(gold: MathNode, pred: MathNode, options: DecideOptions): Decision | null {
  if (!rationalShaped(gold) || !rationalShaped(pred)) return null;
  const h = heightBits(gold) + heightBits(pred) + 1;
  const q = h / 61 / PRIME_POOL_SIZE;
  const primes = fingerprintPrimes(options.seed ?? 0, MAX_PRIMES);
  let agreed = 0, bound = 1;
  for (const p of primes) {
    checkDeadline(options.deadline);
    let a, b;
    try {
      a = residue(gold, p, new Map(), options.deadline);
      b = residue(pred, p, new Map(), options.deadline);
    } catch (error) {
      if (error instanceof NotModular) return null;
      throw error;
    }
    if (a === "skip" || b === "skip") continue;
    if (a !== b) return different(`fingerprint: residues differ mod the prime ${p} (a proof)`);
    agreed++;
    bound = Math.min(1, q) ** agreed;
    if (bound <= TARGET && agreed >= 2) {
      return equal(`fingerprint: equal mod ${agreed} random 62-bit primes (error ≤ ${fmt(bound)})`);
    }
  }
  if (agreed === 0) {
    return undecided("fingerprint: every prime divides a denominator (division by zero?)");
  }
  return undecided(
    `fingerprint: equal mod ${agreed} primes, but the values are too large for a negligible error bound`,
  );
}

/**
 * Replaces each function application with a rational value (`\sqrt{9/4}`, `\log_2 8`, `5!`)
 * by that value, so that fingerprints can reduce the rest (`\frac{\sqrt 9}{1+i}`).
 */
function foldRational(node: MathNode): MathNode {
  switch (node.t) {
    case "fn": {
      const exact = exactValue(node);
      if (exact) return { t: "num", v: exact, float: false };
      const form = radicalForm(node);
      if (form && form.size <= 1 && [...form.keys()].every((k) => k === "1:0:0")) {
        const v = form.get("1:0:0") ?? { num: 0n, den: 1n };
        return { t: "num", v, float: false };
      }
      return { ...node, args: node.args.map(foldRational) };
    }
    case "add":
    case "mul":
      return { ...node, args: node.args.map(foldRational) };
    case "neg":
    case "percent":
      return { ...node, arg: foldRational(node.arg) };
    case "div":
      return { ...node, num: foldRational(node.num), den: foldRational(node.den) };
    case "pow":
      return { ...node, base: foldRational(node.base), exp: foldRational(node.exp) };
    default:
      return node;
  }
}

/** A cheap structural pre-check: only numbers, symbols, + − × ÷, powers, !, binomials, |·|. */
function rationalShaped(node: MathNode): boolean {
  switch (node.t) {
    case "num":
    case "sym":
      return true;
    case "const":
      return node.name === "i";
    case "add":
    case "mul":
      return node.args.every(rationalShaped);
    case "neg":
    case "percent":
      return rationalShaped(node.arg);
    case "div":
      return rationalShaped(node.num) && rationalShaped(node.den);
    case "pow":
      return rationalShaped(node.base) && rationalShaped(node.exp);
    case "fn":
      return (node.name === "factorial" || node.name === "binom" || node.name === "abs") &&
        node.args.every(rationalShaped);
    default:
      return false;
  }
}

/** Bits carried by the numbers written in a tree (literals, and exact integer powers of them). */
function literalBits(node: MathNode): number {
  switch (node.t) {
    case "num":
      return node.v.num.toString(16).length * 4 + node.v.den.toString(16).length * 4;
    case "add":
    case "mul":
    case "fn":
    case "union":
    case "rel":
      return node.args.reduce((s, a) => s + literalBits(a), 0);
    case "neg":
    case "percent":
      return literalBits(node.arg);
    case "div":
      return literalBits(node.num) + literalBits(node.den);
    case "pow": {
      const e = exactValue(node.exp);
      const base = literalBits(node.base);
      if (e && e.den === 1n) {
        return Math.abs(Number(e.num)) * Math.max(base, 1) + literalBits(node.exp);
      }
      return base * 64 + literalBits(node.exp) * 64;
    }
    default:
      return 0;
  }
}

const MAX_PRECISION = 20_000;

function precisions(gold: MathNode, pred: MathNode): { levels: number[]; capped: boolean } {
  const need = 2 * (literalBits(gold) + literalBits(pred)) + 128;
  const final = Math.max(320, Math.min(need, MAX_PRECISION));
  const levels = [64].filter((p) => p < final);
  levels.push(final);
  return { levels, capped: need > MAX_PRECISION };
}

function encloseBoth(
  gold: MathNode,
  pred: MathNode,
  prec: number,
  options: DecideOptions,
  scope?: ReadonlyMap<string, Enclosure>,
): [Enclosure, Enclosure, IntervalContext] | string {
  const ctx = new IntervalContext(prec, options.deadline);
  try {
    return [enclose(gold, ctx, scope), enclose(pred, ctx, scope), ctx];
  } catch (error) {
    if (error instanceof IntervalError) return error.message;
    if (error instanceof RangeError && !(error instanceof DeadlineExceeded)) return error.message;
    throw error;
  }
}

/** Enclosure comparison of two constants at rising precision. */
function intervals(gold: MathNode, pred: MathNode, options: DecideOptions): Decision {
  const { levels, capped } = precisions(gold, pred);
  for (const prec of levels) {
    checkDeadline(options.deadline);
    const r = encloseBoth(gold, pred, prec, options);
    if (typeof r === "string") return undecided(`intervals: cannot enclose the values (${r})`);
    const [a, b, ctx] = r;
    if (ctx.disjoint(a, b)) return different(`intervals: separated at ${prec} bits (a proof)`);
  }
  const top = levels[levels.length - 1]!;
  if (capped) {
    return undecided(
      `intervals: still overlapping at ${top} bits, below what the input's numbers need`,
    );
  }
  return equal(
    `intervals: overlap at ${
      levels.join(", ")
    } bits (numerical evidence beyond the input's precision)`,
  );
}

/** How a decimal may stand for a value: its correct rounding, or also its truncation. */
export type DecimalMode = "round" | "round-or-truncate";

/** The integers a scaled rational `n/d` may be written as: rounded (both at a tie), truncated. */
function roundings(n: bigint, d: bigint, mode: DecimalMode): bigint[] {
  if (d < 0n) [n, d] = [-n, -d];
  const floor = n >= 0n ? n / d : -((-n + d - 1n) / d);
  const twice = 2n * (n - floor * d); // 2·fractional part, in units of 1/d
  const out = twice < d ? [floor] : twice > d ? [floor + 1n] : [floor, floor + 1n];
  if (mode === "round-or-truncate") out.push(n / d); // BigInt division truncates toward zero
  return out;
}

function scaleBy(places: number): [bigint, bigint] {
  return places >= 0 ? [10n ** BigInt(places), 1n] : [1n, 10n ** BigInt(-places)];
}

/**
 * Whether the decimal `digits · 10^-places` is a correct rounding (or, with
 * `"round-or-truncate"`, a truncation) of the value of `node` at `places` decimal places.
 * Exact for rational values; by intervals at rising precision otherwise, `undecided` when the
 * value stays on a rounding boundary.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decimalRounds } from "./decide.ts";
 * import { parseMath } from "./parse.ts";
 * assert.equal(decimalRounds(parseMath("\\frac{1}{3}"), 333333n, 6).outcome, "equal");
 * assert.equal(decimalRounds(parseMath("\\frac{1}{3}"), 3333334n, 7).outcome, "different");
 * assert.equal(decimalRounds(parseMath("\\sqrt{2}"), 1414n, 3).outcome, "equal");
 * ```
 */
export function decimalRounds(
  node: MathNode,
  digits: bigint,
  places: number,
  mode: DecimalMode = "round",
  options: DecideOptions = {},
): Decision {
  const [up, down] = scaleBy(places);
  const how = mode === "round" ? "correctly rounded" : "correctly rounded or truncated";
  const exact = exactValue(node);
  if (exact) {
    return roundings(exact.num * up, exact.den * down, mode).includes(digits)
      ? equal(`exact: the decimal is the value ${how} at its ${places} places`)
      : different(`exact: the decimal is not the value ${how} at its ${places} places`);
  }
  for (const prec of [64, 256, 1024, 4096]) {
    checkDeadline(options.deadline);
    const ctx = new IntervalContext(prec, options.deadline);
    let x: Enclosure;
    try {
      x = enclose(node, ctx);
    } catch (error) {
      if (error instanceof IntervalError) {
        return undecided(`intervals: cannot enclose the value (${error.message})`);
      }
      throw error;
    }
    const lo = roundings(x.lo * up, ctx.one * down, mode);
    const hi = roundings(x.hi * up, ctx.one * down, mode);
    const inLo = lo.includes(digits), inHi = hi.includes(digits);
    if (inLo && inHi) {
      return equal(
        `intervals at ${prec} bits: the decimal is the value ${how} at ${places} places`,
      );
    }
    // the whole interval rounds elsewhere: a proof of difference
    if (!inLo && !inHi && (lo.every((r) => r < digits) === hi.every((r) => r < digits))) {
      return different(
        `intervals at ${prec} bits: the decimal is not the value ${how} at ${places} places`,
      );
    }
  }
  return undecided(`the value sits on a rounding boundary at ${places} places`);
}

/** Options for {@linkcode compareConstants}. */
export interface ConstantOptions extends DecideOptions {
  /** Compare with this tolerance instead of exactly (see `EquivalenceOptions.tolerance`). */
  readonly tolerance?: { readonly relative?: number; readonly absolute?: number };
}

/**
 * Decides whether two constant expressions are equal: exact rationals, then fingerprints, then
 * intervals (see the module doc); with `tolerance`, the user's tolerance is applied to 128-bit
 * enclosures. Decimals are exact values here; the rule for written decimals (their rounding)
 * lives in {@linkcode decimalRounds}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareConstants } from "./decide.ts";
 * import { parseMath } from "./parse.ts";
 * assert.equal(compareConstants(parseMath("10^{2100}"), parseMath("10^{2100}+1")).outcome, "different");
 * assert.equal(compareConstants(parseMath("e^{1000}"), parseMath("e^{1000}+1")).outcome, "different");
 * assert.equal(compareConstants(parseMath("\\sqrt{8}"), parseMath("2\\sqrt{2}")).outcome, "equal");
 * ```
 */
export function compareConstants(
  gold: MathNode,
  pred: MathNode,
  options: ConstantOptions = {},
): Decision {
  const eg = exactValue(gold), ep = exactValue(pred);
  if (eg && ep && !options.tolerance) {
    return eg.num === ep.num && eg.den === ep.den
      ? equal("exact: equal rationals")
      : different("exact: different rationals");
  }
  if (options.tolerance) {
    const r = encloseBoth(gold, pred, 128, options);
    if (typeof r === "string") return undecided(`intervals: cannot enclose the values (${r})`);
    const [a, b, ctx] = r;
    const x = ctx.approx(a), y = ctx.approx(b), d = Math.abs(x - y);
    const ok = d <= (options.tolerance.absolute ?? 0) ||
      d <= (options.tolerance.relative ?? 0) * Math.max(Math.abs(x), Math.abs(y));
    return ok
      ? equal("within the requested tolerance (128-bit intervals)")
      : different("outside the requested tolerance");
  }
  const ra = radicalForm(gold), rb = ra && radicalForm(pred);
  if (ra && rb) {
    const same = sameRadicalForm(ra, rb);
    if (same !== null) {
      return same
        ? equal("exact: equal normal forms in Q(√k…)[π or e]")
        : different("exact: different normal forms in Q(√k…)[π or e] (a proof)");
    }
  }
  const fp = fingerprint(foldRational(gold), foldRational(pred), options);
  if (fp) return fp;
  return intervals(gold, pred, options);
}

/**
 * Decides whether two expressions in `symbols` are the same function: an identity test over
 * F_p when both are rational functions (the imaginary unit `i` included, as a square root of
 * −1 mod p), otherwise intervals at seeded random points of both signs, near zero, around 1
 * and larger, until each |·|, floor or sign argument has been seen on both sides of 0; a point
 * where only one side is real makes the verdict `undecided`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareFunctions } from "./decide.ts";
 * import { parseMath } from "./parse.ts";
 * assert.equal(compareFunctions(parseMath("(x+1)^{1000}"), parseMath("(1+x)^{1000}"), ["x"]).outcome, "equal");
 * assert.equal(compareFunctions(parseMath("(x+1)^{60}"), parseMath("(x+1)^{60}+1"), ["x"]).outcome, "different");
 * ```
 */
export function compareFunctions(
  gold: MathNode,
  pred: MathNode,
  symbols: readonly string[],
  options: DecideOptions = {},
): Decision {
  const pit = identityTest(gold, pred, symbols, options);
  if (pit) return pit;
  return randomPoints(gold, pred, symbols, options);
}

function identityTest(
  gold: MathNode,
  pred: MathNode,
  symbols: readonly string[],
  options: DecideOptions,
): Decision | null {
  if (!rationalShaped(gold) || !rationalShaped(pred)) return null;
  const [gn, gd] = degreeBound(gold), [pn, pd] = degreeBound(pred);
  const d = Math.max(gn + pd, pn + gd);
  if (!Number.isFinite(d)) return null;
  const q = (heightBits(gold) + heightBits(pred) + 1) / 61 / PRIME_POOL_SIZE;
  const perTrial = Math.min(1, d / MIN_PRIME + q);
  const primes = fingerprintPrimes(options.seed ?? 0, MAX_PRIMES);
  let agreed = 0;
  for (let t = 0; t < primes.length; t++) {
    checkDeadline(options.deadline);
    const p = primes[t]!;
    const point = randomPoint(symbols, p, [options.seed ?? 0, t]);
    let a, b;
    try {
      a = residue(gold, p, point, options.deadline);
      b = residue(pred, p, point, options.deadline);
    } catch (error) {
      if (error instanceof NotModular) return null;
      throw error;
    }
    if (a === "skip" || b === "skip") continue;
    if (a !== b) {
      return different(
        `identity test over F_p: the expressions differ at a random point mod ${p} (a proof)`,
      );
    }
    agreed++;
    const bound = perTrial ** agreed;
    if (bound <= TARGET && agreed >= 2) {
      return equal(
        `identity test over F_p: equal at ${agreed} random points mod 62-bit primes (error ≤ ${
          fmt(bound)
        })`,
      );
    }
  }
  return agreed === 0
    ? null
    : undecided("identity test over F_p: degree too high for a negligible error bound");
}

/**
 * Magnitude bands of the sample points, drawn in turn with both signs: near zero, around 1,
 * larger. Every symbol gets its own sign at each point, so sums such as x+y take both signs.
 */
const BANDS: readonly (readonly [number, number])[] = [[0.35, 2.65], [0.001, 0.1], [3, 40]];

function pointScope(
  symbols: readonly string[],
  seed: number,
  k: number,
  ctx: IntervalContext,
  spread = 1,
): Map<string, Enclosure> {
  const rng = createRng(["interval-point", seed, k]);
  return new Map(symbols.map((s, j) => {
    const [lo, hi] = BANDS[(k + j) % BANDS.length]!;
    // the first symbol alternates its sign point by point; the others are drawn
    const negative = j === 0 ? Math.floor(k / BANDS.length) % 2 === 1 : rng.next() < 0.5;
    const magnitude = (lo + (hi - lo) * rng.next()) * spread;
    const v = BigInt(Math.round(magnitude * 2 ** 20)) * (negative ? -1n : 1n);
    return [s, ctx.rational(v, 1n << 20n)];
  }));
}

/** The arguments of |·|, floor, ceiling and sign in a tree: where it changes its formula. */
function breakpoints(node: MathNode, out: MathNode[] = []): MathNode[] {
  switch (node.t) {
    case "fn":
      if (["abs", "floor", "ceil", "sign", "sgn"].includes(node.name)) out.push(node.args[0]!);
      node.args.forEach((a) => breakpoints(a, out));
      break;
    case "add":
    case "mul":
      node.args.forEach((a) => breakpoints(a, out));
      break;
    case "neg":
    case "percent":
      breakpoints(node.arg, out);
      break;
    case "div":
      breakpoints(node.num, out);
      breakpoints(node.den, out);
      break;
    case "pow":
      breakpoints(node.base, out);
      breakpoints(node.exp, out);
      break;
  }
  return out;
}

/** Domain errors (a root or logarithm of a negative number), as opposed to size limits. */
const DOMAIN = /negative|non-positive|containing 0|not a finite real/;

function encloseOne(
  node: MathNode,
  ctx: IntervalContext,
  scope: ReadonlyMap<string, Enclosure>,
): Enclosure | string {
  try {
    return enclose(node, ctx, scope);
  } catch (error) {
    if (error instanceof IntervalError) return error.message;
    if (error instanceof RangeError && !(error instanceof DeadlineExceeded)) return error.message;
    throw error;
  }
}

/** Sample points: at least this many where both sides are real and agree. */
const MIN_POINTS = 8;
const MAX_POINTS = 30;

function randomPoints(
  gold: MathNode,
  pred: MathNode,
  symbols: readonly string[],
  options: DecideOptions,
): Decision {
  const seed = options.seed ?? 0;
  const pieces = [...breakpoints(gold), ...breakpoints(pred)];
  // for each piecewise argument: whether it was seen negative and positive at an agreeing point
  const seen = pieces.map(() => [false, false]);
  let agreed = 0, negative = 0, oneSided = 0, k = 0;
  const covered = () => seen.every(([n, p]) => n && p);
  for (; k < MAX_POINTS && (agreed < MIN_POINTS || !covered()); k++) {
    // after the regular bands, widen the range to reach breakpoints further out
    const spread = k < 18 ? 1 : 10 ** (k - 17);
    let ok = true;
    for (const prec of [64, 256]) {
      checkDeadline(options.deadline);
      const ctx = new IntervalContext(prec, options.deadline);
      const scope = pointScope(symbols, seed, k, ctx, spread);
      const a = encloseOne(gold, ctx, scope), b = encloseOne(pred, ctx, scope);
      if (typeof a === "string" || typeof b === "string") {
        // real on one side only: the two are not the same real function there
        if ((typeof a === "string") !== (typeof b === "string")) {
          if (DOMAIN.test(typeof a === "string" ? a : b as string)) oneSided++;
        }
        ok = false;
        break;
      }
      if (ctx.disjoint(a, b)) {
        return different(
          `intervals: the expressions differ at a random point (${prec} bits, a proof)`,
        );
      }
      if (prec === 64) {
        pieces.forEach((arg, i) => {
          const v = encloseOne(arg, ctx, scope);
          if (typeof v === "string") return;
          if (v.hi < 0n) seen[i]![0] = true;
          if (v.lo > 0n) seen[i]![1] = true;
        });
        if ([...scope.values()].some((v) => v.hi < 0n)) negative++;
      }
    }
    if (ok) agreed++;
  }
  if (oneSided > 0) {
    return undecided(
      `intervals: real on one side only at ${oneSided} of ${k} random points (different domains)`,
    );
  }
  if (agreed < MIN_POINTS) {
    return undecided("intervals: could not evaluate at enough random points");
  }
  const pieceNote = pieces.length === 0
    ? ""
    : covered()
    ? `, both signs of each of the ${pieces.length} |·|/floor/sign arguments among them`
    : `; some |·|/floor/sign arguments kept one sign at every point`;
  return equal(
    `intervals: agree to 256 bits at ${agreed} seeded points, ${negative} with negative values, ` +
      `drawn from ±[0.001, 0.1], ±[0.35, 2.65], ±[3, 40]${pieceNote} ` +
      `(numerical evidence, not a proof)`,
  );
}

/**
 * Decides whether two relations `G ⋈ 0` and `P ⋈ 0` (given their sides' differences) describe
 * the same set: `P = c·G` for a constant `c` (positive for inequalities). By identity testing
 * over F_p when both are rational functions, else by intervals at random points.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareProportional } from "./decide.ts";
 * import { parseMath } from "./parse.ts";
 * const g = parseMath("2x+4y-3"), p = parseMath("y-(-x/2+3/4)");
 * assert.equal(compareProportional(g, p, ["x", "y"], "any").outcome, "equal");
 * ```
 */
export function compareProportional(
  g: MathNode,
  p: MathNode,
  symbols: readonly string[],
  sign: "any" | "positive",
  options: DecideOptions = {},
): Decision {
  // sign of the factor, from one real point where both are defined and non-zero
  let ratioSign = 0;
  for (let k = 0; k < 6 && ratioSign === 0; k++) {
    const ctx = new IntervalContext(128, options.deadline);
    const r = encloseBoth(
      g,
      p,
      128,
      options,
      pointScope(symbols, (options.seed ?? 0) + 17, k, ctx),
    );
    if (typeof r === "string") continue;
    const [a, b] = r;
    const sa = a.lo > 0n ? 1 : a.hi < 0n ? -1 : 0, sb = b.lo > 0n ? 1 : b.hi < 0n ? -1 : 0;
    if (sa === 0 && sb === 0) continue;
    if (sa === 0 || sb === 0) continue;
    ratioSign = sa * sb;
  }
  if (ratioSign === 0) return undecided("could not evaluate the relations");
  if (sign === "positive" && ratioSign < 0) return different("the inequality points the other way");
  // P·G(x0) − P(x0)·G ≡ 0 ?
  const primes = fingerprintPrimes(options.seed ?? 0, MAX_PRIMES);
  const [gn, gd] = degreeBound(g), [pn, pd] = degreeBound(p);
  const d = Math.max(gn + pd, pn + gd) + 1;
  if (Number.isFinite(d)) {
    const q = (2 * (heightBits(g) + heightBits(p)) + 1) / 61 / PRIME_POOL_SIZE;
    const perTrial = Math.min(1, 2 * d / MIN_PRIME + q);
    let agreed = 0, modular = true;
    for (let t = 0; t < primes.length && modular; t++) {
      const prime = primes[t]!;
      try {
        const x0 = randomPoint(symbols, prime, [options.seed ?? 0, "rel0", t]);
        const x1 = randomPoint(symbols, prime, [options.seed ?? 0, "rel1", t]);
        const g0 = residue(g, prime, x0), p0 = residue(p, prime, x0);
        const g1 = residue(g, prime, x1), p1 = residue(p, prime, x1);
        if (g0 === "skip" || p0 === "skip" || g1 === "skip" || p1 === "skip" || g0 === 0n) continue;
        if ((p1 * g0 - p0 * g1) % prime !== 0n) {
          return different("identity test over F_p: the relations are not proportional (a proof)");
        }
        agreed++;
        const bound = perTrial ** agreed;
        if (bound <= TARGET && agreed >= 2) {
          return equal(`identity test over F_p: proportional relations (error ≤ ${fmt(bound)})`);
        }
      } catch (error) {
        if (error instanceof NotModular) modular = false;
        else throw error;
      }
    }
  }
  // intervals at random points: the ratio P/G must be the same everywhere
  let first: [Enclosure, Enclosure] | null = null, agreed = 0;
  for (let k = 0; k < 8 && agreed < 4; k++) {
    const ctx = new IntervalContext(256, options.deadline);
    const r = encloseBoth(
      g,
      p,
      256,
      options,
      pointScope(symbols, (options.seed ?? 0) + 29, k, ctx),
    );
    if (typeof r === "string") continue;
    const [a, b] = r;
    if (a.lo <= 0n && a.hi >= 0n) continue;
    if (!first) {
      first = [a, b];
      agreed++;
      continue;
    }
    // b/a vs b0/a0  ⇔  b·a0 vs b0·a
    const lhs = ctx.mul(b, first[0]), rhs = ctx.mul(first[1], a);
    if (ctx.disjoint(lhs, rhs)) {
      return different("the relations are not proportional (intervals, a proof)");
    }
    agreed++;
  }
  return agreed >= 3
    ? equal(
      "proportional at random points (intervals at 256 bits; numerical evidence, not a proof)",
    )
    : undecided("could not evaluate the relations at enough points");
}
