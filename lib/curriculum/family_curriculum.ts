/**
 * Curricula as Reasoning Gym's trainer runs them, per family: a score window per family,
 * promotion and demotion per attribute, and the horizon (chain depth) advanced with the
 * attributes or on its own window. The whole state is plain JSON, so a run can be saved,
 * resumed, and driven from the CLI or the reward server.
 * @module
 */
import type { ComposedTask } from "../compose/composed_task.ts";
import { composeFromGenerators, type FamilySpec, familySpec } from "../compose/sample.ts";
import type { Family } from "../tasks/generators/family.ts";
import { getFamily } from "../tasks/generators/registry.ts";
import type { RangeMode } from "./attribute_levels.ts";

/**
 * What moves:
 * - `"attributes"`: each family's attributes, on that family's window (the horizon stays);
 * - `"horizon"`: the chain depth, on the window of composed-task scores (attributes stay);
 * - `"separately"`: both, each on its own windows;
 * - `"together"`: one window of composed-task scores moves the horizon and every family's
 *   attributes in the same step.
 */
export type AdvanceMode = "attributes" | "horizon" | "separately" | "together";

/**
 * How a promotion moves a family's attributes: `"one"` raises one attribute (round robin over
 * those not at their top; a demotion lowers the most recently raised one), `"all"` raises
 * every attribute not at its top, as Reasoning Gym's `increment_global_level`.
 */
export type AttributeStep = "one" | "all";

/** Per-family curriculum progress. */
export interface FamilyProgress {
  /** Current level (index into the attribute's `levels`) per attribute. */
  readonly levels: Readonly<Record<string, number>>;
  /** Recent problem scores of this family (at most `window`). */
  readonly window: readonly number[];
  /** Attributes raised, most recent last (what a demotion undoes first). */
  readonly raised: readonly string[];
  /** Next attribute in round-robin order. */
  readonly next: number;
}

/** A level change. */
export interface FamilyCurriculumEvent {
  /** The batch count when it happened. */
  readonly step: number;
  /** The family, or `null` for the horizon. */
  readonly family: string | null;
  /** Which way the level moved. */
  readonly event: "promote" | "demote";
  /** Attributes moved (empty for a horizon move). */
  readonly attributes: readonly string[];
  /** The horizon after the move. */
  readonly horizon: number;
  /** The windowed mean score that triggered it. */
  readonly rate: number;
}

/** The state of a per-family curriculum: plain JSON (save with `JSON.stringify`). */
export interface FamilyCurriculumState {
  /** Format version of the saved state. */
  readonly version: 2;
  /** Seed for every draw. */
  readonly seed: number;
  /** Families (specs without their `Family` objects, so the state stays JSON). */
  readonly families: readonly FamilySpec[];
  /** Link kind of the composed tasks. */
  readonly link: "recompute" | "offset";
  /** Problems per layer. */
  readonly breadth: number;
  /** What moves. */
  readonly advance: AdvanceMode;
  /** How a promotion moves a family's attributes. */
  readonly attributeStep: AttributeStep;
  /** Scores per window (Reasoning Gym's `last_k`). */
  readonly window: number;
  /** Promote above this windowed mean. */
  readonly raise: number;
  /** Demote below this windowed mean. */
  readonly lower: number;
  /** How levels become ranges. */
  readonly rangeMode: RangeMode;
  /** k for the `"last_k"` range mode. */
  readonly lastK: number;
  /** Horizons in level order. */
  readonly horizons: readonly number[];
  /** Index into `horizons` of the current horizon. */
  readonly horizonLevel: number;
  /** Recent composed-task scores (the horizon's window). */
  readonly horizonWindow: readonly number[];
  /** Progress per family name. */
  readonly progress: Readonly<Record<string, FamilyProgress>>;
  /** Batches handed out. */
  readonly step: number;
  /** Composed tasks handed out (the next task's index). */
  readonly produced: number;
  /** Families per problem of the tasks handed out and not yet scored, by task id. */
  readonly pending: Readonly<Record<string, readonly string[]>>;
  /** Promotions and demotions, in order. */
  readonly history: readonly FamilyCurriculumEvent[];
}

