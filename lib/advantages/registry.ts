import {
  drGrpoAdvantages,
  expertIterationAdvantages,
  grpoAdvantages,
  opoAdvantages,
  passAtKGrpoAdvantages,
  rlooAdvantages,
} from "./group_baselines.ts";

/** What a group advantage estimator may use besides the rewards. */
export interface AdvantageContext {
  /** Response lengths in tokens, one per reward (OPO weighs its baseline by them). */
  readonly lengths?: readonly number[];
}

/**
 * The one signature of a group advantage estimator: the rewards of one prompt's group of
 * responses (and optional context) in, one advantage per response out.
 */
export type AdvantageEstimator = (
  rewards: readonly number[],
  context?: AdvantageContext,
) => number[];

/** A registered group advantage estimator. */
export interface AdvantageEstimatorEntry {
  /** Name shown in tables and figures, e.g. `"Dr.GRPO"`. */
  readonly label: string;
  /** One line on what it computes and whose convention it follows. */
  readonly description: string;
  /** The estimator itself. */
  readonly estimate: AdvantageEstimator;
  /** Context fields it cannot do without. Default none. */
  readonly needs?: readonly (keyof AdvantageContext)[];
  /** Smallest group it accepts. Default 1. */
  readonly minGroupSize?: number;
}

/**
 * The table of group advantage estimators, by name, in registration order. Extend it with
 * {@linkcode registerAdvantageEstimator}; look names up with
 * {@linkcode resolveAdvantageEstimator}. Estimators with other shapes (token-level GAE and
 * REINFORCE++, batch-level GPG, per-step EMPG / SALT / IGPO) keep their own signatures.
 */
export const ADVANTAGE_ESTIMATORS: Record<string, AdvantageEstimatorEntry> = {
  grpo: {
    label: "GRPO",
    description: "GRPO with verl's conventions: unbiased std, ε = 1e-6",
    estimate: (rewards) => grpoAdvantages(rewards),
  },
  grpo_trl: {
    label: "GRPO TRL",
    description: "GRPO with TRL's ε = 1e-4 (unbiased std)",
    estimate: (rewards) => grpoAdvantages(rewards, { eps: 1e-4 }),
  },
  grpo_population: {
    label: "GRPO pop. std",
    description: "GRPO normalised by the population std (divides by n)",
    estimate: (rewards) => grpoAdvantages(rewards, { std: "population" }),
  },
  dr_grpo: {
    label: "Dr.GRPO",
    description: "Dr.GRPO: GRPO's centring without the std division",
    estimate: (rewards) => drGrpoAdvantages(rewards),
  },
  rloo: {
    label: "RLOO",
    description: "RLOO: each reward minus the mean of the others",
    estimate: (rewards) => rlooAdvantages(rewards),
  },
  opo: {
    label: "OPO",
    description: "OPO: the reward minus the length-weighted group mean",
    estimate: (rewards, context) => opoAdvantages(rewards, context?.lengths ?? []),
    needs: ["lengths"],
  },
  pass_at_k_grpo: {
    label: "pass@k GRPO",
    description: "pass@k GRPO (verl grpo_passk): only the best response gets r_max − r_second",
    estimate: (rewards) => passAtKGrpoAdvantages(rewards),
    minGroupSize: 2,
  },
  expert_iteration: {
    label: "Expert iteration",
    description:
      "Expert iteration / rejection-sampling fine-tuning (RAFT, ReST): advantage 1 for a verified response (reward 1), 0 otherwise",
    estimate: (rewards) => expertIterationAdvantages(rewards),
  },
};

/**
 * Registers a group advantage estimator under `name`, so every name-taking entry point
 * (`compareAdvantages`, the credit study) accepts it. Refuses a name already taken unless
 * `override` is true. A bare function is labelled by its name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ADVANTAGE_ESTIMATORS, registerAdvantageEstimator } from "./registry.ts";
 * registerAdvantageEstimator("centred", (rewards) => {
 *   const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
 *   return rewards.map((r) => r - mean);
 * });
 * assert.deepEqual(ADVANTAGE_ESTIMATORS.centred!.estimate([1, 0]), [0.5, -0.5]);
 * assert.throws(() => registerAdvantageEstimator("rloo", () => []), /already registered/);
 * delete ADVANTAGE_ESTIMATORS.centred;
 * ```
 */
export function registerAdvantageEstimator(
  name: string,
  estimator: AdvantageEstimator | Omit<AdvantageEstimatorEntry, "label"> & { label?: string },
  options: { override?: boolean } = {},
): void {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    throw new TypeError(
      `Invalid advantage estimator name "${name}": expected snake_case (a-z, 0-9, _)`,
    );
  }
  if (Object.hasOwn(ADVANTAGE_ESTIMATORS, name) && !options.override) {
    throw new Error(
      `Advantage estimator "${name}" is already registered; pass { override: true } to replace it`,
    );
  }
  ADVANTAGE_ESTIMATORS[name] = typeof estimator === "function"
    ? { label: name, description: estimator.name || name, estimate: estimator }
    : { ...estimator, label: estimator.label ?? name };
}

/**
 * The registered estimator for a name, or a function passed through as an entry (labelled by
 * its name), as Observable Plot accepts a name or a function wherever a name is. Throws a
 * `RangeError` listing the registered names for an unknown one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveAdvantageEstimator } from "./registry.ts";
 * assert.deepEqual(resolveAdvantageEstimator("rloo").estimate([1, 0]), [1, -1]);
 * const mine = resolveAdvantageEstimator(function doubled(r: readonly number[]) {
 *   return r.map((x) => 2 * x);
 * });
 * assert.equal(mine.label, "doubled");
 * assert.throws(() => resolveAdvantageEstimator("ppo"), /Unknown advantage estimator "ppo"/);
 * ```
 */
export function resolveAdvantageEstimator(
  estimator: string | AdvantageEstimator,
): AdvantageEstimatorEntry {
  if (typeof estimator === "function") {
    const label = estimator.name || "custom";
    return { label, description: label, estimate: estimator };
  }
  const entry = Object.hasOwn(ADVANTAGE_ESTIMATORS, estimator)
    ? ADVANTAGE_ESTIMATORS[estimator]
    : undefined;
  if (!entry) {
    throw new RangeError(
      `Unknown advantage estimator "${estimator}": expected one of ${
        Object.keys(ADVANTAGE_ESTIMATORS).join(", ")
      }, or a function (rewards, context) => advantages`,
    );
  }
  return entry;
}

/**
 * Whether an estimator can run on a group: its `needs` are in the context and the group is at
 * least `minGroupSize` long.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ADVANTAGE_ESTIMATORS, estimatorApplies } from "./registry.ts";
 * assert.equal(estimatorApplies(ADVANTAGE_ESTIMATORS.opo!, 4, {}), false); // needs lengths
 * assert.equal(estimatorApplies(ADVANTAGE_ESTIMATORS.opo!, 4, { lengths: [1, 2, 3, 4] }), true);
 * assert.equal(estimatorApplies(ADVANTAGE_ESTIMATORS.pass_at_k_grpo!, 1, {}), false);
 * ```
 */
export function estimatorApplies(
  entry: AdvantageEstimatorEntry,
  groupSize: number,
  context: AdvantageContext = {},
): boolean {
  return (entry.needs ?? []).every((k) => context[k] !== undefined) &&
    groupSize >= (entry.minGroupSize ?? 1);
}
