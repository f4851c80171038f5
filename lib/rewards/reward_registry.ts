/**
 * The reward registry: every named reward a scoring entry point accepts (`--reward NAME` of
 * `score`, `eval` and `serve`, a reward request's `reward` field, `scoreResponse`'s `reward`),
 * resolved in one place. A user function is accepted wherever a name is, and
 * {@linkcode registerReward} adds a named reward (a shaped or composed one, e.g. built with
 * {@linkcode weightedReward}) that every entry point then accepts by name; the CLIs load such a
 * module with `--module FILE`.
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

/** A reward by name (a built-in or a registered one, see {@linkcode rewardNames}) or a function. */
export type RewardSpec = RewardName | (string & Record<never, never>) | RewardFunction;

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

/**
 * The name of a built-in reward (registered ones are plain strings). The built-in table must
 * hold exactly these, which the type checker enforces.
 */
export type RewardName =
  | "all"
  | "last"
  | "fraction"
  | "plus_minus"
  | "format"
  | "all+format"
  | "think_format"
  | "overlong"
  | "length"
  | "cosine"
  | "gated"
  | "par";

/** One registry entry. */
export interface RewardEntry {
  /** One line for help texts. */
  readonly description: string;
  /** The reward itself. */
  readonly fn: RewardFunction;
}

/**
 * The built-in rewards. `all` (R_all), `last` (R_last) and `fraction` are R-Horizon's (arXiv
 * 2510.08189, Eq. 6); `all` is the default everywhere because R-Horizon's released training
 * reward implements it (its paper names R_last).
 */
const BUILT_IN: Record<RewardName, RewardEntry> = {
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
};

const TABLE = new Map<string, RewardEntry>(Object.entries(BUILT_IN));

const REWARD_NAME = /^[A-Za-z0-9_+.:-]+$/;

/**
 * Adds a named reward, as Arquero's `addFunction` adds an operator: a name in use is refused
 * unless `override` is set (the built-ins can be overridden only that way too). A bare function
 * gets its name as description. Afterwards the name works wherever a reward name does:
 * `scoreResponse`, the reward server's `reward` option and request field, and `--reward` of
 * `score`, `eval` and `serve` (after `--module FILE` imported the module that registers it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { registerReward, resolveReward, rewardNames, weightedReward } from "./reward_registry.ts";
 * registerReward("all+think", {
 *   description: "R_all plus 0.2 for TRL's think format",
 *   fn: weightedReward({ all: 1, think_format: 0.2 }),
 * });
 * assert.ok(rewardNames().includes("all+think"));
 * const input = {
 *   perProblem: [true], statuses: ["correct"], response: "<think>x</think> \\boxed{1}", golds: ["1"],
 *   length: 0, params: {},
 * };
 * assert.equal(resolveReward("all+think")(input), 1.2);
 * assert.throws(() => registerReward("all", () => 0), /"all" is already registered/);
 * registerReward("all+think", () => 7, { override: true });
 * assert.equal(resolveReward("all+think")(input), 7);
 * ```
 */
export function registerReward(
  name: string,
  reward: RewardEntry | RewardFunction,
  options: { readonly override?: boolean } = {},
): void {
  if (typeof name !== "string" || !REWARD_NAME.test(name)) {
    throw new TypeError(
      `Invalid reward name ${JSON.stringify(name)}: expected letters, digits and _ + . : -`,
    );
  }
  const entry: RewardEntry = typeof reward === "function"
    ? { description: reward.name || name, fn: reward }
    : reward;
  if (typeof entry?.fn !== "function") {
    throw new TypeError(`Invalid reward "${name}": expected a function or { description, fn }`);
  }
  if (TABLE.has(name) && !options.override) {
    throw new Error(
      `Reward "${name}" is already registered; pass { override: true } to replace it`,
    );
  }
  TABLE.set(name, { description: String(entry.description ?? name), fn: entry.fn });
}

/**
 * The registered reward names (built-ins first, then in registration order), read at call
 * time so help texts list rewards registered later.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rewardNames } from "./reward_registry.ts";
 * assert.deepEqual(rewardNames().slice(0, 3), ["all", "last", "fraction"]);
 * ```
 */
export function rewardNames(): string[] {
  return [...TABLE.keys()];
}

/**
 * Every registered reward with its description, for help texts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rewardEntries } from "./reward_registry.ts";
 * assert.equal(rewardEntries()[0]!.name, "all");
 * assert.match(rewardEntries()[0]!.description, /R_all/);
 * ```
 */
export function rewardEntries(): { name: string; description: string }[] {
  return [...TABLE].map(([name, e]) => ({ name, description: e.description }));
}

/**
 * A composed reward: the weighted sum of rewards given by name (or as functions), each
 * resolved from the registry when the composed reward runs. Register it under a name with
 * {@linkcode registerReward} to use it by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { weightedReward } from "./reward_registry.ts";
 * const input = {
 *   perProblem: [true, false], statuses: ["correct", "wrong"], response: "", golds: ["1", "2"],
 *   length: 0, params: {},
 * };
 * assert.equal(weightedReward({ fraction: 2, last: 1 })(input), 1);
 * assert.equal(weightedReward([["all", 1], [(x) => x.golds.length, 0.5]])(input), 1);
 * ```
 */
export function weightedReward(
  parts: Readonly<Record<string, number>> | readonly (readonly [RewardSpec, number])[],
): RewardFunction {
  const list: (readonly [RewardSpec, number])[] = Array.isArray(parts)
    ? [...parts]
    : Object.entries(parts);
  for (const [spec, weight] of list) {
    if (typeof weight !== "number" || !Number.isFinite(weight)) {
      throw new RangeError(`weightedReward: the weight of ${String(spec)} must be a finite number`);
    }
    if (typeof spec === "string" && !TABLE.has(spec)) resolveReward(spec); // fails early
  }
  return (input) => list.reduce((sum, [spec, w]) => sum + w * resolveReward(spec)(input), 0);
}

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
 * assert.throws(() => resolveReward("bogus"), /Unknown reward "bogus"/);
 * ```
 */
export function resolveReward(spec: RewardSpec | undefined): RewardFunction {
  if (spec === undefined) return TABLE.get("all")!.fn;
  if (typeof spec === "function") return spec;
  const entry = TABLE.get(spec);
  if (!entry) {
    throw new RangeError(`Unknown reward "${spec}": expected one of ${rewardNames().join(", ")}`);
  }
  return entry.fn;
}

/**
 * Checks a reward name given as text (a CLI flag or a request field) against the registry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isRewardName } from "./reward_registry.ts";
 * assert.deepEqual(isRewardName("fraction"), true);
 * assert.deepEqual(isRewardName("toString"), false);
 * ```
 */
export function isRewardName(name: unknown): name is string {
  return typeof name === "string" && TABLE.has(name);
}