/** Options for {@linkcode createFamilyCurriculum}. */
export interface FamilyCurriculumOptions {
  /** Families (names, weighted specs or `Family` objects). */
  readonly families: readonly (string | FamilySpec)[];
  /** Seed for every draw. Default 0. */
  readonly seed?: number;
  /** Link kind. Default `"recompute"` (h1). */
  readonly link?: "recompute" | "offset";
  /** Problems per layer. Default 1. */
  readonly breadth?: number;
  /** What moves. Default `"separately"`. */
  readonly advance?: AdvanceMode;
  /** How a promotion moves attributes. Default `"one"` (per attribute). */
  readonly attributeStep?: AttributeStep;
  /** Scores per window. Reasoning Gym's trainer default (`last_k`): 2560. */
  readonly window?: number;
  /** Promote above this windowed mean. Reasoning Gym's default: 0.70. */
  readonly raise?: number;
  /** Demote below this. Reasoning Gym's default: 0.30. */
  readonly lower?: number;
  /** How levels become ranges. Default `"inclusive"` (Reasoning Gym's default). */
  readonly rangeMode?: RangeMode;
  /** k for `"last_k"`. Default 2. */
  readonly lastK?: number;
  /** Horizons in level order. Default `[1, 2, …, 8]`. */
  readonly horizons?: readonly number[];
  /** Starting horizon level. Default 0. */
  readonly horizonLevel?: number;
}

function familyOf(spec: FamilySpec): Family {
  return spec.family ?? getFamily(spec.name);
}

/**
 * Creates a per-family curriculum, every attribute of every family at level 0. Options are
 * validated with errors naming them.
 *
 * @example
 * ```ts
 * import { createFamilyCurriculum } from "./family_curriculum.ts";
 * import assert from "node:assert/strict";
 * const s = createFamilyCurriculum({ families: ["chain_sum", "gcd"] });
 * assert.deepEqual(s.progress.chain_sum!.levels, { terms: 0, digits: 0 });
 * assert.equal(s.window, 2560);
 * ```
 */
export function createFamilyCurriculum(options: FamilyCurriculumOptions): FamilyCurriculumState {
  const families = options.families.map(familySpec).map(({ family: _f, ...rest }) => rest);
  if (families.length === 0) throw new RangeError("Invalid curriculum: no families given");
  const window = options.window ?? 2560, raise = options.raise ?? 0.7, lower = options.lower ?? 0.3;
  if (!(Number.isInteger(window) && window >= 1)) {
    throw new RangeError(`Invalid window ${window}: expected an integer >= 1`);
  }
  if (!(lower >= 0 && lower < raise && raise <= 1)) {
    throw new RangeError(
      `Invalid thresholds: expected 0 <= lower (${lower}) < raise (${raise}) <= 1`,
    );
  }
  const horizons = options.horizons ?? [1, 2, 3, 4, 5, 6, 7, 8];
  if (horizons.length === 0 || !horizons.every((h) => Number.isInteger(h) && h >= 1)) {
    throw new RangeError(`Invalid horizons [${horizons.join(", ")}]: expected integers >= 1`);
  }
  const horizonLevel = options.horizonLevel ?? 0;
  if (!(Number.isInteger(horizonLevel) && horizonLevel >= 0 && horizonLevel < horizons.length)) {
    throw new RangeError(
      `Invalid horizonLevel ${horizonLevel}: expected 0..${horizons.length - 1}`,
    );
  }
  const progress: Record<string, FamilyProgress> = {};
  for (const spec of options.families.map(familySpec)) {
    const f = familyOf(spec);
    progress[f.name] = {
      levels: Object.fromEntries(Object.keys(f.attributes).map((a) => [a, 0])),
      window: [],
      raised: [],
      next: 0,
    };
  }
  return {
    version: 2,
    seed: options.seed ?? 0,
    families,
    link: options.link ?? "recompute",
    breadth: options.breadth ?? 1,
    advance: options.advance ?? "separately",
    attributeStep: options.attributeStep ?? "one",
    window,
    raise,
    lower,
    rangeMode: options.rangeMode ?? "inclusive",
    lastK: options.lastK ?? 2,
    horizons,
    horizonLevel,
    horizonWindow: [],
    progress,
    step: 0,
    produced: 0,
    pending: {},
    history: [],
  };
}

