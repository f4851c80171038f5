/**
 * Games and puzzles with unique answers, solved by search or simulation: Tower of Hanoi,
 * maze and knight reachability, Nim, subtraction games, Countdown, N-queens, mini sudoku.
 * @module
 */
import type { Rng } from "../../random/rng.ts";
import { attr, bfs, fieldInput, relaxDistances } from "./_kit.ts";
import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

// ---------- Tower of Hanoi ----------

type HanoiParams = { disks: number; moves: number };

function hanoiSimulate(n: number, k: number): number[][] {
  const pegs: number[][] = [Array.from({ length: n }, (_, i) => n - i), [], []];
  let done = 0;
  const move = (m: number, from: number, to: number, via: number): void => {
    if (m === 0 || done >= k) return;
    move(m - 1, from, via, to);
    if (done >= k) return;
    pegs[to]!.push(pegs[from]!.pop()!);
    done++;
    move(m - 1, via, to, from);
  };
  move(n, 0, 2, 1);
  return pegs;
}

/**
 * Tower of Hanoi: after the first k moves of the optimal solution moving n disks from peg A to
 * peg C, how many disks are on peg C? Simulated; checked by the closed form for each disk's
 * peg. Attributes: `disks` (3–12). Chain input: k.
 *
 * @example
 * ```ts
 * import { towerOfHanoi } from "./games.ts";
 * import assert from "node:assert/strict";
 * assert.equal(towerOfHanoi.answer({ disks: 3, moves: 7 }), "3");
 * ```
 */
export const towerOfHanoi = defineFamily<HanoiParams>({
  name: "tower_of_hanoi",
  category: "games",
  description: "Disks on the target peg after k optimal Hanoi moves",
  answerKind: "integer",
  attributes: { disks: attr("number of disks", [3, 4, 5, 6, 8, 10, 12], [3, 5]) },
  sample(rng, config) {
    const disks = drawIn(rng, config.disks!);
    return { disks, moves: rng.int(0, 2 ** disks - 1) };
  },
  difficulty: (p) => ({ disks: p.disks }),
  question: (p, s) =>
    `Peg A holds ${p.disks} disks, largest at the bottom; pegs B and C are empty. The optimal ` +
    `solution moves the whole stack to peg C, one disk at a time, never a larger disk on a ` +
    `smaller one. After the first ${s ?? p.moves} moves of that solution (or all of them, if it ` +
    `is shorter), how many disks are on peg C?`,
  answer: (p) => String(hanoiSimulate(p.disks, p.moves)[2]!.length),
  check(p, answer) {
    const v = parseIntAnswer(answer);
    const k = Math.min(p.moves, 2 ** p.disks - 1);
    let onC = 0;
    for (let d = 1; d <= p.disks; d++) {
      const moved = Math.floor((k + 2 ** (d - 1)) / 2 ** d);
      const step = (p.disks - d) % 2 === 0 ? 2 : 1; // A→C→B or A→B→C
      if ((moved * step) % 3 === 2) onC++;
    }
    return v === BigInt(onC);
  },
  input: fieldInput("moves", "the number of moves made", 0n, 5000n),
});

// ---------- Grid reachability (maze, knight) ----------

type GridParams = { rows: number; cols: number; walls: number[]; start: number; steps: number };

function gridWalls(rng: Rng, rows: number, cols: number, density: number): number[] {
  const walls: number[] = [];
  for (let c = 1; c < rows * cols; c++) if (rng.int(1, 100) <= density) walls.push(c);
  return walls;
}

function mazeNeighbours(p: GridParams) {
  const blocked = new Set(p.walls);
  return (c: number) => {
    if (blocked.has(c)) return [];
    const r = Math.floor(c / p.cols), k = c % p.cols, out: number[] = [];
    for (const [dr, dk] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
      const nr = r + dr, nk = k + dk;
      if (nr >= 0 && nr < p.rows && nk >= 0 && nk < p.cols && !blocked.has(nr * p.cols + nk)) {
        out.push(nr * p.cols + nk);
      }
    }
    return out;
  };
}

