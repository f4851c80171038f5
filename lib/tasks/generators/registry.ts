import { createRng, digest } from "../../random/rng.ts";
import type { Json, Task } from "../task.ts";
import { ageProblem } from "./age_problem.ts";
import { binomial } from "./binomial.ts";
import { booleanEval } from "./boolean_eval.ts";
import { caesarCipher } from "./caesar_cipher.ts";
import { chainSum } from "./chain_sum.ts";
import { collatzSteps } from "./collatz_steps.ts";
import { commonDivisors } from "./common_divisors.ts";
import { decimalArithmetic } from "./decimal_arithmetic.ts";
import { diceProbability } from "./dice_probability.ts";
import { divisorCount } from "./divisor_count.ts";
import type { Family, FamilyConfig } from "./family.ts";
import { fractionArithmetic } from "./fraction_arithmetic.ts";
import { gcdFamily } from "./gcd.ts";
import { josephus } from "./josephus.ts";
import { linearEquation } from "./linear_equation.ts";
import { modularPower } from "./modular_power.ts";
import { polynomialEvaluation } from "./polynomial_evaluation.ts";
import { polynomialExpansion } from "./polynomial_expansion.ts";
import { products } from "./products.ts";
import { satisfyingAssignments } from "./satisfying_assignments.ts";
import { shoppingChange } from "./shopping_change.ts";
import { shortestPath } from "./shortest_path.ts";
import { sortNumbers } from "./sort_numbers.ts";
import { spanningTreeWeight } from "./spanning_tree_weight.ts";
import { travelTime } from "./travel_time.ts";

const FAMILIES: readonly Family[] = [
  chainSum,
  products,
  fractionArithmetic,
  decimalArithmetic,
  linearEquation,
  polynomialEvaluation,
  polynomialExpansion,
  gcdFamily,
  modularPower,
  divisorCount,
  commonDivisors,
  binomial,
  diceProbability,
  shortestPath,
  spanningTreeWeight,
  collatzSteps,
  josephus,
  sortNumbers,
  caesarCipher,
  booleanEval,
  satisfyingAssignments,
  shoppingChange,
  ageProblem,
  travelTime,
] as unknown as readonly Family[];

const BY_NAME = new Map(FAMILIES.map((f) => [f.name, f]));

/** A config as a user writes it: per attribute a `[lo, hi]` range or a single value. */
export type FamilyConfigInput = Readonly<Record<string, number | readonly [number, number]>>;

/**
 * Every built-in generator family, in a stable order.
 *
 * @example
 * ```ts
 * import { listFamilies } from "./registry.ts";
 * listFamilies().map((f) => f.name).includes("chain_sum"); // true
 * ```
 */
export function listFamilies(): readonly Family[] {
  return FAMILIES;
}

/**
 * Looks a family up by name; throws a `RangeError` listing the known names if there is none.
 *
 * @example
 * ```ts
 * import { getFamily } from "./registry.ts";
 * getFamily("gcd").category; // "number_theory"
 * ```
 */
export function getFamily(name: string): Family {
  const family = BY_NAME.get(name);
  if (!family) {
    throw new RangeError(
      `Unknown task family "${name}": expected one of ${[...BY_NAME.keys()].join(", ")}`,
    );
  }
  return family;
}

/**
 * Validates a user config against a family's attributes and fills in defaults. Each value is
 * `[lo, hi]` (inclusive) or a single integer; unknown attributes, non-integers, `lo > hi` and
 * values outside the attribute's bounds raise errors naming the family and attribute.
 *
 * @example
 * ```ts
 * import { resolveConfig } from "./registry.ts";
 * resolveConfig("chain_sum", { terms: 5 }); // { terms: [5, 5], digits: [1, 3] }
 * ```
 */
