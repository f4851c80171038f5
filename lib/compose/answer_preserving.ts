import type { Task } from "../tasks/task.ts";
import type { Family } from "../tasks/generators/family.ts";
import { familyOfTask, linkValue } from "./link_value.ts";
import type { ComposedTask, Link } from "./composed_task.ts";
import { type IntegerCandidate, type KeySelector, selectKeyInteger } from "./key_selector.ts";
import type { PromptTemplate } from "./render.ts";
import { assembleComposedTask } from "./assemble.ts";

/** Raised when a problem cannot take part in a link, naming the problem and why. */
export class UnlinkableProblemError extends Error {
  /** The id of the problem that cannot be linked. */
  readonly taskId: string;
  /** Makes the error for problem `taskId`, saying `reason`. */
  constructor(taskId: string, reason: string) {
    super(`Cannot link problem "${taskId}": ${reason}`);
    this.name = "UnlinkableProblemError";
    this.taskId = taskId;
  }
}

/** Options for {@linkcode composeAnswerPreserving}. */
export interface AnswerPreservingOptions {
  /** Parent of each problem (`null` for none), e.g. from `planParents`. Default: a chain. */
  readonly parents?: readonly (number | null)[];
  /** Picks the integer to replace. Default {@linkcode selectKeyInteger}. */
  readonly selector?: KeySelector;
  /** Prompt template. Default R-Horizon's layout. */
  readonly template?: PromptTemplate;
  /** Problems per layer, recorded as `breadth`. Default 1. */
  readonly breadth?: number;
  /** Recorded in `source`. */
  readonly seed?: number;
  /** Recorded in `source`. */
  readonly index?: number;
  /** The family of each generated problem. Default: the registry's, by name. */
  readonly familyOf?: (task: Task, index: number) => Family | undefined;
}

/**
 * The integer value of a canonical integer answer, or `null`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integerAnswer } from "./answer_preserving.ts";
 * assert.equal(integerAnswer(" +42 "), 42n);
 * assert.equal(integerAnswer("3/4"), null);
 * ```
 */
export function integerAnswer(answer: string): bigint | null {
  const s = answer.trim().replace(/^\+/, "");
  return /^-?\d+$/.test(s) ? BigInt(s) : null;
}

/**
 * Composes problems the R-Horizon way (arXiv 2510.08189, Algorithm 1): in each linked problem
 * a key integer `m` is replaced by `[variableK]`, defined as `[answerJ] + d` with
 * `d = m - a_J`, so the variable evaluates back to `m` and **every answer is unchanged**.
 * Parents need integer answers (a generated problem's answer may instead feed its family's
 * projection, recorded on the link); children need a linkable integer in the text, or for a
 * generated problem its family's chain input (`via: "input"`), else an
 * {@linkcode UnlinkableProblemError} names the problem. Inside math (`$…$`) the placeholder is
 * braced, `{[variableK]}`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeAnswerPreserving } from "./answer_preserving.ts";
 * const base = { answer_kind: "integer", difficulty: {}, source: { kind: "dataset", dataset: "d", row: 0 } } as const;
 * const composed = composeAnswerPreserving([
 *   { ...base, id: "a", family: "d", question: "What is 2 + 3?", answer: "5" },
 *   { ...base, id: "b", family: "d", question: "Tom has 12 apples and eats 4. How many are left?", answer: "8" },
 * ]);
 * assert.equal(composed.links[0]!.offset, "7"); // 12 = 5 + 7
 * assert.deepEqual(composed.answers, ["5", "8"]);
 * ```
 */
export function composeAnswerPreserving(
  problems: readonly Task[],
  options: AnswerPreservingOptions = {},
): ComposedTask {
  if (problems.length === 0) throw new RangeError("Cannot compose an empty list of problems");
  const parents = options.parents ?? problems.map((_, i) => (i === 0 ? null : i - 1));
  if (parents.length !== problems.length) {
    throw new RangeError(
      `Invalid parents: expected ${problems.length} entries, got ${parents.length}`,
    );
  }
  const selector = options.selector ?? ((q: string) => selectKeyInteger(q));
  const familyOf = options.familyOf ?? ((task: Task) => familyOfTask(task));
  const links: Link[] = [];
  const rewritten = problems.map((task, i): Task => {
    const parent = parents[i];
    if (parent === null || parent === undefined) return task;
    if (!(parent >= 0 && parent < i)) {
      throw new RangeError(
        `Invalid parent ${parent} for problem ${i}: expected an earlier problem`,
      );
    }
    const fed = linkValue(problems[parent]!, familyOf(problems[parent]!, parent));
    if (fed === null) {
      throw new UnlinkableProblemError(
        problems[parent]!.id,
        `its answer "${problems[parent]!.answer}" is not an integer`,
      );
    }
    const a = fed.value;
    const projection = fed.projection ? { projection: fed.projection } : {};
    let key: IntegerCandidate | null;
    try {
      key = selector(task.question);
    } catch (error) {
      throw new UnlinkableProblemError(
        task.id,
        `the key selector failed: ${error instanceof Error ? error.message : error}`,
      );
    }
    const variable = `[variable${i + 1}]`;
    const family = familyOf(task, i);
    if (!key && family?.input && task.params !== undefined) {
      // No integer in the text: the family's declared chain input is the key variable.
      const m = family.input.get(task.params);
      links.push({
        from: parent,
        to: i,
        kind: "offset",
        variable,
        value: m.toString(),
        original: m.toString(),
        offset: (m - a).toString(),
        ...projection,
        via: "input",
      });
      return {
        ...task,
        question: family.question(task.params, variable),
        original_question: task.question,
      };
    }
    if (!key) throw new UnlinkableProblemError(task.id, "its question has no linkable integer");
    const placeholder = key.inMath ? `{${variable}}` : variable;
    links.push({
      from: parent,
      to: i,
      kind: "offset",
      variable,
      value: key.value.toString(),
      original: key.value.toString(),
      offset: (key.value - a).toString(),
      ...projection,
    });
    return {
      ...task,
      question: task.question.slice(0, key.start) + placeholder + task.question.slice(key.end),
      original_question: task.question,
    };
  });
  return assembleComposedTask({
    prefix: "rh",
    method: "answer_preserving",
    idParts: ["answer_preserving", ...problems.map((p) => p.id), JSON.stringify(parents)],
    problems: rewritten,
    links,
    breadth: options.breadth,
    template: options.template,
    seed: options.seed,
    index: options.index,
  });
}
