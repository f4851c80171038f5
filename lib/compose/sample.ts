import { baseTaskId } from "../tasks/task_id.ts";
import { createRng, digest } from "../random/rng.ts";
import type { Family, FamilyConfig } from "../tasks/generators/family.ts";
import {
  type FamilyConfigInput,
  getFamily,
  resolveConfig,
  taskFromParams,
} from "../tasks/generators/registry.ts";
import type { Json, Task } from "../tasks/task.ts";
import { composeAnswerPreserving, integerAnswer } from "./answer_preserving.ts";
import type { ComposedTask } from "./composed_task.ts";
import { type KeySelector, selectKeyInteger } from "./key_selector.ts";
import { composeRecomputed, type TransformOp } from "./recomputed.ts";
import type { PromptTemplate } from "./render.ts";
import { planParents, type Wiring } from "./structure.ts";
import { sharesBaseProblem } from "./leakage.ts";

/** Order of the problems inside a composed task. */
export type ProblemOrder = "random" | "easy-to-hard" | "hard-to-easy";

/**
 * A task's difficulty as one number. Generated tasks: the mean over their family's attributes
 * of `(value - min) / (max - min)`, in [0, 1]. Dataset tasks: `difficulty.score` if present,
 * else the sum of their numeric difficulty values (e.g. MATH's `level`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { difficultyScore } from "./sample.ts";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * const s = difficultyScore(generateTask("chain_sum", 0));
 * assert.ok(s >= 0 && s <= 1);
 * const dataset = { kind: "dataset", dataset: "math", row: 0 } as const;
 * const task = { id: "m", family: "math", question: "?", answer: "1", answer_kind: "integer", source: dataset } as const;
 * assert.equal(difficultyScore({ ...task, difficulty: { level: 3 } }), 3);
 * ```
 */
export function difficultyScore(task: Task, family?: Family): number {
  if (task.source.kind === "generator") {
    const attributes = (family ?? getFamily(task.family)).attributes;
    const parts = Object.entries(attributes).map(([name, spec]) => {
      const v = task.difficulty[name];
      return v === undefined || spec.max === spec.min ? 0 : (v - spec.min) / (spec.max - spec.min);
    });
    return parts.length ? parts.reduce((s, x) => s + x, 0) / parts.length : 0;
  }
  if (typeof task.difficulty.score === "number") return task.difficulty.score;
  return Object.values(task.difficulty).reduce((s, v) => s + (typeof v === "number" ? v : 0), 0);
}

function orderProblems<T>(items: T[], order: ProblemOrder, score: (item: T) => number): T[] {
  if (order === "random") return items;
  const sign = order === "easy-to-hard" ? 1 : -1;
  return items.map((item, i) => ({ item, i, s: score(item) }))
    .sort((a, b) => sign * (a.s - b.s) || a.i - b.i).map((x) => x.item);
}

/** A problem R-Horizon composition cannot use, and why. */
export interface ExcludedProblem {
  /** The problem's id. */
  readonly id: string;
  /** Why it was excluded. */
  readonly reason: string;
}

/** Why a problem cannot take part in R-Horizon's offset links: the field at fault and why. */
export interface OffsetLinkIssue {
  /** `answer` (not an integer) or `question` (no linkable integer in it). */
  readonly field: "answer" | "question";
  /** What was expected, in words. */
  readonly expected: string;
}

/**
 * What keeps a problem out of R-Horizon's offset links (arXiv 2510.08189, Eq. 1): a seed needs
 * an integer answer and a linkable integer in its question. Empty when the problem can link.
 * {@linkcode prepareSeedPool} and the dataset adapters behind `compose --link offset`
 * (`offsetLinkAdapter` in `lib/datasets`) both decide with it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { offsetLinkIssues } from "./sample.ts";
 * assert.deepEqual(offsetLinkIssues({ question: "What is 4 + 9?", answer: "13" }), []);
 * assert.deepEqual(offsetLinkIssues({ question: "What is x + y?", answer: "13" }), [
 *   { field: "question", expected: "an integer in the question to link" },
 * ]);
 * assert.equal(offsetLinkIssues({ question: "What is 4 + 9?", answer: "1/2" })[0]!.field, "answer");
 * ```
 */
