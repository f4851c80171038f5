/**
 * Modular fingerprints: rational-valued expressions (integers, fractions, powers, power towers,
 * factorials, binomials) and rational functions of symbols evaluated modulo large primes.
 *
 * Soundness. Two residues that differ PROVE the values differ. Equal residues are evidence:
 * - Constants. If `a ≠ b` are rationals whose numerators and denominators have at most `h`
 *   bits together, `a − b = D/E` with `0 < |D| < 2^(h+1)`, which has at most `(h+1)/61` prime
 *   factors in `[2^61, 2^62)`. The primes are drawn uniformly (rejection sampling, seeded) from
 *   the about 5.4·10^16 primes of that range, so each one divides `D` with probability at most
 *   `q = (h+1) / (61 · 5.4·10^16)`, and `k` independent primes all do with probability ≤ `q^k`.
 * - Rational functions (polynomial identity testing, Schwartz–Zippel). For `f ≠ g` with
 *   numerator degree bound `d`, a uniformly random point of `F_p^n` is a root of the difference's
 *   numerator with probability ≤ `d/p`; adding the chance that `p` divides all of its integer
 *   coefficients (bounded as above) gives the per-trial bound, and independent trials multiply.
 * Callers state the resulting bound in the verdict and refuse to call values equal when it is
 * not negligible (above 2^-64).
 * @module
 */
import { createRng } from "../random/rng.ts";
import { checkDeadline } from "./deadline.ts";
import type { MathNode } from "./parse.ts";

/** Miller–Rabin, deterministic for n < 3.3·10^24 (first 13 prime bases). */
function isPrime(n: bigint): boolean {
  if (n < 2n) return false;
  const small = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n];
  for (const p of small) if (n % p === 0n) return n === p;
  let d = n - 1n, s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  outer: for (const a of small) {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

/**
 * `base^exp mod m` for `exp >= 0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { modPow } from "./modular.ts";
 * assert.equal(modPow(10n, 2100n, 1000000007n), modPow(100n, 1050n, 1000000007n));
 * ```
 */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  let r = 1n, b = ((base % m) + m) % m, e = exp;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    e >>= 1n;
    if (e > 0n) b = (b * b) % m;
  }
  return r;
}

/**
 * Number of primes in [2^61, 2^62), about 2^61 / ln(2^62): the pool fingerprint primes are
 * drawn from, and the denominator of their error bounds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PRIME_POOL_SIZE } from "./modular.ts";
 * assert.ok(PRIME_POOL_SIZE > 5e16);
 * ```
 */
export const PRIME_POOL_SIZE = 5.4e16;

const primeCache = new Map<string, readonly bigint[]>();

/**
 * `count` primes drawn uniformly from [2^61, 2^62) by a generator seeded with `seed` (the same
 * seed gives the same primes). Memoised.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fingerprintPrimes } from "./modular.ts";
 * const ps = fingerprintPrimes(0, 3);
 * assert.equal(ps.length, 3);
 * assert.deepEqual(ps, fingerprintPrimes(0, 3));
 * assert.ok(ps.every((p) => p >= 2n ** 61n && p < 2n ** 62n));
 * ```
 */
export function fingerprintPrimes(seed: number, count: number): readonly bigint[] {
  const key = `${seed}:${count}`;
  const hit = primeCache.get(key);
  if (hit) return hit;
  const rng = createRng(["fingerprint-primes", seed]);
  const out: bigint[] = [];
  while (out.length < count) {
    const candidate = rng.bigint(1n << 61n, (1n << 62n) - 1n) | 1n;
    if (isPrime(candidate) && !out.includes(candidate)) out.push(candidate);
  }
  primeCache.set(key, out);
  return out;
}

/** A residue, or `"skip"` when a denominator vanishes modulo this prime (try another). */
export type Residue = bigint | "skip";

/**
 * Raised when an expression is not rational-valued or too large to reduce.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NotModular, residue } from "./modular.ts";
 * import { parseMath } from "./parse.ts";
 * assert.throws(() => residue(parseMath("\\sqrt{2}"), 1000000007n), NotModular);
 * ```
 */
export class NotModular extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotModular";
  }
}

class Skip extends Error {}

function inverse(a: bigint, p: bigint): bigint {
  a %= p;
  if (a < 0n) a += p;
  if (a === 0n) throw new Skip();
  return modPow(a, p - 2n, p);
}

