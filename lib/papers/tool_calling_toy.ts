import { directReturn, gatedReturn } from "../rewards/gated.ts";
import {
  type StoppingPolicyOptions,
  type StoppingStep,
  trainStoppingPolicy,
} from "./stopping_policy.ts";

/** Options for {@linkcode toolCallingToy}; `maxSteps` defaults to 30 here. */
export interface ToolCallingToyOptions extends StoppingPolicyOptions {
  /** `"direct"` (D-RA: outcome plus every step reward) or `"gated"` (G-RA). */
  readonly accumulation: "direct" | "gated";
  /** Immediate reward of each tool call. Default 0.1 (docs/rewards.md, G-RA). */
  readonly toolReward?: number;
  /** G-RA's gate threshold δ on the outcome. Default 0 (no published value). */
  readonly delta?: number;
  /** Outcome when the agent never submits. Default −1. */
  readonly noSubmit?: number;
  /** Outcome of a submitted patch that fails. Default 0. */
  readonly fail?: number;
  /** Outcome of a submitted patch that passes. Default 1. */
  readonly pass?: number;
  /** Probability that a submission passes after `calls` tool calls. Default min(0.9, 0.3 + 0.1·calls). */
  readonly passProbability?: (calls: number) => number;
}

/**
 * G-RA's tool-calling toy (Sun et al., "Gated Reward Accumulation", arXiv 2508.10548): each step
 * the agent calls a tool (immediate reward 0.1) or submits; a submission passes with a
 * probability that grows with the calls made; no submission by the cut-off is the worst outcome.
 * Under direct accumulation the tool rewards outweigh the outcome, the agent learns to keep
 * calling tools and the completion (submission) rate collapses; under gated accumulation the
 * step rewards only count when the outcome clears δ, so not submitting forfeits them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toolCallingToy } from "./tool_calling_toy.ts";
 * const run = toolCallingToy({ accumulation: "gated", iterations: 5, seed: 1 });
 * assert.deepEqual(run.length, 5);
 * ```
 */
export function toolCallingToy(options: ToolCallingToyOptions): StoppingStep[] {
  const toolReward = options.toolReward ?? 0.1, delta = options.delta ?? 0;
  const noSubmit = options.noSubmit ?? -1, fail = options.fail ?? 0, pass = options.pass ?? 1;
  const passProbability = options.passProbability ??
    ((calls: number) => Math.min(0.9, 0.3 + 0.1 * calls));
  if (options.accumulation !== "direct" && options.accumulation !== "gated") {
    throw new RangeError(
      `toolCallingToy: accumulation must be "direct" or "gated", got "${options.accumulation}"`,
    );
  }
  return trainStoppingPolicy((calls, submitted, rng) => {
    const outcome = !submitted ? noSubmit : rng.chance(passProbability(calls)) ? pass : fail;
    const steps = new Array<number>(calls).fill(toolReward);
    return options.accumulation === "gated"
      ? gatedReturn(outcome, steps, delta)
      : directReturn(outcome, steps);
  }, { ...options, maxSteps: options.maxSteps ?? 30 });
}
