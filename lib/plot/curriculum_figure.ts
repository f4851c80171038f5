import * as Plot from "@observablehq/plot";
import type { CurriculumTrace } from "../curriculum/simulate.ts";
import { type Figure, plot } from "./plot.ts";

/**
 * The horizons a curriculum handed out over a run: the mean depth per batch (line) and its
 * min–max band (explained in the caption), one colour per run with a legend, so schedules can be
 * compared on one figure.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { curriculumFigure } from "./curriculum_figure.ts";
 * const trace = [1, 2, 3].map((step) => ({
 *   step,
 *   meanDepth: step,
 *   minDepth: 1,
 *   maxDepth: step,
 *   horizon: step,
 *   attributeLevel: 0,
 *   solved: 0.5,
 *   windowRate: 0.5,
 * }));
 * const fig = curriculumFigure([{ label: "threshold", trace }], { title: "Horizon over training" });
 * assert.equal(fig.kind, "html"); // a titled figure
 * assert.ok(fig.markup.includes("Horizon over training"));
 * assert.ok(fig.markup.includes("Shaded band")); // every mark is explained
 * ```
 */
export function curriculumFigure(
  runs: readonly { readonly label: string; readonly trace: readonly CurriculumTrace[] }[],
  options: { title?: string; subtitle?: string; width?: number } = {},
): Figure {
  const rows = runs.flatMap((r) => r.trace.map((t) => ({ ...t, run: r.label })));
  const top = Math.max(1, ...rows.map((r) => r.maxDepth));
  return plot({
    title: options.title,
    subtitle: options.subtitle,
    caption:
      "Line: mean depth of each batch. Shaded band: from the shallowest to the deepest task " +
      "of the batch.",
    width: options.width ?? 640,
    height: 300,
    x: { label: "batch", grid: true },
    y: {
      label: "composed depth handed out",
      grid: true,
      domain: [0, top + 0.5],
      ticks: Array.from({ length: top + 1 }, (_, i) => i),
      tickFormat: "d",
    },
    color: { legend: true },
    marks: [
      Plot.areaY(rows, {
        x: "step",
        y1: "minDepth",
        y2: "maxDepth",
        fill: "run",
        fillOpacity: 0.15,
      }),
      Plot.line(rows, { x: "step", y: "meanDepth", stroke: "run", strokeWidth: 1.5 }),
    ],
  });
}
