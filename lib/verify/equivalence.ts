/**
 * Mathematical equivalence of a gold answer and a predicted answer, gold first (asymmetric, as
 * Math-Verify).
 * @module
 */
import {
  compareConstants,
  compareFunctions,
  compareProportional,
  type DecimalMode,
  decimalRounds,
  type Decision,
} from "./decide.ts";
import { exactValue, freeSymbols, nodeCount } from "./evaluate.ts";
import { type Rational } from "../exact/rational.ts";
import { type MathNode, type RelOp, show } from "./parse.ts";

/** Options for {@linkcode equivalent}. */
export interface EquivalenceOptions {
  /**
   * A decimal stands for a value only when it is that value correctly rounded at its own last
   * written digit and carries at least this many significant digits (`0.333333` for 1/3, not
   * `0.333`, never `0.3333334`). Default 6, about what Math-Verify's 6-place rounding asks of
   * values near 1 (Math-Verify compares at a fixed 6 decimal places whatever the magnitude).
   */
  readonly minSignificantDigits?: number;
  /**
   * Math-Verify's `float_rounding` knob, read as a precision floor: when set, a decimal needs at
   * least this many decimal places (instead of {@linkcode minSignificantDigits}) to stand for a
   * value it rounds. Default unset.
   */
  readonly floatRounding?: number;
  /**
   * Which decimals stand for a value: `"round"` (default) its correct rounding (half away from
   * zero, either neighbour at an exact tie); `"round-or-truncate"` also its truncation.
   */
  readonly decimalMode?: DecimalMode;
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
   * How a percentage compares with a number written without `%`. `"value"` (default, as
   * Math-Verify): `%` is a factor of 1/100 on both sides, so `28\\%` equals `0.28` and not `28`.
   * `"sign-optional"`: the sign may be dropped or added, so `28\\%` equals `28` and not `0.28`.
   * Either way one reading only: no answer is accepted for both 28 and 0.28.
   */
  readonly percent?: "value" | "sign-optional";
  /**
   * How two bare comma lists compare: `"multiset"` (default) ignores order and counts repeats,
   * as a list of roots; `"ordered"` compares them item by item (hendrycks/math's `is_equiv`).
   * Math-Verify's reading (a set: repeats dropped) is not offered: it accepts `1, 2` for roots
   * `1, 1, 2`.
   */
  readonly lists?: "multiset" | "ordered";
  /** Seed of the fingerprint primes and the random points of identity tests. Default 0. */
  readonly seed?: number;
  /**
   * A `performance.now()` deadline, set by `verifyAnswer` from `timeoutMs`; the checks throw
   * `DeadlineExceeded` past it.
   */
  readonly deadline?: number;
}

/** The outcome of a comparison and why. */
export interface Equivalence {
  /** Whether the two answers were proven equal. */
  readonly equal: boolean;
  /** Set when neither equality nor difference could be established within the bounds. */
  readonly undecided?: boolean;
  /** Why, in words (the method that decided, or what could not be decided). */
  readonly reason: string;
}

const STRUCTURAL = new Set(["ratio", "sum", "prod", "cases"]);
const INVERSE: Partial<Record<RelOp, RelOp>> = { "<": ">", ">": "<", "<=": ">=", ">=": "<=" };
const MAX_SYMBOLIC_NODES = 400;

const yes = (reason: string): Equivalence => ({ equal: true, reason });
const no = (reason: string): Equivalence => ({ equal: false, reason });
const undecided = (reason: string): Equivalence => ({ equal: false, undecided: true, reason });

/** Unwraps an assignment `x = … = v` to `v`. */
function lastRhs(node: MathNode): MathNode {
  return node.t === "rel" && node.ops.every((o) => o === "=" || o === "in")
    ? node.args[node.args.length - 1]!
    : node;
}

