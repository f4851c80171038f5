/**
 * Curricula for long-horizon RLVR: serialisable state that hands out batches of composed
 * tasks and takes back scores. Fixed stages (h1), threshold promotion/demotion (Reasoning Gym),
 * weighted mixtures, attribute levels with inclusive / upper-bound / last-k ranges, and
 * pass-rate band filtering (DAPO).
 *
 * @example
 * ```ts
 * import { createCurriculum, nextBatch, recordScores } from "./mod.ts";
 * let state = createCurriculum({ families: ["chain_sum", "gcd"] });
 * const batch = nextBatch(state, 8);
 * state = recordScores(batch.state, batch.tasks.map(() => 1));
 * ```
 * @module
 */
export * from "./attribute_levels.ts";
export * from "./curriculum.ts";
export * from "./family_curriculum.ts";
export * from "./pass_rate_band.ts";
export * from "./simulate.ts";