export function offsetLinkIssues(
  problem: { readonly question: string; readonly answer: string },
  selector: KeySelector = (q) => selectKeyInteger(q),
): OffsetLinkIssue[] {
  const issues: OffsetLinkIssue[] = [];
  if (integerAnswer(problem.answer) === null) {
    issues.push({ field: "answer", expected: "an integer answer" });
  }
  if (!selector(problem.question)) {
    issues.push({ field: "question", expected: "an integer in the question to link" });
  }
  return issues;
}

/**
 * Splits a pool into R-Horizon seeds and the rest (arXiv 2510.08189, Eq. 1): a seed has an
 * integer answer and at least one linkable integer in its question. Every excluded problem is
 * reported with its reason.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareSeedPool } from "./sample.ts";
 * const base = { family: "d", answer_kind: "integer", difficulty: {}, source: { kind: "dataset", dataset: "d", row: 0 } } as const;
 * const { seeds, excluded } = prepareSeedPool([
 *   { ...base, id: "a", question: "What is 4 + 9?", answer: "13" },
 *   { ...base, id: "b", question: "What is x + y?", answer: "z" },
 * ]);
 * assert.equal(seeds.length, 1);
 * assert.equal(excluded[0]!.reason, 'answer "z" is not an integer; no linkable integer in the question');
 * ```
 */
export function prepareSeedPool(
  pool: readonly Task[],
  selector: KeySelector = (q) => selectKeyInteger(q),
): { seeds: Task[]; excluded: ExcludedProblem[] } {
  const seeds: Task[] = [];
  const excluded: ExcludedProblem[] = [];
  for (const task of pool) {
    const reasons = offsetLinkIssues(task, selector).map((issue) =>
      issue.field === "answer"
        ? `answer "${task.answer}" is not an integer`
        : "no linkable integer in the question"
    );
    if (reasons.length) excluded.push({ id: task.id, reason: reasons.join("; ") });
    else seeds.push(task);
  }
  return { seeds, excluded };
}

/** Options shared by the samplers. */
export interface SampleOptions {
  /** Layers (chain length when breadth is 1). */
  readonly depth: number;
  /** Problems per layer. Default 1. */
  readonly breadth?: number;
  /** How many composed tasks. */
  readonly count: number;
  /** Seed for every random choice. Default 0. */
  readonly seed?: number;
  /** Order of the problems in each task. Default `"random"`. */
  readonly order?: ProblemOrder;
  /** Parent choice between layers. Default `"random"`. */
  readonly wiring?: Wiring;
  /** Prompt template. Default R-Horizon's layout. */
  readonly template?: PromptTemplate;
}

/** Options for {@linkcode composeFromPool}. */
export interface PoolSampleOptions extends SampleOptions {
  /** Key-integer selector. Default {@linkcode selectKeyInteger}. */
  readonly selector?: KeySelector;
  /** Difficulty for ordering. Default {@linkcode difficultyScore}. */
  readonly difficulty?: (task: Task) => number;
  /** Draws to try before giving up on finding new distinct tasks. Default `5 × count` (R-Horizon). */
  readonly maxAttempts?: number;
}

/**
 * Samples composed tasks from a pool of problems (yours or a dataset's), R-Horizon style: each
 * task draws `depth × breadth` distinct seeds, no composed task repeats (the ordered tuple of
 * problem ids is unique), and links are answer-preserving. Streams one task at a time.
 *
 * Throws a `RangeError` when the pool has fewer seeds than a task needs, or when `maxAttempts`
 * draws did not find `count` distinct tasks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeFromPool } from "./sample.ts";
 * const source = { kind: "dataset", dataset: "d", row: 0 } as const;
 * const pool = [2, 3, 4].map((x) => ({
 *   id: `p${x}`, family: "d", question: `What is ${x} + 10?`, answer: String(x + 10),
 *   answer_kind: "integer", difficulty: {}, source,
 * } as const));
 * const tasks = [...composeFromPool(pool, { depth: 2, count: 3, seed: 43 })];
 * assert.equal(tasks.length, 3);
 * assert.ok(tasks.every((t) => t.links.length === 1 && t.answers.length === 2));
 * ```
 */
