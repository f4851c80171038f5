/**
 * Arbitrary-precision interval arithmetic over BigInt, for the transcendental parts of answers
 * (`e^{1000}`, `\sqrt{2}`, `\pi`, `\sin 1`). An interval at precision `P` is a pair of integers
 * `[lo, hi]` standing for `[lo / 2^P, hi / 2^P]`; every operation rounds `lo` down and `hi` up,
 * so the true value always lies inside. Two values whose intervals are disjoint are proven
 * different; overlapping intervals prove nothing, which is why callers raise `P` and call two
 * values equal only when they keep overlapping (and say so in the verdict).
 * @module
 */
import { checkDeadline } from "./deadline.ts";
import { exactInteger as integerValue } from "./modular.ts";
import type { MathNode } from "./parse.ts";

/** A closed interval `[lo, hi] / 2^prec`. */
export interface Enclosure {
  readonly lo: bigint;
  readonly hi: bigint;
}

/**
 * Raised when a value cannot be enclosed: outside a function's domain, or too large.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IntervalContext, IntervalError } from "./interval.ts";
 * const ctx = new IntervalContext(64);
 * assert.throws(() => ctx.log(ctx.rational(-1n, 1n)), IntervalError);
 * ```
 */
export class IntervalError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "IntervalError";
  }
}

/** Largest magnitude (in bits above the binary point) an enclosure may reach. */
const MAX_MAGNITUDE_BITS = 30_000;

function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  if (x < 0x20000000000000n) {
    const n = Number(x);
    return n < 2 ** 32 ? 32 - Math.clz32(n) : 64 - Math.clz32(Math.floor(n / 2 ** 32));
  }
  const hex = x.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}
