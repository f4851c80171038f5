import {
  empgAdvantages,
  flowGrpoAdvantages,
  igpoAdvantages,
  saltAdvantages,
} from "../advantages/credit_assignment.ts";
import { grpoAdvantages } from "../advantages/group_baselines.ts";
import { type AdvantageEstimator, resolveAdvantageEstimator } from "../advantages/registry.ts";

/** A multi-step rollout of one prompt's group. */
export interface StepRollout {
  /** Step keys (state/action summaries); equal keys at equal prefixes are the same step. */
  readonly steps: readonly string[];
  /** Outcome reward (1 solved, 0 not). */
  readonly outcome: number;
  /** Mean token entropy of each step (EMPG). */
  readonly entropies: readonly number[];
  /**
   * Belief in the gold answer (IGPO): before the first step, then after each step but the last,
   * whose reward is the outcome; so one entry per step.
   */
  readonly beliefs: readonly number[];
}

/** The credit one method gives one step. */
export interface StepCredit {
  /** Credit-assignment method, e.g. "GRPO" or "SALT". */
  readonly method: string;
  /** Index of the rollout in the group. */
  readonly trajectory: number;
  /** Index of the step in the rollout. */
  readonly step: number;
  /** The method's advantage for the step. */
  readonly advantage: number;
}

/** Options for {@linkcode creditByStep}. */
export interface CreditByStepOptions {
  /**
   * Outcome estimators whose one value per trajectory is broadcast to its steps: registered
   * names (`ADVANTAGE_ESTIMATORS`) or functions. Default `["grpo", "dr_grpo", "rloo"]`.
   */
  readonly outcomeEstimators?: readonly (string | AdvantageEstimator)[];
}

/**
 * How each credit-assignment method spreads credit over the steps of one group of rollouts:
 * outcome methods (GRPO, Dr.GRPO, RLOO, Flow-GRPO) broadcast one value per trajectory; EMPG scales
 * it by step entropy; SALT averages over shared steps; IGPO credits information gain per step.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { creditByStep } from "./credit_study.ts";
 * const rows = creditByStep([
 *   { steps: ["a", "b"], outcome: 1, entropies: [0.2, 0.4], beliefs: [0.1, 0.5] },
 *   { steps: ["a", "c"], outcome: 0, entropies: [0.9, 1.2], beliefs: [0.1, 0.2] },
 * ]);
 * assert.deepEqual(rows.filter((r) => r.method === "SALT" && r.step === 0).map((r) => r.advantage), [0, 0]);
 * ```
 */
export function creditByStep(
  rollouts: readonly StepRollout[],
  options: CreditByStepOptions = {},
): StepCredit[] {
  const outcomes = rollouts.map((r) => r.outcome);
  const broadcast = (method: string, values: readonly number[]) =>
    rollouts.flatMap((r, i) =>
      r.steps.map((_, step) => ({ method, trajectory: i, step, advantage: values[i]! }))
    );
  const perStep = (method: string, values: readonly (readonly number[])[]) =>
    values.flatMap((steps, i) =>
      steps.map((advantage, step) => ({ method, trajectory: i, step, advantage }))
    );
  const grpo = grpoAdvantages(outcomes);
  return [
    ...(options.outcomeEstimators ?? ["grpo", "dr_grpo", "rloo"]).map(resolveAdvantageEstimator)
      .flatMap((entry) => broadcast(entry.label, entry.estimate(outcomes))),
    ...perStep(
      "Flow-GRPO (per turn)",
      flowGrpoAdvantages(outcomes, rollouts.map((r) => r.steps.length), { grouping: "turn" }),
    ),
    ...perStep("EMPG", empgAdvantages(grpo, rollouts.map((r) => r.entropies))),
    ...perStep("SALT", saltAdvantages(rollouts.map((r) => r.steps), outcomes)),
    ...perStep(
      "IGPO",
      igpoAdvantages(rollouts.map((r) => r.beliefs), outcomes),
    ),
  ];
}