const SQRT_MINUS_ONE = new Map<bigint, bigint | null>();

/**
 * A square root of −1 modulo the prime `p` (it exists when p ≡ 1 mod 4), or `null`. Mapping
 * the imaginary unit to it is a ring homomorphism from the Gaussian rationals to F_p, so
 * residues decide complex values with the same error bounds as real ones.
 */
function sqrtMinusOne(p: bigint): bigint | null {
  const cached = SQRT_MINUS_ONE.get(p);
  if (cached !== undefined) return cached;
  let root: bigint | null = null;
  if (p % 4n === 1n) {
    for (let c = 2n; c < 200n; c++) {
      if (modPow(c, (p - 1n) / 2n, p) === p - 1n) {
        root = modPow(c, (p - 1n) / 4n, p);
        break;
      }
    }
  }
  if (SQRT_MINUS_ONE.size > 256) SQRT_MINUS_ONE.clear();
  SQRT_MINUS_ONE.set(p, root);
  return root;
}

const MAX_EXACT_EXPONENT_BITS = 4096;
const MAX_FACTORIAL_LOOP = 250_000n;

/**
 * The exact integer value of an integer expression whose intermediates stay under `maxBits`
 * bits, or null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exactInteger } from "./modular.ts";
 * import { parseMath } from "./parse.ts";
 * assert.equal(exactInteger(parseMath("3^{3^2}")), 19683n);
 * assert.equal(exactInteger(parseMath("9^{9^9}")), null);
 * ```
 */
export function exactInteger(node: MathNode, maxBits = MAX_EXACT_EXPONENT_BITS): bigint | null {
  const cap = (v: bigint) => ((v < 0n ? -v : v).toString(16).length * 4 > maxBits ? null : v);
  switch (node.t) {
    case "num":
      return node.v.den === 1n ? node.v.num : null;
    case "neg": {
      const v = exactInteger(node.arg, maxBits);
      return v === null ? null : -v;
    }
    case "add":
    case "mul": {
      let acc = node.t === "add" ? 0n : 1n;
      for (const a of node.args) {
        const v = exactInteger(a, maxBits);
        if (v === null) return null;
        const r = cap(node.t === "add" ? acc + v : acc * v);
        if (r === null) return null;
        acc = r;
      }
      return acc;
    }
    case "pow": {
      const b = exactInteger(node.base, maxBits), e = exactInteger(node.exp, maxBits);
      if (b === null || e === null || e < 0n) return null;
      if (b === 0n || b === 1n) return e === 0n ? 1n : b;
      if (b === -1n) return e % 2n === 0n ? 1n : -1n;
      const bits = (b < 0n ? -b : b).toString(2).length;
      if (Number(e) * (bits - 1) > maxBits) return null;
      return cap(b ** e);
    }
    case "fn":
      if (node.name === "factorial") {
        const n = exactInteger(node.args[0]!, maxBits);
        if (n === null || n < 0n || n > 300n) return null;
        let r = 1n;
        for (let i = 2n; i <= n; i++) r *= i;
        return cap(r);
      }
      return null;
    default:
      return null;
  }
}

/** Whether an integer expression is structurally positive (positive literals, +, ×, powers). */
function positive(node: MathNode): boolean {
  switch (node.t) {
    case "num":
      return node.v.num > 0n;
    case "add":
    case "mul":
      return node.args.every(positive);
    case "pow":
      return positive(node.base) &&
        (exactInteger(node.exp) !== null ? exactInteger(node.exp)! >= 0n : positive(node.exp));
    case "fn":
      return node.name === "factorial";
    default:
      return false;
  }
}

/** Residues of the symbols of a rational function, for identity testing. */
export type ModScope = ReadonlyMap<string, bigint>;

/**
 * The residue of a rational-valued expression modulo the prime `p` (symbols from `scope`), or
 * `"skip"` when a denominator vanishes modulo `p`. Power towers reduce their exponents modulo
 * `p − 1` (Fermat), factorials of `n >= p` are 0. Throws {@linkcode NotModular} for anything
 * irrational (roots, π, e, functions) or too large to reduce.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fingerprintPrimes, residue } from "./modular.ts";
 * import { parseMath } from "./parse.ts";
 * const [p] = fingerprintPrimes(0, 1);
 * assert.notEqual(residue(parseMath("10^{2100}"), p!), residue(parseMath("10^{2100}+1"), p!));
 * assert.equal(residue(parseMath("\\frac{10^{3000}}{10^{2999}}"), p!), 10n);
 * ```
 */
