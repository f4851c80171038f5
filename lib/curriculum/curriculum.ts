import { composeFromGenerators, type FamilySpec } from "../compose/sample.ts";
import type { ComposedTask } from "../compose/composed_task.ts";
import { createRng, hashSeed } from "../random/rng.ts";
import { getFamily } from "../tasks/generators/registry.ts";
import { attributeRanges, maxAttributeLevel, type RangeMode } from "./attribute_levels.ts";

/**
 * When the curriculum moves:
 * - `fixed_stages` (h1, arXiv 2510.07312): horizon stage s for `stepsPerStage` batches, then s+1;
 * - `threshold` (Reasoning Gym's trainer): promote when the windowed success rate is above
 *   `raise`, demote when below `lower`, each once the window is full, then clear the window;
 * - `mixture`: no movement; horizons drawn from their weights every batch (a uniform-mix baseline).
 */
export type CurriculumPolicy =
  | { readonly kind: "fixed_stages"; readonly stepsPerStage: number }
  | {
    readonly kind: "threshold";
    /** Scores in the window. Reasoning Gym's `last_k` default: 2560. */
    readonly window: number;
    /** Promote above this windowed success rate. Reasoning Gym's default: 0.70. */
    readonly raise: number;
    /** Demote below this. Reasoning Gym's default: 0.30. */
    readonly lower: number;
    /** What a level controls: the horizon, the difficulty attributes, or both. */
    readonly target: "horizon" | "attributes" | "both";
  }
  | { readonly kind: "mixture" };

/** A curriculum's whole state: plain JSON, to save with `JSON.stringify` and resume. */
export interface CurriculumState {
  /** Format version of the saved state. */
  readonly version: 1;
  /** Seed for every draw. */
  readonly seed: number;
  /** Families (weighted specs). */
  readonly families: readonly FamilySpec[];
  /** Link kind of the composed tasks. */
  readonly link: "recompute" | "offset";
  /** Problems per layer. */
  readonly breadth: number;
  /** When the curriculum moves. */
  readonly policy: CurriculumPolicy;
  /** Horizons in level order. */
  readonly horizons: readonly number[];
  /** Weights of the horizons for the `mixture` policy. */
  readonly horizonWeights: readonly number[];
  /** Index into `horizons` of the current horizon. */
  readonly horizonLevel: number;
  /** Global attribute level. */
  readonly attributeLevel: number;
  /** How the attribute level maps to ranges. */
  readonly rangeMode: RangeMode;
  /** k for the `"last_k"` range mode. */
  readonly lastK: number;
  /** Batches handed out so far. */
  readonly step: number;
  /** Composed tasks handed out so far (the next task's index). */
  readonly produced: number;
  /** Batches since the last level change. */
  readonly stepsAtLevel: number;
  /** Recent scores (at most the policy's window). */
  readonly window: readonly number[];
  /** Promotions and demotions, in order. */
  readonly history: readonly CurriculumEvent[];
}

/** A level change. */
export interface CurriculumEvent {
  /** The batch count when it happened. */
  readonly step: number;
  /** Which way the level moved. */
  readonly event: "promote" | "demote";
  /** The horizon after the change. */
  readonly horizon: number;
  /** The attribute level after the change. */
  readonly attributeLevel: number;
  /** Windowed success rate that triggered it (fixed stages: `null`). */
  readonly rate: number | null;
}

/** Options for {@linkcode createCurriculum}. */
export interface CurriculumOptions {
  /** Families (names or weighted specs). */
  readonly families: readonly (string | FamilySpec)[];
  /** Seed for every draw. Default 0. */
  readonly seed?: number;
  /** Link kind. Default `"recompute"` (h1). */
  readonly link?: "recompute" | "offset";
  /** Problems per layer. Default 1. */
  readonly breadth?: number;
  /** Default: threshold promotion with Reasoning Gym's defaults on the horizon. */
  readonly policy?: CurriculumPolicy;
  /** Horizons in level order. Default `[1, 2, …, 8]`. */
  readonly horizons?: readonly number[];
  /** Weights of the horizons (mixture policy). Default uniform. */
  readonly horizonWeights?: readonly number[];
  /** Starting horizon level. Default 0. */
  readonly horizonLevel?: number;
  /** Starting attribute level. Default 0. */
  readonly attributeLevel?: number;
  /** Attribute range mode. Default `"inclusive"`. */
  readonly rangeMode?: RangeMode;
  /** k for `"last_k"`. Default 2. */
  readonly lastK?: number;
}

/** Reasoning Gym's trainer defaults: window 2560, raise above 0.70, lower below 0.30. */
export const REASONING_GYM_THRESHOLDS = { window: 2560, raise: 0.7, lower: 0.3 } as const;