export function* composeFromPool(
  pool: readonly Task[],
  options: PoolSampleOptions,
): Generator<ComposedTask> {
  const breadth = options.breadth ?? 1;
  const n = options.depth * breadth;
  const { seeds, excluded } = prepareSeedPool(pool, options.selector);
  if (n > seeds.length) {
    throw new RangeError(
      `Cannot compose tasks of ${n} problems (depth ${options.depth} × breadth ${breadth}) from ${seeds.length} ` +
        `linkable problems (${excluded.length} of ${pool.length} excluded)`,
    );
  }
  const rng = createRng(["compose_pool", options.seed ?? 0]);
  const seen = new Set<string>();
  const maxAttempts = options.maxAttempts ?? 5 * options.count;
  let produced = 0;
  for (let attempt = 0; produced < options.count; attempt++) {
    if (attempt >= maxAttempts) {
      throw new RangeError(
        `Cannot find ${options.count} distinct composed tasks: only ${produced} after ${attempt} draws ` +
          `from ${seeds.length} seeds (depth ${options.depth}, breadth ${breadth})`,
      );
    }
    const drawn = orderProblems(
      rng.sample(seeds, n),
      options.order ?? "random",
      options.difficulty ?? difficultyScore,
    );
    const key = digest(drawn.map((t) => t.id), 16);
    if (seen.has(key)) continue;
    seen.add(key);
    yield composeAnswerPreserving(drawn, {
      parents: planParents(options.depth, breadth, options.wiring ?? "random", rng),
      breadth,
      ...(options.selector ? { selector: options.selector } : {}),
      ...(options.template ? { template: options.template } : {}),
      seed: options.seed ?? 0,
      index: produced,
    });
    produced++;
  }
}

/** A family in a generator mixture. */
export interface FamilySpec {
  /** The family's name (looked up in the registry unless `family` is given). */
  readonly name: string;
  /** The family itself, for one defined in a notebook or module and not registered. */
  readonly family?: Family;
  /** Relative weight. Default 1. */
  readonly weight?: number;
  /** Difficulty ranges. */
  readonly config?: FamilyConfigInput;
}

/** Options for {@linkcode composeFromGenerators}. */
export interface GeneratorSampleOptions extends SampleOptions {
  /** Families to draw problems from: names, weighted specs, or family objects. */
  readonly families: readonly (string | FamilySpec | Family)[];
  /** `"recompute"` (h1, default) or `"offset"` (R-Horizon, answer-preserving). */
  readonly link?: "recompute" | "offset";
  /** Transforms recompute links may use. Default all. */
  readonly transforms?: readonly TransformOp[];
  /** Index of the first composed task (to resume or shard a run). Default 0. */
  readonly start?: number;
  /**
   * Fingerprints of base problems to keep out (see `fingerprintSet`, e.g. an evaluation
   * set's): a drawn problem that shares one is replaced by a later item of its family's
   * stream (index + k·{@linkcode EXCLUDE_STRIDE}), so task c still depends only on (seed, c).
   */
  readonly exclude?: ReadonlySet<string>;
}

/** How far an excluded generated item jumps in its family's item stream, per retry. */
export const EXCLUDE_STRIDE = 2 ** 40;

interface ResolvedFamily {
  readonly family: Family;
  readonly weight: number;
  readonly config: FamilyConfig;
}