export function residue(
  node: MathNode,
  p: bigint,
  scope: ModScope = new Map(),
  deadline?: number,
): Residue {
  try {
    return mod(node, p, scope, true, deadline);
  } catch (error) {
    if (error instanceof Skip) return "skip";
    throw error;
  }
}

function mod(
  node: MathNode,
  m: bigint,
  scope: ModScope,
  prime: boolean,
  deadline: number | undefined,
): bigint {
  const go = (n: MathNode) => mod(n, m, scope, prime, deadline);
  const norm = (v: bigint) => ((v % m) + m) % m;
  switch (node.t) {
    case "num":
      if (node.v.den === 1n) return norm(node.v.num);
      if (!prime) throw new NotModular("a fraction modulo a composite");
      return norm(node.v.num * inverse(node.v.den, m));
    case "sym": {
      const v = scope.get(node.name);
      if (v === undefined) throw new NotModular(`the symbol ${node.name} has no value`);
      return norm(v);
    }
    case "const": {
      if (node.name !== "i") throw new NotModular(`${node.name} is not a rational value`);
      if (!prime) throw new NotModular("the imaginary unit modulo a composite");
      const r = sqrtMinusOne(m);
      if (r === null) throw new Skip(); // no square root of −1 modulo this prime
      return r;
    }
    case "add":
      return node.args.reduce((acc, a) => (acc + go(a)) % m, 0n);
    case "mul":
      return node.args.reduce((acc, a) => (acc * go(a)) % m, 1n);
    case "neg":
      return norm(-go(node.arg));
    case "div":
      if (!prime) throw new NotModular("division modulo a composite");
      return (go(node.num) * inverse(go(node.den), m)) % m;
    case "percent":
      if (!prime) throw new NotModular("division modulo a composite");
      return (go(node.arg) * inverse(100n, m)) % m;
    case "pow": {
      const e = exactInteger(node.exp);
      if (e !== null) {
        const b = go(node.base);
        if (e >= 0n) return modPow(b, e, m);
        if (!prime) throw new NotModular("a negative power modulo a composite");
        return inverse(modPow(b, -e, m), m);
      }
      // a huge exponent: it must be a positive integer expression
      if (!positive(node.exp) || hasSymbol(node.exp)) {
        throw new NotModular("an exponent that is not a known positive integer");
      }
      if (!prime) throw new NotModular("a tower too deep to reduce");
      const b = go(node.base);
      if (b === 0n) return 0n;
      const r = mod(node.exp, m - 1n, scope, false, deadline);
      return modPow(b, r, m);
    }
    case "fn": {
      if (node.name === "factorial") {
        const n = exactInteger(node.args[0]!, 64);
        if (n === null) {
          if (positive(node.args[0]!) && prime && hugeInteger(node.args[0]!)) return 0n;
          throw new NotModular("a factorial of an unknown integer");
        }
        if (n < 0n) throw new NotModular("a factorial of a negative number");
        if (prime && n >= m) return 0n;
        if (n > MAX_FACTORIAL_LOOP) throw new NotModular("a factorial too large to reduce");
        let r = 1n;
        for (let i = 2n; i <= n; i++) {
          r = (r * i) % m;
          if ((i & 4095n) === 0n) checkDeadline(deadline);
        }
        return r;
      }
      if (node.name === "binom") {
        const n = exactInteger(node.args[0]!, 64), k = exactInteger(node.args[1]!, 64);
        if (n === null || k === null || n < 0n || k < 0n || n >= m || !prime) {
          throw new NotModular("a binomial outside the reducible range");
        }
        if (k > n) return 0n;
        const kk = k < n - k ? k : n - k;
        if (kk > MAX_FACTORIAL_LOOP) throw new NotModular("a binomial too large to reduce");
        let num = 1n, den = 1n;
        for (let i = 0n; i < kk; i++) {
          num = (num * (n - i)) % m;
          den = (den * (i + 1n)) % m;
          if ((i & 4095n) === 0n) checkDeadline(deadline);
        }
        return (num * inverse(den, m)) % m;
      }
      if (node.name === "abs") {
        const v = exactInteger(node.args[0]!);
        if (v !== null) return norm(v < 0n ? -v : v);
      }
      throw new NotModular(`the function ${node.name} is not rational`);
    }
    default:
      throw new NotModular(`${node.t} is not a rational value`);
  }
}