export function resolveConfig(
  family: string | Family,
  config: FamilyConfigInput = {},
): FamilyConfig {
  const f = typeof family === "string" ? getFamily(family) : family;
  const names = Object.keys(f.attributes);
  for (const key of Object.keys(config)) {
    if (!names.includes(key)) {
      throw new RangeError(
        `Unknown attribute "${key}" for family "${f.name}": expected one of ${names.join(", ")}`,
      );
    }
  }
  const out: Record<string, readonly [number, number]> = {};
  for (const [name, spec] of Object.entries(f.attributes)) {
    const raw = config[name] ?? spec.default;
    const range = typeof raw === "number" ? [raw, raw] as const : raw;
    if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => Number.isInteger(v))) {
      throw new TypeError(
        `Invalid config for "${f.name}.${name}": expected an integer or [lo, hi] integers, got ${
          JSON.stringify(raw)
        }`,
      );
    }
    const [lo, hi] = range as readonly [number, number];
    if (lo > hi) {
      throw new RangeError(
        `Invalid range for "${f.name}.${name}": lo ${lo} is greater than hi ${hi}`,
      );
    }
    if (lo < spec.min || hi > spec.max) {
      throw new RangeError(
        `Invalid range for "${f.name}.${name}": [${lo}, ${hi}] is outside the allowed [${spec.min}, ${spec.max}]`,
      );
    }
    out[name] = [lo, hi];
  }
  return out;
}

/** Options for {@linkcode generateTask} and {@linkcode generateTasks}. */
export interface GenerateTaskOptions {
  /** The run's seed. Default 0. */
  seed?: number;
  /** Difficulty ranges (validated with {@linkcode resolveConfig}). */
  config?: FamilyConfigInput;
}

/** Builds the task for given params (used by generation and by recomputed chains). */
export function taskFromParams(
  family: Family,
  params: Json,
  origin: { seed: number; index: number; config: FamilyConfig },
  inputSymbol?: string,
): Task {
  const configKey = JSON.stringify(origin.config);
  return {
    id: `${family.name}-${digest([configKey], 6)}-s${origin.seed}-i${origin.index}`,
    family: family.name,
    question: family.question(params, inputSymbol),
    answer: family.answer(params),
    answer_kind: family.answerKind,
    difficulty: family.difficulty(params),
    source: {
      kind: "generator",
      generator: family.name,
      seed: origin.seed,
      index: origin.index,
      config: origin.config,
    },
    params,
  };
}

/**
 * Generates item `index` of a family for a seed and config. Item i depends only on (family,
 * config, seed, i), never on what else was drawn, and its id encodes all four.
 *
 * @example
 * ```ts
 * import { generateTask } from "./registry.ts";
 * const a = generateTask("chain_sum", 7, { seed: 1 });
 * const b = generateTask("chain_sum", 7, { seed: 1 });
 * a.question === b.question; // true
 * ```
 */
export function generateTask(
  family: string | Family,
  index: number,
  options: GenerateTaskOptions = {},
): Task {
  const f = typeof family === "string" ? getFamily(family) : family;
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`Invalid item index ${index}: expected a non-negative integer`);
  }
  const seed = options.seed ?? 0;
  const config = resolveConfig(f, options.config);
  const rng = createRng([f.name, JSON.stringify(config), seed, index]);
  return taskFromParams(f, f.sample(rng, config), { seed, index, config });
}

/**
 * Generates `count` consecutive items of a family, starting at `start` (default 0).
 *
 * @example
 * ```ts
 * import { generateTasks } from "./registry.ts";
 * [...generateTasks("gcd", 3, { seed: 5 })].length; // 3
 * ```
 */
export function* generateTasks(
  family: string | Family,
  count: number,
  options: GenerateTaskOptions & { start?: number } = {},
): Generator<Task> {
  const f = typeof family === "string" ? getFamily(family) : family;
  resolveConfig(f, options.config); // fail before the first item
  for (let i = 0; i < count; i++) yield generateTask(f, (options.start ?? 0) + i, options);
}

/**
 * Checks a canonical-form answer against a generated task with its family's checker.
 * Throws a `TypeError` for tasks that were not generated (no family or params).
 *
 * @example
 * ```ts
 * import { checkTaskAnswer, generateTask } from "./registry.ts";
 * const task = generateTask("linear_equation", 0);
 * checkTaskAnswer(task, task.answer); // true
 * ```
 */
export function checkTaskAnswer(task: Task, answer: string): boolean {
  if (task.source.kind !== "generator" || task.params === undefined) {
    throw new TypeError(`Cannot check task "${task.id}": it has no generator params`);
  }
  return getFamily(task.family).check(task.params, answer);
}
