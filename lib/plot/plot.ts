import * as ObservablePlot from "@observablehq/plot";
import { DOMParser } from "linkedom";
import { type Displayable, withDisplay } from "../display/mime.ts";
import { Canvas } from "./_canvas.ts";

/**
 * Observable Plot itself (marks, transforms, scales), re-exported so notebooks need one import.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plot, Plot } from "./plot.ts";
 * assert.equal(plot({ marks: [Plot.lineY([1, 2, 3])] }).kind, "svg");
 * ```
 */
export const Plot: typeof ObservablePlot = ObservablePlot;

/** Options for {@linkcode plot}: Observable Plot's own options, minus `document`. */
export type PlotOptions = Omit<NonNullable<Parameters<typeof Plot.plot>[0]>, "document">;

/**
 * A rendered figure: the markup Observable Plot produced, as plain data.
 *
 * `kind` is `"svg"` for a bare chart and `"html"` when Plot wrapped it in a `<figure>` (a
 * title, subtitle, caption or legend). In Jupyter it displays as `image/svg+xml` or
 * `text/html`; outside a notebook write it with {@linkcode writeFigure}.
 */
export interface Figure extends Displayable {
  /** Whether `markup` is a bare `<svg>` or an HTML `<figure>`. */
  readonly kind: "svg" | "html";
  /** The element's outer HTML, exactly as Plot rendered it. */
  readonly markup: string;
}

/**
 * Renders an Observable Plot chart in Deno, without a browser.
 *
 * Each call gets its own private linkedom document whose `<canvas>` is a small pure-TypeScript
 * raster, so the marks that need a canvas (continuous colour legends, `raster`) work instead of
 * throwing. The result displays inline in Jupyter and can be written with
 * {@linkcode writeFigure}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plot, Plot } from "./mod.ts";
 * const fig = plot({ marks: [Plot.lineY([1, 3, 2])] });
 * assert.deepEqual(fig.kind, "svg");
 * ```
 */
export function plot(options: PlotOptions): Figure {
  const element = Plot.plot(
    { ...options, document: createPlotDocument() } as ObservablePlot.PlotOptions,
  );
  return figureFromMarkup(element.outerHTML);
}

/**
 * Wraps markup (an `<svg>` or an HTML fragment) as a {@linkcode Figure}, e.g. a figure read back
 * from JSON.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { figureFromMarkup } from "./plot.ts";
 * assert.deepEqual(figureFromMarkup('<svg width="10" height="10"></svg>').kind, "svg");
 * ```
 */
export function figureFromMarkup(markup: string): Figure {
  const kind = /^\s*<svg[\s>]/i.test(markup) ? "svg" : "html";
  return withDisplay({ kind, markup }, (f) => ({
    "text/plain": `Figure (${f.kind}, ${f.markup.length} characters of markup)`,
    [f.kind === "svg" ? "image/svg+xml" : "text/html"]: f.markup,
  }));
}

/** A fresh linkedom document whose `createElement("canvas")` returns a working canvas. */
function createPlotDocument(): ObservablePlot.PlotOptions["document"] {
  const document = new DOMParser().parseFromString(
    "<!DOCTYPE html><html><head></head><body></body></html>",
    "text/html",
  );
  const createElement = document.createElement.bind(document);
  document.createElement =
    ((tag: string, options?: unknown) =>
      tag.toLowerCase() === "canvas"
        ? new Canvas()
        : createElement(tag, options as never)) as typeof document.createElement;
  return document as unknown as ObservablePlot.PlotOptions["document"];
}