function knightNeighbours(p: GridParams) {
  const blocked = new Set(p.walls);
  return (c: number) => {
    if (blocked.has(c)) return [];
    const r = Math.floor(c / p.cols), k = c % p.cols, out: number[] = [];
    for (
      const [dr, dk] of [[1, 2], [2, 1], [-1, 2], [-2, 1], [1, -2], [2, -1], [-1, -2], [-2, -1]]
    ) {
      const nr = r + dr!, nk = k + dk!;
      if (nr >= 0 && nr < p.rows && nk >= 0 && nk < p.cols && !blocked.has(nr * p.cols + nk)) {
        out.push(nr * p.cols + nk);
      }
    }
    return out;
  };
}

function drawGrid(p: GridParams, mark: string): string {
  const blocked = new Set(p.walls);
  const lines: string[] = [];
  for (let r = 0; r < p.rows; r++) {
    let line = "";
    for (let c = 0; c < p.cols; c++) {
      const i = r * p.cols + c;
      line += i === p.start ? mark : blocked.has(i) ? "#" : ".";
    }
    lines.push(line);
  }
  return lines.join("\n");
}

const within = (dist: number[], k: number) => dist.filter((d) => d >= 0 && d <= k).length;

function gridFamily(kind: "maze" | "knight") {
  const neighbours = kind === "maze" ? mazeNeighbours : knightNeighbours;
  return defineFamily<GridParams>({
    name: kind === "maze" ? "maze_reach" : "knight_reach",
    category: "games",
    description: kind === "maze"
      ? "Cells of a maze reachable within k steps"
      : "Squares a knight reaches within k moves",
    answerKind: "integer",
    attributes: {
      size: attr("grid side", [4, 5, 6, 8, 10, 12], [4, 6]),
      walls: attr("wall density, percent", [0, 10, 20, 30, 40], [10, 30]),
    },
    sample(rng, config) {
      const rows = drawIn(rng, config.size!), cols = drawIn(rng, config.size!);
      const walls = gridWalls(rng, rows, cols, drawIn(rng, config.walls!));
      return { rows, cols, walls, start: 0, steps: rng.int(1, rows + cols) };
    },
    difficulty: (p) => ({
      size: Math.max(p.rows, p.cols),
      walls: Math.round((100 * p.walls.length) / (p.rows * p.cols)),
    }),
    question: (p, s) =>
      kind === "maze"
        ? `In this grid, # is a wall and . is open; S is the start.\n${drawGrid(p, "S")}\n` +
          `Moving up, down, left or right through open cells, how many cells (including S) ` +
          `can be reached in at most ${s ?? p.steps} steps?`
        : `On this ${p.rows}×${p.cols} board, # squares are blocked and N is a knight.\n${
          drawGrid(p, "N")
        }\nHow many squares (including its own) can the knight reach in at most ${
          s ?? p.steps
        } knight moves, never landing on a blocked square?`,
    answer: (p) => String(within(bfs(p.rows * p.cols, p.start, neighbours(p)), p.steps)),
    check: (p, a) =>
      parseIntAnswer(a) ===
        BigInt(within(relaxDistances(p.rows * p.cols, p.start, neighbours(p)), p.steps)),
    input: fieldInput("steps", "the number of steps allowed", 0n, 300n),
  });
}

/**
 * Maze reachability: how many open cells lie within k steps of the start (BFS; checked by
 * relaxation). Attributes: `size` (4–12), `walls` (density %). Chain input: k.
 *
 * @example
 * ```ts
 * import { mazeReach } from "./games.ts";
 * import assert from "node:assert/strict";
 * assert.equal(mazeReach.answer({ rows: 2, cols: 2, walls: [3], start: 0, steps: 1 }), "3");
 * ```
 */
export const mazeReach = gridFamily("maze");

/**
 * Knight reachability on a board with blocked squares, within k moves (BFS; checked by
 * relaxation). Attributes: `size` (4–12), `walls` (density %). Chain input: k.
 *
 * @example
 * ```ts
 * import { knightReach } from "./games.ts";
 * import assert from "node:assert/strict";
 * assert.equal(knightReach.answer({ rows: 3, cols: 3, walls: [], start: 0, steps: 1 }), "3");
 * ```
 */
export const knightReach = gridFamily("knight");

