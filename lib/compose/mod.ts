/**
 * Long-horizon composition: chain short problems into dependent multi-step tasks, with exact
 * per-problem ground truth. Answer-preserving links (R-Horizon), recomputed links (h1),
 * breadth and DAGs, prompt templates, seeded sampling and R-Horizon's expected-accuracy filter.
 *
 * @example
 * ```ts
 * import { composeFromGenerators } from "./mod.ts";
 * const tasks = [...composeFromGenerators({ families: ["chain_sum", "linear_equation"], depth: 4, count: 2, seed: 7 })];
 * tasks[0]!.links.length; // 3
 * ```
 * @module
 */
export * from "./composed_task.ts";
export * from "./key_selector.ts";
export * from "./render.ts";
export * from "./structure.ts";
export * from "./answer_preserving.ts";
export * from "./recomputed.ts";
export * from "./sample.ts";
export * from "./describe.ts";
export * from "./rhorizon_wording.ts";
export * from "./link_value.ts";
export * from "./gsm8k_recompute.ts";
export * from "./leakage.ts";
export * from "./shard.ts";
