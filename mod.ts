/**
 * Farsight: a Deno-native toolkit for research on long-horizon reasoning with reinforcement
 * learning from verifiable rewards (RLVR). Import it from a notebook on the Deno Jupyter
 * kernel or from a script.
 *
 * @example
 * ```ts
 * import { horizonHeatmap, loadRHorizonFig3, table } from "./mod.ts";
 * const { rows } = await loadRHorizonFig3();
 * const math = rows.filter((r) => r.benchmark === "MATH500");
 * horizonHeatmap(math, { title: "R-Horizon Figure 3: MATH500" }); // displays inline in Jupyter
 * table(math.slice(0, 5)); // an HTML table in Jupyter, aligned text in a terminal
 * ```
 * @module
 */
export * from "./lib/advantages/mod.ts";
export * from "./lib/compose/mod.ts";
export * from "./lib/curriculum/mod.ts";
export * from "./lib/datasets/mod.ts";
export * from "./lib/demo/mod.ts";
export * from "./lib/display/mod.ts";
export * from "./lib/eval/mod.ts";
export * from "./lib/exact/mod.ts";
export * from "./lib/export/mod.ts";
export * from "./lib/infer/mod.ts";
export * from "./lib/io/mod.ts";
export * from "./lib/metrics/mod.ts";
export * from "./lib/papers/mod.ts";
export * from "./lib/plot/mod.ts";
export * from "./lib/policy/mod.ts";
export * from "./lib/random/mod.ts";
export * from "./lib/report/mod.ts";
export * from "./lib/rewards/mod.ts";
export * from "./lib/serve/mod.ts";
export * from "./lib/stats/mod.ts";
export * from "./lib/tasks/mod.ts";
export * from "./lib/train/mod.ts";
export * from "./lib/verify/mod.ts";