/**
 * Creates a curriculum state. Everything is validated here, with errors naming the option.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCurriculum } from "./curriculum.ts";
 * const state = createCurriculum({ families: ["chain_sum"], policy: { kind: "fixed_stages", stepsPerStage: 10 }, horizons: [1, 2, 3] });
 * assert.equal(state.horizons[state.horizonLevel], 1);
 * assert.throws(() => createCurriculum({ families: [] }), /no families/);
 * ```
 */
export function createCurriculum(options: CurriculumOptions): CurriculumState {
  const families = options.families.map((f) => (typeof f === "string" ? { name: f } : f));
  if (families.length === 0) throw new RangeError("Invalid curriculum: no families given");
  for (const f of families) getFamily(f.name);
  const horizons = options.horizons ?? [1, 2, 3, 4, 5, 6, 7, 8];
  if (horizons.length === 0 || !horizons.every((h) => Number.isInteger(h) && h >= 1)) {
    throw new RangeError(`Invalid horizons [${horizons.join(", ")}]: expected integers >= 1`);
  }
  const horizonWeights = options.horizonWeights ?? horizons.map(() => 1);
  if (
    horizonWeights.length !== horizons.length || !horizonWeights.every((w) => w >= 0) ||
    !horizonWeights.some((w) => w > 0)
  ) {
    throw new RangeError(
      `Invalid horizonWeights: expected ${horizons.length} non-negative weights with a positive sum`,
    );
  }
  const policy = options.policy ??
    { kind: "threshold", ...REASONING_GYM_THRESHOLDS, target: "horizon" };
  if (policy.kind === "threshold") {
    if (!(Number.isInteger(policy.window) && policy.window >= 1)) {
      throw new RangeError(`Invalid window ${policy.window}: expected an integer >= 1`);
    }
    if (!(policy.lower >= 0 && policy.lower < policy.raise && policy.raise <= 1)) {
      throw new RangeError(
        `Invalid thresholds: expected 0 <= lower (${policy.lower}) < raise (${policy.raise}) <= 1`,
      );
    }
  }
  if (
    policy.kind === "fixed_stages" &&
    !(Number.isInteger(policy.stepsPerStage) && policy.stepsPerStage >= 1)
  ) {
    throw new RangeError(`Invalid stepsPerStage ${policy.stepsPerStage}: expected an integer >= 1`);
  }
  const horizonLevel = options.horizonLevel ?? 0;
  if (!(Number.isInteger(horizonLevel) && horizonLevel >= 0 && horizonLevel < horizons.length)) {
    throw new RangeError(
      `Invalid horizonLevel ${horizonLevel}: expected 0..${horizons.length - 1}`,
    );
  }
  return {
    version: 1,
    seed: options.seed ?? 0,
    families,
    link: options.link ?? "recompute",
    breadth: options.breadth ?? 1,
    policy,
    horizons,
    horizonWeights,
    horizonLevel,
    attributeLevel: options.attributeLevel ?? 0,
    rangeMode: options.rangeMode ?? "inclusive",
    lastK: options.lastK ?? 2,
    step: 0,
    produced: 0,
    stepsAtLevel: 0,
    window: [],
    history: [],
  };
}

/**
 * The horizon the curriculum is at now (for `mixture`, the highest-weighted one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCurriculum, currentHorizon } from "./curriculum.ts";
 * assert.equal(currentHorizon(createCurriculum({ families: ["gcd"], horizons: [2, 4] })), 2);
 * ```
 */
export function currentHorizon(state: CurriculumState): number {
  if (state.policy.kind === "mixture") {
    const best = state.horizonWeights.indexOf(Math.max(...state.horizonWeights));
    return state.horizons[best]!;
  }
  return state.horizons[state.horizonLevel]!;
}

/**
 * Produces the next batch of composed tasks and the state after it. Pure: the same state
 * gives the same batch. Fixed stages advance here (after `stepsPerStage` batches).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCurriculum, nextBatch } from "./curriculum.ts";
 * const state = createCurriculum({ families: ["chain_sum"], horizons: [1, 2] });
 * const { tasks, state: after } = nextBatch(state, 4);
 * assert.equal(tasks.length, 4);
 * assert.equal(after.produced, 4);
 * assert.deepEqual(nextBatch(state, 4).tasks, tasks); // pure: same state, same batch
 * ```
 */
