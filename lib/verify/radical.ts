/**
 * An exact normal form for sums of square roots of rationals times powers of one transcendental
 * constant (π or e): `Σ c · √k · π^j` with rational `c`, square-free integer `k` (negative `k`
 * standing for `i·√|k|`, so the imaginary unit is `√-1`) and integer `j`.
 *
 * Soundness: square roots of distinct square-free integers (−1 and its products included) are
 * linearly independent over Q, and
 * π (likewise e) is transcendental over the field they generate, so the monomials `√k · π^j` are
 * linearly independent over Q. Two values are therefore equal exactly when their normal forms are
 * equal: a proof either way. π and e together are rejected (their algebraic independence is an
 * open problem), as are nested radicals and radicands whose square-free part cannot be found by
 * trial division.
 * @module
 */
import { addRational, mulRational, type Rational, rational } from "../exact/rational.ts";
import { exactValue } from "./evaluate.ts";
import type { MathNode } from "./parse.ts";

/** A normal form: monomial key `"k:j:m"` (√k · π^j · e^m) → non-zero rational coefficient. */
export type RadicalForm = ReadonlyMap<string, Rational>;

const MAX_TERMS = 64;
const MAX_RADICAND = 1e12;

function key(k: number, j: number, m: number): string {
  return `${k}:${j}:${m}`;
}
function parseKey(s: string): [number, number, number] {
  const [k, j, m] = s.split(":").map(Number);
  return [k!, j!, m!];
}

function add(a: RadicalForm, b: RadicalForm): Map<string, Rational> | null {
  const out = new Map(a);
  for (const [k, v] of b) {
    const sum = out.has(k) ? addRational(out.get(k)!, v) : v;
    if (sum.num === 0n) out.delete(k);
    else out.set(k, sum);
  }
  return out.size > MAX_TERMS ? null : out;
}

function scale(a: RadicalForm, c: Rational): Map<string, Rational> {
  const out = new Map<string, Rational>();
  if (c.num === 0n) return out;
  for (const [k, v] of a) out.set(k, mulRational(v, c));
  return out;
}

/** Square-free decomposition n = s² · k by trial division (n ≤ 10^12), or null. */
function squareFree(n: number): [number, number] | null {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_RADICAND) return null;
  let s = 1, k = 1, rest = n;
  for (let d = 2; d * d <= rest; d++) {
    let e = 0;
    while (rest % d === 0) {
      rest /= d;
      e++;
    }
    if (e) {
      s *= d ** Math.floor(e / 2);
      if (e % 2) k *= d;
    }
  }
  return [s, k * rest];
}

function mul(a: RadicalForm, b: RadicalForm): Map<string, Rational> | null {
  if (a.size * b.size > MAX_TERMS * 4) return null;
  let out: Map<string, Rational> | null = new Map();
  for (const [ka, va] of a) {
    const [k1, j1, m1] = parseKey(ka);
    for (const [kb, vb] of b) {
      const [k2, j2, m2] = parseKey(kb);
      // a negative k stands for i·√|k|: i√a · i√b = −√(ab)
      const sf = squareFree(Math.abs(k1 * k2));
      if (!sf) return null;
      const imaginary = (k1 < 0) !== (k2 < 0), both = k1 < 0 && k2 < 0;
      const term = new Map([[
        key(imaginary ? -sf[1] : sf[1], j1 + j2, m1 + m2),
        mulRational(mulRational(va, vb), rational(BigInt(both ? -sf[0] : sf[0]))),
      ]]);
      out = add(out, term);
      if (!out) return null;
    }
  }
  return out;
}

function inverse(a: RadicalForm): Map<string, Rational> | null {
  if (a.size !== 1) return null; // only monomials are inverted here
  const [k, v] = [...a][0]!;
  const [r, j, m] = parseKey(k);
  // 1 / (c √r π^j e^m) = √r / (c r) · π^-j · e^-m; 1 / (c i√r …) = −i√r / (c r) · …
  if (r < 0) return new Map([[key(r, -j, -m), rational(-v.den, v.num * BigInt(-r))]]);
  return new Map([[key(r, -j, -m), rational(v.den, v.num * BigInt(r))]]);
}

const one = (): Map<string, Rational> => new Map([[key(1, 0, 0), rational(1n)]]);

/**
 * The normal form of a constant expression, or `null` outside the class (see the module doc).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { radicalForm, sameRadicalForm } from "./radical.ts";
 * import { parseMath } from "./parse.ts";
 * const a = radicalForm(parseMath("3\\sqrt{5}+\\frac{\\pi}{3}"))!;
 * const b = radicalForm(parseMath("\\frac{\\pi}{3}+\\sqrt{45}"))!;
 * assert.ok(sameRadicalForm(a, b));
 * assert.ok(!sameRadicalForm(a, radicalForm(parseMath("\\frac{\\pi}{3}+\\sqrt{46}"))!));
 * ```
 */