/**
 * Normalises a mixture entry (a name, a spec, or a family object) to a spec.
 *
 * @example
 * ```ts
 * import { familySpec } from "./sample.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(familySpec("gcd"), { name: "gcd" });
 * ```
 */
export function familySpec(entry: string | FamilySpec | Family): FamilySpec {
  if (typeof entry === "string") return { name: entry };
  if (typeof (entry as Family).sample === "function") {
    return { name: entry.name, family: entry as Family };
  }
  return entry as FamilySpec;
}

/**
 * Composes tasks from the built-in generators. Problem k of composed task c is item
 * `c·n + k` of its family's stream, so task c is the same whatever else is drawn and runs can
 * be sharded with `start`. With `link: "recompute"` (the default, as h1) downstream answers
 * are recomputed; with `"offset"` links are answer-preserving (R-Horizon). Every family can
 * sit at every position: an answer that is not an integer feeds the link through its family's
 * projection, and a linked problem takes the value through its chain input (recompute) or a
 * linkable integer or its chain input (offset). In a recompute chain a family without a chain
 * input cannot be linked; a mixture that leaves a position empty is an error naming it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeFromGenerators } from "./sample.ts";
 * const [task] = [...composeFromGenerators({ families: ["chain_sum", "gcd"], depth: 3, count: 1, seed: 1 })];
 * assert.equal(task!.answers.length, 3);
 * assert.equal(task!.answer, task!.answers[2]);
 * ```
 */
export function* composeFromGenerators(options: GeneratorSampleOptions): Generator<ComposedTask> {
  const breadth = options.breadth ?? 1;
  const n = options.depth * breadth;
  const link = options.link ?? "recompute";
  if (options.families.length === 0) {
    throw new RangeError("Cannot compose from generators: no families given");
  }
  if (!Number.isInteger(options.count) || options.count < 0) {
    throw new RangeError(`Invalid count ${options.count}: expected a non-negative integer`);
  }
  const families: ResolvedFamily[] = options.families.map((entry) => {
    const s = familySpec(entry);
    const family = s.family ?? getFamily(s.name);
    const weight = s.weight ?? 1;
    if (!(weight > 0)) {
      throw new RangeError(
        `Invalid weight ${weight} for family "${s.name}": expected a positive number`,
      );
    }
    return {
      family,
      weight,
      config: resolveConfig(family, s.config),
    };
  });
  const parentsTemplate = planParents(options.depth, breadth, "parallel", createRng(0));
  const isChild = (i: number) => parentsTemplate[i] !== null;
  // Every family's answer feeds a link (its projection), so only children are constrained:
  // a recompute link needs the family's chain input.
  const eligible = (i: number) =>
    families.filter((f) => !isChild(i) || link !== "recompute" || f.family.input !== undefined);
  for (let i = 0; i < n; i++) {
    if (eligible(i).length === 0) {
      throw new RangeError(
        `No family can fill position ${
          i + 1
        } of a depth-${options.depth} ${link} chain: it needs ` +
          "a chain input" +
          ` (families: ${families.map((f) => f.family.name).join(", ")})`,
      );
    }
  }
  const seed = options.seed ?? 0;
  const start = options.start ?? 0;
  for (let c = start; c < start + options.count; c++) {
    const rng = createRng(["compose_generators", seed, c]);
    const picks: { f: ResolvedFamily; index: number; params: Json }[] = [];
    for (let k = 0; k < n; k++) {
      const pool = eligible(k);
      const f = pool[rng.weighted(pool.map((p) => p.weight))]!;
      let index = c * n + k;
      const draw = (): Json =>
        f.family.sample(
          createRng([f.family.name, JSON.stringify(f.config), seed, index]),
          f.config,
        );
      let params = draw();
      for (let retry = 1; options.exclude; retry++) {
        const task = taskFromParams(f.family, params, { seed, index, config: f.config });
        if (!sharesBaseProblem(task, options.exclude)) break;
        if (retry > 256) {
          throw new RangeError(
            `Cannot draw a problem of "${f.family.name}" outside the excluded set after 256 tries ` +
              `(composed task ${c}, position ${k + 1})`,
          );
        }
        index = c * n + k + retry * EXCLUDE_STRIDE;
        params = draw();
      }
      picks.push({ f, index, params });
    }
    // Ordering by difficulty must respect the position constraints, so order within the
    // families allowed at each position by sorting only when the mixture is uniform in kind.
    const ordered = orderProblems(picks, options.order ?? "random", (p) =>
      difficultyScore({
        id: "",
        family: p.f.family.name,
        question: "",
        answer: "",
        answer_kind: p.f.family.answerKind,
        difficulty: p.f.family.difficulty(p.params),
        source: {
          kind: "generator",
          generator: p.f.family.name,
          seed,
          index: p.index,
          config: p.f.config,
        },
      }, p.f.family));
    const valid = ordered.every((p, i) => eligible(i).includes(p.f));
    const items = (valid ? ordered : picks).map((p) => ({
      family: p.f.family,
      params: p.params,
      origin: { seed, index: p.index, config: p.f.config },
    }));
    const parents = planParents(options.depth, breadth, options.wiring ?? "random", rng);
    const common = {
      parents,
      breadth,
      seed,
      index: c,
      ...(options.template ? { template: options.template } : {}),
    };
    if (link === "recompute") {
      yield composeRecomputed(items, rng, {
        ...common,
        ...(options.transforms ? { transforms: options.transforms } : {}),
      });
    } else {
      yield composeAnswerPreserving(
        items.map((it) => taskFromParams(it.family, it.params, it.origin)),
        { ...common, familyOf: (_task, i) => items[i]!.family },
      );
    }
  }
}

