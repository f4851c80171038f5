/**
 * Mathematical equivalence of a gold answer and a predicted answer, gold first (asymmetric, as
 * Math-Verify).
 * @module
 */
import type { Rational } from "../exact/rational.ts";
import { createRng } from "../random/rng.ts";
import {
  asComplex,
  compileNumeric,
  exactValue,
  freeSymbols,
  hasFloat,
  nodeCount,
} from "./evaluate.ts";
import { type MathNode, type RelOp, show } from "./parse.ts";

/** Options for {@linkcode equivalent}. */
export interface EquivalenceOptions {
  /**
   * Decimal places both sides are rounded to when either side is written as a decimal
   * (Math-Verify's `float_rounding`). Default 6.
   */
  readonly floatRounding?: number;
  /**
   * A numeric tolerance used instead of rounding: equal when `|a − b| <= absolute` or
   * `|a − b| <= relative · max(|a|, |b|)`. Default none (Math-Verify rounds).
   */
  readonly tolerance?: { readonly relative?: number; readonly absolute?: number };
  /**
   * Accept a predicted relation for a gold set or interval (`x \in [-2, 7]` gold vs `-2 <= x <= 7`).
   * The other direction (gold relation, predicted interval) is always allowed. Default false, as
   * Math-Verify, so that echoing the input inequality is not rewarded.
   */
  readonly allowSetRelation?: boolean;
  /** With `strict: false`, differently named symbols are matched by position (`f(x)` = `f(y)`). Default true. */
  readonly strict?: boolean;
  /**
   * How a percentage compares with a plain number: `"either"` (default) accepts `28%` for gold
   * 28 or 0.28; `"value"` only for 0.28 (Math-Verify's reading).
   */
  readonly percent?: "either" | "value";
  /** Seed for the random points of symbolic checks. Default 0. */
  readonly seed?: number;
}

/** The outcome of a comparison and why. */
export interface Equivalence {
  readonly equal: boolean;
  readonly reason: string;
}

const INVERSE: Partial<Record<RelOp, RelOp>> = { "<": ">", ">": "<", "<=": ">=", ">=": "<=" };
const MAX_SYMBOLIC_NODES = 400;

const yes = (reason: string): Equivalence => ({ equal: true, reason });
const no = (reason: string): Equivalence => ({ equal: false, reason });

/** Unwraps an assignment `x = … = v` to `v`. */
function lastRhs(node: MathNode): MathNode {
  return node.t === "rel" && node.ops.every((o) => o === "=" || o === "in")
    ? node.args[node.args.length - 1]!
    : node;
}

function isAssignment(node: MathNode): boolean {
  if (node.t !== "rel" || !node.ops.every((o) => o === "=" || o === "in")) return false;
  const lhs = node.args[0]!;
  return lhs.t === "sym" || (lhs.t === "fn" && lhs.args.every((a) => a.t === "sym")) ||
    (lhs.t === "mul" && lhs.args.every((a) => a.t === "sym"));
}