/**
 * A name rather than an expression: a symbol (`x`, `a_3`, `S_{MBCN}`), a product of symbols
 * (`AB`, `f(x)`), `|AB|`, a quotient or ratio of names (`\frac{NO}{BO}`, `A:B`), or a tuple of
 * symbols (`(p, q)`). Its equation `name = value` is an assignment whose answer is the value.
 */
function isNameLike(node: MathNode): boolean {
  switch (node.t) {
    case "sym":
      return true;
    case "mul":
      // AB, f(x), and a function at a point: f(3)
      return node.args[0]!.t === "sym" &&
        node.args.every((a) => a.t === "sym" || a.t === "const" || (a.t === "num" && !a.float));
    case "div":
      return isNameLike(node.num) && isNameLike(node.den);
    case "fn":
      return (node.name === "abs" || node.name === "ratio") && node.args.every(isNameLike);
    case "seq":
      return node.open === "(" && node.items.length > 1 && node.items.every((a) => a.t === "sym");
    default:
      return false;
  }
}

/** `y = …` or `f(x) = …` (a one-letter function at symbols): an equation naming a function's value. */
function isFunctionName(node: MathNode): boolean {
  if (node.t !== "rel") return false;
  const lhs = node.args[0]!;
  if (lhs.t === "sym") return lhs.name === "y";
  return lhs.t === "mul" && lhs.args.length >= 2 && lhs.args[0]!.t === "sym" &&
    /^[a-z]'*$/.test((lhs.args[0] as { name: string }).name) &&
    lhs.args.slice(1).every((a) => a.t === "sym");
}

function isAssignment(node: MathNode): boolean {
  if (node.t !== "rel" || !node.ops.every((o) => o === "=" || o === "in")) return false;
  return isNameLike(node.args[0]!);
}

/** The value of a matrix expression (matrices, sums, scalar and matrix products), or null. */
function matrixOf(node: MathNode): MathNode[][] | null {
  switch (node.t) {
    case "matrix":
      return node.rows.map((r) => [...r]);
    case "seq": {
      if (node.items.length === 1 && node.open !== "{") return matrixOf(node.items[0]!);
      // [[1, 2], [3, 4]]: rows as bracketed lists of one length
      const rows = node.items;
      if (
        node.open === "[" && rows.length > 1 &&
        rows.every((r) => r.t === "seq" && r.open === "[" && r.close === "]") &&
        rows.every((r) =>
          (r as { items: readonly MathNode[] }).items.length ===
            (rows[0] as { items: readonly MathNode[] }).items.length
        )
      ) return rows.map((r) => [...(r as { items: readonly MathNode[] }).items]);
      return null;
    }
    case "neg": {
      const m = matrixOf(node.arg);
      return m && m.map((r) => r.map((x): MathNode => ({ t: "neg", arg: x })));
    }
    case "add": {
      const ms = node.args.map(matrixOf);
      if (ms.some((m) => !m)) return null;
      const [first, ...rest] = ms as MathNode[][][];
      if (rest.some((m) => m.length !== first!.length || m[0]!.length !== first![0]!.length)) {
        return null;
      }
      return first!.map((r, i) =>
        r.map((x, j): MathNode => ({ t: "add", args: [x, ...rest.map((m) => m[i]![j]!)] }))
      );
    }
    case "mul": {
      let acc: MathNode[][] | null = null;
      const scalars: MathNode[] = [];
      for (const a of node.args) {
        const m = matrixOf(a);
        if (!m) {
          scalars.push(a);
          continue;
        }
        if (!acc) acc = m;
        else {
          if (acc[0]!.length !== m.length) return null;
          const left: MathNode[][] = acc;
          acc = left.map((row) =>
            m[0]!.map((_, j): MathNode => ({
              t: "add",
              args: row.map((x, k): MathNode => ({ t: "mul", args: [x, m[k]![j]!] })),
            }))
          );
        }
      }
      if (!acc) return null;
      return scalars.length
        ? acc.map((r) => r.map((x): MathNode => ({ t: "mul", args: [...scalars, x] })))
        : acc;
    }
    default:
      return null;
  }
}

