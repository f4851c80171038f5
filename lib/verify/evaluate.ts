/**
 * Exact and numeric evaluation of expression trees, bounded in size.
 * @module
 */
import { compile, type EvalFunction } from "mathjs";
import {
  addRational,
  divRational,
  mulRational,
  type Rational,
  rational,
} from "../exact/rational.ts";
import { type MathNode, show } from "./parse.ts";

/** Largest number of decimal digits an exact intermediate may have before evaluation gives up. */
export const MAX_EXACT_DIGITS = 2000;

const tooBig = (r: Rational) =>
  r.num.toString().length + r.den.toString().length > 2 * MAX_EXACT_DIGITS;

/**
 * The exact rational value of a tree made only of numbers, + − × ÷, integer powers and
 * percentages; `null` for anything else (symbols, roots, π) or when an intermediate would exceed
 * {@linkcode MAX_EXACT_DIGITS} digits (so `5^(5^(5^5))` returns `null` at once instead of hanging).
 *
 * @example
 * ```ts
 * import { exactValue } from "./evaluate.ts";
 * import { parseMath } from "./parse.ts";
 * exactValue(parseMath("\\frac{1}{2}+0.25")); // { num: 3n, den: 4n }
 * ```
 */
export function exactValue(node: MathNode): Rational | null {
  switch (node.t) {
    case "num":
      return node.v;
    case "neg": {
      const v = exactValue(node.arg);
      return v && { num: -v.num, den: v.den };
    }
    case "add": {
      let acc = rational(0n);
      for (const a of node.args) {
        const v = exactValue(a);
        if (!v) return null;
        acc = addRational(acc, v);
        if (tooBig(acc)) return null;
      }
      return acc;
    }
    case "mul": {
      let acc = rational(1n);
      for (const a of node.args) {
        const v = exactValue(a);
        if (!v) return null;
        acc = mulRational(acc, v);
        if (tooBig(acc)) return null;
      }
      return acc;
    }
    case "div": {
      const n = exactValue(node.num), d = exactValue(node.den);
      if (!n || !d || d.num === 0n) return null;
      return divRational(n, d);
    }
    case "pow": {
      const b = exactValue(node.base), e = exactValue(node.exp);
      if (!b || !e || e.den !== 1n) return null;
      const absE = e.num < 0n ? -e.num : e.num;
      if (b.num === 0n && e.num < 0n) return null;
      if (b.num === 0n || b.num === b.den || absE === 0n) {
        return absE === 0n ? rational(1n) : b.num === 0n ? rational(0n) : b;
      }
      if (b.num === -b.den) return rational(absE % 2n === 0n ? 1n : -1n);
      const digits = Math.max(b.num.toString().length, b.den.toString().length);
      if (absE > 100000n || Number(absE) * digits > MAX_EXACT_DIGITS) return null;
      const p = rational(b.num ** absE, b.den ** absE);
      return e.num < 0n ? divRational(rational(1n), p) : p;
    }
    case "percent": {
      const v = exactValue(node.arg);
      return v && divRational(v, rational(100n));
    }
    case "fn":
      if (node.name === "abs") {
        const v = exactValue(node.args[0]!);
        return v && { num: v.num < 0n ? -v.num : v.num, den: v.den };
      }
      if (node.name === "factorial") {
        const v = exactValue(node.args[0]!);
        if (!v || v.den !== 1n || v.num < 0n || v.num > 100n) return null;
        let r = 1n;
        for (let k = 2n; k <= v.num; k++) r *= k;
        return rational(r);
      }
      if (node.name === "log" && node.args.length === 2) {
        // log_b(b^k) = k for rational b > 0, b ≠ 1 and an integer k
        const x = exactValue(node.args[0]!), b = exactValue(node.args[1]!);
        if (!x || !b || b.num <= 0n || b.num === b.den || x.num <= 0n) return null;
        let p = rational(1n);
        const up = b.num > b.den === x.num > x.den ? b : divRational(rational(1n), b);
        for (let k = 0n; k <= 4096n; k++) {
          if (p.num === x.num && p.den === x.den) return rational(up === b ? k : -k);
          p = mulRational(p, up);
          if (tooBig(p)) return null;
          // past x (powers move monotonically away from 1): no integer k
          const beyond = up.num > up.den
            ? p.num * x.den > x.num * p.den
            : p.num * x.den < x.num * p.den;
          if (beyond) return null;
        }
      }
      return null;
    default:
      return null;
  }
}

