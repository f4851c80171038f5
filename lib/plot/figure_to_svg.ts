import { DOMParser } from "linkedom";
import { escapeHtml } from "../display/mime.ts";
import type { Figure } from "./plot.ts";

const SVG_NS = "http://www.w3.org/2000/svg";

/** The part of a DOM element this module reads (linkedom's elements have it). */
interface DomElement {
  readonly tagName: string;
  readonly children: ArrayLike<DomElement>;
  readonly textContent: string | null;
  readonly outerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

/**
 * Returns a standalone SVG document for a figure.
 *
 * A bare chart is returned as is (with its namespace declared). A `<figure>` (title, subtitle,
 * legends, caption) is laid out top to bottom in one SVG: headings and captions become
 * `<text>`, each chart or ramp legend a nested `<svg>`, and swatch legends a row of squares and
 * labels, so the file opens in any SVG viewer with nothing lost.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { figureToSvg, plot, Plot } from "./mod.ts";
 * const svg = figureToSvg(plot({ title: "Ramp", marks: [Plot.lineY([1, 2])] }));
 * assert.deepEqual(svg.startsWith("<svg"), true);
 * ```
 */
export function figureToSvg(figure: Figure): string {
  if (figure.kind === "svg") return withNamespace(figure.markup);
  const doc = new DOMParser().parseFromString(
    `<!DOCTYPE html><html><body>${figure.markup}</body></html>`,
    "text/html",
  );
  const root: DomElement = doc.querySelector("figure") ?? doc.body;
  const parts: string[] = [];
  let y = 0;
  let width = 0;
  const text = (content: string, size: number, weight: string) => {
    y += size * 1.4;
    parts.push(
      `<text x="0" y="${y - size * 0.35}" font-size="${size}" font-weight="${weight}" ` +
        `font-family="system-ui, sans-serif" fill="currentColor">${escapeHtml(content)}</text>`,
    );
    y += size * 0.3;
  };
  for (const child of Array.from(root.children)) {
    const tag = child.tagName.toLowerCase();
    if (tag === "h2") text(child.textContent ?? "", 16, "bold");
    else if (tag === "h3") text(child.textContent ?? "", 13, "normal");
    else if (tag === "figcaption") text(child.textContent ?? "", 11, "normal");
    else if (tag === "svg") {
      const w = Number(child.getAttribute("width") ?? 640);
      const h = Number(child.getAttribute("height") ?? 400);
      child.setAttribute("x", "0");
      child.setAttribute("y", String(y));
      parts.push(child.outerHTML);
      y += h;
      width = Math.max(width, w);
    } else if (child.querySelector("[class$='-swatch']")) {
      let x = 0;
      const row = y + 4;
      for (const swatch of Array.from(child.querySelectorAll("[class$='-swatch']"))) {
        const box = swatch.querySelector("svg");
        const fill = box?.getAttribute("fill") ??
          box?.querySelector("rect")?.getAttribute("fill") ??
          "currentColor";
        const label = swatch.textContent ?? "";
        parts.push(
          `<rect x="${x}" y="${row}" width="15" height="15" fill="${escapeHtml(fill)}"/>`,
          `<text x="${x + 20}" y="${
            row + 11
          }" font-size="10" font-family="system-ui, sans-serif" ` +
            `fill="currentColor">${escapeHtml(label)}</text>`,
        );
        x += 20 + 6 * label.length + 16;
      }
      width = Math.max(width, x);
      y += 27;
    } else if ((child.textContent ?? "").trim()) {
      text((child.textContent ?? "").trim(), 10, "normal");
    }
  }
  // Legends and axis labels may overhang their box by a few pixels: leave a margin.
  const margin = 8;
  const w = Math.ceil(Math.max(width, 1) + 2 * margin), h = Math.ceil(y + 2 * margin);
  return `<svg xmlns="${SVG_NS}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
    `style="background:white;color:black"><g transform="translate(${margin},${margin})">` +
    parts.join("") + "</g></svg>";
}

function withNamespace(svg: string): string {
  return /^\s*<svg[^>]*\sxmlns=/.test(svg)
    ? svg
    : svg.replace(/^\s*<svg/, `<svg xmlns="${SVG_NS}"`);
}

/**
 * Returns a self-contained HTML document showing the figure (no scripts, no external files).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { figureToHtml, plot, Plot } from "./mod.ts";
 * assert.deepEqual(figureToHtml(plot({ marks: [Plot.lineY([1, 2])] })).startsWith("<!DOCTYPE html>"), true);
 * ```
 */
export function figureToHtml(figure: Figure, title = "Farsight figure"): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${
    escapeHtml(title)
  }</title></head>\n<body style="font-family:system-ui,sans-serif;background:white">\n${figure.markup}\n</body></html>\n`;
}
