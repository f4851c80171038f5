/**
 * Rewards for RLVR: outcome (binary or ±1), R_all / R_last / fraction-correct for composed
 * tasks, format rewards, length and DAPO overlong penalties, G-RA gated accumulation, REVER's
 * plan reward, PAR shaping and its baselines, Clip and Delta process-reward refinements, EAPO
 * discounting, and TRL-style combination of several reward functions.
 *
 * @example
 * ```ts
 * import { overlongPenalty, rewardAll } from "./mod.ts";
 * rewardAll([true, true]); // 1
 * overlongPenalty(90, { maxLength: 100, buffer: 20 }); // -0.5
 * ```
 * @module
 */
export * from "./outcome.ts";
export * from "./length.ts";
export * from "./format.ts";
export * from "./gated.ts";
export * from "./plan.ts";
export * from "./par.ts";
export * from "./shaping_study.ts";
export * from "./process.ts";
export * from "./eapo.ts";
export * from "./combine.ts";
export * from "./score_response.ts";
export * from "./reward_registry.ts";
export * from "./labels.ts";
export * from "./response_text.ts";
export * from "./stopping_policy.ts";
export * from "./tool_calling_toy.ts";
