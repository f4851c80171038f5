/**
 * The composed-task data contract: several short problems in one prompt, linked so that
 * later problems depend on earlier answers, with exact per-problem ground truth.
 * @module
 */
import type { Task } from "../tasks/task.ts";
import type { ProjectionName } from "../tasks/generators/link.ts";

/** How a recomputed (h1) link maps the previous answer `a` to the next problem's input. */
export type LinkTransform =
  | { readonly op: "identity" }
  | { readonly op: "offset"; readonly k: string }
  | { readonly op: "scale"; readonly k: string }
  | { readonly op: "mod"; readonly k: string; readonly shift: string };

/**
 * A dependency of problem `to` on the answer of problem `from` (0-based indices into
 * `problems`). Numbers are exact decimal strings.
 *
 * - `offset` (R-Horizon, answer-preserving): the integer `original` in problem `to` was replaced
 *   by `[variable]` defined as `answers[from] + offset`, so `answers[from] + offset == original`
 *   and every answer is unchanged.
 * - `recompute` (h1): problem `to`'s input parameter is `transform(answers[from])`, stored as
 *   `value`, and its answer was recomputed from it.
 */
export interface Link {
  /** Index of the problem whose answer the link uses. */
  readonly from: number;
  /** Index of the problem that depends on it. */
  readonly to: number;
  /** `"offset"` (R-Horizon, answer-preserving) or `"recompute"` (h1). */
  readonly kind: "offset" | "recompute";
  /** The placeholder used in the prompt, e.g. `"[variable2]"`. */
  readonly variable: string;
  /** The value the variable stands for. */
  readonly value: string;
  /** `offset` links: the number that was replaced (equals `value`). */
  readonly original?: string;
  /** `offset` links: `original - answers[from]`. */
  readonly offset?: string;
  /** `recompute` links: how `value` is computed from `answers[from]`. */
  readonly transform?: LinkTransform;
  /**
   * How `answers[from]` became the integer the link uses, when it is not an integer itself
   * (see `projectAnswer`); absent means the answer is the integer.
   */
  readonly projection?: ProjectionName;
  /**
   * `offset` links: `"input"` when the replaced number is the family's chain input (set in
   * `problems[to].params`) rather than an integer found in the question text.
   */
  readonly via?: "input";
}

/** How the composed task was made. */
export interface CompositionSource {
  /** The composition method. */
  readonly method: "answer_preserving" | "recomputed" | "independent";
  /** The seed of the run. */
  readonly seed: number;
  /** Index of this composed task in its run. */
  readonly index: number;
}

/** Several problems composed into one long-horizon task. */
export interface ComposedTask {
  /** Unique id within the run. */
  readonly id: string;
  /** The rendered prompt. */
  readonly prompt: string;
  /** The problems in prompt order, each with its own (possibly rewritten) question and answer. */
  readonly problems: readonly Task[];
  /** Gold answer per problem, in order. */
  readonly answers: readonly string[];
  /** The final answer: the last problem's. */
  readonly answer: string;
  /** Number of layers (the chain length for a chain). */
  readonly depth: number;
  /** Problems per layer (1 for a chain). */
  readonly breadth: number;
  /** Dependencies between problems. */
  readonly links: readonly Link[];
  /** How the task was made. */
  readonly source: CompositionSource;
}

/**
 * Applies a recompute transform to a previous answer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyTransform } from "./composed_task.ts";
 * assert.equal(applyTransform({ op: "mod", k: "7", shift: "1" }, -3n), 5n);
 * ```
 */
export function applyTransform(t: LinkTransform, a: bigint): bigint {
  switch (t.op) {
    case "identity":
      return a;
    case "offset":
      return a + BigInt(t.k);
    case "scale":
      return a * BigInt(t.k);
    case "mod": {
      const k = BigInt(t.k);
      return ((a % k) + k) % k + BigInt(t.shift);
    }
  }
}

/**
 * Describes a transform in prompt notation, e.g. `"([answer1] mod 7) + 1"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeTransform } from "./composed_task.ts";
 * assert.equal(describeTransform({ op: "offset", k: "-4" }, "[answer1]"), "[answer1] - 4");
 * ```
 */
export function describeTransform(t: LinkTransform, answer: string): string {
  switch (t.op) {
    case "identity":
      return answer;
    case "offset":
      return t.k.startsWith("-") ? `${answer} - ${t.k.slice(1)}` : `${answer} + ${t.k}`;
    case "scale":
      return `${t.k} × ${answer}`;
    case "mod":
      return BigInt(t.shift) === 0n
        ? `${answer} mod ${t.k}`
        : `(${answer} mod ${t.k}) + ${t.shift}`;
  }
}