function roundTo(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

function roundRational(r: Rational, places: number): bigint {
  // round half away from zero to `places` decimals, exactly
  const scaled = r.num * 10n ** BigInt(places) * 2n;
  const q = scaled / r.den;
  return q >= 0n ? (q + 1n) / 2n : (q - 1n) / 2n;
}

/**
 * Whether `pred` means the same as `gold`. Gold comes first: an assignment `x = 5` in the
 * prediction matches gold `5`, a gold relation matches a predicted interval, and numbers written
 * as decimals are compared after rounding (or with `tolerance`). Bounded: symbolic checks run
 * only on trees of at most 400 nodes.
 *
 * @example
 * ```ts
 * import { equivalent } from "./equivalence.ts";
 * import { parseMath } from "./parse.ts";
 * equivalent(parseMath("\\frac{1}{2}"), parseMath("0.5")).equal; // true
 * equivalent(parseMath("[0,1)"), parseMath("(0,1)")).equal; // false
 * ```
 */
export function equivalent(
  gold: MathNode,
  pred: MathNode,
  options: EquivalenceOptions = {},
): Equivalence {
  // Membership `x \in S` is read as S (Math-Verify's interpret_contains_as_eq).
  if (pred.t === "rel" && pred.ops.length === 1 && pred.ops[0] === "in") {
    return equivalent(gold, pred.args[1]!, options);
  }
  if (gold.t === "rel" && gold.ops.length === 1 && gold.ops[0] === "in") {
    return equivalent(gold.args[1]!, pred, options);
  }
  // Assignment chains on both sides: `x = 5+5+1 = 7 = 11` against `x = 11`.
  if (isAssignment(gold) && isAssignment(pred)) {
    const lhs = equivalent(
      gold.t === "rel" ? gold.args[0]! : gold,
      pred.t === "rel" ? pred.args[0]! : pred,
      options,
    );
    if (!lhs.equal) return no(`assigned to different things: ${lhs.reason}`);
    return equivalent(lastRhs(gold), lastRhs(pred), options);
  }
  // Assignment handling (Math-Verify §1.4 step 2).
  if (pred.t === "rel" && gold.t !== "rel" && pred.ops.every((o) => o === "=" || o === "in")) {
    return equivalent(gold, lastRhs(pred), options);
  }
  if (isAssignment(gold) && pred.t !== "rel") return equivalent(lastRhs(gold), pred, options);
  if (gold.t === "rel" && pred.t === "rel") return relations(gold, pred, options);
  if (gold.t === "rel" && isSetLike(pred)) return relationVsSet(gold, pred, options);
  if (pred.t === "rel" && isSetLike(gold)) {
    return options.allowSetRelation
      ? relationVsSet(pred, gold, options)
      : no("a relation does not match a gold set (allowSetRelation is off)");
  }
  if (gold.t === "text" || pred.t === "text") return texts(gold, pred);
  if (gold.t === "pm" || pred.t === "pm") return plusMinus(gold, pred, options);
  if (gold.t === "seq" || pred.t === "seq" || gold.t === "union" || pred.t === "union") {
    return collections(gold, pred, options);
  }
  return scalars(gold, pred, options);
}

function isSetLike(node: MathNode): boolean {
  return (node.t === "seq" && (node.open === "(" || node.open === "[") &&
    node.items.length === 2) || node.t === "union";
}

function textOf(node: MathNode): string | null {
  if (node.t === "text") return node.value;
  if (node.t === "sym") return node.name;
  if (node.t === "const") return node.name;
  if (node.t === "seq" && node.items.length === 1) return textOf(node.items[0]!);
  if (node.t === "mul" && node.args.every((a) => a.t === "sym" || a.t === "const")) {
    return node.args.map((a) => (a.t === "sym" ? a.name : a.t === "const" ? a.name : "")).join("");
  }
  return null;
}

function texts(gold: MathNode, pred: MathNode): Equivalence {
  const clean = (s: string) =>
    s.toLowerCase().replace(/^\(|\)$/g, "").replace(/[\s.]+/g, " ").trim();
  const a = textOf(gold), b = textOf(pred);
  if (a === null || b === null) {
    return no(`text "${a ?? show(gold)}" vs non-text "${b ?? show(pred)}"`);
  }
  return clean(a) === clean(b) ? yes("same text") : no(`text "${a}" differs from "${b}"`);
}

function expandPm(node: MathNode): MathNode[] {
  if (node.t !== "pm") return [node];
  const b = node.b;
  return node.a
    ? [{ t: "add", args: [node.a, b] }, { t: "add", args: [node.a, { t: "neg", arg: b }] }]
    : [b, { t: "neg", arg: b }];
}

function plusMinus(gold: MathNode, pred: MathNode, options: EquivalenceOptions): Equivalence {
  const g = gold.t === "seq" ? gold.items.flatMap(expandPm) : expandPm(gold);
  const p = pred.t === "seq" ? pred.items.flatMap(expandPm) : expandPm(pred);
  if (g.length !== p.length) return no(`± gives ${g.length} value(s) against ${p.length}`);
  return unordered(g, p, options) ? yes("± values match") : no("± values differ");
}

function collectionItems(
  node: MathNode,
): {
  items: readonly MathNode[];
  kind: "tuple" | "set" | "list" | "interval" | "scalar" | "union";
} {
  if (node.t === "union") return { items: node.args, kind: "union" };
  if (node.t !== "seq") return { items: [node], kind: "scalar" };
  if (node.open === "{") return { items: node.items, kind: "set" };
  if (node.open === "") return { items: node.items, kind: "list" };
  if (node.open === "[" || node.close === "]") return { items: node.items, kind: "interval" };
  return { items: node.items, kind: "tuple" };
}

function unordered(
  g: readonly MathNode[],
  p: readonly MathNode[],
  options: EquivalenceOptions,
): boolean {
  if (g.length !== p.length) return false;
  const used = new Array<boolean>(p.length).fill(false);
  return g.every((x) => {
    const j = p.findIndex((y, k) => !used[k] && equivalent(x, y, options).equal);
    if (j < 0) return false;
    used[j] = true;
    return true;
  });
}

function ordered(
  g: readonly MathNode[],
  p: readonly MathNode[],
  options: EquivalenceOptions,
): boolean {
  return g.length === p.length && g.every((x, i) => equivalent(x, p[i]!, options).equal);
}

function sortByValue(items: readonly MathNode[]): readonly MathNode[] {
  const value = (n: MathNode) => {
    const e = exactValue(n);
    if (e) return Number(e.num) / Number(e.den);
    try {
      const c = asComplex(compileNumeric(n).evaluate({}));
      return c ? c[0] : NaN;
    } catch {
      return NaN;
    }
  };
  return [...items].sort((a, b) => value(a) - value(b));
}

function collections(gold: MathNode, pred: MathNode, options: EquivalenceOptions): Equivalence {
  const g = collectionItems(gold), p = collectionItems(pred);
  if (g.kind === "scalar" && p.items.length === 1 && p.kind !== "interval") {
    return equivalent(gold, p.items[0]!, options);
  }
  if (p.kind === "scalar" && g.items.length === 1 && g.kind !== "interval") {
    return equivalent(g.items[0]!, pred, options);
  }
  if (g.kind === "interval" || p.kind === "interval") {
    if (gold.t !== "seq" || pred.t !== "seq" || g.items.length !== 2 || p.items.length !== 2) {
      return no("an interval needs two endpoints on both sides");
    }
    if (gold.open !== pred.open || gold.close !== pred.close) {
      return no(`interval ends differ: ${gold.open}…${gold.close} vs ${pred.open}…${pred.close}`);
    }
    return ordered(g.items, p.items, options)
      ? yes("same interval")
      : no("interval endpoints differ");
  }
  if (g.kind === "tuple" && p.kind === "tuple") {
    return ordered(g.items, p.items, options)
      ? yes("same tuple")
      : no("tuple elements differ (order matters)");
  }
  if (g.kind === "union" || p.kind === "union") {
    return unordered(g.items, p.items, options) ? yes("same union") : no("union parts differ");
  }
  if ((g.kind === "tuple") !== (p.kind === "tuple")) {
    // a tuple against a set or list: the set, sorted by value, must equal the tuple in order
    const tuple = g.kind === "tuple" ? g.items : p.items;
    const other = sortByValue(g.kind === "tuple" ? p.items : g.items);
    const gi = g.kind === "tuple" ? tuple : other, pi = g.kind === "tuple" ? other : tuple;
    return ordered(gi, pi, options)
      ? yes("tuple matches the sorted set")
      : no("tuple does not match the sorted set");
  }
  return unordered(g.items, p.items, options)
    ? yes("same elements (order ignored)")
    : no("elements differ");
}

/** A relation chain oriented with `<`/`<=` (or `=`), so flipped relations compare equal. */
function orient(rel: Extract<MathNode, { t: "rel" }>): { ops: RelOp[]; args: MathNode[] } {
  if (rel.ops.every((o) => o === ">" || o === ">=")) {
    return { ops: [...rel.ops].reverse().map((o) => INVERSE[o]!), args: [...rel.args].reverse() };
  }
  return { ops: [...rel.ops], args: [...rel.args] };
}

function difference(a: MathNode, b: MathNode): MathNode {
  return { t: "add", args: [a, { t: "neg", arg: b }] };
}

function relations(
  gold: Extract<MathNode, { t: "rel" }>,
  pred: Extract<MathNode, { t: "rel" }>,
  options: EquivalenceOptions,
): Equivalence {
  const g = orient(gold), p = orient(pred);
  if (g.ops.length !== p.ops.length || g.ops.some((o, i) => o !== p.ops[i])) {
    return no(`relations differ: ${gold.ops.join(" ")} vs ${pred.ops.join(" ")}`);
  }
  if (g.ops.length === 1) {
    const sign = g.ops[0] === "=" || g.ops[0] === "!=" ? "any" : "positive";
    return proportional(
      difference(g.args[0]!, g.args[1]!),
      difference(p.args[0]!, p.args[1]!),
      sign,
      options,
    );
  }
  return ordered(g.args, p.args, options)
    ? yes("same relation chain")
    : no("relation chains differ");
}

function relationVsSet(
  rel: Extract<MathNode, { t: "rel" }>,
  set: MathNode,
  options: EquivalenceOptions,
): Equivalence {
  // a < x <= b  ⇔  (a, b];  x >= a ⇔ [a, ∞)
  const r = orient(rel);
  const interval = (lo: MathNode, loOp: RelOp, hi: MathNode, hiOp: RelOp): MathNode => ({
    t: "seq",
    open: loOp === "<=" ? "[" : "(",
    close: hiOp === "<=" ? "]" : ")",
    items: [lo, hi],
  });
  let candidate: MathNode | null = null;
  const inf: MathNode = { t: "const", name: "inf" };
  if (r.ops.length === 2 && r.args[1]!.t === "sym") {
    candidate = interval(r.args[0]!, r.ops[0]!, r.args[2]!, r.ops[1]!);
  } else if (r.ops.length === 1 && r.args[0]!.t === "sym" && r.ops[0] !== "=") {
    candidate = interval({ t: "neg", arg: inf }, "<", r.args[1]!, r.ops[0]!);
  } else if (r.ops.length === 1 && r.args[1]!.t === "sym" && r.ops[0] !== "=") {
    candidate = interval(r.args[0]!, r.ops[0]!, inf, "<");
  }
  if (!candidate) return no("the relation is not an interval in one variable");
  return collections(candidate, set, options);
}

function numbersEqual(
  a: number,
  b: number,
  decimal: boolean,
  options: EquivalenceOptions,
): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (options.tolerance) {
    const d = Math.abs(a - b);
    return d <= (options.tolerance.absolute ?? 0) ||
      d <= (options.tolerance.relative ?? 0) * Math.max(Math.abs(a), Math.abs(b));
  }
  if (decimal) {
    return roundTo(a, options.floatRounding ?? 6) === roundTo(b, options.floatRounding ?? 6);
  }
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function exactEqual(
  a: Rational,
  b: Rational,
  decimal: boolean,
  options: EquivalenceOptions,
): boolean {
  if (options.tolerance) {
    return numbersEqual(
      Number(a.num) / Number(a.den),
      Number(b.num) / Number(b.den),
      true,
      options,
    );
  }
  if (decimal) {
    const places = options.floatRounding ?? 6;
    return roundRational(a, places) === roundRational(b, places);
  }
  return a.num === b.num && a.den === b.den;
}

function stripPercent(node: MathNode): MathNode | null {
  return node.t === "percent" ? node.arg : null;
}

function scalars(gold: MathNode, pred: MathNode, options: EquivalenceOptions): Equivalence {
  const gp = stripPercent(gold), pp = stripPercent(pred);
  if ((gp !== null) !== (pp !== null) && (options.percent ?? "either") === "either") {
    // one side is a percentage: accept its value or its number
    const alt = gp ? equivalent(gp, pred, options) : equivalent(gold, pp!, options);
    if (alt.equal) return yes(`${alt.reason} (percentage read as its number)`);
  }
  const decimal = hasFloat(gold) || hasFloat(pred);
  const gSyms = freeSymbols(gold), pSyms = freeSymbols(pred);
  if (gSyms.length === 0 && pSyms.length === 0) {
    const eg = exactValue(gold), ep = exactValue(pred);
    if (eg && ep) {
      return exactEqual(eg, ep, decimal, options)
        ? yes(
          decimal
            ? `equal after rounding to ${options.floatRounding ?? 6} decimals`
            : "equal exactly",
        )
        : no(`${show(gold)} ≠ ${show(pred)}`);
    }
    return numeric(gold, pred, decimal, options);
  }
  if (gSyms.join() !== pSyms.join() && options.strict === false && gSyms.length === pSyms.length) {
    const renamed = renameSymbols(pred, new Map(pSyms.map((s, i) => [s, gSyms[i]!])));
    return symbolic(gold, renamed, gSyms, options);
  }
  // Different symbol sets are compared over their union: sin²x + cos²x still equals 1.
  return symbolic(gold, pred, [...new Set([...gSyms, ...pSyms])].sort(), options);
}

function renameSymbols(node: MathNode, map: Map<string, string>): MathNode {
  return JSON.parse(
    JSON.stringify(node, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)),
    (_k, v) => {
      if (v && typeof v === "object" && v.t === "sym" && map.has(v.name)) {
        return {
          ...v,
          name: map.get(v.name),
        };
      }
      if (typeof v === "string" && /^-?\d+n$/.test(v)) return BigInt(v.slice(0, -1));
      return v;
    },
  );
}

