import type { Policy } from "../policy/policy.ts";
import { simulatedPolicy } from "../policy/simulated_policy.ts";
import { composeFromGenerators, type FamilySpec } from "../compose/sample.ts";
import { runEvaluation } from "../eval/run_evaluation.ts";
import { accuracyByHorizon, type HorizonRow } from "../metrics/horizon.ts";
import type { Task } from "../tasks/task.ts";
import { calibratedPassRate } from "./horizon_calibration.ts";

/** Options for {@linkcode calibratedPolicy}. */
export interface CalibratedPolicyOptions {
  /** Mean single-problem accuracy to match, a fraction (e.g. a paper's n=1 accuracy / 100). */
  readonly p1: number;
  /** Per-position factor on the success probability (see `fitPositionDecay`). Default 1. */
  readonly decay?: number;
  /** Probability of answering an answer-preserving problem from memory. Default 0. */
  readonly recallOriginal?: number;
  /** Beta concentration of the per-problem pass rates. Default 4. */
  readonly concentration?: number;
  /** Seed. Default 0. */
  readonly seed?: number;
}

/**
 * A simulated policy calibrated to a single-problem accuracy, with the per-problem pass rates it
 * uses (for R-Horizon's expected accuracy): problem at position `i` is solved with probability
 * `rate(problem) · decay^i`, and errors propagate along links.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { calibratedPolicy } from "./horizon_study.ts";
 * const { policy, passRate } = calibratedPolicy({ p1: 0.936, decay: 0.95, seed: 10 });
 * assert.deepEqual(policy.name, "sim:p1=0.936,decay=0.95");
 * ```
 */
export function calibratedPolicy(
  options: CalibratedPolicyOptions,
): { policy: Policy; passRate: (problem: Pick<Task, "id">) => number } {
  const decay = options.decay ?? 1;
  if (!(decay > 0 && decay <= 1.5)) {
    throw new RangeError(`calibratedPolicy: decay must be in (0, 1.5], got ${decay}`);
  }
  const passRate = calibratedPassRate(options.p1, {
    seed: options.seed ?? 0,
    ...(options.concentration !== undefined ? { concentration: options.concentration } : {}),
  });
  const recall = options.recallOriginal ?? 0;
  const policy = simulatedPolicy({
    successProbability: ({ problem, position }) =>
      Math.min(1, passRate(problem) * decay ** position),
    recallOriginal: recall,
    seed: options.seed ?? 0,
    name: `sim:p1=${options.p1}${decay !== 1 ? `,decay=${+decay.toFixed(4)}` : ""}${
      recall ? `,recall=${recall}` : ""
    }`,
  });
  return { policy, passRate };
}

/** Options for {@linkcode horizonStudy}. */
export interface HorizonStudyOptions {
  /** Horizons to compose. */
  readonly depths: readonly number[];
  /** Composed tasks per depth. */
  readonly count: number;
  /** Generator families. Default chain_sum, gcd, modular_power, binomial, shopping_change. */
  readonly families?: readonly (string | FamilySpec)[];
  /** `"offset"` (R-Horizon, default) or `"recompute"` (h1). */
  readonly link?: "offset" | "recompute";
  /** Samples per task. Default 1. */
  readonly samples?: number;
  /** Single-problem pass rates for the expected accuracy. */
  readonly passRates?:
    | Readonly<Record<string, number>>
    | ((problem: Task) => number | undefined);
  /** Seed for composition and the bootstrap intervals. Default 0. */
  readonly seed?: number;
  /** Called after each depth with (depths done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Default families of {@linkcode horizonStudy}: integer answers, linkable, mixed difficulty. */
export const HORIZON_STUDY_FAMILIES: readonly string[] = [
  "chain_sum",
  "gcd",
  "modular_power",
  "binomial",
  "shopping_change",
];

/**
 * Accuracy against horizon for any policy: composes `count` tasks at each depth from the
 * generators, runs and verifies the policy, and returns {@linkcode accuracyByHorizon}'s rows
 * (Acc_all with interval, Acc_last, expected, anomalous attempts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { calibratedPolicy, horizonStudy } from "./horizon_study.ts";
 * const { policy, passRate } = calibratedPolicy({ p1: 0.9, seed: 1 });
 * const rows = await horizonStudy(policy, { depths: [1, 2], count: 20, passRates: passRate });
 * assert.deepEqual(rows.length, 2);
 * ```
 */
export async function horizonStudy(
  policy: Policy,
  options: HorizonStudyOptions,
): Promise<HorizonRow[]> {
  const results = [];
  for (const [i, depth] of options.depths.entries()) {
    const tasks = composeFromGenerators({
      families: options.families ?? HORIZON_STUDY_FAMILIES,
      depth,
      count: options.count,
      seed: options.seed ?? 0,
      link: options.link ?? "offset",
    });
    for await (
      const s of runEvaluation(policy, [...tasks], {
        samples: options.samples ?? 1,
        ...(options.passRates ? { passRates: options.passRates } : {}),
      })
    ) {
      results.push({
        depth: s.depth,
        perProblem: s.per_problem,
        ...(s.expected !== undefined ? { expected: s.expected } : {}),
      });
    }
    options.onProgress?.(i + 1, options.depths.length);
  }
  return accuracyByHorizon(results, { seed: options.seed ?? 0 });
}