/**
 * A family's difficulty ranges at its per-attribute levels (inclusive, upper-bound or last-k
 * ranges, as Reasoning Gym's range modes).
 *
 * @example
 * ```ts
 * import { rangesAtLevels } from "./family_curriculum.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(rangesAtLevels("chain_sum", { terms: 2, digits: 0 }), { terms: [2, 4], digits: [1, 1] });
 * ```
 */
export function rangesAtLevels(
  family: string | Family,
  levels: Readonly<Record<string, number>>,
  mode: RangeMode = "inclusive",
  k = 2,
): Record<string, [number, number]> {
  const f = typeof family === "string" ? getFamily(family) : family;
  const out: Record<string, [number, number]> = {};
  for (const [name, spec] of Object.entries(f.attributes)) {
    const top = Math.min(Math.max(0, levels[name] ?? 0), spec.levels.length - 1);
    const from = mode === "inclusive" ? 0 : mode === "upper_bound" ? top : Math.max(0, top - k + 1);
    out[name] = [spec.levels[from]!, spec.levels[top]!];
  }
  return out;
}

/**
 * Hands out the next batch of composed tasks at the current horizon and per-family levels,
 * and the state after it (the tasks are remembered as pending until scored). Pure: the same
 * state gives the same batch.
 *
 * @example
 * ```ts
 * import { createFamilyCurriculum, nextFamilyBatch } from "./family_curriculum.ts";
 * import assert from "node:assert/strict";
 * const { tasks, state } = nextFamilyBatch(createFamilyCurriculum({ families: ["gcd"] }), 3);
 * assert.equal(tasks.length, 3);
 * assert.equal(Object.keys(state.pending).length, 3);
 * ```
 */
export function nextFamilyBatch(
  state: FamilyCurriculumState,
  size: number,
): { tasks: ComposedTask[]; state: FamilyCurriculumState } {
  checkState(state);
  if (!(Number.isInteger(size) && size >= 1)) {
    throw new RangeError(`Invalid batch size ${size}: expected an integer >= 1`);
  }
  const families = state.families.map((spec) => ({
    ...spec,
    config: {
      ...rangesAtLevels(spec.name, state.progress[spec.name]!.levels, state.rangeMode, state.lastK),
      ...spec.config,
    },
  }));
  const tasks = [...composeFromGenerators({
    families,
    depth: state.horizons[state.horizonLevel]!,
    breadth: state.breadth,
    count: size,
    seed: state.seed,
    start: state.produced,
    link: state.link,
  })];
  const pending = { ...state.pending };
  for (const t of tasks) pending[t.id] = t.problems.map((p) => p.family);
  return {
    tasks,
    state: { ...state, step: state.step + 1, produced: state.produced + size, pending },
  };
}

