import * as Plot from "@observablehq/plot";
import { type Figure, plot } from "./plot.ts";

/** A point of an accuracy-by-horizon curve. */
export interface HorizonPoint {
  /** The series: a model, a policy or a training run. */
  readonly model: string;
  /** Horizon: number of composed problems (or chain depth). */
  readonly n: number;
  /** Accuracy, in percent (0 to 100). */
  readonly accuracy: number;
}

/** Options shared by the horizon figures. */
export interface HorizonFigureOptions {
  /** Figure title. */
  title?: string;
  /** Subtitle, e.g. the benchmark and metric. */
  subtitle?: string;
  /** Caption, e.g. the source. */
  caption?: string;
  /** Order of the models. Default: first-seen order in the rows. */
  models?: readonly string[];
  /** Width in pixels. Default 640. */
  width?: number;
}

function modelOrder(rows: readonly HorizonPoint[], models?: readonly string[]): string[] {
  return models ? [...models] : [...new Set(rows.map((r) => r.model))];
}

/**
 * A heat-map of accuracy by model (rows) and horizon (columns), each cell labelled with its
 * value, as in R-Horizon's Figure 3.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { horizonHeatmap } from "./horizon_figures.ts";
 * const fig = horizonHeatmap([
 *   { model: "a", n: 1, accuracy: 90 },
 *   { model: "a", n: 2, accuracy: 70 },
 * ], { title: "Accuracy (%)" });
 * assert.ok(fig.markup.includes("Accuracy (%)"));
 * ```
 */
export function horizonHeatmap(
  rows: readonly HorizonPoint[],
  options: HorizonFigureOptions = {},
): Figure {
  const models = modelOrder(rows, options.models);
  const ns = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
  return plot({
    title: options.title,
    subtitle: options.subtitle,
    caption: options.caption,
    width: options.width ?? 640,
    height: 40 + 18 * models.length,
    marginLeft: 150,
    padding: 0.04,
    x: { domain: ns, label: "composed problems n", axis: "top" },
    y: { domain: models, label: null },
    color: {
      type: "linear",
      scheme: "viridis",
      domain: [0, 100],
      legend: true,
      label: "accuracy (%)",
    },
    marks: [
      Plot.cell(rows, { x: "n", y: "model", fill: "accuracy", inset: 0.5 }),
      Plot.text(rows, {
        x: "n",
        y: "model",
        text: (d: HorizonPoint) => d.accuracy.toFixed(1),
        fill: (d: HorizonPoint) => (d.accuracy > 60 ? "black" : "white"),
        fontSize: 9,
      }),
    ],
  });
}

/**
 * Accuracy against horizon, one line per model (log₂ horizon axis), optionally with an
 * `expected` curve per model drawn dashed, e.g. the product of per-problem pass rates.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { horizonLines } from "./horizon_figures.ts";
 * const fig = horizonLines([
 *   { model: "a", n: 1, accuracy: 90 },
 *   { model: "a", n: 2, accuracy: 70 },
 * ], { expected: [{ model: "a", n: 1, accuracy: 90 }, { model: "a", n: 2, accuracy: 81 }] });
 * assert.ok(fig.markup.includes("<svg"));
 * ```
 */
export function horizonLines(
  rows: readonly HorizonPoint[],
  options: HorizonFigureOptions & { expected?: readonly HorizonPoint[] } = {},
): Figure {
  const models = modelOrder(rows, options.models);
  const ns = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
  const expected = options.expected ?? [];
  // consecutive horizons (1, 2, 3, …) on a linear axis; spread ones (1, 2, 4, 8, 16) on a log axis
  const consecutive = ns.every((n, i) => i === 0 || n === ns[i - 1]! + 1);
  return plot({
    title: options.title,
    subtitle: options.subtitle,
    caption: options.caption,
    width: options.width ?? 640,
    height: 360,
    x: {
      ...(consecutive ? {} : { type: "log" as const, base: 2 }),
      ticks: ns,
      tickFormat: "d",
      label: "composed problems n",
      grid: true,
    },
    y: { domain: [0, 100], label: "accuracy (%)", grid: true },
    color: { domain: models, legend: models.length <= 30 },
    marks: [
      Plot.line(expected, { x: "n", y: "accuracy", stroke: "model", strokeDasharray: "4,3" }),
      Plot.line(rows, { x: "n", y: "accuracy", stroke: "model", strokeWidth: 1.5 }),
      Plot.dot(rows, { x: "n", y: "accuracy", fill: "model", r: 2.5 }),
    ],
  });
}
