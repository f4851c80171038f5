/**
 * The reward registry: every named reward a scoring entry point accepts (`--reward NAME`, the
 * server's `reward` option, `scoreResponse`'s `reward`), resolved in one place. A user function
 * is accepted wherever a name is.
 * @module
 */
import { composedFormatReward, thinkFormatReward } from "./format.ts";
import { gatedReturn } from "./gated.ts";
import { cosineScaledReward, lengthPenalty, overlongPenalty } from "./length.ts";
import { fractionCorrect, rewardAll, rewardLast } from "./outcome.ts";
import { parReward } from "./par.ts";

/** What a reward function sees of one scored response. */
export interface RewardInput {
  /** Correctness per problem, in order (one entry for a single answer). */
  readonly perProblem: readonly boolean[];
  /** Verdict status per problem (`correct`, `wrong`, `no_answer`, …). */
  readonly statuses: readonly string[];
  /** The response as scored (after prompt stripping). */
  readonly response: string;
  /** The gold answers, in order. */
  readonly golds: readonly string[];
  /** Response length for length-shaped rewards. Default: its length in characters. */
  readonly length: number;
  /** Parameters of the reward (`RewardParams`). */
  readonly params: RewardParams;
}

/** Parameters for the shaped rewards (each names the rewards that read it). */
export interface RewardParams {
  /** `overlong`, `cosine`: the length cap. */
  readonly maxLength?: number;
  /** `overlong`: DAPO's buffer before the cap. */
  readonly buffer?: number;
  /** `overlong`: the penalty at the cap. Default 1 (DAPO). */
  readonly factor?: number;
  /** `length`: PAR's budget (default 300) and coefficient (default 0.01). */
  readonly budget?: number;
  /** `length`: PAR's coefficient per token over the budget (default 0.01). */
  readonly coefficient?: number;
  /** `par`: the reference rewards PAR centres on (required), and its k (default 1). */
  readonly references?: readonly number[];
  /** `par`: PAR's k (default 1). */
  readonly k?: number;
  /** `gated`: credit per correct earlier problem (default 1/n). */
  readonly stepWeight?: number;
  /** `all+format`: weight of the format term (default 0.1, verl's geo3k). */
  readonly formatWeight?: number;
}

/** A reward function: one number per scored response. */
export type RewardFunction = (input: RewardInput) => number;

/** A reward by name (see {@linkcode REWARDS}) or your own function. */
export type RewardSpec = RewardName | RewardFunction;

const need = (name: string, key: keyof RewardParams, value: unknown): number => {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`Reward "${name}" needs the parameter ${key} (a number)`);
  }
  return value;
};