function hasMatrix(node: MathNode): boolean {
  return node.t === "matrix" ||
    (node.t === "seq" && node.open === "[" && node.items.length > 1 &&
      node.items.every((r) => r.t === "seq" && r.open === "[" && r.close === "]")) ||
    (node.t === "seq" && node.items.length === 1 && hasMatrix(node.items[0]!)) ||
    ((node.t === "add" || node.t === "mul") && node.args.some(hasMatrix)) ||
    (node.t === "neg" && hasMatrix(node.arg));
}

function matrices(gold: MathNode, pred: MathNode, options: EquivalenceOptions): Equivalence {
  const g = matrixOf(gold), p = matrixOf(pred);
  if (!g || !p) return no("a matrix against a non-matrix (or mismatched shapes)");
  if (g.length !== p.length || g[0]!.length !== p[0]!.length) {
    return no(`matrix shapes differ: ${g.length}×${g[0]!.length} vs ${p.length}×${p[0]!.length}`);
  }
  for (let i = 0; i < g.length; i++) {
    for (let j = 0; j < g[0]!.length; j++) {
      const e = equivalent(g[i]![j]!, p[i]![j]!, options);
      if (!e.equal) return { ...e, reason: `entry (${i + 1}, ${j + 1}): ${e.reason}` };
    }
  }
  return yes("same matrix (entrywise)");
}

