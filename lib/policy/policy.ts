import type { ComposedTask } from "../compose/composed_task.ts";
import type { Task } from "../tasks/task.ts";

/** What a policy produced for one prompt. */
export interface PolicyOutput {
  /** The response text. */
  readonly text: string;
  /** Generated token ids (models only). */
  readonly tokens?: readonly number[];
  /** Log-probability of each generated token (models only). */
  readonly logprobs?: readonly number[];
  /** Entropy of the next-token distribution at each step (models only). */
  readonly entropies?: readonly number[];
  /** Why no response was produced (e.g. the prompt does not fit the model's context). */
  readonly error?: string;
}

/**
 * Anything that answers tasks: an ONNX model or a simulated policy. Evaluations and reward
 * experiments take a `Policy`, so they run with or without a model.
 */
export interface Policy {
  /** A short name for reports, e.g. `"sim:p=0.9"` or a model directory. */
  readonly name: string;
  /** Answers one task; `sample` numbers the samples of the same task (seeded policies use it). */
  respond(task: Task | ComposedTask, options: { sample: number }): Promise<PolicyOutput>;
}

/**
 * The prompt a policy sees for a task or composed task: a composed task's own prompt, or a
 * single task's question followed by the instruction to box the final answer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { promptOf } from "./policy.ts";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * const task = generateTask("gcd", 0);
 * assert.equal(promptOf(task), `${task.question}\n\nPut the final answer in \\boxed{}.`);
 * ```
 */
export function promptOf(task: Task | ComposedTask): string {
  return "prompt" in task ? task.prompt : `${task.question}\n\nPut the final answer in \\boxed{}.`;
}
