import type { Rng } from "../../random/rng.ts";
import { defineFamily, drawIn } from "./family.ts";

/** A boolean expression tree: a literal, `not`, or a binary `and`/`or`/`xor`. */
type BoolExpr = boolean | ["not", BoolExpr] | ["and" | "or" | "xor", BoolExpr, BoolExpr];

type BoolParams = {
  expr: BoolExpr;
  depth: number;
  /** Chain value: when set, the leftmost literal is `p`, True exactly when this is odd. */
  chain?: string;
};

function leftmost(e: BoolExpr): boolean {
  return typeof e === "boolean" ? e : leftmost(e[1]);
}

function withLeftmost(e: BoolExpr, v: boolean): BoolExpr {
  if (typeof e === "boolean") return v;
  if (e[0] === "not") return ["not", withLeftmost(e[1], v)];
  return [e[0], withLeftmost(e[1], v), e[2]];
}

/** The expression with the chain value (if any) substituted for its leftmost literal. */
function resolved(p: BoolParams): BoolExpr {
  return p.chain === undefined ? p.expr : withLeftmost(p.expr, BigInt(p.chain) % 2n !== 0n);
}

function randomExpr(rng: Rng, depth: number): BoolExpr {
  if (depth <= 0 || rng.chance(0.15)) return rng.chance(0.5);
  if (rng.chance(0.2)) return ["not", randomExpr(rng, depth - 1)];
  return [
    rng.pick(["and", "or", "xor"] as const),
    randomExpr(rng, depth - 1),
    randomExpr(rng, depth - 1),
  ];
}

function show(e: BoolExpr, top = true): string {
  if (typeof e === "boolean") return e ? "True" : "False";
  if (e[0] === "not") return `not ${show(e[1], false)}`;
  const s = `${show(e[1], false)} ${e[0]} ${show(e[2], false)}`;
  return top ? s : `(${s})`;
}

function evaluate(e: BoolExpr): boolean {
  if (typeof e === "boolean") return e;
  if (e[0] === "not") return !evaluate(e[1]);
  const a = evaluate(e[1]), b = evaluate(e[2]);
  return e[0] === "and" ? a && b : e[0] === "or" ? a || b : a !== b;
}

/** Evaluates the rendered text by repeated rewriting of innermost groups (checker route). */
function evaluateText(text: string): boolean | null {
  let s = text;
  // A group is `operand` or `operand op operand`, where operand is `not`* then a literal.
  const atom = (t: string): boolean | null => {
    const tokens = t.trim().split(/\s+/);
    let at = 0;
    const operand = (): boolean | null => {
      let negate = false;
      while (tokens[at] === "not") [negate, at] = [!negate, at + 1];
      const lit = tokens[at++];
      if (lit !== "True" && lit !== "False") return null;
      return (lit === "True") !== negate;
    };
    const a = operand();
    if (a === null) return null;
    if (at === tokens.length) return a;
    const op = tokens[at++];
    const b = operand();
    if (b === null || at !== tokens.length) return null;
    return op === "and" ? a && b : op === "or" ? a || b : op === "xor" ? a !== b : null;
  };
  for (let guard = 0; guard < 10_000; guard++) {
    const m = s.match(/\(([^()]*)\)/);
    if (!m) return atom(s);
    const v = atom(m[1]!);
    if (v === null) return null;
    s = s.replace(m[0], v ? "True" : "False");
  }
  return null;
}

/**
 * Evaluate a nested boolean expression with `and`, `or`, `xor` and `not`; the answer is the
 * choice `"True"` or `"False"` (links use 1 or 0). Attributes: `depth` (1–8). Chain input: a
 * number whose parity sets the leftmost literal ("Let p be True if N is odd").
 *
 * @example
 * ```ts
 * import { booleanEval } from "./boolean_eval.ts";
 * booleanEval.answer({ expr: ["and", true, ["not", false]], depth: 2 }); // "True"
 * ```
 */
export const booleanEval = defineFamily<BoolParams>({
  name: "boolean_eval",
  category: "logic",
  description: "Evaluate a boolean expression",
  answerKind: "choice",
  attributes: {
    depth: {
      description: "nesting depth",
      levels: [1, 2, 3, 4, 5, 6, 8],
      default: [2, 3],
      min: 1,
      max: 8,
    },
  },
  sample(rng, config) {
    const depth = drawIn(rng, config.depth!);
    let expr = randomExpr(rng, depth);
    if (typeof expr === "boolean") {
      expr = [rng.pick(["and", "or", "xor"] as const), expr, randomExpr(rng, depth - 1)];
    }
    return { expr, depth };
  },
  difficulty: (p) => ({ depth: p.depth }),
  question(p, inputSymbol) {
    if (p.chain === undefined && inputSymbol === undefined) {
      return `Evaluate the boolean expression: ${show(p.expr)}. Answer True or False.`;
    }
    const text = show(p.expr).replace(/True|False/, "p");
    return `Let p be True if ${inputSymbol ?? p.chain} is odd and False otherwise. ` +
      `Evaluate the boolean expression: ${text}. Answer True or False.`;
  },
  answer: (p) => (evaluate(resolved(p)) ? "True" : "False"),
  check(p, answer) {
    const v = evaluateText(show(resolved(p)));
    return v !== null && answer.trim() === (v ? "True" : "False");
  },
  input: {
    describe: "a number whose parity sets the leftmost literal",
    min: -(10n ** 12n),
    max: 10n ** 12n,
    get: (p) => (p.chain !== undefined ? BigInt(p.chain) : leftmost(p.expr) ? 1n : 0n),
    set: (p, v) => ({ ...p, chain: v.toString() }),
  },
});
