/**
 * The end-to-end demo's pieces (`deno task demo`): its generator mixture, its calibrated
 * simulated policy and its long-horizon suite, so a notebook can rebuild what the demo ran.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeSuite, DEMO_FAMILIES } from "./mod.ts";
 * assert.ok(composeSuite(0, 1).every((t) => t.problems.every((p) => DEMO_FAMILIES.includes(p.family!))));
 * ```
 * @module
 */
export { composeSuite, DEMO_FAMILIES, demoPassRate, demoPolicy } from "./demo_suite.ts";
