/**
 * A small, bounded parser from (normalised) LaTeX or plain math to an expression tree.
 * @module
 */
import { type Rational, rational } from "../exact/rational.ts";

/** An expression tree node. */
export type MathNode =
  | {
    readonly t: "num";
    readonly v: Rational;
    /** Written as a decimal (a point, E-notation): a value known to its last written digit. */
    readonly float: boolean;
    /** For a decimal: the decimal place of its last written digit (`0.40` → 2, `1.5e3` → -2). */
    readonly places?: number;
    /** For a decimal: its significant digits (`0.040` → 2). */
    readonly sig?: number;
  }
  | { readonly t: "sym"; readonly name: string }
  | { readonly t: "const"; readonly name: "pi" | "e" | "inf" | "i" }
  | { readonly t: "add"; readonly args: readonly MathNode[] }
  | { readonly t: "mul"; readonly args: readonly MathNode[] }
  | { readonly t: "neg"; readonly arg: MathNode }
  | { readonly t: "div"; readonly num: MathNode; readonly den: MathNode }
  | { readonly t: "pow"; readonly base: MathNode; readonly exp: MathNode }
  | { readonly t: "pm"; readonly a: MathNode | null; readonly b: MathNode }
  | { readonly t: "fn"; readonly name: string; readonly args: readonly MathNode[] }
  | {
    readonly t: "seq";
    readonly open: "(" | "[" | "{" | "";
    readonly close: ")" | "]" | "}" | "";
    readonly items: readonly MathNode[];
  }
  | { readonly t: "rel"; readonly ops: readonly RelOp[]; readonly args: readonly MathNode[] }
  | { readonly t: "union"; readonly args: readonly MathNode[] }
  | { readonly t: "percent"; readonly arg: MathNode }
  | { readonly t: "matrix"; readonly rows: readonly (readonly MathNode[])[] }
  | { readonly t: "text"; readonly value: string };

/** A relation operator. */
export type RelOp = "=" | "<" | ">" | "<=" | ">=" | "!=" | "in" | "~";

/** Raised when input is outside the parser's grammar or its size limits. */
export class MathParseError extends SyntaxError {
  /** Builds the error; `message` says what is outside the grammar or over which limit. */
  constructor(message: string) {
    super(message);
    this.name = "MathParseError";
  }
}

/** Limits that keep parsing bounded whatever the input. */
export const PARSE_LIMITS = { maxLength: 2000, maxTokens: 1000, maxDepth: 100 } as const;

type Token = { k: "num"; v: string } | { k: "id"; v: string } | { k: "cmd"; v: string } | {
  k: "op";
  v: string;
} | {
  k: "text";
  v: string;
};

const FUNCTIONS = new Set([
  "sin",
  "cos",
  "tan",
  "sec",
  "csc",
  "cot",
  "arcsin",
  "arccos",
  "arctan",
  "sinh",
  "cosh",
  "tanh",
  "log",
  "ln",
  "exp",
  "sqrt",
  "abs",
  "lg",
]);
const GREEK =
  /^(?:alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|omicron|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Sigma|Upsilon|Phi|Psi|Omega)$/;