export function nextBatch(
  state: CurriculumState,
  size: number,
): { tasks: ComposedTask[]; state: CurriculumState } {
  if (!(Number.isInteger(size) && size >= 1)) {
    throw new RangeError(`Invalid batch size ${size}: expected an integer >= 1`);
  }
  const rng = createRng(["curriculum_batch", state.seed, state.step]);
  const families = state.families.map((f) => ({
    ...f,
    config: {
      ...attributeRanges(f.name, state.attributeLevel, state.rangeMode, state.lastK),
      ...f.config,
    },
  }));
  const tasks: ComposedTask[] = [];
  for (let i = 0; i < size; i++) {
    const depth = state.policy.kind === "mixture"
      ? state.horizons[rng.weighted(state.horizonWeights)]!
      : state.horizons[state.horizonLevel]!;
    const seed = hashSeed([state.seed, depth, state.attributeLevel])[0]!;
    const [task] = composeFromGenerators({
      families,
      depth,
      breadth: state.breadth,
      count: 1,
      seed,
      start: state.produced + i,
      link: state.link,
    });
    tasks.push(task!);
  }
  let next: CurriculumState = {
    ...state,
    step: state.step + 1,
    produced: state.produced + size,
    stepsAtLevel: state.stepsAtLevel + 1,
  };
  if (state.policy.kind === "fixed_stages" && next.stepsAtLevel >= state.policy.stepsPerStage) {
    next = moveLevel(next, +1, null);
  }
  return { tasks, state: next };
}

function moveLevel(
  state: CurriculumState,
  direction: 1 | -1,
  rate: number | null,
): CurriculumState {
  const target = state.policy.kind === "threshold" ? state.policy.target : "horizon";
  const maxAttr = maxAttributeLevel(state.families.map((f) => f.name));
  let { horizonLevel, attributeLevel } = state;
  if (target === "horizon" || target === "both") {
    horizonLevel = Math.min(state.horizons.length - 1, Math.max(0, horizonLevel + direction));
  }
  if (target === "attributes" || target === "both") {
    attributeLevel = Math.min(maxAttr, Math.max(0, attributeLevel + direction));
  }
  if (horizonLevel === state.horizonLevel && attributeLevel === state.attributeLevel) {
    return {
      ...state,
      stepsAtLevel: state.policy.kind === "fixed_stages" ? 0 : state.stepsAtLevel,
    };
  }
  return {
    ...state,
    horizonLevel,
    attributeLevel,
    stepsAtLevel: 0,
    window: [],
    history: [...state.history, {
      step: state.step,
      event: direction > 0 ? "promote" : "demote",
      horizon: state.horizons[horizonLevel]!,
      attributeLevel,
      rate,
    }],
  };
}

/**
 * Takes back scores (1 = solved, 0 = failed, or any value in [0, 1]) and returns the new
 * state: the window keeps the most recent scores, and under the `threshold` policy a full
 * window above `raise` promotes, below `lower` demotes, and clears the window.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCurriculum, recordScores } from "./curriculum.ts";
 * let s = createCurriculum({ families: ["gcd"], policy: { kind: "threshold", window: 4, raise: 0.7, lower: 0.3, target: "horizon" } });
 * s = recordScores(s, [1, 1, 1, 1]);
 * assert.equal(s.horizonLevel, 1);
 * assert.equal(s.history[0]!.event, "promote");
 * ```
 */
export function recordScores(
  previous: CurriculumState,
  scores: readonly number[],
): CurriculumState {
  for (const [i, s] of scores.entries()) {
    if (!(typeof s === "number" && s >= 0 && s <= 1)) {
      throw new RangeError(`Invalid score at ${i}: expected a number in [0, 1], got ${s}`);
    }
  }
  let state = checkVersion(previous);
  for (const s of scores) {
    const limit = state.policy.kind === "threshold" ? state.policy.window : 2560;
    const window = [...state.window, s].slice(-limit);
    state = { ...state, window };
    if (state.policy.kind === "threshold" && window.length >= state.policy.window) {
      const rate = window.reduce((a, b) => a + b, 0) / window.length;
      if (rate > state.policy.raise) state = moveLevel(state, +1, rate);
      else if (rate < state.policy.lower) state = moveLevel(state, -1, rate);
    }
  }
  return state;
}

function checkVersion(state: CurriculumState): CurriculumState {
  if (state.version !== 1) {
    throw new TypeError(`Unsupported curriculum state version ${state.version}: expected 1`);
  }
  return state;
}

/**
 * The windowed success rate (`null` before any score).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCurriculum, recordScores, successRate } from "./curriculum.ts";
 * assert.equal(successRate(createCurriculum({ families: ["gcd"] })), null);
 * assert.equal(successRate(recordScores(createCurriculum({ families: ["gcd"] }), [1, 0])), 0.5);
 * ```
 */
export function successRate(state: CurriculumState): number | null {
  return state.window.length ? state.window.reduce((a, b) => a + b, 0) / state.window.length : null;
}
