import {
  ADVANTAGE_ESTIMATORS,
  type AdvantageEstimator,
  estimatorApplies,
  resolveAdvantageEstimator,
} from "./registry.ts";

/** One estimator's advantage for one sample of a group. */
export interface AdvantageRow {
  /** The estimator's label, e.g. "GRPO" or "RLOO". */
  readonly estimator: string;
  /** Index of the sample in the group. */
  readonly sample: number;
  /** The sample's reward. */
  readonly reward: number;
  /** The estimator's advantage for the sample. */
  readonly advantage: number;
}

/** Options for {@linkcode compareAdvantages}. */
export interface CompareAdvantagesOptions {
  /**
   * Estimators to line up: registered names or functions. Default every registered estimator
   * that applies to the group (OPO only with lengths, pass@k GRPO only for 2+ responses).
   */
  readonly estimators?: readonly (string | AdvantageEstimator)[];
}

/**
 * The group advantages of several estimators side by side, for one group of rewards (and
 * response lengths, for OPO). By default every estimator in
 * {@linkcode ADVANTAGE_ESTIMATORS}: "GRPO" (verl: unbiased std, ε = 1e-6), "GRPO TRL"
 * (ε = 1e-4), "GRPO pop. std" (population std), Dr.GRPO, RLOO, OPO and pass@k-GRPO, plus any
 * registered since.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareAdvantages } from "./compare.ts";
 * const rloo = compareAdvantages([1, 0, 0, 0]).filter((r) => r.estimator === "RLOO");
 * assert.deepEqual(rloo.map((r) => r.advantage), [1, -1 / 3, -1 / 3, -1 / 3]);
 * const two = compareAdvantages([1, 0], undefined, { estimators: ["dr_grpo", "rloo"] });
 * assert.deepEqual(two.map((r) => r.advantage), [0.5, -0.5, 1, -1]);
 * ```
 */
export function compareAdvantages(
  rewards: readonly number[],
  lengths?: readonly number[],
  options: CompareAdvantagesOptions = {},
): AdvantageRow[] {
  const context = lengths ? { lengths } : {};
  const entries = options.estimators
    ? options.estimators.map(resolveAdvantageEstimator)
    : Object.values(ADVANTAGE_ESTIMATORS).filter((e) =>
      estimatorApplies(e, rewards.length, context)
    );
  return entries.flatMap((entry) =>
    entry.estimate(rewards, context).map((advantage, sample) => ({
      estimator: entry.label,
      sample,
      reward: rewards[sample]!,
      advantage,
    }))
  );
}