const REL: Record<string, RelOp> = {
  "=": "=",
  "<": "<",
  ">": ">",
  "\\lt": "<",
  "\\gt": ">",
  "\\le": "<=",
  "\\leq": "<=",
  "\\leqslant": "<=",
  "\\ge": ">=",
  "\\geq": ">=",
  "\\geqslant": ">=",
  "<=": "<=",
  ">=": ">=",
  "≤": "<=",
  "≥": ">=",
  "\\ne": "!=",
  "\\neq": "!=",
  "!=": "!=",
  "≠": "!=",
  "\\approx": "~",
  "\\in": "in",
  "\\equiv": "=",
};

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let m: RegExpMatchArray | null;
    const rest = src.slice(i, i + 64);
    if ((m = rest.match(/^(\d+(?:\.\d*)?|\.\d+)/))) {
      // allow long digit runs beyond the 64-char window; E-notation as programs print it
      // (`1e-3`, `2.5E+4`: digits right after the e, no letter after them); a repeating
      // decimal `0.1\overline{6}`
      const full = src.slice(i).match(
        /^(?:\d+(?:\.\d*)?|\.\d+)(?:\\overline\s*\{\d+\}|[eE][+-]?\d+(?![a-zA-Z\d]))?/,
      )!;
      tokens.push({ k: "num", v: full[0] });
      i += full[0].length;
    } else if (rest.startsWith("\\text{") || rest.startsWith("\\textup{")) {
      const open = src.indexOf("{", i);
      let depth = 0, j = open;
      for (; j < src.length; j++) {
        if (src[j] === "{") depth++;
        else if (src[j] === "}" && --depth === 0) break;
      }
      tokens.push({ k: "text", v: src.slice(open + 1, j).trim() });
      i = j + 1;
    } else if ((m = rest.match(/^\\([a-zA-Z]+)/))) {
      tokens.push({ k: "cmd", v: `\\${m[1]}` });
      i += m[0].length;
    } else if (rest.startsWith("\\\\")) {
      tokens.push({ k: "op", v: "\\\\" });
      i += 2;
    } else if ((m = rest.match(/^\\([{}%|,;!:])/))) {
      tokens.push({ k: "op", v: `\\${m[1]}` });
      i += 2;
    } else if ((m = rest.match(/^(<=|>=|!=|\*\*|≤|≥|≠|±|∞|π|√|×|÷|·|−)/))) {
      const map: Record<string, string> = {
        "**": "^",
        "±": "\\pm",
        "∞": "\\infty",
        "π": "\\pi",
        "√": "\\sqrt",
        "×": "*",
        "÷": "/",
        "·": "*",
        "−": "-",
      };
      const v = map[m[1]!] ?? m[1]!;
      tokens.push(v.startsWith("\\") ? { k: "cmd", v } : { k: "op", v });
      i += m[1]!.length;
    } else if (/[a-zA-Z]/.test(c)) {
      const word = src.slice(i).match(/^[a-zA-Z]+/)![0];
      tokens.push({ k: "id", v: word });
      i += word.length;
    } else if ("+-*/^()[]{}=<>,;!|_:'&".includes(c)) {
      tokens.push({ k: "op", v: c });
      i++;
    } else {
      throw new MathParseError(`unexpected character "${c}"`);
    }
    if (tokens.length > PARSE_LIMITS.maxTokens) {
      throw new MathParseError(`more than ${PARSE_LIMITS.maxTokens} tokens`);
    }
  }
  return tokens;
}

function numberNode(text: string): MathNode {
  const repeating = text.match(/^(\d*)\.?(\d*)\\overline\s*\{(\d+)\}$/);
  if (repeating) {
    // 0.1\overline{6} = (16 − 1) / 90: an exact rational, not a decimal approximation
    const [, whole = "", frac = "", period = ""] = repeating;
    const head = BigInt((whole || "0") + frac), all = BigInt((whole || "0") + frac + period);
    const den = (10n ** BigInt(period.length) - 1n) * 10n ** BigInt(frac.length);
    return { t: "num", v: rational(all - head, den), float: false };
  }
  const [mantissa = "", exponentText] = text.split(/[eE]/);
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (!mantissa.includes(".") && exponentText === undefined) {
    return { t: "num", v: rational(BigInt(text)), float: false };
  }
  if (Math.abs(exponent) > 10_000) throw new MathParseError(`exponent ${exponent} too large`);
  const [whole = "", frac = ""] = mantissa.split(".");
  const digits = BigInt((whole || "0") + frac);
  const shift = frac.length - exponent;
  const v = shift >= 0
    ? rational(digits, 10n ** BigInt(shift))
    : rational(digits * 10n ** BigInt(-shift));
  const sig = ((whole || "0") + frac).replace(/^0+/, "").length;
  return { t: "num", v, float: true, places: shift, sig };
}