/**
 * Whether `pred` means the same as `gold`. Gold comes first: an assignment `x = 5` in the
 * prediction matches gold `5`, a gold relation matches a predicted interval, and numbers written
 * as decimals are compared after rounding (or with `tolerance`). Bounded: symbolic checks run
 * only on trees of at most 400 nodes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { equivalent } from "./equivalence.ts";
 * import { parseMath } from "./parse.ts";
 * assert.equal(equivalent(parseMath("\\frac{1}{2}"), parseMath("0.5")).equal, true);
 * assert.equal(equivalent(parseMath("[0,1)"), parseMath("(0,1)")).equal, false);
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
    if (!lhs.equal) {
      // `y = …` and `f(x) = …` both give a function's value: the right sides decide
      if (isFunctionName(gold) && isFunctionName(pred)) {
        const rhs = equivalent(lastRhs(gold), lastRhs(pred), options);
        return { ...rhs, reason: `${rhs.reason} (y and f(x) both name the function's value)` };
      }
      // `a = b` against `b = a`: the same equation, as relations
      const same = relations(
        gold as Extract<MathNode, { t: "rel" }>,
        pred as Extract<MathNode, { t: "rel" }>,
        options,
      );
      return same.equal ? same : no(`assigned to different things: ${lhs.reason}`);
    }
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
  if (hasMatrix(gold) || hasMatrix(pred)) return matrices(gold, pred, options);
  if (gold.t === "fn" && pred.t === "fn" && gold.name === pred.name && STRUCTURAL.has(gold.name)) {
    // ratios as written (12:00 is not 1:00); sums and products by index, bounds and body
    return ordered(gold.args, pred.args, options)
      ? yes(`same ${gold.name} (part by part)`)
      : no(`${gold.name}s differ`);
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
  if (g.kind === "tuple" || p.kind === "tuple") {
    // a bare list against a tuple is read as a tuple (the gold's kind, or the tuple the answer
    // wrote for a gold list): order counts; a set is never an ordered tuple
    if (g.kind === "set" || p.kind === "set") return no("an ordered tuple is not a set");
    return ordered(g.items, p.items, options)
      ? yes("same elements in the same order (a tuple)")
      : no("tuple elements differ (order matters)");
  }
  if (g.kind === "set" || p.kind === "set") {
    // a set drops repeats; a gold list keeps its own (1, 1, 2 is not the set {1, 2})
    const gi = g.kind === "set" || p.kind === "list" ? dedupe(g.items, options) : g.items;
    const pi = dedupe(p.items, options);
    if (gi.length !== pi.length) return no("different numbers of distinct elements");
    return unordered(gi, pi, options)
      ? yes(
        gi.length < g.items.length || pi.length < p.items.length
          ? "same set (order and repeats ignored)"
          : "same set (order ignored)",
      )
      : no("elements differ");
  }
  // a list of tuples is a solution set: repeats are dropped
  if (g.items.every((x) => x.t === "seq") && p.items.every((x) => x.t === "seq")) {
    const gi = dedupe(g.items, options), pi = dedupe(p.items, options);
    return gi.length === pi.length && unordered(gi, pi, options)
      ? yes("same solutions (order and repeats ignored)")
      : no("solutions differ");
  }
  if (options.lists === "ordered") {
    return ordered(g.items, p.items, options)
      ? yes("same elements in the same order (lists: ordered)")
      : no("list elements differ (lists: ordered)");
  }
  // two lists: a multiset, as a list of roots (order ignored, repeats counted)
  return unordered(g.items, p.items, options)
    ? yes("same elements, each as often (order ignored)")
    : no(
      g.items.length === p.items.length
        ? "elements differ"
        : `${p.items.length} elements against ${g.items.length} (repeats count in a list)`,
    );
}

/** A set's elements without repeats (`{1, 1, 2}` is `{1, 2}`). */
function dedupe(items: readonly MathNode[], options: EquivalenceOptions): readonly MathNode[] {
  if (items.length > 64) return items;
  const out: MathNode[] = [];
  for (const x of items) if (!out.some((y) => equivalent(y, x, options).equal)) out.push(x);
  return out;
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
  const mid = r.args[1]!;
  const constant = (n: MathNode) => freeSymbols(n).length === 0;
  if (
    r.ops.length === 2 && mid.t === "fn" && mid.name === "abs" && isNameLike(mid.args[0]!) &&
    constant(r.args[0]!) && constant(r.args[2]!) && (r.ops[0] === "<" || r.ops[0] === "<=") &&
    (r.ops[1] === "<" || r.ops[1] === "<=")
  ) {
    // a ⋖ |z| ⋖ b  ⇔  z ∈ [−b, −a] ∪ [a, b]
    const lo = r.args[0]!, hi = r.args[2]!;
    const neg = (n: MathNode): MathNode => ({ t: "neg", arg: n });
    candidate = {
      t: "union",
      args: [
        interval(neg(hi), r.ops[1]!, neg(lo), r.ops[0]!),
        interval(lo, r.ops[0]!, hi, r.ops[1]!),
      ],
    };
  } else if (
    r.ops.length === 2 && isNameLike(mid) && constant(r.args[0]!) && constant(r.args[2]!)
  ) {
    candidate = interval(r.args[0]!, r.ops[0]!, r.args[2]!, r.ops[1]!);
  } else if (r.ops.length === 1 && isNameLike(r.args[0]!) && r.ops[0] !== "=") {
    candidate = interval({ t: "neg", arg: inf }, "<", r.args[1]!, r.ops[0]!);
  } else if (r.ops.length === 1 && isNameLike(r.args[1]!) && r.ops[0] !== "=") {
    candidate = interval(r.args[0]!, r.ops[0]!, inf, "<");
  }
  if (!candidate) return no("the relation is not an interval in one variable");
  return collections(candidate, set, options);
}

/** A written decimal (or percentage or scientific notation of one): value and precision. */
interface Decimal {
  readonly v: Rational;
  /** Decimal place of the last written digit. */
  readonly places: number;
  /** Significant digits written. */
  readonly sig: number;
}

/**
 * A side that is a written decimal as a whole: `0.40`, `-1.5e-3`, `2.50 \times 10^{-3}`,
 * `33.3\%`; `null` for anything else (a decimal inside a larger expression is an exact value).
 */