function evaluateAt(node: MathNode, scope: Record<string, number>): [number, number] | null {
  try {
    return asComplex(compileNumeric(node).evaluate(scope));
  } catch {
    return null;
  }
}

function numeric(
  gold: MathNode,
  pred: MathNode,
  decimal: boolean,
  options: EquivalenceOptions,
): Equivalence {
  if (nodeCount(gold) + nodeCount(pred) > MAX_SYMBOLIC_NODES) return no("too large to evaluate");
  const a = evaluateAt(gold, {}), b = evaluateAt(pred, {});
  if (!a || !b) return no("could not evaluate numerically");
  const ok = numbersEqual(a[0], b[0], decimal, options) &&
    numbersEqual(a[1], b[1], decimal, options);
  return ok
    ? yes(decimal ? "equal numerically after rounding" : "equal numerically")
    : no(`${show(gold)} ≠ ${show(pred)} numerically`);
}

/** Random-point identity test with mathjs (the Schwartz–Zippel idea, over reals then complex-safe). */
function symbolic(
  gold: MathNode,
  pred: MathNode,
  symbols: readonly string[],
  options: EquivalenceOptions,
): Equivalence {
  if (nodeCount(gold) + nodeCount(pred) > MAX_SYMBOLIC_NODES) {
    return no("too large for a symbolic check");
  }
  let g: ReturnType<typeof compileNumeric>, p: ReturnType<typeof compileNumeric>;
  try {
    g = compileNumeric(gold);
    p = compileNumeric(pred);
  } catch {
    return show(gold) === show(pred) ? yes("same expression") : no("not comparable as expressions");
  }
  const rng = createRng(["symbolic", options.seed ?? 0]);
  let agreed = 0;
  for (let trial = 0; trial < 12 && agreed < 6; trial++) {
    const scope: Record<string, number> = {};
    for (const s of symbols) {
      // positive points: principal-branch powers and roots agree there (x^(2/3) = cbrt(x)^2)
      scope[s.replace(/\W/g, "_").replace(/^(\d)/, "s$1")] = 0.35 + 2.3 * rng.next();
    }
    let a: [number, number] | null, b: [number, number] | null;
    try {
      a = asComplex(g.evaluate(scope));
      b = asComplex(p.evaluate(scope));
    } catch {
      continue;
    }
    if (!a || !b || a.some((x) => !Number.isFinite(x)) || b.some((x) => !Number.isFinite(x))) {
      continue;
    }
    const close = (x: number, y: number) =>
      Math.abs(x - y) <= 1e-8 * Math.max(1, Math.abs(x), Math.abs(y));
    if (!close(a[0], b[0]) || !close(a[1], b[1])) {
      return no(`${show(gold)} and ${show(pred)} differ at a test point`);
    }
    agreed++;
  }
  return agreed >= 3
    ? yes(`equal at ${agreed} random points`)
    : no("could not evaluate at enough points");
}

