import {
  drGrpoAdvantages,
  grpoAdvantages,
  opoAdvantages,
  passAtKGrpoAdvantages,
  rlooAdvantages,
} from "./group_baselines.ts";

/** One estimator's advantage for one sample of a group. */
export interface AdvantageRow {
  /** Estimator name, e.g. "GRPO verl" or "RLOO". */
  readonly estimator: string;
  /** Index of the sample in the group. */
  readonly sample: number;
  /** The sample's reward. */
  readonly reward: number;
  /** The estimator's advantage for the sample. */
  readonly advantage: number;
}

/**
 * The group advantages of the common outcome estimators side by side, for one group of rewards
 * (and response lengths, for OPO): "GRPO verl" (unbiased std, ε = 1e-6), "GRPO TRL" (unbiased std,
 * ε = 1e-4), "GRPO pop. std" (population std), Dr.GRPO, RLOO, OPO and pass@k-GRPO.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareAdvantages } from "./compare.ts";
 * const rloo = compareAdvantages([1, 0, 0, 0]).filter((r) => r.estimator === "RLOO");
 * assert.deepEqual(rloo.map((r) => r.advantage), [1, -1 / 3, -1 / 3, -1 / 3]);
 * ```
 */
export function compareAdvantages(
  rewards: readonly number[],
  lengths?: readonly number[],
): AdvantageRow[] {
  const estimators: [string, number[]][] = [
    ["GRPO verl", grpoAdvantages(rewards)],
    ["GRPO TRL", grpoAdvantages(rewards, { eps: 1e-4 })],
    ["GRPO pop. std", grpoAdvantages(rewards, { std: "population" })],
    ["Dr.GRPO", drGrpoAdvantages(rewards)],
    ["RLOO", rlooAdvantages(rewards)],
    ...(lengths ? [["OPO", opoAdvantages(rewards, lengths)] as [string, number[]]] : []),
    ...(rewards.length >= 2
      ? [["pass@k GRPO", passAtKGrpoAdvantages(rewards)] as [string, number[]]]
      : []),
  ];
  return estimators.flatMap(([estimator, advantages]) =>
    advantages.map((advantage, sample) => ({
      estimator,
      sample,
      reward: rewards[sample]!,
      advantage,
    }))
  );
}
