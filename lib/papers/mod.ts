/**
 * Numbers published in the papers Farsight reproduces, loaded from the cited CSV files in
 * `data/`.
 *
 * @example
 * ```ts
 * import { loadRHorizonFig3 } from "./mod.ts";
 * const { rows } = await loadRHorizonFig3();
 * ```
 * @module
 */
export * from "./rhorizon_fig3.ts";
export * from "./horizon_calibration.ts";
export * from "./horizon_study.ts";