function decimalLiteral(node: MathNode): Decimal | null {
  switch (node.t) {
    case "num":
      return node.float && node.places !== undefined
        ? { v: node.v, places: node.places, sig: node.sig ?? 0 }
        : null;
    case "neg": {
      const d = decimalLiteral(node.arg);
      return d && { ...d, v: { num: -d.v.num, den: d.v.den } };
    }
    case "percent": {
      const d = decimalLiteral(node.arg);
      return d && { ...d, v: { num: d.v.num, den: d.v.den * 100n }, places: d.places + 2 };
    }
    case "mul": {
      // m × 10^k, with m a decimal or an integer
      if (node.args.length !== 2) return null;
      const [m, p] = node.args as [MathNode, MathNode];
      if (p.t !== "pow" || p.base.t !== "num" || p.base.v.num !== 10n || p.base.v.den !== 1n) {
        return null;
      }
      const k = exactValue(p.exp);
      if (!k || k.den !== 1n || k.num > 10_000n || k.num < -10_000n) return null;
      const mv = decimalLiteral(m) ??
        (m.t === "num" && m.v.den === 1n
          ? { v: m.v, places: 0, sig: m.v.num.toString().replace(/^-?0*/, "").length }
          : null);
      if (!mv) return null;
      const scale = 10n ** (k.num < 0n ? -k.num : k.num);
      const v = k.num >= 0n
        ? { num: mv.v.num * scale, den: mv.v.den }
        : { num: mv.v.num, den: mv.v.den * scale };
      return { v, places: mv.places - Number(k.num), sig: mv.sig };
    }
    default:
      return null;
  }
}

function sameRational(a: Rational, b: Rational): boolean {
  return a.num * b.den === b.num * a.den;
}

function numNode(v: Rational): MathNode {
  return { t: "num", v, float: false };
}

/**
 * Written decimals against a value: equal values match; otherwise the decimal (the coarser of
 * two decimals) must be the other value correctly rounded at its own last digit, with at least
 * `minSignificantDigits` significant digits (or `floatRounding` places when set).
 */
function decimals(
  gold: MathNode,
  pred: MathNode,
  gd: Decimal | null,
  pd: Decimal | null,
  options: EquivalenceOptions,
): Equivalence {
  let coarse: Decimal, other: MathNode;
  if (gd && pd) {
    if (sameRational(gd.v, pd.v)) return yes("exact: equal decimals");
    if (gd.places === pd.places) return no("different decimals at the same precision");
    [coarse, other] = gd.places < pd.places ? [gd, numNode(pd.v)] : [pd, numNode(gd.v)];
  } else {
    coarse = (gd ?? pd)!;
    other = gd ? pred : gold;
    const exact = exactValue(other);
    if (exact && sameRational(exact, coarse.v)) return yes("exact: the decimal is the value");
  }
  if (coarse.places < 0) {
    // plain notation cannot round above the units digit, so neither does scientific notation
    return no("the values differ (a rounding above the units digit is not accepted)");
  }
  const [up, down] = coarse.places >= 0
    ? [10n ** BigInt(coarse.places), 1n]
    : [1n, 10n ** BigInt(-coarse.places)];
  const digits = (coarse.v.num * up) / (coarse.v.den * down);
  const d = decimalRounds(other, digits, coarse.places, options.decimalMode ?? "round", {
    seed: options.seed,
    deadline: options.deadline,
  });
  if (d.outcome !== "equal") return fromDecision(d);
  const floor = options.floatRounding;
  const need = options.minSignificantDigits ?? 6;
  if (floor !== undefined ? coarse.places < floor : coarse.sig < need) {
    return no(
      `${d.reason}, but it carries ${
        floor !== undefined
          ? `${coarse.places} places (floatRounding ${floor})`
          : `${coarse.sig} significant digits (minSignificantDigits ${need})`
      }: too few to stand for the value`,
    );
  }
  return yes(d.reason);
}