class Parser {
  private at = 0;
  private depth = 0;
  private absDepth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }
  private isOp(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return !!t && (t.k === "op" || t.k === "cmd") && t.v === v;
  }
  private take(): Token {
    const t = this.tokens[this.at++];
    if (!t) throw new MathParseError("unexpected end of input");
    return t;
  }
  private expect(v: string): void {
    const t = this.take();
    if (t.v !== v) throw new MathParseError(`expected "${v}", found "${t.v}"`);
  }
  private enter(): void {
    if (++this.depth > PARSE_LIMITS.maxDepth) {
      throw new MathParseError(`nesting deeper than ${PARSE_LIMITS.maxDepth}`);
    }
  }

  parseAll(): MathNode {
    const node = this.list(null);
    if (this.at < this.tokens.length) throw new MathParseError(`unexpected "${this.peek()!.v}"`);
    return node;
  }

  /** Comma/semicolon-separated items until `closer` (or end). */
  list(closer: string | null): MathNode {
    const items = [this.union()];
    const groups: MathNode[][] = [[items[0]!]];
    let semicolon = false, comma = false;
    while (this.isOp(",") || this.isOp(";") || this.isOp("\\,") || this.isOp("\\;")) {
      const sep = this.take().v;
      if (closer && this.isOp(closer)) break;
      const item = this.union();
      items.push(item);
      if (sep === ";") {
        semicolon = true;
        groups.push([item]);
      } else {
        comma = true;
        groups[groups.length - 1]!.push(item);
      }
    }
    // `p=5,q=2; p=7,q=2`: groups of assignments are tuples of their values
    if (
      semicolon && comma &&
      groups.every((g) =>
        g.length > 1 && g.every((x) => x.t === "rel" && x.ops.length === 1 && x.ops[0] === "=")
      )
    ) {
      return {
        t: "seq",
        open: "",
        close: "",
        items: groups.map((g): MathNode => ({
          t: "seq",
          open: "(",
          close: ")",
          items: g.map((x) => (x as Extract<MathNode, { t: "rel" }>).args[1]!),
        })),
      };
    }
    return items.length === 1 ? items[0]! : { t: "seq", open: "", close: "", items };
  }

  union(): MathNode {
    const parts = [this.relation()];
    while (this.isOp("\\cup") || this.isOp("U")) {
      this.take();
      parts.push(this.relation());
    }
    return parts.length === 1 ? parts[0]! : { t: "union", args: parts };
  }

  relation(): MathNode {
    const args = [this.ratio()];
    const ops: RelOp[] = [];
    let approx = false;
    for (;;) {
      const t = this.peek();
      if (!t || !(t.v in REL) || (t.k !== "op" && t.k !== "cmd")) break;
      this.take();
      const op = REL[t.v]!;
      const next = this.ratio();
      // `a ≈ b`: the value stated before the approximation is the answer
      if (op === "~" && ops.length === 0 && args[0]!.t === "sym") {
        // `x ≈ 11` names the value of x
        ops.push("=");
        args.push(next);
        continue;
      }
      if (op === "~" || approx) {
        approx = true;
        continue;
      }
      ops.push(op);
      args.push(next);
    }
    return ops.length ? { t: "rel", ops, args } : args[0]!;
  }

  /** A ratio `a : b` (kept as written: `12:00` is not `1:00`). */
  ratio(): MathNode {
    const first = this.sum();
    if (!this.isOp(":")) return first;
    const args = [first];
    while (this.isOp(":")) {
      this.take();
      args.push(this.sum());
    }
    return { t: "fn", name: "ratio", args };
  }

  sum(): MathNode {
    this.enter();
    let terms: MathNode[] = [this.unary()];
    for (;;) {
      // a signed term after an operator, as models write it: 3 + -2, x - -4
      if (this.isOp("+")) {
        this.take();
        terms.push(this.unary());
      } else if (this.isOp("-")) {
        this.take();
        terms.push({ t: "neg", arg: this.unary() });
      } else if (this.isOp("\\pm") || this.isOp("\\mp")) {
        this.take();
        const rest = this.product();
        terms = [{
          t: "pm",
          a: terms.length === 1 ? terms[0]! : { t: "add", args: terms },
          b: rest,
        }];
      } else break;
    }
    this.depth--;
    return terms.length === 1 ? terms[0]! : { t: "add", args: terms };
  }

  unary(): MathNode {
    if (this.isOp("-")) {
      this.take();
      return { t: "neg", arg: this.unary() };
    }
    if (this.isOp("+")) {
      this.take();
      return this.unary();
    }
    if (this.isOp("\\pm") || this.isOp("\\mp")) {
      this.take();
      return { t: "pm", a: null, b: this.product() };
    }
    return this.product();
  }

  product(): MathNode {
    this.enter();
    let node = this.power();
    for (;;) {
      if (this.isOp("*") || this.isOp("\\cdot") || this.isOp("\\times") || this.isOp("\\ast")) {
        this.take();
        node = mul(node, this.signedPower());
      } else if (this.isOp("/") || this.isOp("\\div")) {
        this.take();
        node = { t: "div", num: node, den: this.signedPower() };
      } else if (
        node.t === "num" && !node.float && this.peek()?.k === "num" && this.isOp("/", 1) &&
        this.peek(2)?.k === "num" && !/[.eE\\]/.test(this.peek()!.v + this.peek(2)!.v) &&
        !this.isOp("^", 3)
      ) {
        // a mixed number written with a slash: 2 1/2 = 5/2 (two numbers side by side)
        const num = numberNode(this.take().v);
        this.take();
        const den = numberNode(this.take().v);
        node = { t: "add", args: [node, { t: "div", num, den }] };
      } else if (this.startsPrimary()) {
        const fraction = this.isOp("\\frac");
        const next = this.power();
        // a mixed number: 2\frac{1}{2} = 5/2 (Math-Verify's interpret_as_mixed_fractions)
        if (
          fraction && node.t === "num" && !node.float && next.t === "div" &&
          next.num.t === "num" &&
          next.den.t === "num"
        ) {
          node = { t: "add", args: [node, next] };
        } else node = mul(node, next);
      } else break;
    }
    this.depth--;
    return node;
  }

  private signedPower(): MathNode {
    if (this.isOp("-")) {
      this.take();
      return { t: "neg", arg: this.signedPower() };
    }
    if (this.isOp("+")) this.take();
    return this.power();
  }

  private startsPrimary(): boolean {
    const t = this.peek();
    if (!t) return false;
    if (t.k === "num" || t.k === "id") return true;
    if (t.k === "cmd") {
      return ["\\frac", "\\sqrt", "\\pi", "\\infty", "\\binom", "\\left", "\\lfloor", "\\lceil"]
        .includes(t.v) ||
        FUNCTIONS.has(t.v.slice(1)) ||
        GREEK.test(t.v.slice(1)) || t.v === "\\begin";
    }
    return t.k === "op" && (t.v === "(" || t.v === "\\{" || (t.v === "|" && this.absDepth === 0));
  }

  power(): MathNode {
    this.enter();
    let base = this.postfix();
    // a degree mark: x^\circ is x·π/180 (radians)
    const degree = this.isOp("^") &&
      (this.isOp("\\circ", 1) ||
        (this.isOp("{", 1) && this.isOp("\\circ", 2) && this.isOp("}", 3)));
    if (degree) {
      this.at += this.isOp("\\circ", 1) ? 2 : 4;
      base = mul(base, {
        t: "div",
        num: { t: "const", name: "pi" },
        den: { t: "num", v: rational(180n), float: false },
      });
    } else if (this.isOp("^")) {
      this.take();
      const exp = this.isOp("{") ? this.braced() : this.unaryAtom();
      base = { t: "pow", base, exp };
    }
    this.depth--;
    return base;
  }

  private unaryAtom(): MathNode {
    if (this.isOp("-")) {
      this.take();
      return { t: "neg", arg: this.postfix() };
    }
    return this.postfix();
  }

  postfix(): MathNode {
    let node = this.primary();
    for (;;) {
      if (this.isOp("!")) {
        this.take();
        node = { t: "fn", name: "factorial", args: [node] };
      } else if (
        node.t === "sym" &&
        (this.isOp("'") || (this.isOp("^") && this.isOp("\\prime", 1)))
      ) {
        // a prime: f', f'', f^\prime name derivatives, kept as names
        this.at += this.isOp("'") ? 1 : 2;
        node = { t: "sym", name: `${node.name}'` };
      } else if (this.isOp("\\%")) {
        this.take();
        node = { t: "percent", arg: node };
      } else if (
        this.isOp("_") &&
        (node.t === "sym" ||
          (node.t === "mul" && node.args.every((a) => a.t === "sym" || a.t === "const")))
      ) {
        // a subscripted name: a_3, a_{37}, S_{MBCN}, F_{n-1}
        this.take();
        const sub = this.isOp("{") ? this.braced() : this.primary();
        const name = node.t === "sym" ? node.name : show(node).replace(/[()*]/g, "");
        node = { t: "sym", name: `${name}_${show(sub).replace(/[\s"]/g, "")}` };
      } else if (this.isOp("_") && node.t === "num") {
        // subscript base notation (204_5) keeps the digits as a symbol-like token
        this.take();
        const base = this.isOp("{") ? this.braced() : this.primary();
        node = { t: "sym", name: `${show(node)}_${show(base)}` };
      } else break;
    }
    return node;
  }

  braced(): MathNode {
    this.expect("{");
    const inner = this.list("}");
    this.expect("}");
    return inner;
  }

  primary(): MathNode {
    this.enter();
    const t = this.take();
    let node: MathNode;
    if (t.k === "num") node = numberNode(t.v);
    else if (t.k === "text") {
      node = /^[\d.]+$/.test(t.v) ? numberNode(t.v) : { t: "text", value: t.v };
    } else if (t.k === "id") {
      if (t.v.length > 1 && !this.specialWord(t.v)) {
        // a run of letters is a product of single-letter symbols (Math-Verify's `xy` = x·y);
        // each letter is its own factor, so a power binds to the last one only (3ab^2 = 3·a·b²)
        this.tokens[--this.at] = { k: "id", v: t.v.slice(1) };
        node = this.identifier(t.v[0]!);
      } else node = this.identifier(t.v);
    } else if (t.k === "cmd") node = this.command(t.v);
    else if (t.v === "(" || t.v === "[") node = this.bracket(t.v);
    else if (t.v === "{") {
      node = this.list("}");
      this.expect("}");
    } else if (t.v === "\\{") {
      const items = this.isOp("\\}") ? [] : seqItems(this.list("\\}"));
      this.expect("\\}");
      node = { t: "seq", open: "{", close: "}", items };
    } else if (t.v === "|") {
      this.absDepth++;
      const inner = this.sum();
      this.absDepth--;
      this.expect("|");
      node = { t: "fn", name: "abs", args: [inner] };
    } else throw new MathParseError(`unexpected "${t.v}"`);
    this.depth--;
    return node;
  }

  private bracket(open: "(" | "["): MathNode {
    const inner = this.list(")");
    const close = this.take();
    if (close.v !== ")" && close.v !== "]") {
      throw new MathParseError(`expected ")" or "]", found "${close.v}"`);
    }
    if (inner.t === "seq" && inner.open === "") {
      return { t: "seq", open, close: close.v as ")" | "]", items: inner.items };
    }
    if (inner.t === "matrix") return inner;
    if (open === "[" || close.v === "]") {
      return { t: "seq", open, close: close.v as ")" | "]", items: [inner] };
    }
    return inner;
  }

  private specialWord(word: string): boolean {
    return FUNCTIONS.has(word) || word === "frac" || word === "pi" || word === "inf" ||
      word === "infty" || word === "infinity";
  }

  private identifier(word: string): MathNode {
    if (FUNCTIONS.has(word) || word === "frac") return this.command(`\\${word}`);
    if (word === "pi") return { t: "const", name: "pi" };
    if (word === "inf" || word === "infty" || word === "infinity") {
      return { t: "const", name: "inf" };
    }
    if (word.length === 1) {
      return word === "e" ? { t: "const", name: "e" } : { t: "sym", name: word };
    }
    // a run of letters: a product of single-letter symbols (Math-Verify's `xy` = x·y)
    return word.split("").map((ch): MathNode =>
      ch === "e" ? { t: "const", name: "e" } : { t: "sym", name: ch }
    ).reduce(mul);
  }

  private command(cmd: string): MathNode {
    const name = cmd.slice(1);
    switch (name) {
      case "frac": {
        const num = this.isOp("{") ? this.braced() : this.primary();
        const den = this.isOp("{") ? this.braced() : this.primary();
        return { t: "div", num, den };
      }
      case "binom": {
        const n = this.braced(), k = this.braced();
        return { t: "fn", name: "binom", args: [n, k] };
      }
      case "sqrt": {
        if (this.isOp("[")) {
          this.take();
          const index = this.sum();
          this.expect("]");
          return {
            t: "fn",
            name: "root",
            args: [this.isOp("{") ? this.braced() : this.primary(), index],
          };
        }
        return { t: "fn", name: "sqrt", args: [this.isOp("{") ? this.braced() : this.primary()] };
      }
      case "pi":
        return { t: "const", name: "pi" };
      case "infty":
      case "infin":
        return { t: "const", name: "inf" };
      case "lfloor": {
        const inner = this.sum();
        this.expect("\\rfloor");
        return { t: "fn", name: "floor", args: [inner] };
      }
      case "lceil": {
        const inner = this.sum();
        this.expect("\\rceil");
        return { t: "fn", name: "ceil", args: [inner] };
      }
      case "emptyset":
      case "varnothing":
        return { t: "seq", open: "{", close: "}", items: [] };
      case "imath":
        return { t: "const", name: "i" };
      case "begin":
        return this.matrix();
      case "sum":
      case "prod": {
        // \sum_{k=a}^{b} body, kept structurally: index, bounds and body are compared
        this.expect("_");
        const from = this.isOp("{") ? this.braced() : this.primary();
        this.expect("^");
        const to = this.isOp("{") ? this.braced() : this.primary();
        if (
          from.t !== "rel" || from.ops.length !== 1 || from.ops[0] !== "=" ||
          from.args[0]!.t !== "sym"
        ) {
          throw new MathParseError(`\\${name} needs an index such as k=1`);
        }
        const body = this.product();
        return { t: "fn", name, args: [from.args[0]!, from.args[1]!, to, body] };
      }
    }
    if (FUNCTIONS.has(name)) {
      let power: MathNode | null = null;
      if (this.isOp("^")) {
        this.take();
        power = this.isOp("{") ? this.braced() : this.primary();
      }
      let base: MathNode | null = null;
      if (name === "log" && this.isOp("_")) {
        this.take();
        base = this.isOp("{") ? this.braced() : this.primary();
      }
      const arg = this.isOp("(")
        ? (this.take(), this.parenArg())
        : this.isOp("{")
        ? this.braced()
        : this.functionArgument();
      const fnName = name === "lg" ? "log10" : name;
      const call: MathNode = { t: "fn", name: fnName, args: base ? [arg, base] : [arg] };
      return power ? { t: "pow", base: call, exp: power } : call;
    }
    if (GREEK.test(name)) return { t: "sym", name };
    throw new MathParseError(`unsupported command "${cmd}"`);
  }

  /**
   * The argument of a function written without brackets: the implicit product of numbers,
   * symbols and powers that follows (`\cos 2x` is cos(2x), `\sin x \cos x` is sin(x)·cos(x)),
   * ending at an operator or at the next function.
   */
  private functionArgument(): MathNode {
    let node = this.power();
    for (;;) {
      const t = this.peek();
      if (!t) break;
      const simple = t.k === "num" || (t.k === "id" && !this.specialWord(t.v)) ||
        (t.k === "cmd" && (GREEK.test(t.v.slice(1)) || t.v === "\\pi"));
      if (!simple) break;
      node = mul(node, this.power());
    }
    return node;
  }

  /** `\begin{pmatrix} a & b \\ c & d \end{pmatrix}` (also bmatrix, vmatrix, matrix, array). */
  private matrix(): MathNode {
    this.expect("{");
    const env = this.take().v;
    this.expect("}");
    if (env === "cases") return this.cases();
    if (!/^(?:p|b|B|v|V|small)?matrix$|^array$/.test(env)) {
      throw new MathParseError(`unsupported environment "${env}"`);
    }
    if (env === "array" && this.isOp("{")) {
      // column spec such as {cc} or {c|c}
      while (!this.isOp("}")) this.take();
      this.take();
    }
    const rows: MathNode[][] = [];
    let row: MathNode[] = [];
    for (;;) {
      if (this.isOp("\\end")) break;
      if (this.isOp("\\\\")) {
        this.take();
        if (row.length) rows.push(row);
        row = [];
        continue;
      }
      row.push(this.sum());
      if (this.isOp("&")) this.take();
    }
    if (row.length) rows.push(row);
    this.expect("\\end");
    this.expect("{");
    this.take();
    this.expect("}");
    if (!rows.length || rows.some((r) => r.length !== rows[0]!.length)) {
      throw new MathParseError("a matrix with rows of different lengths");
    }
    return { t: "matrix", rows };
  }

  /**
   * `\begin{cases} v_1 & c_1 \\ v_2 & c_2 \end{cases}`: a piecewise definition, kept as the
   * function `cases(v_1, c_1, v_2, c_2, …)` and compared part by part.
   */
  private cases(): MathNode {
    const args: MathNode[] = [];
    for (;;) {
      if (this.isOp("\\end")) break;
      if (this.isOp("\\\\")) {
        this.take();
        continue;
      }
      const value = this.sum();
      let condition: MathNode = { t: "text", value: "otherwise" };
      if (this.isOp(",") || this.isOp(";")) this.take();
      if (this.isOp("&")) {
        this.take();
        if (this.isOp(",")) this.take();
        while (this.peek()?.k === "text" && /^(?:if|for|when|,)?$/i.test(this.peek()!.v)) {
          this.take();
        }
        if (this.peek()?.k === "id" && /^(?:if|for|when)$/.test(this.peek()!.v)) this.take();
        if (!this.isOp("\\\\") && !this.isOp("\\end")) {
          const next = this.peek()!;
          condition = next.k === "text" || (next.k === "id" && /^(?:otherwise|else)$/.test(next.v))
            ? (this.take(), { t: "text", value: "otherwise" })
            : this.relation();
        }
      }
      args.push(value, condition);
    }
    this.expect("\\end");
    this.expect("{");
    this.take();
    this.expect("}");
    if (!args.length) throw new MathParseError("an empty cases environment");
    return { t: "fn", name: "cases", args };
  }

  private parenArg(): MathNode {
    const inner = this.list(")");
    this.expect(")");
    return inner;
  }
}