/** A trainer's result for one composed task. */
export interface CurriculumResult {
  /** The composed task's id (it must have been handed out and not yet scored). */
  readonly id: string;
  /** The task's score in [0, 1] (e.g. R_all). */
  readonly score: number;
  /** Per-problem scores in [0, 1]; default: the task's score for every problem. */
  readonly problems?: readonly number[];
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function moveFamily(
  state: FamilyCurriculumState,
  name: string,
  direction: 1 | -1,
  rate: number,
  events: FamilyCurriculumEvent[],
): Record<string, FamilyProgress> {
  const f = getFamilyOf(state, name);
  const p = state.progress[name]!;
  const levels = { ...p.levels };
  let raised = [...p.raised], next = p.next;
  const names = Object.keys(f.attributes);
  const top = (a: string) => f.attributes[a]!.levels.length - 1;
  const moved: string[] = [];
  if (direction > 0) {
    const open = names.filter((a) => levels[a]! < top(a));
    if (state.attributeStep === "all") {
      for (const a of open) (levels[a] = levels[a]! + 1, moved.push(a), raised.push(a));
    } else if (open.length) {
      for (let i = 0; i < names.length; i++) {
        const a = names[(next + i) % names.length]!;
        if (levels[a]! < top(a)) {
          levels[a] = levels[a]! + 1;
          moved.push(a);
          raised.push(a);
          next = (names.indexOf(a) + 1) % names.length;
          break;
        }
      }
    }
  } else {
    const count = state.attributeStep === "all" ? names.length : 1;
    for (let i = 0; i < count; i++) {
      const a = raised.pop() ?? names.find((x) => levels[x]! > 0);
      if (a === undefined || levels[a]! === 0) continue;
      levels[a] = levels[a]! - 1;
      moved.push(a);
    }
    raised = raised.filter((a) => levels[a]! > 0);
  }
  if (moved.length) {
    events.push({
      step: state.step,
      family: name,
      event: direction > 0 ? "promote" : "demote",
      attributes: moved,
      horizon: state.horizons[state.horizonLevel]!,
      rate,
    });
  }
  return { ...state.progress, [name]: { levels, window: [], raised, next } };
}

function getFamilyOf(state: FamilyCurriculumState, name: string): Family {
  return familyOf(state.families.find((f) => f.name === name) ?? { name });
}

/**
 * Takes back a batch's results and returns the new state. Each problem's score joins its
 * family's window and each task's score the horizon window; a full window above `raise`
 * promotes, below `lower` demotes, and is then cleared (Reasoning Gym's trainer rule), per
 * family for attributes and on the task window for the horizon, as `advance` says. Unknown
 * or repeated task ids are errors naming the id.
 *
 * @example
 * ```ts
 * import { createFamilyCurriculum, nextFamilyBatch, recordFamilyResults } from "./family_curriculum.ts";
 * import assert from "node:assert/strict";
 * const start = createFamilyCurriculum({ families: ["chain_sum"], window: 4, advance: "attributes" });
 * const { tasks, state } = nextFamilyBatch(start, 4);
 * const after = recordFamilyResults(state, tasks.map((t) => ({ id: t.id, score: 1 })));
 * assert.equal(after.progress.chain_sum!.levels.terms, 1);
 * ```
 */
export function recordFamilyResults(
  previous: FamilyCurriculumState,
  results: readonly CurriculumResult[],
): FamilyCurriculumState {
  let state = checkState(previous);
  const pending = { ...state.pending };
  const events: FamilyCurriculumEvent[] = [];
  for (const [i, r] of results.entries()) {
    const families = pending[r.id];
    if (!families) {
      throw new RangeError(
        `Invalid result ${i}: task "${r.id}" was not handed out or was already scored`,
      );
    }
    const valid = (s: unknown) => typeof s === "number" && s >= 0 && s <= 1;
    if (!valid(r.score)) {
      throw new RangeError(`Invalid result ${i}: score must be in [0, 1], got ${r.score}`);
    }
    const problems = r.problems ?? families.map(() => r.score);
    if (problems.length !== families.length || !problems.every(valid)) {
      throw new RangeError(
        `Invalid result ${i}: expected ${families.length} problem scores in [0, 1] for task "${r.id}"`,
      );
    }
    delete pending[r.id];
    const attributesMove = state.advance === "attributes" || state.advance === "separately";
    const horizonWindow = [...state.horizonWindow, r.score].slice(-state.window);
    state = { ...state, horizonWindow };
    if (attributesMove) {
      let progress = { ...state.progress };
      families.forEach((name, k) => {
        const p = progress[name];
        if (!p) return;
        progress = {
          ...progress,
          [name]: { ...p, window: [...p.window, problems[k]!].slice(-state.window) },
        };
      });
      state = { ...state, progress };
      for (const name of new Set(families)) {
        const w = state.progress[name]?.window ?? [];
        if (w.length < state.window) continue;
        const rate = mean(w);
        if (rate > state.raise) {
          state = { ...state, progress: moveFamily(state, name, 1, rate, events) };
        } else if (rate < state.lower) {
          state = { ...state, progress: moveFamily(state, name, -1, rate, events) };
        }
      }
    }
    if (state.advance !== "attributes" && state.horizonWindow.length >= state.window) {
      const rate = mean(state.horizonWindow);
      const direction = rate > state.raise ? 1 : rate < state.lower ? -1 : 0;
      if (direction !== 0) {
        const level = Math.min(
          state.horizons.length - 1,
          Math.max(0, state.horizonLevel + direction),
        );
        state = { ...state, horizonLevel: level, horizonWindow: [] };
        events.push({
          step: state.step,
          family: null,
          event: direction > 0 ? "promote" : "demote",
          attributes: [],
          horizon: state.horizons[level]!,
          rate,
        });
        if (state.advance === "together") {
          let progress = state.progress;
          for (const spec of state.families) {
            progress = moveFamily(
              { ...state, progress },
              spec.name,
              direction as 1 | -1,
              rate,
              events,
            );
          }
          state = { ...state, progress };
        }
      }
    }
  }
  return { ...state, pending, history: [...state.history, ...events] };
}

function checkState(state: FamilyCurriculumState): FamilyCurriculumState {
  if (state?.version !== 2 || typeof state.progress !== "object") {
    throw new TypeError(
      `Unsupported curriculum state: expected a per-family state (version 2), got version ${state?.version}`,
    );
  }
  return state;
}

/**
 * Each family's total attribute level after every batch, from the history (for plotting
 * levels over time): one row per family per step at which anything changed, plus step 0.
 *
 * @example
 * ```ts
 * import { createFamilyCurriculum, levelTimeline } from "./family_curriculum.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(levelTimeline(createFamilyCurriculum({ families: ["gcd"] })), [{ step: 0, family: "gcd", level: 0, horizon: 1 }]);
 * ```
 */
export function levelTimeline(
  state: FamilyCurriculumState,
): { step: number; family: string; level: number; horizon: number }[] {
  const level: Record<string, number> = Object.fromEntries(state.families.map((f) => [f.name, 0]));
  let horizon = state.horizons[0]!;
  const rows = state.families.map((f) => ({ step: 0, family: f.name, level: 0, horizon }));
  for (const e of state.history) {
    if (e.family !== null) {
      level[e.family] = (level[e.family] ?? 0) +
        (e.event === "promote" ? 1 : -1) * e.attributes.length;
    }
    horizon = e.horizon;
    for (const f of state.families) {
      rows.push({ step: e.step, family: f.name, level: level[f.name]!, horizon });
    }
  }
  return rows;
}

/** Options for {@linkcode familyCurriculumStep}. */
export interface FamilyCurriculumStepOptions {
  /** How to create the state when there is none yet (its families are required then). */
  readonly create?: FamilyCurriculumOptions;
  /** The trainer's results for the last batch, recorded before the next one is drawn. */
  readonly results?: readonly CurriculumResult[];
  /** Tasks in the next batch (at least 1). */
  readonly count: number;
}

/**
 * One step of a per-family curriculum, as `compose --curriculum FILE --scores FILE` runs it:
 * create the state when there is none (from `create`), record the last batch's `results`, then
 * hand out the next batch of `count` tasks. Pure: the caller loads and saves the state.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { familyCurriculumStep } from "./family_curriculum.ts";
 * const first = familyCurriculumStep(undefined, { create: { families: ["gcd"], window: 2 }, count: 2 });
 * assert.equal(first.tasks.length, 2);
 * const results = first.tasks.map((t) => ({ id: t.id, score: 1 }));
 * const second = familyCurriculumStep(first.state, { results, count: 1 });
 * assert.equal(second.state.step, 2);
 * assert.equal(Object.keys(second.state.pending).length, 1);
 * assert.throws(() => familyCurriculumStep(undefined, { count: 1 }), /no state yet/);
 * ```
 */
export function familyCurriculumStep(
  state: FamilyCurriculumState | undefined,
  options: FamilyCurriculumStepOptions,
): { tasks: ComposedTask[]; state: FamilyCurriculumState } {
  let current: FamilyCurriculumState;
  if (state !== undefined) current = state;
  else if (options.create?.families.length) current = createFamilyCurriculum(options.create);
  else throw new RangeError("Invalid curriculum step: no state yet and no families to create one");
  if (options.results) current = recordFamilyResults(current, options.results);
  return nextFamilyBatch(current, Math.max(1, options.count));
}
