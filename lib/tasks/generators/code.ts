/**
 * Program execution: Brainfuck-style tape programs, small imperative programs with loops, and
 * stack-machine programs. Answers come from running the program.
 * @module
 */
import { attr, fieldInput } from "./_kit.ts";
import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

// ---------- Brainfuck ----------

type BfParams = { program: string; start: number };

function runBf(program: string, start: number): bigint {
  const tape = new Map<number, bigint>([[0, BigInt(start)]]);
  let ptr = 0, steps = 0;
  const match = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < program.length; i++) {
    if (program[i] === "[") stack.push(i);
    if (program[i] === "]") {
      const j = stack.pop()!;
      match.set(i, j).set(j, i);
    }
  }
  for (let pc = 0; pc < program.length; pc++, steps++) {
    if (steps > 2_000_000) throw new RangeError("Brainfuck program ran too long");
    const v = tape.get(ptr) ?? 0n;
    switch (program[pc]) {
      case "+":
        tape.set(ptr, v + 1n);
        break;
      case "-":
        tape.set(ptr, v - 1n);
        break;
      case ">":
        ptr++;
        break;
      case "<":
        ptr--;
        break;
      case "[":
        if (v === 0n) pc = match.get(pc)!;
        break;
      case "]":
        if (v !== 0n) pc = match.get(pc)!;
        break;
    }
  }
  return tape.get(ptr) ?? 0n;
}

/** Runs the program by scanning for brackets at run time (the checker's route). */
function runBfScanning(program: string, start: number): bigint {
  const tape: bigint[] = Array(64).fill(0n);
  let ptr = 32, pc = 0;
  tape[ptr] = BigInt(start);
  while (pc < program.length) {
    const op = program[pc]!;
    if (op === "+") tape[ptr]!++;
    else if (op === "-") tape[ptr]!--;
    else if (op === ">") ptr++;
    else if (op === "<") ptr--;
    else if (op === "[" && tape[ptr] === 0n) {
      for (let depth = 1; depth; pc++) {
        depth += program[pc + 1] === "[" ? 1 : program[pc + 1] === "]" ? -1 : 0;
      }
    } else if (op === "]" && tape[ptr] !== 0n) {
      for (let depth = 1; depth; pc--) {
        depth += program[pc - 1] === "]" ? 1 : program[pc - 1] === "[" ? -1 : 0;
      }
    }
    pc++;
  }
  return tape[ptr]!;
}

/**
 * Run a Brainfuck program on a tape of unbounded integers (cell 0 starts at N, the others at
 * 0) and report the cell under the pointer when it halts. Programs are built from loops that
 * move multiples of a cell into its neighbours, so they always halt. Run with a precomputed
 * bracket table; checked by an interpreter that scans for brackets. Attributes: `blocks`.
 * Chain input: N.
 *
 * @example
 * ```ts
 * import { brainfuck } from "./code.ts";
 * import assert from "node:assert/strict";
 * assert.equal(brainfuck.answer({ program: "[->+++<]>", start: 4 }), "12");
 * ```
 */
export const brainfuck = defineFamily<BfParams>({
  name: "bf",
  category: "code",
  description: "Run a Brainfuck program",
  answerKind: "integer",
  attributes: { blocks: attr("program blocks", [1, 2, 3, 4, 6], [1, 3]) },
  sample(rng, config) {
    // The current cell holds a·N + b (a ≥ 0); a loop is emitted only when b ≥ 0, so it
    // terminates for every N ≥ 0, and at most three loops keep runs short.
    let program = "", b = 0, loops = 0;
    for (let blocks = drawIn(rng, config.blocks!); blocks > 0; blocks--) {
      const kind = rng.int(0, 2);
      if (kind === 2 && b >= 0 && loops < 3) {
        const k = rng.int(1, 3);
        program += `[->${"+".repeat(k)}<]>`;
        [b, loops] = [b * k, loops + 1];
      } else if (kind === 1) {
        const k = rng.int(1, 3);
        program += "-".repeat(k);
        b -= k;
      } else {
        const k = rng.int(1, 5);
        program += "+".repeat(k);
        b += k;
      }
    }
    return { program, start: rng.int(0, 12) };
  },
  difficulty: (p) => ({
    blocks: (p.program.replace(/\[->\+*<\]>/g, "L").match(/L|\++|-+/g) ?? []).length,
  }),
  question: (p, s) =>
    `A Brainfuck tape holds unbounded integers (they may go negative), all 0 except cell 0, ` +
    `which holds ${s ?? p.start}; the pointer starts at cell 0. After running the program ` +
    `"${p.program}", what value is in the cell under the pointer?`,
  answer: (p) => String(runBf(p.program, p.start)),
  check: (p, a) => parseIntAnswer(a) === runBfScanning(p.program, p.start),
  input: {
    describe: "the starting value of cell 0",
    min: 0n,
    max: 300n,
    get: (p) => BigInt(p.start),
    set: (p, v) => ({ ...p, start: Number(v) }),
  },
});