function seqItems(node: MathNode): readonly MathNode[] {
  return node.t === "seq" && node.open === "" ? node.items : [node];
}

function mul(a: MathNode, b: MathNode): MathNode {
  return { t: "mul", args: [...(a.t === "mul" ? a.args : [a]), ...(b.t === "mul" ? b.args : [b])] };
}

/**
 * Parses normalised math text into an expression tree, or throws a {@linkcode MathParseError}.
 * Bounded: at most 2,000 characters, 1,000 tokens and nesting depth 100.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MathParseError, parseMath } from "./parse.ts";
 * assert.equal(parseMath("\\frac{1}{2}").t, "div");
 * assert.equal(parseMath("[0, 1)").t, "seq");
 * assert.throws(() => parseMath("\\frac{1}{"), MathParseError);
 * ```
 */
export function parseMath(text: string): MathNode {
  if (text.length > PARSE_LIMITS.maxLength) {
    throw new MathParseError(`longer than ${PARSE_LIMITS.maxLength} characters`);
  }
  if (/^-?\d+(?:\.\d+)?$/.test(text)) {
    // plain numbers skip the tokenizer (most answers)
    const node = numberNode(text.replace(/^-/, ""));
    return text.startsWith("-") ? { t: "neg", arg: node } : node;
  }
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new MathParseError("empty answer");
  if (
    tokens.every((t) => t.k === "text" || t.k === "id") &&
    tokens.some((t) => t.k === "text" || t.v.length > 2)
  ) {
    const words = tokens.map((t) => t.v).join(" ");
    if (!tokens.some((t) => t.k === "id" && (FUNCTIONS.has(t.v) || t.v === "pi"))) {
      return { t: "text", value: words };
    }
  }
  return new Parser(tokens).parseAll();
}