// ---------- Nim ----------

type NimParams = { heaps: number[] };

/**
 * Nim: how many first moves win (leave a position whose heap sizes XOR to 0)? Counted by the
 * XOR rule per heap; checked by enumerating every move. Attributes: `heaps` (2–6), `size`
 * (largest heap). Chain input: the first heap.
 *
 * @example
 * ```ts
 * import { nimWinningMoves } from "./games.ts";
 * import assert from "node:assert/strict";
 * assert.equal(nimWinningMoves.answer({ heaps: [3, 4, 5] }), "1");
 * ```
 */
export const nimWinningMoves = defineFamily<NimParams>({
  name: "nim_winning_moves",
  category: "games",
  description: "Winning first moves in Nim",
  answerKind: "integer",
  attributes: {
    heaps: attr("number of heaps", [2, 3, 4, 5, 6], [2, 4]),
    size: attr("largest heap", [5, 10, 20, 50, 100], [5, 20]),
  },
  sample(rng, config) {
    const size = drawIn(rng, config.size!);
    return { heaps: Array.from({ length: drawIn(rng, config.heaps!) }, () => rng.int(1, size)) };
  },
  difficulty: (p) => ({ heaps: p.heaps.length, size: Math.max(...p.heaps) }),
  question: (p, s) =>
    `In Nim, players alternately take any positive number of stones from one heap; whoever ` +
    `takes the last stone wins. The heaps hold ${
      p.heaps.map((h, i) => (i === 0 && s ? s : String(h))).join(", ")
    } stones. How many different first moves (a heap and a number of stones) leave the ` +
    `opponent in a losing position?`,
  answer(p) {
    const x = p.heaps.reduce((a, b) => a ^ b, 0);
    return String(x === 0 ? 0 : p.heaps.filter((h) => (h ^ x) < h).length);
  },
  check(p, answer) {
    let wins = 0;
    p.heaps.forEach((h, i) => {
      for (let take = 1; take <= h; take++) {
        const rest = p.heaps.map((v, j) => (j === i ? v - take : v));
        if (rest.reduce((a, b) => a ^ b, 0) === 0) wins++;
      }
    });
    return parseIntAnswer(answer) === BigInt(wins);
  },
  input: {
    describe: "the first heap",
    min: 0n,
    max: 10000n,
    get: (p) => BigInt(p.heaps[0]!),
    set: (p, v) => ({ heaps: [Number(v), ...p.heaps.slice(1)] }),
  },
});

// ---------- Subtraction game ----------

type SubtractionParams = { moves: number[]; n: number };

/**
 * A subtraction game: players alternately remove one of the allowed amounts of stones; whoever
 * cannot move loses. For how many starting piles of 1…n stones does the player to move lose?
 * Answered with Sprague–Grundy values; checked by a win/lose recursion. Attributes: `moves`
 * (allowed amounts), `n`. Chain input: n.
 *
 * @example
 * ```ts
 * import { subtractionGame } from "./games.ts";
 * import assert from "node:assert/strict";
 * assert.equal(subtractionGame.answer({ moves: [1, 2], n: 6 }), "2");
 * ```
 */
export const subtractionGame = defineFamily<SubtractionParams>({
  name: "subtraction_game",
  category: "games",
  description: "Losing positions of a subtraction game",
  answerKind: "integer",
  attributes: {
    moves: attr("allowed amounts", [2, 3, 4, 5], [2, 3]),
    n: attr("largest pile", [10, 20, 50, 100, 300], [10, 50]),
  },
  sample(rng, config) {
    const count = drawIn(rng, config.moves!);
    const moves = rng.sample(Array.from({ length: 9 }, (_, i) => i + 1), count).sort((a, b) =>
      a - b
    );
    return { moves, n: drawIn(rng, config.n!) };
  },
  difficulty: (p) => ({ moves: p.moves.length, n: p.n }),
  question: (p, s) =>
    `Two players take turns removing ${
      p.moves.join(", ")
    } stones from a pile (one of those amounts, never more than remain); a player who cannot ` +
    `move loses. For how many starting piles of 1 to ${s ?? p.n} stones does the player to ` +
    `move lose with perfect play?`,
  answer(p) {
    const g: number[] = [0];
    for (let m = 1; m <= p.n; m++) {
      const seen = new Set(p.moves.filter((d) => d <= m).map((d) => g[m - d]!));
      let v = 0;
      while (seen.has(v)) v++;
      g.push(v);
    }
    return String(g.slice(1).filter((v) => v === 0).length);
  },
  check(p, answer) {
    const memo = new Map<number, boolean>();
    const wins = (m: number): boolean => {
      if (memo.has(m)) return memo.get(m)!;
      const w = p.moves.some((d) => d <= m && !wins(m - d));
      memo.set(m, w);
      return w;
    };
    let losing = 0;
    for (let m = 1; m <= p.n; m++) if (!wins(m)) losing++;
    return parseIntAnswer(answer) === BigInt(losing);
  },
  input: fieldInput("n", "the largest starting pile", 1n, 5000n),
});