function floorDiv(a: bigint, b: bigint): bigint {
  if (b < 0n) [a, b] = [-a, -b];
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}
function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}
function isqrt(n: bigint): bigint {
  if (n < 0n) throw new IntervalError("square root of a negative number");
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Memoised constants by precision (pure caches: the same precision gives the same bits). */
const PI = new Map<number, bigint>();
const LN2 = new Map<number, bigint>();
const LIMITS = new Map<number, bigint>();

/**
 * Interval arithmetic at one precision `prec` (bits after the binary point), with memoised
 * constants; an optional `deadline` is checked in long loops.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IntervalContext } from "./interval.ts";
 * const ctx = new IntervalContext(128);
 * const two = ctx.rational(2n, 1n);
 * const root = ctx.sqrt(two);
 * const square = ctx.mul(root, root);
 * assert.ok(square.lo <= 2n * ctx.one && 2n * ctx.one <= square.hi);
 * assert.ok(ctx.disjoint(ctx.pi(), ctx.rational(22n, 7n)));
 * ```
 */
export class IntervalContext {
  readonly prec: number;
  readonly one: bigint;
  private readonly limit: bigint;
  readonly deadline: number | undefined;

  constructor(prec: number, deadline?: number) {
    this.prec = prec;
    this.one = 1n << BigInt(prec);
    let limit = LIMITS.get(prec);
    if (limit === undefined) {
      limit = 1n << BigInt(prec + MAX_MAGNITUDE_BITS);
      if (LIMITS.size > 64) LIMITS.clear();
      LIMITS.set(prec, limit);
    }
    this.limit = limit;
    this.deadline = deadline;
  }

  /** The interval of a rational `num/den`. */
  rational(num: bigint, den: bigint): Enclosure {
    if (den < 0n) [num, den] = [-num, -den];
    const scaled = num << BigInt(this.prec);
    return this.check({ lo: floorDiv(scaled, den), hi: ceilDiv(scaled, den) });
  }

  private check(x: Enclosure): Enclosure {
    if (x.lo <= -this.limit || x.hi >= this.limit) {
      throw new IntervalError(`a value beyond 2^${MAX_MAGNITUDE_BITS}`);
    }
    return x;
  }

  add(a: Enclosure, b: Enclosure): Enclosure {
    return this.check({ lo: a.lo + b.lo, hi: a.hi + b.hi });
  }
  neg(a: Enclosure): Enclosure {
    return { lo: -a.hi, hi: -a.lo };
  }
  mul(a: Enclosure, b: Enclosure): Enclosure {
    const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
    let min = p[0]!, max = p[0]!;
    for (const v of p) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return this.check({ lo: floorDiv(min, this.one), hi: ceilDiv(max, this.one) });
  }
  div(a: Enclosure, b: Enclosure): Enclosure {
    if (b.lo <= 0n && b.hi >= 0n) throw new IntervalError("division by an interval containing 0");
    const s = BigInt(this.prec);
    const lo = [a.lo, a.hi].flatMap((x) => [b.lo, b.hi].map((y) => floorDiv(x << s, y)));
    const hi = [a.lo, a.hi].flatMap((x) => [b.lo, b.hi].map((y) => ceilDiv(x << s, y)));
    return this.check({
      lo: lo.reduce((m, v) => (v < m ? v : m)),
      hi: hi.reduce((m, v) => (v > m ? v : m)),
    });
  }
  abs(a: Enclosure): Enclosure {
    if (a.lo >= 0n) return a;
    if (a.hi <= 0n) return this.neg(a);
    return { lo: 0n, hi: -a.lo > a.hi ? -a.lo : a.hi };
  }
  /** `a^n` for an integer `n` (negative powers by reciprocal). */
  powInt(a: Enclosure, n: bigint): Enclosure {
    if (n < 0n) return this.div({ lo: this.one, hi: this.one }, this.powInt(a, -n));
    if (n === 0n) return { lo: this.one, hi: this.one };
    if (n % 2n === 0n) {
      const h = this.abs(a);
      const r = this.powInt(h, n / 2n);
      return this.mul(r, r);
    }
    // odd powers are monotone
    let result: Enclosure = { lo: this.one, hi: this.one }, base = a, e = n;
    if (a.lo >= 0n || a.hi <= 0n) {
      while (e > 0n) {
        checkDeadline(this.deadline);
        if (e & 1n) result = this.mul(result, base);
        e >>= 1n;
        if (e > 0n) base = this.mul(base, base);
      }
      return result;
    }
    const lo = this.powInt({ lo: a.lo, hi: a.lo }, n), hi = this.powInt({ lo: a.hi, hi: a.hi }, n);
    return { lo: lo.lo, hi: hi.hi };
  }
  sqrt(a: Enclosure): Enclosure {
    if (a.hi < 0n) throw new IntervalError("square root of a negative number");
    const s = BigInt(this.prec);
    const lo = a.lo <= 0n ? 0n : isqrt(a.lo << s);
    return { lo, hi: isqrt(a.hi << s) + 1n };
  }

  // --- point functions at a working precision, with a rigorous error of a few ulps ---

  /** Runs a point function with `guard` extra bits and widens the result by its error. */
  private monotone(
    a: Enclosure,
    guard: number,
    f: (x: bigint, w: number) => bigint,
    increasing: boolean,
  ): Enclosure {
    const g = BigInt(guard), w = this.prec + guard;
    const at = (x: bigint) => f(x << g, w);
    const slack = 64n; // ulps at the working precision, far above any point function's error
    const flo = at(a.lo), fhi = a.lo === a.hi ? flo : at(a.hi);
    const [l, h] = increasing ? [flo, fhi] : [fhi, flo];
    return this.check({
      lo: floorDiv(l - slack, 1n << g) - 1n,
      hi: ceilDiv(h + slack, 1n << g) + 1n,
    });
  }

  private lipschitz(
    a: Enclosure,
    guard: number,
    f: (x: bigint, w: number) => bigint,
    bound: bigint,
  ): Enclosure {
    const g = BigInt(guard), w = this.prec + guard;
    const mid = (a.lo + a.hi) >> 1n;
    const rad = (a.hi - a.lo + 1n) * bound;
    const v = f(mid << g, w);
    return {
      lo: floorDiv(v - 64n, 1n << g) - rad - 1n,
      hi: ceilDiv(v + 64n, 1n << g) + rad + 1n,
    };
  }

  private expPoint(x: bigint, w: number): bigint {
    const one = 1n << BigInt(w);
    if (x < 0n) {
      const p = this.expPoint(-x, w);
      return (one * one) / p;
    }
    const s = Math.max(0, bitLength(x) - w + 2);
    const t = x >> BigInt(s);
    let sum = one, term = one;
    for (let k = 1n; term !== 0n; k++) {
      term = (term * t) / (k * one);
      sum += term;
    }
    for (let i = 0; i < s; i++) {
      checkDeadline(this.deadline);
      sum = (sum * sum) >> BigInt(w);
    }
    return sum;
  }

  exp(a: Enclosure): Enclosure {
    const mag = Number(bitLength(a.hi > -a.lo ? a.hi : -a.lo)) - this.prec;
    const maxArg = mag > 0 ? 2 ** mag : 1;
    if (maxArg > 4096) throw new IntervalError("exponential too large");
    const s = Math.max(0, mag + 2);
    const guard = 48 + s + (a.hi > 0n ? Math.ceil(1.443 * maxArg) : 0);
    return this.monotone(a, guard, (x, w) => this.expPoint(x, w), true);
  }

  private atanhInv(n: bigint, w: number): bigint {
    // atanh(1/n) = sum 1/((2k+1) n^(2k+1))
    const one = 1n << BigInt(w);
    let term = one / n, sum = 0n;
    const n2 = n * n;
    for (let k = 1n; term !== 0n; k += 2n) {
      sum += term / k;
      term /= n2;
    }
    return sum;
  }

  private ln2(w: number): bigint {
    let v = LN2.get(w);
    if (v === undefined) {
      v = 2n * this.atanhInv(3n, w);
      if (LN2.size > 64) LN2.clear();
      LN2.set(w, v);
    }
    return v;
  }

  private logPoint(x: bigint, w: number): bigint {
    if (x <= 0n) throw new IntervalError("logarithm of a non-positive number");
    const one = 1n << BigInt(w);
    const b = bitLength(x) - w - 1;
    const m = b >= 0 ? x >> BigInt(b) : x << BigInt(-b);
    const z = ((m - one) << BigInt(w)) / (m + one);
    const z2 = (z * z) >> BigInt(w);
    let term = z, sum = 0n;
    for (let k = 1n; term !== 0n; k += 2n) {
      sum += term / k;
      term = (term * z2) >> BigInt(w);
    }
    return BigInt(b) * this.ln2(w) + 2n * sum;
  }

  log(a: Enclosure): Enclosure {
    if (a.lo <= 0n) throw new IntervalError("logarithm of a value that may be non-positive");
    const guard = 48 + bitLength(BigInt(bitLength(a.hi) + this.prec));
    // the argument may be tiny: extra guard so that 1/x amplification stays covered
    const tiny = Math.max(0, this.prec - bitLength(a.lo) + 1);
    return this.monotone(a, guard + tiny, (x, w) => this.logPoint(x, w), true);
  }

  private atanPoint(x: bigint, w: number): bigint {
    const one = 1n << BigInt(w), W = BigInt(w);
    if (x < 0n) return -this.atanPoint(-x, w);
    if (x > one) return this.piPoint(w) / 2n - this.atanPoint((one * one) / x, w);
    let y = x;
    for (let i = 0; i < 2; i++) y = (y << W) / (one + isqrt(one * one + y * y));
    const y2 = (y * y) >> W;
    let term = y, sum = 0n, sign = 1n;
    for (let k = 1n; term !== 0n; k += 2n) {
      sum += sign * (term / k);
      term = (term * y2) >> W;
      sign = -sign;
    }
    return 4n * sum;
  }

  private piPoint(w: number): bigint {
    const cached = PI.get(w);
    if (cached !== undefined) return cached;
    const W = w + 20;
    const one = 1n << BigInt(W);
    const atanInv = (n: bigint) => {
      let term = one / n, sum = 0n, sign = 1n;
      const n2 = n * n;
      for (let k = 1n; term !== 0n; k += 2n) {
        sum += sign * (term / k);
        term /= n2;
        sign = -sign;
      }
      return sum;
    };
    const v = (16n * atanInv(5n) - 4n * atanInv(239n)) >> 20n;
    if (PI.size > 64) PI.clear();
    PI.set(w, v);
    return v;
  }

  /** π as an interval. */
  pi(): Enclosure {
    const v = this.piPoint(this.prec);
    return { lo: v - 2n, hi: v + 2n };
  }

  atan(a: Enclosure): Enclosure {
    return this.monotone(a, 48, (x, w) => this.atanPoint(x, w), true);
  }

  private sinCosPoint(x: bigint, w: number): [bigint, bigint] {
    const one = 1n << BigInt(w), W = BigInt(w);
    const s = Math.max(0, bitLength(x) - w + 3);
    const t = x >> BigInt(s);
    let sin = 0n, cos = 0n, term = one;
    // term_k = t^k / k!
    for (let k = 0n; term !== 0n; k++) {
      if (k % 4n === 0n) cos += term;
      else if (k % 4n === 1n) sin += term;
      else if (k % 4n === 2n) cos -= term;
      else sin -= term;
      term = (term * t) / ((k + 1n) * one);
    }
    for (let i = 0; i < s; i++) {
      [sin, cos] = [(2n * sin * cos) >> W, ((2n * cos * cos) >> W) - one];
    }
    return [sin, cos];
  }

  private trigGuard(a: Enclosure): number {
    const mag = bitLength(a.hi > -a.lo ? a.hi : -a.lo) - this.prec;
    if (mag > 40) throw new IntervalError("trigonometric argument too large");
    return 48 + 2 * Math.max(0, mag + 3);
  }

  sin(a: Enclosure): Enclosure {
    return this.clampUnit(
      this.lipschitz(a, this.trigGuard(a), (x, w) => this.sinCosPoint(x, w)[0], 1n),
    );
  }
  cos(a: Enclosure): Enclosure {
    return this.clampUnit(
      this.lipschitz(a, this.trigGuard(a), (x, w) => this.sinCosPoint(x, w)[1], 1n),
    );
  }
  private clampUnit(a: Enclosure): Enclosure {
    return { lo: a.lo < -this.one ? -this.one : a.lo, hi: a.hi > this.one ? this.one : a.hi };
  }

  /** `1 − a²` (for arcsin and arccos). */
  sub1(a: Enclosure): Enclosure {
    return this.add({ lo: this.one, hi: this.one }, this.neg(this.powInt(a, 2n)));
  }

  /** Whether two intervals are disjoint (the values are proven different). */
  disjoint(a: Enclosure, b: Enclosure): boolean {
    return a.hi < b.lo || b.hi < a.lo;
  }
  /** The midpoint as a float (for tolerance comparisons the user asked for). */
  approx(a: Enclosure): number {
    const mid = (a.lo + a.hi) / 2n;
    const shift = Math.max(0, bitLength(mid) - 60);
    return Number(mid >> BigInt(shift)) * 2 ** (shift - this.prec);
  }
}

/** Symbol values for {@linkcode enclose}: each symbol's interval. */
export type IntervalScope = ReadonlyMap<string, Enclosure>;

function exactInteger(node: MathNode): bigint | null {
  if (node.t === "num" && node.v.den === 1n) return node.v.num;
  if (node.t === "neg") {
    const v = exactInteger(node.arg);
    return v === null ? null : -v;
  }
  return null;
}

function rationalOf(node: MathNode): { num: bigint; den: bigint } | null {
  if (node.t === "num") return node.v;
  if (node.t === "neg") {
    const v = rationalOf(node.arg);
    return v && { num: -v.num, den: v.den };
  }
  if (node.t === "div") {
    const a = rationalOf(node.num), b = rationalOf(node.den);
    return a && b && b.num !== 0n ? { num: a.num * b.den, den: a.den * b.num } : null;
  }
  return null;
}

/**
 * Encloses the value of a real expression tree in an interval at the context's precision
 * (numbers, symbols from `scope`, π, e, + − × ÷, powers, roots, exp, log, trigonometric and
 * hyperbolic functions, |x|, small factorials and binomials). Throws {@linkcode IntervalError}
 * outside a domain or beyond the size limits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { enclose, IntervalContext } from "./interval.ts";
 * import { parseMath } from "./parse.ts";
 * const ctx = new IntervalContext(64);
 * const a = enclose(parseMath("\\sqrt{8}"), ctx), b = enclose(parseMath("2\\sqrt{2}"), ctx);
 * assert.ok(!ctx.disjoint(a, b));
 * assert.ok(ctx.disjoint(enclose(parseMath("\\pi"), ctx), enclose(parseMath("355/113"), ctx)));
 * ```
 */
export function enclose(
  node: MathNode,
  ctx: IntervalContext,
  scope: IntervalScope = new Map(),
): Enclosure {
  const go = (n: MathNode) => enclose(n, ctx, scope);
  switch (node.t) {
    case "num":
      return ctx.rational(node.v.num, node.v.den);
    case "sym": {
      const v = scope.get(node.name);
      if (!v) throw new IntervalError(`no value for the symbol ${node.name}`);
      return v;
    }
    case "const":
      if (node.name === "pi") return ctx.pi();
      if (node.name === "e") return ctx.exp({ lo: ctx.one, hi: ctx.one });
      throw new IntervalError(`${node.name} is not a finite real number`);
    case "add":
      return node.args.map(go).reduce((a, b) => ctx.add(a, b));
    case "mul":
      return node.args.map(go).reduce((a, b) => ctx.mul(a, b));
    case "neg":
      return ctx.neg(go(node.arg));
    case "div":
      return ctx.div(go(node.num), go(node.den));
    case "percent":
      return ctx.div(go(node.arg), ctx.rational(100n, 1n));
    case "pow": {
      if (node.base.t === "const" && node.base.name === "e") return ctx.exp(go(node.exp));
      const n = integerValue(node.exp, 64);
      if (n !== null) {
        if (n > 1_000_000n || n < -1_000_000n) throw new IntervalError("exponent too large");
        return ctx.powInt(go(node.base), n);
      }
      const r = rationalOf(node.exp);
      const base = go(node.base);
      if (r && r.den % 2n === 1n && base.hi < 0n) {
        // odd roots of negative numbers are real: (-8)^(1/3) = -2
        const m = ctx.exp(
          ctx.div(
            ctx.mul(ctx.log(ctx.neg(base)), ctx.rational(r.num, 1n)),
            ctx.rational(r.den, 1n),
          ),
        );
        return r.num % 2n === 0n ? m : ctx.neg(m);
      }
      return ctx.exp(ctx.mul(go(node.exp), ctx.log(base)));
    }
    case "fn":
      return fn(node.name, node.args, ctx, go);
    default:
      throw new IntervalError(`${node.t} is not a real number`);
  }
}

function fn(
  name: string,
  args: readonly MathNode[],
  ctx: IntervalContext,
  go: (n: MathNode) => Enclosure,
): Enclosure {
  const x = () => go(args[0]!);
  const one = { lo: ctx.one, hi: ctx.one };
  switch (name) {
    case "sqrt":
      return ctx.sqrt(x());
    case "root": {
      const n = exactInteger(args[1]!);
      const v = x();
      if (n === 2n) return ctx.sqrt(v);
      if (n !== null && n > 0n) {
        if (v.hi < 0n && n % 2n === 1n) {
          return ctx.neg(ctx.exp(ctx.div(ctx.log(ctx.neg(v)), ctx.rational(n, 1n))));
        }
        return ctx.exp(ctx.div(ctx.log(v), ctx.rational(n, 1n)));
      }
      return ctx.exp(ctx.div(ctx.log(v), go(args[1]!)));
    }
    case "exp":
      return ctx.exp(x());
    case "ln":
      return ctx.log(x());
    case "log":
      return args.length === 2 ? ctx.div(ctx.log(x()), ctx.log(go(args[1]!))) : ctx.log(x());
    case "log10":
      return ctx.div(ctx.log(x()), ctx.log(ctx.rational(10n, 1n)));
    case "abs":
      return ctx.abs(x());
    case "sin":
      return ctx.sin(x());
    case "cos":
      return ctx.cos(x());
    case "tan":
      return ctx.div(ctx.sin(x()), ctx.cos(x()));
    case "sec":
      return ctx.div(one, ctx.cos(x()));
    case "csc":
      return ctx.div(one, ctx.sin(x()));
    case "cot":
      return ctx.div(ctx.cos(x()), ctx.sin(x()));
    case "arctan":
      return ctx.atan(x());
    case "arcsin":
    case "arccos": {
      const v = x();
      const inner = ctx.sub1(v);
      const s = ctx.atan(ctx.div(v, ctx.sqrt(inner)));
      if (name === "arcsin") return s;
      const half = ctx.div(ctx.pi(), ctx.rational(2n, 1n));
      return ctx.add(half, ctx.neg(s));
    }
    case "sinh":
    case "cosh":
    case "tanh": {
      const a = ctx.exp(x()), b = ctx.div(one, a);
      const plus = ctx.add(a, b), minus = ctx.add(a, ctx.neg(b));
      const two = ctx.rational(2n, 1n);
      return name === "sinh"
        ? ctx.div(minus, two)
        : name === "cosh"
        ? ctx.div(plus, two)
        : ctx.div(minus, plus);
    }
    case "factorial":
    case "binom": {
      const ints = args.map(exactInteger);
      if (ints.some((v) => v === null || v < 0n || v > 5000n)) {
        throw new IntervalError(`${name} needs small non-negative integers`);
      }
      const [n, k] = ints as bigint[];
      let r = 1n;
      if (name === "factorial") { for (let i = 2n; i <= n!; i++) r *= i; }
      else {
        if (k! > n!) return ctx.rational(0n, 1n);
        for (let i = 0n; i < k!; i++) r = (r * (n! - i)) / (i + 1n);
      }
      return ctx.rational(r, 1n);
    }
    case "floor":
    case "ceil": {
      const v = x();
      const round = name === "floor" ? floorDiv : ceilDiv;
      const lo = round(v.lo, ctx.one), hi = round(v.hi, ctx.one);
      if (lo !== hi) throw new IntervalError(`${name} at an integer boundary`);
      return ctx.rational(lo, 1n);
    }
    default:
      throw new IntervalError(`unsupported function ${name}`);
  }
}