function hasSymbol(node: MathNode): boolean {
  return JSON.stringify(node, (_k, v) => (typeof v === "bigint" ? 0 : v)).includes('"t":"sym"');
}

/** An integer expression whose value is certainly at least 2^62 (it is exact-evaluated above that). */
function hugeInteger(node: MathNode): boolean {
  return exactInteger(node, 64) === null && positive(node) && !hasSymbol(node);
}

/**
 * An upper bound on the bit size (numerator and denominator together) of a rational-valued
 * expression, with each symbol counted as 1 bit: the `h` of the error bounds above. May be
 * `Infinity`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { heightBits } from "./modular.ts";
 * import { parseMath } from "./parse.ts";
 * assert.ok(heightBits(parseMath("10^{2100}")) >= 2100 * Math.log2(10));
 * ```
 */
export function heightBits(node: MathNode): number {
  switch (node.t) {
    case "num":
      return node.v.num.toString(16).length * 4 + node.v.den.toString(16).length * 4;
    case "sym":
      return 1;
    case "const":
      return node.name === "i" ? 2 : Infinity;
    case "add":
      return node.args.reduce((s, a) => s + heightBits(a) + 1, 0);
    case "mul":
      return node.args.reduce((s, a) => s + heightBits(a), 0);
    case "neg":
      return heightBits(node.arg);
    case "div":
      return heightBits(node.num) + heightBits(node.den);
    case "percent":
      return heightBits(node.arg) + 7;
    case "pow": {
      const e = exactInteger(node.exp);
      const ev = e !== null ? Number(e < 0n ? -e : e) : 2 ** heightBits(node.exp);
      return ev * heightBits(node.base);
    }
    case "fn": {
      const n = exactInteger(node.args[0]!, 64);
      const nv = n !== null ? Number(n) : 2 ** heightBits(node.args[0]!);
      if (node.name === "factorial") return nv * Math.max(1, Math.log2(nv + 1));
      if (node.name === "binom") return nv + 1;
      return heightBits(node.args[0]!);
    }
    default:
      return Infinity;
  }
}

/**
 * An upper bound on the total degree of a rational function's numerator and denominator
 * (`[numerator, denominator]`), the `d` of Schwartz–Zippel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { degreeBound } from "./modular.ts";
 * import { parseMath } from "./parse.ts";
 * assert.deepEqual(degreeBound(parseMath("(x+1)^{1000}")), [1000, 0]);
 * ```
 */
export function degreeBound(node: MathNode): [number, number] {
  switch (node.t) {
    case "sym":
      return [1, 0];
    case "add":
      return node.args.map(degreeBound).reduce((
        [n1, d1],
        [n2, d2],
      ) => [Math.max(n1 + d2, n2 + d1), d1 + d2]);
    case "mul":
      return node.args.map(degreeBound).reduce(([n1, d1], [n2, d2]) => [n1 + n2, d1 + d2]);
    case "neg":
    case "percent":
      return degreeBound(node.arg);
    case "div": {
      const [n1, d1] = degreeBound(node.num), [n2, d2] = degreeBound(node.den);
      return [n1 + d2, d1 + n2];
    }
    case "pow": {
      const e = exactInteger(node.exp);
      const [n, d] = degreeBound(node.base);
      if (e === null) return n + d === 0 ? [0, 0] : [Infinity, Infinity];
      const k = Number(e < 0n ? -e : e);
      return e < 0n ? [d * k, n * k] : [n * k, d * k];
    }
    default:
      return [0, 0];
  }
}

/**
 * Draws a residue modulo `p` for each symbol (seeded: the same seed gives the same point).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomPoint } from "./modular.ts";
 * const a = randomPoint(["x", "y"], 1000003n, [0, 1]);
 * assert.deepEqual(a, randomPoint(["x", "y"], 1000003n, [0, 1]));
 * assert.ok(a.get("x")! < 1000003n);
 * ```
 */
export function randomPoint(
  symbols: readonly string[],
  p: bigint,
  seed: unknown[],
): Map<string, bigint> {
  const rng = createRng(["identity-point", ...(seed as (number | string)[])]);
  return new Map(symbols.map((s) => [s, rng.bigint(0n, p - 1n)]));
}