// ---------- Countdown ----------

type CountdownParams = { numbers: number[]; target: number };

function reachable(numbers: readonly number[]): Set<number> {
  const n = numbers.length;
  const sets: Set<number>[] = Array.from({ length: 1 << n }, () => new Set());
  numbers.forEach((v, i) => sets[1 << i]!.add(v));
  for (let mask = 1; mask < 1 << n; mask++) {
    for (let sub = (mask - 1) & mask; sub > 0; sub = (sub - 1) & mask) {
      const rest = mask ^ sub;
      if (sub < rest) continue;
      for (const a of sets[sub]!) {
        for (const b of sets[rest]!) {
          const out = sets[mask]!;
          out.add(a + b).add(a * b);
          if (a !== b) out.add(Math.abs(a - b));
          if (b && a % b === 0) out.add(a / b);
          if (a && b % a === 0) out.add(b / a);
        }
      }
    }
  }
  const all = new Set<number>();
  for (const s of sets) for (const v of s) if (v > 0) all.add(v);
  return all;
}

function closest(values: Iterable<number>, target: number): number {
  let best = Infinity;
  for (const v of values) {
    const d = Math.abs(v - target), bd = Math.abs(best - target);
    if (d < bd || (d === bd && v < best)) best = v;
  }
  return best;
}

/**
 * Countdown: combining some of the numbers (each at most once) with +, −, × and exact ÷,
 * keeping every intermediate result positive, which reachable value is closest to the target
 * (the smaller on a tie)? Answered by subset dynamic programming; checked by recursive search
 * over lists. Attributes: `numbers` (3–5). Chain input: the target.
 *
 * @example
 * ```ts
 * import { countdown } from "./games.ts";
 * import assert from "node:assert/strict";
 * assert.equal(countdown.answer({ numbers: [2, 3, 7], target: 23 }), "23");
 * ```
 */
export const countdown = defineFamily<CountdownParams>({
  name: "countdown",
  category: "games",
  description: "Closest reachable value in the Countdown numbers game",
  answerKind: "integer",
  attributes: { numbers: attr("how many numbers", [3, 4, 5], [3, 4]) },
  sample(rng, config) {
    const n = drawIn(rng, config.numbers!);
    const numbers = Array.from(
      { length: n },
      () => rng.chance(0.25) ? rng.pick([25, 50, 75, 100]) : rng.int(1, 10),
    );
    return { numbers, target: rng.int(100, 999) };
  },
  difficulty: (p) => ({ numbers: p.numbers.length }),
  question: (p, s) =>
    `Using some of the numbers ${
      p.numbers.join(", ")
    } (each at most once) with +, −, × and ÷, where every intermediate result must be a ` +
    `positive whole number, which reachable value is closest to ${
      s ?? p.target
    }? If two are equally close, give the smaller.`,
  answer: (p) => String(closest(reachable(p.numbers), p.target)),
  check(p, answer) {
    const seen = new Set<number>();
    const search = (list: number[]): void => {
      for (const v of list) seen.add(v);
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = Math.max(list[i]!, list[j]!), b = Math.min(list[i]!, list[j]!);
          const rest = list.filter((_, k) => k !== i && k !== j);
          const results = [a + b, a * b];
          if (a !== b) results.push(a - b);
          if (a % b === 0) results.push(a / b);
          for (const r of results) search([...rest, r]);
        }
      }
    };
    search([...p.numbers]);
    return parseIntAnswer(answer) === BigInt(closest(seen, p.target));
  },
  input: fieldInput("target", "the target", 1n, 100000n),
});