function formatOnly(x: RewardInput): number {
  if (x.golds.length > 1) return composedFormatReward(x.response, x.golds.length);
  return /\\boxed\s*\{/.test(x.response) ? 1 : 0;
}

/** One registry entry. */
export interface RewardEntry {
  /** One line for help texts. */
  readonly description: string;
  /** The reward itself. */
  readonly fn: RewardFunction;
}

/**
 * Every named reward. `all` (R_all), `last` (R_last) and `fraction` are R-Horizon's (arXiv
 * 2510.08189, Eq. 6); `all` is the default everywhere because R-Horizon's released training
 * reward implements it (its paper names R_last).
 */
export const REWARDS = {
  all: { description: "R_all: 1 if every problem is right", fn: (x) => rewardAll(x.perProblem) },
  last: {
    description: "R_last: 1 if the last problem is right",
    fn: (x) => rewardLast(x.perProblem),
  },
  fraction: {
    description: "fraction of problems right",
    fn: (x) => fractionCorrect(x.perProblem),
  },
  plus_minus: {
    description: "R_all as ±1 (verl's math_dapo convention)",
    fn: (x) => (rewardAll(x.perProblem) ? 1 : -1),
  },
  format: {
    description: "format only: fraction of `Problem k: \\boxed{}` lines (single answer: any box)",
    fn: formatOnly,
  },
  "all+format": {
    description: "(1 − w)·R_all + w·format, w = formatWeight (default 0.1, verl's geo3k)",
    fn: (x) => {
      const w = x.params.formatWeight ?? 0.1;
      return (1 - w) * rewardAll(x.perProblem) + w * formatOnly(x);
    },
  },
  think_format: {
    description: "TRL's think format: one <think>…</think> block first",
    fn: (x) => thinkFormatReward(x.response),
  },
  overlong: {
    description: "R_all plus DAPO's overlong penalty (maxLength, buffer, factor)",
    fn: (x) =>
      rewardAll(x.perProblem) + overlongPenalty(x.length, {
        maxLength: need("overlong", "maxLength", x.params.maxLength),
        buffer: need("overlong", "buffer", x.params.buffer),
        ...(x.params.factor !== undefined ? { factor: x.params.factor } : {}),
      }),
  },
  length: {
    description: "R_all plus PAR's linear length penalty past budget (300) × coefficient (0.01)",
    fn: (x) =>
      rewardAll(x.perProblem) + lengthPenalty(x.length, {
        ...(x.params.budget !== undefined ? { budget: x.params.budget } : {}),
        ...(x.params.coefficient !== undefined ? { coefficient: x.params.coefficient } : {}),
      }),
  },
  cosine: {
    description: "TRL's cosine length-scaled reward on R_all (maxLength)",
    fn: (x) =>
      cosineScaledReward(rewardAll(x.perProblem) === 1, x.length, {
        maxLength: need("cosine", "maxLength", x.params.maxLength),
      }),
  },
  gated: {
    description:
      "G-RA gate: R_last plus stepWeight per right earlier problem, only if last is right",
    fn: (x) => {
      const n = x.perProblem.length;
      const w = x.params.stepWeight ?? (n ? 1 / n : 0);
      const steps = x.perProblem.slice(0, -1).map((c) => (c ? w : 0));
      return gatedReturn(rewardLast(x.perProblem), steps, 1);
    },
  },
  par: {
    description: "PAR: mean σ(k·(R_all − r_ref)) over the references",
    fn: (x) => {
      if (!x.params.references?.length) {
        throw new RangeError('Reward "par" needs the parameter references (a list of numbers)');
      }
      return parReward(rewardAll(x.perProblem), x.params.references, {
        ...(x.params.k !== undefined ? { k: x.params.k } : {}),
      });
    },
  },
} satisfies Record<string, RewardEntry>;

/** The name of a registered reward. */
export type RewardName = keyof typeof REWARDS;

/** The registered reward names, in registry order. */
export const REWARD_NAMES: readonly RewardName[] = Object.keys(REWARDS) as RewardName[];

/**
 * Resolves a reward name or function to a function; an unknown name throws a `RangeError`
 * listing the known ones. This is the only place a reward kind is decided.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveReward } from "./reward_registry.ts";
 * const input = {
 *   perProblem: [false, true], statuses: ["wrong", "correct"], response: "", golds: ["1", "2"],
 *   length: 0, params: {},
 * };
 * assert.deepEqual(resolveReward("last")(input), 1);
 * assert.deepEqual(resolveReward("all")(input), 0);
 * assert.deepEqual(resolveReward((x) => x.perProblem.length)(input), 2);
 * assert.throws(() => resolveReward("bogus" as never), /Unknown reward "bogus"/);
 * ```
 */
export function resolveReward(spec: RewardSpec | undefined): RewardFunction {
  if (spec === undefined) return REWARDS.all.fn;
  if (typeof spec === "function") return spec;
  const entry = (REWARDS as Record<string, RewardEntry>)[spec];
  if (!entry || !Object.hasOwn(REWARDS, spec)) {
    throw new RangeError(`Unknown reward "${spec}": expected one of ${REWARD_NAMES.join(", ")}`);
  }
  return entry.fn;
}

/**
 * Checks a reward name given as text (a CLI flag or a request field).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isRewardName } from "./reward_registry.ts";
 * assert.deepEqual(isRewardName("fraction"), true);
 * assert.deepEqual(isRewardName("toString"), false);
 * ```
 */
export function isRewardName(name: unknown): name is RewardName {
  return typeof name === "string" && Object.hasOwn(REWARDS, name);
}