/**
 * A compact infix rendering of a tree (for messages and as input to mathjs).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMath, show } from "./parse.ts";
 * assert.equal(show(parseMath("\\frac{x}{2}+1")), "(((x)/(2))+1)");
 * ```
 */
export function show(node: MathNode): string {
  switch (node.t) {
    case "num":
      return node.v.den === 1n ? node.v.num.toString() : `${node.v.num}/${node.v.den}`;
    case "sym":
      return node.name;
    case "const":
      return node.name === "inf" ? "Infinity" : node.name;
    case "add":
      return `(${node.args.map(show).join("+")})`;
    case "mul":
      return `(${node.args.map(show).join("*")})`;
    case "neg":
      return `(-${show(node.arg)})`;
    case "div":
      return `((${show(node.num)})/(${show(node.den)}))`;
    case "pow":
      return `((${show(node.base)})^(${show(node.exp)}))`;
    case "pm":
      return `(${node.a ? show(node.a) : ""}±${show(node.b)})`;
    case "fn":
      return `${node.name}(${node.args.map(show).join(",")})`;
    case "seq":
      return `${node.open}${node.items.map(show).join(", ")}${node.close}`;
    case "rel":
      return node.args.map((a, i) => (i ? `${node.ops[i - 1]}${show(a)}` : show(a))).join("");
    case "union":
      return node.args.map(show).join(" ∪ ");
    case "percent":
      return `(${show(node.arg)}%)`;
    case "text":
      return `"${node.value}"`;
    case "matrix":
      return `[${node.rows.map((r) => `[${r.map(show).join(", ")}]`).join(", ")}]`;
  }
}