// ---------- N-queens ----------

type QueensParams = { n: number; blocked: number[][] };

/**
 * N-queens with blocked squares: in how many ways can n non-attacking queens be placed on an
 * n×n board avoiding the blocked squares? Backtracking by rows; checked by bitmask search by
 * columns. Attributes: `n` (4–8), `blocked`. Chain input: n (blocked squares off the board are
 * ignored).
 *
 * @example
 * ```ts
 * import { nQueens } from "./games.ts";
 * import assert from "node:assert/strict";
 * assert.equal(nQueens.answer({ n: 6, blocked: [] }), "4");
 * ```
 */
export const nQueens = defineFamily<QueensParams>({
  name: "n_queens",
  category: "games",
  description: "Count N-queens placements avoiding blocked squares",
  answerKind: "integer",
  attributes: {
    n: attr("board side", [4, 5, 6, 7, 8], [4, 6]),
    blocked: attr("blocked squares", [0, 1, 2, 4, 6], [0, 2]),
  },
  sample(rng, config) {
    const n = drawIn(rng, config.n!);
    const blocked = Array.from({ length: drawIn(rng, config.blocked!) }, () => [
      rng.int(0, n - 1),
      rng.int(0, n - 1),
    ]);
    return { n, blocked };
  },
  difficulty: (p) => ({ n: p.n, blocked: p.blocked.length }),
  question: (p, s) =>
    `On a ${s ?? p.n}×${s ?? p.n} chessboard (rows and columns numbered from 1), ` +
    (p.blocked.length
      ? `the squares ${
        p.blocked.map(([r, c]) => `(${r! + 1}, ${c! + 1})`).join(", ")
      } are blocked (ignore any outside the board). `
      : "") +
    `In how many ways can ${
      s ?? p.n
    } queens be placed on unblocked squares so that no two attack each other?`,
  answer(p) {
    const blocked = new Set(p.blocked.map(([r, c]) => r! * 100 + c!));
    const cols: number[] = [];
    const go = (r: number): number => {
      if (r === p.n) return 1;
      let total = 0;
      for (let c = 0; c < p.n; c++) {
        if (blocked.has(r * 100 + c)) continue;
        if (cols.some((cc, rr) => cc === c || Math.abs(cc - c) === r - rr)) continue;
        cols.push(c);
        total += go(r + 1);
        cols.pop();
      }
      return total;
    };
    return String(p.n > 12 ? 0 : go(0));
  },
  check(p, answer) {
    if (p.n > 12) return answer === "0";
    const free = Array.from({ length: p.n }, (_, c) =>
      p.blocked.reduce(
        (m, [r, cc]) => (cc === c && r! < p.n ? m & ~(1 << r!) : m),
        (1 << p.n) - 1,
      ));
    const go = (c: number, rows: number, d1: number, d2: number): number => {
      if (c === p.n) return 1;
      let total = 0;
      // d1 marks the diagonals r + c, d2 the anti-diagonals r - c + n - 1
      const avail = free[c]! & ~rows;
      for (let r = 0; r < p.n; r++) {
        if (!((avail >> r) & 1)) continue;
        if ((d1 >> (r + c)) & 1 || (d2 >> (r - c + p.n - 1)) & 1) continue;
        total += go(c + 1, rows | (1 << r), d1 | (1 << (r + c)), d2 | (1 << (r - c + p.n - 1)));
      }
      return total;
    };
    return parseIntAnswer(answer) === BigInt(go(0, 0, 0, 0));
  },
  input: fieldInput("n", "the board side", 1n, 9n),
});

// ---------- Mini sudoku ----------

type SudokuParams = { givens: number[]; cell: number };

