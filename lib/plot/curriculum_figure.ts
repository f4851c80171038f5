import * as Plot from "@observablehq/plot";
import type { CurriculumTrace } from "../curriculum/simulate.ts";
import { type Figure, plot } from "./plot.ts";

/**
 * The horizons a curriculum handed out over a run: the mean depth per batch (line) and its
 * min–max band, one colour per run, so schedules can be compared on one figure.
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
 * ```
 */
export function curriculumFigure(
  runs: readonly { readonly label: string; readonly trace: readonly CurriculumTrace[] }[],
  options: { title?: string; subtitle?: string; width?: number } = {},
): Figure {
  const rows = runs.flatMap((r) => r.trace.map((t) => ({ ...t, run: r.label })));
  return plot({
    title: options.title,
    subtitle: options.subtitle,
    width: options.width ?? 640,
    height: 300,
    x: { label: "batch", grid: true },
    y: {
      label: "composed depth handed out",
      grid: true,
      domain: [0, Math.max(1, ...rows.map((r) => r.maxDepth)) + 0.5],
    },
    color: { legend: runs.length > 1 },
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