function scalars(gold: MathNode, pred: MathNode, options: EquivalenceOptions): Equivalence {
  const gp = gold.t === "percent", pp = pred.t === "percent";
  if (gp !== pp && options.percent === "sign-optional") {
    // the % sign may be dropped or added: compare the numbers as written
    const e = equivalent(
      gp ? (gold as { arg: MathNode }).arg : gold,
      pp ? (pred as { arg: MathNode }).arg : pred,
      options,
    );
    return { ...e, reason: `${e.reason} (percent sign optional)` };
  }
  if (show(gold) === show(pred)) return yes("text: identical expressions");
  const gSyms = freeSymbols(gold), pSyms = freeSymbols(pred);
  if (gSyms.includes("i") || pSyms.includes("i")) {
    // `i` is the imaginary unit (the convention of competition mathematics), named in the verdict
    const unit = (n: MathNode) => substitute(n, "i", { t: "const", name: "i" });
    const e = scalars(unit(gold), unit(pred), options);
    return { ...e, reason: `${e.reason} (i read as the imaginary unit)` };
  }
  const gd = decimalLiteral(gold), pd = decimalLiteral(pred);
  if ((gd || pd) && !options.tolerance) {
    if ((gd && pd) || (gd ? pSyms : gSyms).length === 0) {
      return decimals(gold, pred, gd, pd, options);
    }
  }
  const decide = { seed: options.seed, deadline: options.deadline };
  if (gSyms.length === 0 && pSyms.length === 0) {
    return fromDecision(compareConstants(gold, pred, { ...decide, tolerance: options.tolerance }));
  }
  if (nodeCount(gold) + nodeCount(pred) > MAX_SYMBOLIC_NODES) {
    return undecided("too large for a symbolic check");
  }
  if (gSyms.join() !== pSyms.join() && options.strict === false && gSyms.length === pSyms.length) {
    const renamed = renameSymbols(pred, new Map(pSyms.map((s, i) => [s, gSyms[i]!])));
    return fromDecision(compareFunctions(gold, renamed, gSyms, decide));
  }
  // Different symbol sets are compared over their union: sin²x + cos²x still equals 1.
  return fromDecision(
    compareFunctions(gold, pred, [...new Set([...gSyms, ...pSyms])].sort(), decide),
  );
}

function fromDecision(d: Decision): Equivalence {
  return d.outcome === "equal"
    ? yes(d.reason)
    : d.outcome === "different"
    ? no(d.reason)
    : undecided(d.reason);
}

/** Replaces every occurrence of the symbol `name` by `value`. */
function substitute(node: MathNode, name: string, value: MathNode): MathNode {
  const go = (n: MathNode): MathNode => substitute(n, name, value);
  switch (node.t) {
    case "sym":
      return node.name === name ? value : node;
    case "add":
    case "mul":
      return { ...node, args: node.args.map(go) };
    case "fn":
      return { ...node, args: node.args.map(go) };
    case "neg":
    case "percent":
      return { ...node, arg: go(node.arg) };
    case "div":
      return { ...node, num: go(node.num), den: go(node.den) };
    case "pow":
      return { ...node, base: go(node.base), exp: go(node.exp) };
    default:
      return node;
  }
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

/** lhs−rhs of two relations must be proportional (positive factor for inequalities). */
function proportional(
  g: MathNode,
  p: MathNode,
  sign: "any" | "positive",
  options: EquivalenceOptions,
): Equivalence {
  const symbols = [...new Set([...freeSymbols(g), ...freeSymbols(p)])].sort();
  if (nodeCount(g) + nodeCount(p) > MAX_SYMBOLIC_NODES) {
    return undecided("too large for a relation check");
  }
  const d = compareProportional(g, p, symbols, sign, {
    seed: options.seed,
    deadline: options.deadline,
  });
  return d.outcome === "equal"
    ? yes(`equivalent relations: ${d.reason}`)
    : d.outcome === "different"
    ? no(`the relations differ: ${d.reason}`)
    : undecided(d.reason);
}