/**
 * Single-problem pass rates: by problem id (a variant's id falls back to its base id, see
 * `baseTaskId`), or a function of the problem (`undefined` when unknown).
 */
export type PassRates =
  | Readonly<Record<string, number>>
  | ((problem: Task) => number | undefined);

/**
 * R-Horizon's expected accuracy of a composed task under independence (arXiv 2510.08189,
 * Eq. 4): the product of the per-problem pass rates `p_i`, or `undefined` when a problem has
 * none. A rate outside [0, 1] is an error naming the problem. The one product behind
 * {@linkcode expectedAccuracy} and evaluation runs' `expected`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expectedAccuracyIfKnown } from "./sample.ts";
 * const task = { id: "t", problems: [{ id: "a~1f" }, { id: "b" }] } as never;
 * assert.equal(expectedAccuracyIfKnown(task, { a: 0.9, b: 0.5 }), 0.45);
 * assert.equal(expectedAccuracyIfKnown(task, { a: 0.9 }), undefined);
 * ```
 */
export function expectedAccuracyIfKnown(
  task: Pick<ComposedTask, "problems" | "id">,
  passRates: PassRates,
): number | undefined {
  let product = 1;
  for (const p of task.problems) {
    const rate = typeof passRates === "function"
      ? passRates(p)
      : passRates[p.id] ?? passRates[baseTaskId(p.id)];
    if (rate === undefined) return undefined;
    if (!(rate >= 0 && rate <= 1)) {
      throw new RangeError(`Invalid pass rate ${rate} for problem "${p.id}": expected [0, 1]`);
    }
    product *= rate;
  }
  return product;
}

/**
 * R-Horizon's expected accuracy of a composed task under independence (arXiv 2510.08189,
 * Eq. 4): the product of the per-problem pass rates `p_i`. A missing pass rate is an error
 * naming the problem.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeSequence, expectedAccuracy } from "./sample.ts";
 * const task = composeSequence(["gcd", "chain_sum"]);
 * const [a, b] = task.problems;
 * assert.equal(expectedAccuracy(task, { [a!.id]: 0.9, [b!.id]: 0.5 }), 0.45);
 * assert.throws(() => expectedAccuracy(task, { [a!.id]: 0.9 }), /No pass rate/);
 * ```
 */