// ---------- Program trace ----------

type Stmt = { op: string; v: number; times?: number; body?: Stmt[] };
type TraceParams = { x: number; program: Stmt[] };

function execute(stmts: readonly Stmt[], x: bigint): bigint {
  for (const s of stmts) {
    const v = BigInt(s.v);
    if (s.op === "add") x += v;
    else if (s.op === "mul") x *= v;
    else if (s.op === "mod") x = ((x % v) + v) % v;
    else if (s.op === "halve_if_even") x = x % 2n === 0n ? x / 2n : x;
    else if (s.op === "loop") { for (let i = 0; i < s.times!; i++) x = execute(s.body!, x); }
  }
  return x;
}

function unroll(stmts: readonly Stmt[]): Stmt[] {
  return stmts.flatMap((s) =>
    s.op === "loop" ? Array.from({ length: s.times! }, () => unroll(s.body!)).flat() : [s]
  );
}

function render(stmts: readonly Stmt[], indent: string): string {
  return stmts.map((s) => {
    if (s.op === "add") return `${indent}x = x ${s.v < 0 ? "-" : "+"} ${Math.abs(s.v)}`;
    if (s.op === "mul") return `${indent}x = x * ${s.v}`;
    if (s.op === "mod") return `${indent}x = x % ${s.v}`;
    if (s.op === "halve_if_even") return `${indent}if x % 2 == 0:\n${indent}    x = x // 2`;
    return `${indent}for _ in range(${s.times}):\n${render(s.body!, indent + "    ")}`;
  }).join("\n");
}

function randomStmts(rng: import("../../random/rng.ts").Rng, n: number, depth: number): Stmt[] {
  return Array.from({ length: n }, (): Stmt => {
    const op = rng.pick(
      depth > 0
        ? ["add", "mul", "mod", "halve_if_even", "loop"]
        : ["add", "mod", "halve_if_even", "add"],
    );
    if (op === "loop") {
      return { op, v: 0, times: rng.int(2, 4), body: randomStmts(rng, rng.int(1, 2), depth - 1) };
    }
    return {
      op,
      v: op === "mul" ? rng.int(2, 3) : op === "mod" ? rng.int(7, 97) : rng.int(-9, 9) || 1,
    };
  });
}

/**
 * Trace a small Python program (assignments, `if`, `for` loops) from a starting value of x
 * and report x at the end. Executed on the syntax tree; checked by executing the unrolled
 * straight-line program. Attributes: `statements`, `nesting`. Chain input: x's start value.
 *
 * @example
 * ```ts
 * import { programTrace } from "./code.ts";
 * import assert from "node:assert/strict";
 * const program = [{ op: "loop", v: 0, times: 3, body: [{ op: "add", v: 2 }] }];
 * assert.equal(programTrace.answer({ x: 1, program }), "7");
 * ```
 */
export const programTrace = defineFamily<TraceParams>({
  name: "program_trace",
  category: "code",
  description: "Trace a small Python program",
  answerKind: "integer",
  attributes: {
    statements: attr("top-level statements", [2, 3, 4, 6, 8], [2, 4]),
    nesting: attr("loop nesting", [0, 1, 2], [0, 1]),
  },
  sample: (rng, config) => ({
    x: rng.int(-20, 50),
    program: randomStmts(rng, drawIn(rng, config.statements!), drawIn(rng, config.nesting!)),
  }),
  difficulty(p) {
    const depth = (s: readonly Stmt[]): number =>
      Math.max(0, ...s.map((t) => (t.op === "loop" ? 1 + depth(t.body!) : 0)));
    return { statements: p.program.length, nesting: depth(p.program) };
  },
  question: (p, s) =>
    `What is the value of x after this Python code runs?\n\nx = ${s ?? p.x}\n${
      render(p.program, "")
    }`,
  answer: (p) => String(execute(p.program, BigInt(p.x))),
  check: (p, a) => parseIntAnswer(a) === execute(unroll(p.program), BigInt(p.x)),
  input: fieldInput("x", "the starting value of x", -(10n ** 6n), 10n ** 6n),
});

