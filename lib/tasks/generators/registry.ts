import { createRng, digest } from "../../random/rng.ts";
import { ANSWER_KINDS, type Json, type Task } from "../task.ts";
import { PROJECTIONS } from "./link.ts";
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
import * as games from "./games.ts";
import * as logicPuzzles from "./logic_puzzles.ts";
import * as cognition from "./cognition.ts";
import * as arcInduction from "./arc_induction.ts";
import * as code from "./code.ts";
import * as geometryProbability from "./geometry_probability.ts";
import * as algebraArithmetic from "./algebra_arithmetic.ts";
import * as algorithmsGraphs from "./algorithms_graphs.ts";

/** The families of the Reasoning Gym categories, one module per category, each in its module's export order. */
const MORE = [
  games,
  logicPuzzles,
  cognition,
  arcInduction,
  code,
  geometryProbability,
  algebraArithmetic,
  algorithmsGraphs,
].flatMap((m) => Object.values(m));

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
  ...MORE,
] as unknown as readonly Family[];

const BUILT_IN = new Map(FAMILIES.map((f) => [f.name, f]));
/** Families registered at run time (a notebook's or a user module's), after the built-ins. */
const BY_NAME = new Map(BUILT_IN);
let ALL: readonly Family[] = FAMILIES;

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Registers a family defined outside Farsight (in a notebook or a user module) so that it
 * generates, composes, checks and enters curricula like a built-in one. Its definition is
 * validated (name, attributes and their levels, chain input domain, projection) with errors
 * naming the field; a name already taken is an error unless `override` is set, as in every
 * registry (`replace` is the older spelling, still accepted; built-ins can
 * never be replaced). Returns a function that unregisters it.
 *
 * @example
 * ```ts
 * import { defineFamily, getFamily, registerFamily } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const double = defineFamily<{ n: number }>({
 *   name: "double_it", category: "arithmetic", description: "Double a number", answerKind: "integer",
 *   attributes: { size: { description: "max n", levels: [10, 100], default: [10, 10], min: 1, max: 1000 } },
 *   sample: (rng, c) => ({ n: rng.int(1, c.size![1]) }),
 *   difficulty: (p) => ({ size: p.n }),
 *   question: (p, s) => `What is twice ${s ?? p.n}?`,
 *   answer: (p) => String(2 * p.n),
 *   check: (p, a) => a === String(p.n + p.n),
 *   input: { describe: "n", min: 1n, max: 1000n, get: (p) => BigInt(p.n), set: (p, v) => ({ n: Number(v) }) },
 * });
 * const unregister = registerFamily(double);
 * assert.equal(getFamily("double_it").name, "double_it");
 * unregister();
 * assert.throws(() => getFamily("double_it"));
 * ```
 */
export function registerFamily<P extends Json>(
  family: Family<P>,
  options: { readonly override?: boolean; readonly replace?: boolean } = {},
): () => void {
  const f = family as unknown as Family;
  validateFamily(f);
  if (BUILT_IN.has(f.name)) {
    throw new RangeError(`Cannot register family "${f.name}": a built-in family has that name`);
  }
  if (BY_NAME.has(f.name) && !(options.override ?? options.replace)) {
    throw new RangeError(
      `Cannot register family "${f.name}": the name is taken (pass { override: true } to replace it)`,
    );
  }
  BY_NAME.set(f.name, f);
  ALL = [...BY_NAME.values()];
  return () => {
    if (BY_NAME.get(f.name) === f) {
      BY_NAME.delete(f.name);
      ALL = [...BY_NAME.values()];
    }
  };
}

/**
 * Checks a family definition's shape, with errors naming the family and field.
 *
 * @example
 * ```ts
 * import { getFamily, validateFamily } from "./registry.ts";
 * import assert from "node:assert/strict";
 * validateFamily(getFamily("gcd"));
 * assert.throws(() => validateFamily({ ...getFamily("gcd"), name: "Bad Name" }), /name/);
 * ```
 */
