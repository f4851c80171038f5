/**
 * Farsight's layer over Observable Plot in Deno: {@linkcode plot} renders without a browser
 * (canvas-backed marks included), figures display inline in Jupyter, and
 * {@linkcode writeFigure} saves them as `.svg` or `.html`.
 *
 * @example
 * ```ts
 * import { plot, Plot } from "./mod.ts";
 * plot({ marks: [Plot.dot([{ x: 1, y: 2 }], { x: "x", y: "y" })] });
 * ```
 * @module
 */

/**
 * Observable Plot itself (marks, transforms, scales), re-exported so notebooks need one import.
 *
 * @example
 * ```ts
 * import { Plot } from "./mod.ts";
 * const mark = Plot.lineY([1, 2, 3]);
 * ```
 */
export * as Plot from "@observablehq/plot";
export * from "./plot.ts";
export * from "./figure_to_svg.ts";
export * from "./write_figure.ts";
export * from "./horizon_figures.ts";
export * from "./curriculum_figure.ts";