// ---------- Stack machine ----------

type StackParams = { program: string[] };

function runStack(program: readonly string[]): bigint[] {
  const st: bigint[] = [];
  for (const op of program) {
    if (/^-?\d+$/.test(op)) st.push(BigInt(op));
    else if (op === "dup") st.push(st.at(-1)!);
    else if (op === "swap") st.push(st.pop()!, st.pop()!);
    else if (op === "over") st.push(st.at(-2)!);
    else if (op === "drop") st.pop();
    else {
      const b = st.pop()!, a = st.pop()!;
      st.push(op === "add" ? a + b : op === "sub" ? a - b : a * b);
    }
  }
  return st;
}

/**
 * Run a stack-machine program (push, add, sub, mul, dup, swap, over, drop) and report the top
 * of the stack. Programs are generated so that no instruction underflows. Executed on an array
 * stack; checked by rewriting the program to an expression per stack slot. Attributes:
 * `length`. Chain input: the first number pushed.
 *
 * @example
 * ```ts
 * import { stackMachine } from "./code.ts";
 * import assert from "node:assert/strict";
 * assert.equal(stackMachine.answer({ program: ["3", "4", "add", "dup", "mul"] }), "49");
 * ```
 */
export const stackMachine = defineFamily<StackParams>({
  name: "stack_machine",
  category: "code",
  description: "Run a stack-machine program",
  answerKind: "integer",
  attributes: { length: attr("instructions", [3, 5, 8, 12, 16], [3, 8]) },
  sample(rng, config) {
    const program: string[] = [String(rng.int(1, 9))];
    let depth = 1;
    for (let n = drawIn(rng, config.length!) - 1; n > 0; n--) {
      const options = ["push", "push", "dup"];
      if (depth >= 2) options.push("add", "sub", "mul", "swap", "over", "add");
      if (depth >= 3) options.push("drop");
      const op = rng.pick(options);
      if (op === "push") program.push(String(rng.int(1, 9)));
      else program.push(op);
      depth += op === "push" || op === "dup" || op === "over" ? 1 : op === "swap" ? 0 : -1;
    }
    return { program };
  },
  difficulty: (p) => ({ length: p.program.length }),
  question: (p, s) =>
    `A stack machine runs these instructions left to right (a number pushes itself; add, sub ` +
    `and mul pop b then a and push a+b, a−b, a×b; dup copies the top; swap exchanges the top ` +
    `two; over copies the second; drop discards the top): ${
      p.program.map((op, i) => (i === 0 && s ? s : op)).join(" ")
    }. What number is on top of the stack at the end?`,
  answer: (p) => String(runStack(p.program).at(-1)!),
  check(p, answer) {
    // Expressions per slot, evaluated at the end.
    const st: (() => bigint)[] = [];
    for (const op of p.program) {
      if (/^-?\d+$/.test(op)) {
        const v = BigInt(op);
        st.push(() => v);
      } else if (op === "dup") st.push(st[st.length - 1]!);
      else if (op === "over") st.push(st[st.length - 2]!);
      else if (op === "drop") st.length--;
      else if (op === "swap") {
        const [a, b] = [st[st.length - 2]!, st[st.length - 1]!];
        st.splice(-2, 2, b, a);
      } else {
        const [a, b] = [st[st.length - 2]!, st[st.length - 1]!];
        st.splice(
          -2,
          2,
          op === "add" ? () => a() + b() : op === "sub" ? () => a() - b() : () => a() * b(),
        );
      }
    }
    return parseIntAnswer(answer) === st[st.length - 1]!();
  },
  input: {
    describe: "the first number pushed",
    min: -(10n ** 6n),
    max: 10n ** 6n,
    get: (p) => BigInt(p.program[0]!),
    set: (p, v) => ({ program: [v.toString(), ...p.program.slice(1)] }),
  },
});
