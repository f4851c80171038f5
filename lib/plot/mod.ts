/**
 * Farsight's layer over Observable Plot in Deno: {@linkcode plot} renders without a browser
 * (canvas-backed marks included), figures display inline in Jupyter, and
 * {@linkcode writeFigure} saves them as `.svg` or `.html`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plot, Plot } from "./mod.ts";
 * const fig = plot({ marks: [Plot.dot([{ x: 1, y: 2 }], { x: "x", y: "y" })] });
 * assert.ok(fig.markup.startsWith("<svg"));
 * ```
 * @module
 */
export { type Figure, figureFromMarkup, Plot, plot, type PlotOptions } from "./plot.ts";
export { figureToHtml, figureToSvg } from "./figure_to_svg.ts";
export { writeFigure } from "./write_figure.ts";
export {
  type HorizonFigureOptions,
  horizonHeatmap,
  horizonLines,
  type HorizonPoint,
} from "./horizon_figures.ts";
export { curriculumFigure } from "./curriculum_figure.ts";