export function radicalForm(node: MathNode): RadicalForm | null {
  switch (node.t) {
    case "num":
      return node.v.num === 0n ? new Map() : new Map([[key(1, 0, 0), node.v]]);
    case "const":
      if (node.name === "pi") return new Map([[key(1, 1, 0), rational(1n)]]);
      if (node.name === "e") return new Map([[key(1, 0, 1), rational(1n)]]);
      if (node.name === "i") return new Map([[key(-1, 0, 0), rational(1n)]]);
      return null;
    case "neg": {
      const a = radicalForm(node.arg);
      return a && scale(a, rational(-1n));
    }
    case "percent": {
      const a = radicalForm(node.arg);
      return a && scale(a, rational(1n, 100n));
    }
    case "add": {
      let acc: Map<string, Rational> | null = new Map();
      for (const x of node.args) {
        const v = radicalForm(x);
        if (!v || !acc) return null;
        acc = add(acc, v);
      }
      return acc;
    }
    case "mul": {
      let acc: Map<string, Rational> | null = one();
      for (const x of node.args) {
        const v = radicalForm(x);
        if (!v || !acc) return null;
        acc = mul(acc, v);
      }
      return acc;
    }
    case "div": {
      const n = radicalForm(node.num), d = radicalForm(node.den);
      const inv = d && inverse(d);
      return n && inv ? mul(n, inv) : null;
    }
    case "pow": {
      const e = node.exp.t === "num"
        ? node.exp.v
        : node.exp.t === "neg" && node.exp.arg.t === "num"
        ? { num: -node.exp.arg.v.num, den: node.exp.arg.v.den }
        : null;
      if (!e) return null;
      const base = radicalForm(node.base);
      if (!base) return null;
      if (e.den === 2n) {
        // x^(n/2) = sqrt(x)^n
        return radicalForm({
          t: "pow",
          base: { t: "fn", name: "sqrt", args: [node.base] },
          exp: { t: "num", v: rational(e.num), float: false },
        });
      }
      if (e.den !== 1n || e.num > 64n || e.num < -64n) return null;
      let acc: Map<string, Rational> | null = one();
      const b = e.num < 0n ? inverse(base) : base;
      if (!b) return null;
      for (let i = 0n; i < (e.num < 0n ? -e.num : e.num); i++) {
        acc = mul(acc!, b);
        if (!acc) return null;
      }
      return acc;
    }
    case "fn": {
      const exact = exactValue(node);
      if (exact) return exact.num === 0n ? new Map() : new Map([[key(1, 0, 0), exact]]);
      if (
        node.name !== "sqrt" &&
        !(node.name === "root" && node.args[1]?.t === "num" && node.args[1].v.num === 2n &&
          node.args[1].v.den === 1n)
      ) {
        return node.name === "abs" ? absForm(node.args[0]!) : null;
      }
      const inner = radicalForm(node.args[0]!);
      if (!inner) return null;
      if (inner.size === 0) return new Map();
      if (inner.size !== 1 || !inner.has(key(1, 0, 0))) return null;
      const v = inner.get(key(1, 0, 0))!;
      const n = Number((v.num < 0n ? -v.num : v.num) * v.den);
      const sf = squareFree(n);
      if (!sf) return null;
      // √(p/q) = √(pq)/q = s/q · √k; the principal root of a negative number is i·√|·|
      return new Map([[key(v.num < 0n ? -sf[1] : sf[1], 0, 0), rational(BigInt(sf[0]), v.den)]]);
    }
    default:
      return null;
  }
}

function absForm(node: MathNode): RadicalForm | null {
  const v = radicalForm(node);
  if (!v || v.size > 1) return null;
  if (v.size === 0) return v;
  const [k, c] = [...v][0]!;
  const [r, j, m] = parseKey(k);
  return new Map([[key(Math.abs(r), j, m), c.num < 0n ? { num: -c.num, den: c.den } : c]]);
}

/**
 * Whether two normal forms are equal (a proof either way), or `null` when π and e are mixed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { radicalForm, sameRadicalForm } from "./radical.ts";
 * import { parseMath } from "./parse.ts";
 * const f = (s: string) => radicalForm(parseMath(s))!;
 * assert.equal(sameRadicalForm(f("\\frac{1}{\\sqrt{2}}"), f("\\frac{\\sqrt{2}}{2}")), true);
 * assert.equal(sameRadicalForm(f("\\pi"), f("e")), null);
 * ```
 */
export function sameRadicalForm(a: RadicalForm, b: RadicalForm): boolean | null {
  let pi = false, e = false;
  for (const k of [...a.keys(), ...b.keys()]) {
    const [, j, m] = parseKey(k);
    if (j !== 0) pi = true;
    if (m !== 0) e = true;
  }
  if (pi && e) return null;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.num !== v.num || w.den !== v.den) return false;
  }
  return true;
}