export function expectedAccuracy(
  task: Pick<ComposedTask, "problems" | "id">,
  passRates: PassRates,
): number {
  const expected = expectedAccuracyIfKnown(task, passRates);
  if (expected !== undefined) return expected;
  const missing = task.problems.find((p) =>
    (typeof passRates === "function"
      ? passRates(p)
      : passRates[p.id] ?? passRates[baseTaskId(p.id)]) === undefined
  )!;
  throw new RangeError(`No pass rate for problem "${missing.id}" of composed task "${task.id}"`);
}

/**
 * Keeps composed tasks whose expected accuracy (product of pass rates) is above `threshold`.
 * R-Horizon's training data keeps `Acc_expected > 0.25` (arXiv 2510.08189, §4.3), the default.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeSequence, filterByExpectedAccuracy } from "./sample.ts";
 * const tasks = [composeSequence(["gcd", "gcd"], { index: 0 }), composeSequence(["gcd", "gcd"], { index: 1 })];
 * const [a, b] = tasks[0]!.problems, [c, d] = tasks[1]!.problems;
 * const passRates = { [a!.id]: 0.9, [b!.id]: 0.5, [c!.id]: 0.4, [d!.id]: 0.5 };
 * assert.deepEqual([...filterByExpectedAccuracy(tasks, passRates)].map((t) => t.id), [tasks[0]!.id]);
 * ```
 */
export function* filterByExpectedAccuracy(
  tasks: Iterable<ComposedTask>,
  passRates: Readonly<Record<string, number>>,
  threshold = 0.25,
): Generator<ComposedTask> {
  for (const task of tasks) if (expectedAccuracy(task, passRates) > threshold) yield task;
}

/** Options for {@linkcode composeSequence}. */
export interface SequenceOptions {
  /** Seed of the items and the links. Default 0. */
  readonly seed?: number;
  /** Index of the composed task (its items are `index·n + k`). Default 0. */
  readonly index?: number;
  /** `"recompute"` (h1, default) or `"offset"` (R-Horizon). */
  readonly link?: "recompute" | "offset";
  /** Difficulty ranges per family name. */
  readonly configs?: Readonly<Record<string, FamilyConfigInput>>;
  /** Prompt template. Default R-Horizon's layout. */
  readonly template?: PromptTemplate;
}

/**
 * Composes one chain of exactly these families, in this order (one problem each), for a
 * researcher who wants a specific chain rather than a mixture's draw. Item k is the
 * family's item `index·n + k` for the seed, as in {@linkcode composeFromGenerators}.
 *
 * @example
 * ```ts
 * import { composeSequence } from "./sample.ts";
 * import assert from "node:assert/strict";
 * const task = composeSequence(["chain_sum", "boolean_eval", "gcd"], { seed: 2 });
 * assert.deepEqual(task.problems.map((p) => p.family), ["chain_sum", "boolean_eval", "gcd"]);
 * assert.equal(task.links.length, 2);
 * ```
 */
export function composeSequence(
  families: readonly (string | Family)[],
  options: SequenceOptions = {},
): ComposedTask {
  const seed = options.seed ?? 0, index = options.index ?? 0, n = families.length;
  const items = families.map((entry, k) => {
    const family = typeof entry === "string" ? getFamily(entry) : entry;
    const config = resolveConfig(family, options.configs?.[family.name]);
    const i = index * n + k;
    const rng = createRng([family.name, JSON.stringify(config), seed, i]);
    return { family, params: family.sample(rng, config), origin: { seed, index: i, config } };
  });
  const rng = createRng(["compose_sequence", seed, index]);
  const common = { seed, index, ...(options.template ? { template: options.template } : {}) };
  if ((options.link ?? "recompute") === "recompute") return composeRecomputed(items, rng, common);
  return composeAnswerPreserving(
    items.map((it) => taskFromParams(it.family, it.params, it.origin)),
    { ...common, familyOf: (_t, i) => items[i]!.family },
  );
}