/** lhs−rhs of two relations must be proportional (positive factor for inequalities). */
function proportional(
  g: MathNode,
  p: MathNode,
  sign: "any" | "positive",
  options: EquivalenceOptions,
): Equivalence {
  const symbols = [...new Set([...freeSymbols(g), ...freeSymbols(p)])];
  if (nodeCount(g) + nodeCount(p) > MAX_SYMBOLIC_NODES) return no("too large for a relation check");
  let gc: ReturnType<typeof compileNumeric>, pc: ReturnType<typeof compileNumeric>;
  try {
    gc = compileNumeric(g);
    pc = compileNumeric(p);
  } catch {
    return no("relation sides are not comparable");
  }
  const rng = createRng(["relation", options.seed ?? 0]);
  let ratio: number | null = null, seen = 0;
  for (let trial = 0; trial < 12 && seen < 5; trial++) {
    const scope: Record<string, number> = {};
    for (const s of symbols) scope[s] = (trial % 3 === 2 ? -1 : 1) * (0.35 + 2.3 * rng.next());
    let a: [number, number] | null, b: [number, number] | null;
    try {
      a = asComplex(gc.evaluate(scope));
      b = asComplex(pc.evaluate(scope));
    } catch {
      continue;
    }
    if (!a || !b || a[1] !== 0 || b[1] !== 0 || !Number.isFinite(a[0]) || !Number.isFinite(b[0])) {
      continue;
    }
    if (Math.abs(a[0]) < 1e-12 && Math.abs(b[0]) < 1e-12) {
      seen++;
      continue;
    }
    if (Math.abs(a[0]) < 1e-12 || Math.abs(b[0]) < 1e-12) return no("the relations differ");
    const r = b[0] / a[0];
    if (ratio === null) ratio = r;
    else if (Math.abs(r - ratio) > 1e-8 * Math.max(1, Math.abs(ratio))) {
      return no("the relations differ");
    }
    seen++;
  }
  if (seen < 3) return no("could not evaluate the relations");
  if (ratio !== null && sign === "positive" && ratio < 0) {
    return no("the inequality points the other way");
  }
  return yes("equivalent relations");
}
