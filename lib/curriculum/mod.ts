/**
 * Curricula for long-horizon RLVR: serialisable state that hands out batches of composed
 * tasks and takes back scores. Fixed stages (h1), threshold promotion/demotion (Reasoning Gym),
 * weighted mixtures, attribute levels with inclusive / upper-bound / last-k ranges, and
 * pass-rate band filtering (DAPO).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCurriculum, nextBatch, recordScores, successRate } from "./mod.ts";
 * let state = createCurriculum({ families: ["chain_sum", "gcd"] });
 * const batch = nextBatch(state, 8);
 * state = recordScores(batch.state, batch.tasks.map(() => 1));
 * assert.equal(successRate(state), 1);
 * ```
 * @module
 */
export { attributeRanges, maxAttributeLevel, type RangeMode } from "./attribute_levels.ts";
export {
  createCurriculum,
  currentHorizon,
  type CurriculumEvent,
  type CurriculumOptions,
  type CurriculumPolicy,
  type CurriculumState,
  nextBatch,
  REASONING_GYM_THRESHOLDS,
  recordScores,
  successRate,
} from "./curriculum.ts";
export {
  type AdvanceMode,
  type AttributeStep,
  createFamilyCurriculum,
  type CurriculumResult,
  type FamilyCurriculumEvent,
  type FamilyCurriculumOptions,
  type FamilyCurriculumState,
  familyCurriculumStep,
  type FamilyCurriculumStepOptions,
  type FamilyProgress,
  levelTimeline,
  nextFamilyBatch,
  rangesAtLevels,
  recordFamilyResults,
} from "./family_curriculum.ts";
export { curriculumResults, type RowLocator } from "./curriculum_results.ts";
export { filterByPassRateBand } from "./pass_rate_band.ts";
export { type CurriculumTrace, simulateCurriculum } from "./simulate.ts";
