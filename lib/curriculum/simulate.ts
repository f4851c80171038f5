import type { ComposedTask } from "../compose/composed_task.ts";
import { createRng } from "../random/rng.ts";
import {
  currentHorizon,
  type CurriculumState,
  nextBatch,
  recordScores,
  successRate,
} from "./curriculum.ts";

/** One batch of a simulated curriculum run. */
export interface CurriculumTrace {
  /** The batch's number, from 0. */
  readonly step: number;
  /** Mean depth of the tasks handed out. */
  readonly meanDepth: number;
  /** Smallest depth handed out. */
  readonly minDepth: number;
  /** Largest depth handed out. */
  readonly maxDepth: number;
  /** The curriculum's horizon after the batch. */
  readonly horizon: number;
  /** The attribute level after the batch. */
  readonly attributeLevel: number;
  /** Fraction solved in this batch. */
  readonly solved: number;
  /** Windowed success rate after the batch (`null` if the window is empty). */
  readonly windowRate: number | null;
}

/**
 * Runs a curriculum against a simulated learner for `steps` batches: each task is solved with
 * probability `successProbability(task, step)`, and the outcomes go back through
 * `recordScores`. Seeded; returns the final state and a trace per batch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCurriculum } from "./curriculum.ts";
 * import { simulateCurriculum } from "./simulate.ts";
 * const start = createCurriculum({ families: ["chain_sum"], policy: { kind: "threshold", window: 32, raise: 0.7, lower: 0.3, target: "horizon" } });
 * const { trace } = simulateCurriculum(start, { steps: 5, batchSize: 16, successProbability: (t) => 0.9 ** t.depth, seed: 1 });
 * assert.equal(trace.length, 5);
 * assert.ok(trace.every((b) => b.minDepth <= b.meanDepth && b.meanDepth <= b.maxDepth));
 * ```
 */
export function simulateCurriculum(
  start: CurriculumState,
  options: {
    steps: number;
    batchSize: number;
    successProbability: (task: ComposedTask, step: number) => number;
    seed?: number;
  },
): { state: CurriculumState; trace: CurriculumTrace[] } {
  const rng = createRng(["simulate_curriculum", options.seed ?? 0]);
  let state = start;
  const trace: CurriculumTrace[] = [];
  for (let step = 0; step < options.steps; step++) {
    const batch = nextBatch(state, options.batchSize);
    const scores = batch.tasks.map((
      t,
    ) => (rng.chance(options.successProbability(t, step)) ? 1 : 0));
    state = recordScores(batch.state, scores);
    const depths = batch.tasks.map((t) => t.depth);
    trace.push({
      step,
      meanDepth: depths.reduce((a, b) => a + b, 0) / depths.length,
      minDepth: Math.min(...depths),
      maxDepth: Math.max(...depths),
      horizon: currentHorizon(state),
      attributeLevel: state.attributeLevel,
      solved: scores.reduce<number>((a, b) => a + b, 0) / scores.length,
      windowRate: successRate(state),
    });
  }
  return { state, trace };
}