function sudokuSolutions(grid: number[], limit: number): number[][] {
  const out: number[][] = [];
  const g = [...grid];
  const ok = (i: number, v: number) => {
    const r = Math.floor(i / 4), c = i % 4, br = r - (r % 2), bc = c - (c % 2);
    for (let k = 0; k < 4; k++) {
      if (g[r * 4 + k] === v || g[k * 4 + c] === v) return false;
    }
    for (let dr = 0; dr < 2; dr++) {
      for (let dc = 0; dc < 2; dc++) if (g[(br + dr) * 4 + bc + dc] === v) return false;
    }
    return true;
  };
  const go = (i: number): void => {
    if (out.length >= limit) return;
    if (i === 16) return void out.push([...g]);
    if (g[i]) return go(i + 1);
    for (let v = 1; v <= 4; v++) {
      if (ok(i, v)) {
        g[i] = v;
        go(i + 1);
        g[i] = 0;
      }
    }
  };
  go(0);
  return out;
}

/**
 * A 4×4 sudoku with a unique solution (givens removed while the solution stays unique): what
 * digit goes in cell k (row-major, 1–16)? Solved by backtracking; checked by validating the
 * solved grid against every row, column, box and given. Attributes: `blanks`. Chain input: k.
 *
 * @example
 * ```ts
 * import { miniSudoku } from "./games.ts";
 * import assert from "node:assert/strict";
 * const givens = [1, 2, 3, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 0];
 * assert.equal(miniSudoku.answer({ givens, cell: 16 }), "1");
 * ```
 */
export const miniSudoku = defineFamily<SudokuParams>({
  name: "mini_sudoku",
  category: "games",
  description: "A cell of a uniquely solvable 4×4 sudoku",
  answerKind: "integer",
  attributes: { blanks: attr("blank cells (at most)", [4, 6, 8, 10, 12], [4, 8]) },
  sample(rng, config) {
    const digits = rng.shuffle([1, 2, 3, 4]);
    const base = [0, 1, 2, 3, 2, 3, 0, 1, 1, 0, 3, 2, 3, 2, 1, 0].map((d) => digits[d]!);
    const rows = rng.chance(0.5) ? [0, 1, 2, 3] : [2, 3, 0, 1];
    const full = rows.flatMap((r) => base.slice(r * 4, r * 4 + 4));
    const givens = [...full];
    const target = drawIn(rng, config.blanks!);
    let blanks = 0;
    for (const i of rng.shuffle(Array.from({ length: 16 }, (_, k) => k))) {
      if (blanks >= target) break;
      const v = givens[i]!;
      givens[i] = 0;
      if (sudokuSolutions(givens, 2).length === 1) blanks++;
      else givens[i] = v;
    }
    const empty = givens.map((v, i) => (v ? -1 : i)).filter((i) => i >= 0);
    return { givens, cell: (empty.length ? rng.pick(empty) : rng.int(0, 15)) + 1 };
  },
  difficulty: (p) => ({ blanks: p.givens.filter((v) => v === 0).length }),
  question: (p, s) =>
    `Solve this 4×4 sudoku (each row, column and 2×2 box holds 1–4 once; 0 is blank):\n${
      [0, 1, 2, 3].map((r) => p.givens.slice(r * 4, r * 4 + 4).join(" ")).join("\n")
    }\nNumbering the cells 1 to 16 row by row, what digit is in cell ${s ?? p.cell}?`,
  answer: (p) => String(sudokuSolutions(p.givens, 1)[0]![(((p.cell - 1) % 16) + 16) % 16]!),
  check(p, answer) {
    const [solution, second] = sudokuSolutions(p.givens, 2);
    if (!solution || second) return false;
    const lines = [0, 1, 2, 3].flatMap((k) => [
      [0, 1, 2, 3].map((j) => solution[k * 4 + j]!),
      [0, 1, 2, 3].map((j) => solution[j * 4 + k]!),
      [0, 1, 4, 5].map((j) => solution[[0, 2, 8, 10][k]! + j]!),
    ]);
    const valid = lines.every((l) => new Set(l).size === 4) &&
      p.givens.every((v, i) => v === 0 || v === solution[i]);
    return valid && parseIntAnswer(answer) === BigInt(solution[(((p.cell - 1) % 16) + 16) % 16]!);
  },
  input: fieldInput("cell", "the cell asked for", 1n, 16n),
});
