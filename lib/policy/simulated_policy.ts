import { baseTaskId } from "../tasks/task_id.ts";
import type { ComposedTask } from "../compose/composed_task.ts";
import { createRng, type Rng } from "../random/rng.ts";
import type { Task } from "../tasks/task.ts";
import type { Policy, PolicyOutput } from "./policy.ts";

/** How a simulated policy gets a problem wrong. */
export type ErrorMode = "off_by_one" | "wrong_value" | "missing" | "unformatted";

/** Where a problem sits, for position- and depth-dependent success. */
export interface ProblemContext {
  /** Number of problems in the task (1 for a single task). */
  readonly depth: number;
  /** 0-based position in the prompt. */
  readonly position: number;
  /** The problem itself. */
  readonly problem: Task;
}

/** Options for {@linkcode simulatedPolicy}. */
export interface SimulatedPolicyOptions {
  /** Probability of solving a problem on its own. A number, a table by problem id, or a function. Default 0.9. */
  readonly successProbability?:
    | number
    | Readonly<Record<string, number>>
    | ((context: ProblemContext) => number);
  /** A wrong answer makes every problem that depends on it wrong too. Default true. */
  readonly propagateErrors?: boolean;
  /**
   * Probability that the policy "knows" the original version of an answer-preserving (R-Horizon)
   * problem and answers it right even when what it depends on is wrong: the source of R-Horizon's
   * Acc_last > Acc_all anomaly. Default 0.
   */
  readonly recallOriginal?: number;
  /** Relative weights of the error modes. Default: off_by_one 2, wrong_value 2, missing 1, unformatted 0. */
  readonly errorModes?: Partial<Record<ErrorMode, number>>;
  /** Seed. Default 0. */
  readonly seed?: number;
  /** Name for reports. Default derived from the options. */
  readonly name?: string;
}

function wrongAnswer(answer: string, rng: Rng, mode: "off_by_one" | "wrong_value"): string {
  if (/^-?\d+$/.test(answer)) {
    const v = BigInt(answer);
    const delta = mode === "off_by_one"
      ? (rng.chance(0.5) ? 1n : -1n)
      : BigInt(rng.int(2, 50)) * (rng.chance(0.5) ? 1n : -1n);
    return (v + delta).toString();
  }
  const i = answer.search(/\d/);
  if (i >= 0) {
    return answer.slice(0, i) + String((Number(answer[i]) + 1 + rng.int(0, 7)) % 10) +
      answer.slice(i + 1);
  }
  return answer === "True" ? "False" : answer === "False" ? "True" : `${answer}x`;
}

/**
 * A seeded stand-in for a model: each problem is solved with a given probability (optionally by
 * depth and position), errors propagate along links, and the response uses R-Horizon's answer
 * block (`Problem k: \boxed{…}`) or a single `\boxed{}`. The same (seed, task, sample) always gives
 * the same text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { simulatedPolicy } from "./simulated_policy.ts";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * const task = generateTask("gcd", 0);
 * const policy = simulatedPolicy({ successProbability: 1 });
 * assert.equal(policy.name, "sim:p=1");
 * const out = await policy.respond(task, { sample: 0 });
 * assert.equal(out.text, `Working it out, the answer is \\boxed{${task.answer}}.`);
 * ```
 */
export function simulatedPolicy(options: SimulatedPolicyOptions = {}): Policy {
  const p = options.successProbability ?? 0.9;
  const modes = {
    off_by_one: 2,
    wrong_value: 2,
    missing: 1,
    unformatted: 0,
    ...options.errorModes,
  };
  const modeNames = Object.keys(modes) as ErrorMode[];
  const name = options.name ??
    `sim:${typeof p === "number" ? `p=${p}` : "table"}${
      options.recallOriginal ? `,recall=${options.recallOriginal}` : ""
    }`;
  const chance = (ctx: ProblemContext): number => {
    if (typeof p === "number") return p;
    if (typeof p === "function") return p(ctx);
    const id = baseTaskId(ctx.problem.id);
    const value = p[ctx.problem.id] ?? p[id];
    if (value === undefined) {
      throw new RangeError(`No success probability for problem "${ctx.problem.id}"`);
    }
    return value;
  };
  return {
    name,
    respond(task: Task | ComposedTask, { sample }): Promise<PolicyOutput> {
      const rng = createRng(["simulated_policy", options.seed ?? 0, task.id, sample]);
      const composed = "problems" in task;
      const problems = composed ? task.problems : [task];
      const depth = composed ? task.depth : 1;
      const links = composed ? task.links : [];
      const right: boolean[] = [];
      const answers = problems.map((problem, position) => {
        let ok = rng.chance(chance({ depth, position, problem }));
        const parents = links.filter((l) => l.to === position);
        if ((options.propagateErrors ?? true) && parents.some((l) => !right[l.from])) {
          ok = parents.every((l) => l.kind === "offset") && rng.chance(options.recallOriginal ?? 0);
        }
        right.push(ok);
        if (ok) return problem.answer;
        const mode = modeNames[rng.weighted(modeNames.map((m) => modes[m] ?? 0))]!;
        if (mode === "missing") return null;
        if (mode === "unformatted") return `~${problem.answer}`;
        return wrongAnswer(problem.answer, rng, mode);
      });
      const lines = answers.map((a, i) =>
        a === null
          ? `Problem ${i + 1}: I could not finish this one.`
          : a.startsWith("~")
          ? `Problem ${i + 1}: ${a.slice(1)}`
          : `Problem ${i + 1}: \\boxed{${a}}`
      );
      const text = composed
        ? `Let me work through the problems in order.\n\n### Final Answers\n${lines.join("\n")}`
        : answers[0] === null
        ? "I am not sure how to solve this."
        : answers[0]!.startsWith("~")
        ? `The result is ${answers[0]!.slice(1)}`
        : `Working it out, the answer is \\boxed{${answers[0]}}.`;
      return Promise.resolve({ text });
    },
  };
}