/** Whether a tree contains a written decimal (a "float" in Math-Verify's sense). */
export function hasFloat(node: MathNode): boolean {
  switch (node.t) {
    case "num":
      return node.float;
    case "add":
    case "mul":
    case "fn":
    case "union":
      return node.args.some(hasFloat);
    case "neg":
    case "percent":
      return hasFloat(node.arg);
    case "div":
      return hasFloat(node.num) || hasFloat(node.den);
    case "pow":
      return hasFloat(node.base) || hasFloat(node.exp);
    default:
      return false;
  }
}

/** The free symbols of a tree, sorted. */
export function freeSymbols(node: MathNode, out = new Set<string>()): string[] {
  switch (node.t) {
    case "sym":
      out.add(node.name);
      break;
    case "add":
    case "mul":
    case "fn":
    case "union":
    case "rel":
      node.args.forEach((a) => freeSymbols(a, out));
      break;
    case "neg":
    case "percent":
      freeSymbols(node.arg, out);
      break;
    case "div":
      freeSymbols(node.num, out);
      freeSymbols(node.den, out);
      break;
    case "pow":
      freeSymbols(node.base, out);
      freeSymbols(node.exp, out);
      break;
    case "pm":
      if (node.a) freeSymbols(node.a, out);
      freeSymbols(node.b, out);
      break;
    case "seq":
      node.items.forEach((a) => freeSymbols(a, out));
      break;
  }
  return [...out].sort();
}

/** Counts nodes, to bound work on huge inputs. */
export function nodeCount(node: MathNode): number {
  switch (node.t) {
    case "add":
    case "mul":
    case "fn":
    case "union":
    case "rel":
      return 1 + node.args.reduce((s, a) => s + nodeCount(a), 0);
    case "neg":
    case "percent":
      return 1 + nodeCount(node.arg);
    case "div":
      return 1 + nodeCount(node.num) + nodeCount(node.den);
    case "pow":
      return 1 + nodeCount(node.base) + nodeCount(node.exp);
    case "pm":
      return 1 + (node.a ? nodeCount(node.a) : 0) + nodeCount(node.b);
    case "seq":
      return 1 + node.items.reduce((s, a) => s + nodeCount(a), 0);
    default:
      return 1;
  }
}

/** Renders a scalar tree as a mathjs expression (no ±, sequences or relations). */
export function toMathjs(node: MathNode): string {
  switch (node.t) {
    case "num":
      return node.v.den === 1n ? `${node.v.num}` : `(${node.v.num}/${node.v.den})`;
    case "sym":
      return node.name.replace(/\W/g, "_").replace(/^(\d)/, "s$1");
    case "const":
      return node.name === "inf" ? "Infinity" : node.name;
    case "add":
      return `(${node.args.map(toMathjs).join(" + ")})`;
    case "mul":
      return `(${node.args.map(toMathjs).join(" * ")})`;
    case "neg":
      return `(-${toMathjs(node.arg)})`;
    case "div":
      return `(${toMathjs(node.num)} / ${toMathjs(node.den)})`;
    case "pow":
      return `(${toMathjs(node.base)} ^ ${toMathjs(node.exp)})`;
    case "percent":
      return `(${toMathjs(node.arg)} / 100)`;
    case "fn": {
      const args = node.args.map(toMathjs);
      switch (node.name) {
        case "ln":
          return `log(${args[0]})`;
        case "log":
          return args.length === 2 ? `log(${args[0]}, ${args[1]})` : `log(${args[0]})`;
        case "root":
          return `nthRoot(${args[0]}, ${args[1]})`;
        case "binom":
          return `combinations(${args[0]}, ${args[1]})`;
        case "arcsin":
          return `asin(${args[0]})`;
        case "arccos":
          return `acos(${args[0]})`;
        case "arctan":
          return `atan(${args[0]})`;
        default:
          return `${node.name}(${args.join(", ")})`;
      }
    }
    default:
      throw new RangeError(`Cannot evaluate ${show(node)} as a number`);
  }
}

/**
 * Compiles a scalar tree with mathjs for numeric evaluation at chosen values of its symbols.
 *
 * @example
 * ```ts
 * import { compileNumeric } from "./evaluate.ts";
 * import { parseMath } from "./parse.ts";
 * compileNumeric(parseMath("\\sqrt{x}+1")).evaluate({ x: 4 }); // 3
 * ```
 */
export function compileNumeric(node: MathNode): EvalFunction {
  return compile(toMathjs(node));
}

/** A numeric value as a pair of real and imaginary parts (mathjs results normalised). */
export function asComplex(value: unknown): [number, number] | null {
  if (typeof value === "number") return [value, 0];
  if (value && typeof value === "object" && "re" in value && "im" in value) {
    return [Number((value as { re: number }).re), Number((value as { im: number }).im)];
  }
  return null;
}