export function validateFamily(f: Family): void {
  const where = `family "${String(f?.name)}"`;
  if (typeof f?.name !== "string" || !NAME.test(f.name)) {
    throw new TypeError(`Invalid ${where}: name must match ${NAME} (snake_case)`);
  }
  for (const key of ["sample", "difficulty", "question", "answer", "check"] as const) {
    if (typeof f[key] !== "function") {
      throw new TypeError(`Invalid ${where}: "${key}" must be a function`);
    }
  }
  if (!ANSWER_KINDS.includes(f.answerKind)) {
    throw new TypeError(
      `Invalid ${where}: answerKind "${f.answerKind}" is not one of ${ANSWER_KINDS.join(", ")}`,
    );
  }
  if (f.projection !== undefined && !PROJECTIONS.includes(f.projection)) {
    throw new TypeError(
      `Invalid ${where}: projection "${f.projection}" is not one of ${PROJECTIONS.join(", ")}`,
    );
  }
  for (const [name, a] of Object.entries(f.attributes ?? {})) {
    const ok = Array.isArray(a.levels) && a.levels.length > 0 &&
      a.levels.every((v, i) => Number.isInteger(v) && (i === 0 || v > a.levels[i - 1]!)) &&
      a.min <= a.default[0] && a.default[0] <= a.default[1] && a.default[1] <= a.max &&
      a.levels[0]! >= a.min && a.levels.at(-1)! <= a.max;
    if (!ok) {
      throw new TypeError(
        `Invalid ${where}: attribute "${name}" needs ascending integer levels and min <= default <= max`,
      );
    }
  }
  if (f.input && !(f.input.min <= f.input.max)) {
    throw new TypeError(`Invalid ${where}: chain input min is above max`);
  }
}

/** A config as a user writes it: per attribute a `[lo, hi]` range or a single value. */
export type FamilyConfigInput = Readonly<Record<string, number | readonly [number, number]>>;

/**
 * Every generator family: the built-ins in a stable order, then registered ones in
 * registration order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listFamilies } from "./registry.ts";
 * assert.ok(listFamilies().map((f) => f.name).includes("chain_sum"));
 * ```
 */
export function listFamilies(): readonly Family[] {
  return ALL;
}

/**
 * Looks a family up by name; throws a `RangeError` listing the known names if there is none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getFamily } from "./registry.ts";
 * assert.equal(getFamily("gcd").category, "number_theory");
 * assert.throws(() => getFamily("nope"), /Unknown task family "nope"/);
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
 * import assert from "node:assert/strict";
 * import { resolveConfig } from "./registry.ts";
 * assert.deepEqual(resolveConfig("chain_sum", { terms: 5 }), { terms: [5, 5], digits: [1, 3] });
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

/**
 * Builds the task for given params (used by generation and by recomputed chains).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getFamily, resolveConfig, taskFromParams } from "./registry.ts";
 * const family = getFamily("chain_sum");
 * const task = taskFromParams(family, { terms: ["5", "-3"], digits: 1 }, {
 *   seed: 0, index: 0, config: resolveConfig(family),
 * });
 * assert.equal(task.answer, "2");
 * ```
 */
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
 * import assert from "node:assert/strict";
 * import { generateTask } from "./registry.ts";
 * const a = generateTask("chain_sum", 7, { seed: 1 });
 * const b = generateTask("chain_sum", 7, { seed: 1 });
 * assert.deepEqual(a, b); // same seed and index, same task
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
 * import assert from "node:assert/strict";
 * import { generateTasks } from "./registry.ts";
 * const tasks = [...generateTasks("gcd", 3, { seed: 5 })];
 * assert.deepEqual(tasks.map((t) => t.source.kind === "generator" && t.source.index), [0, 1, 2]);
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
 * import assert from "node:assert/strict";
 * import { checkTaskAnswer, generateTask } from "./registry.ts";
 * const task = generateTask("linear_equation", 0);
 * assert.equal(checkTaskAnswer(task, task.answer), true);
 * ```
 */
export function checkTaskAnswer(task: Task, answer: string): boolean {
  if (task.source.kind !== "generator" || task.params === undefined) {
    throw new TypeError(`Cannot check task "${task.id}": it has no generator params`);
  }
  return getFamily(task.family).check(task.params, answer);
}
