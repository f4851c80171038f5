import assert from "node:assert/strict";
import { inflateSync } from "node:zlib";
import { DOMParser } from "linkedom";
import {
  figureFromMarkup,
  figureToHtml,
  figureToSvg,
  horizonHeatmap,
  horizonLines,
  Plot,
  plot,
  writeFigure,
} from "../../lib/plot/mod.ts";
import { encodePng } from "../../lib/plot/_canvas.ts";

const DISPLAY = Symbol.for("Jupyter.display");
type Bundle = Record<string, string>;
const bundle = (x: unknown): Bundle => (x as Record<symbol, () => Bundle>)[DISPLAY]!();

/** Decodes the first PNG data URL in `markup` to its RGBA pixels (filter type 0 only). */
function decodeFirstPng(markup: string): { width: number; height: number; rgba: Uint8Array } {
  const match = markup.match(/data:image\/png;base64,([A-Za-z0-9+/=]+)/);
  assert.ok(match, "expected an inline PNG");
  const bytes = Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0));
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(bytes.buffer);
  let pos = 8, width = 0, height = 0;
  const idat: Uint8Array[] = [];
  while (pos < bytes.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
    }
    if (type === "IDAT") idat.push(data);
    pos += length + 12;
  }
  const raw = new Uint8Array(inflateSync(Buffer.concat(idat)));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 4 + 1)], 0, "filter type 0");
    rgba.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  }
  return { width, height, rgba };
}

Deno.test("plot() renders a bare chart as SVG and displays it as image/svg+xml", () => {
  const fig = plot({ marks: [Plot.lineY([1, 3, 2])] });
  assert.equal(fig.kind, "svg");
  assert.match(fig.markup, /^<svg[^>]*class="plot-/);
  assert.match(fig.markup, /<path[^>]* d="M/);
  const b = bundle(fig);
  assert.equal(b["image/svg+xml"], fig.markup);
  assert.match(b["text/plain"]!, /Figure \(svg/);
});

Deno.test("plot() wraps titled charts in a <figure> displayed as text/html", () => {
  const fig = plot({
    title: "Hello <world>",
    marks: [Plot.dot([{ x: 1, y: 2 }], { x: "x", y: "y" })],
  });
  assert.equal(fig.kind, "html");
  assert.match(fig.markup, /^<figure/);
  assert.match(bundle(fig)["text/html"]!, /<h2>Hello &lt;world&gt;<\/h2>/);
  assert.equal(bundle(fig)["image/svg+xml"], undefined);
});

Deno.test("plot() draws a continuous colour legend through the canvas stand-in", () => {
  const fig = plot({
    color: { type: "linear", domain: [0, 1], range: ["red", "blue"], legend: true },
    marks: [Plot.cell([{ x: "a", v: 0 }, { x: "b", v: 1 }], { x: "x", fill: "v" })],
  });
  const { width, height, rgba } = decodeFirstPng(fig.markup);
  assert.equal(width, 256);
  assert.equal(height, 1);
  assert.deepEqual([...rgba.subarray(0, 4)], [255, 0, 0, 255], "ramp starts red");
  assert.deepEqual([...rgba.subarray(255 * 4, 256 * 4)], [0, 0, 255, 255], "ramp ends blue");
});

Deno.test("plot() renders the raster mark with the pixels of its fill function", () => {
  const fig = plot({
    color: { type: "linear", domain: [0, 1], range: ["black", "white"] },
    marks: [
      Plot.raster({
        fill: (x: number) => (x < 2 ? 0 : 1),
        x1: 0,
        x2: 4,
        y1: 0,
        y2: 1,
        width: 4,
        height: 1,
      }),
    ],
  });
  const { width, rgba } = decodeFirstPng(fig.markup);
  assert.equal(width, 4);
  assert.deepEqual([...rgba.subarray(0, 4)], [0, 0, 0, 255]);
  assert.deepEqual([...rgba.subarray(12, 16)], [255, 255, 255, 255]);
});

Deno.test("plot() output is deterministic", () => {
  const make = () =>
    plot({
      color: { legend: true, type: "linear" },
      marks: [Plot.cell([{ a: 1, v: 0.2 }, { a: 2, v: 0.8 }], { x: "a", fill: "v" })],
    }).markup;
  assert.equal(make(), make());
});

Deno.test("figureToSvg() lays a figure out as one standalone SVG", () => {
  const fig = plot({
    title: "Title & more",
    subtitle: "Sub",
    caption: "Cap",
    color: { legend: true },
    marks: [Plot.dot([{ x: 1, k: "alpha" }, { x: 2, k: "beta" }], { x: "x", fill: "k" })],
  });
  const svg = figureToSvg(fig);
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  const root = doc.documentElement!;
  assert.equal(root.tagName.toLowerCase(), "svg");
  assert.equal(root.getAttribute("xmlns"), "http://www.w3.org/2000/svg");
  const texts = [...doc.querySelectorAll("text")].map((t: { textContent: string }) =>
    t.textContent
  );
  for (const expected of ["Title & more", "Sub", "Cap", "alpha", "beta"]) {
    assert.ok(texts.includes(expected), `missing text ${expected}`);
  }
  assert.ok(doc.querySelectorAll("svg svg").length >= 1, "the chart is nested");
  assert.match(
    figureToSvg(plot({ marks: [Plot.lineY([1, 2])] })),
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
  );
});

Deno.test("writeFigure() writes .svg and .html and refuses other extensions", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fig = plot({ title: "T", marks: [Plot.lineY([1, 2])] });
    await writeFigure(fig, `${dir}/nested/a.svg`);
    await writeFigure(fig, `${dir}/a.html`);
    const svg = await Deno.readTextFile(`${dir}/nested/a.svg`);
    assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns=/);
    const html = await Deno.readTextFile(`${dir}/a.html`);
    assert.equal(html, figureToHtml(fig));
    assert.match(html, /^<!DOCTYPE html>[\s\S]*<figure/);
    assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/);
    await assert.rejects(
      writeFigure(fig, `${dir}/a.png`),
      /expected a "\.svg" or "\.html" extension, got "\.png"/,
    );
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["a.html", "nested"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("figureFromMarkup() restores a figure from its JSON form", () => {
  const fig = plot({ marks: [Plot.lineY([1, 2])] });
  const copy = figureFromMarkup(JSON.parse(JSON.stringify(fig)).markup);
  assert.deepEqual(JSON.parse(JSON.stringify(fig)), { kind: "svg", markup: fig.markup });
  assert.equal(bundle(copy)["image/svg+xml"], fig.markup);
});

Deno.test("encodePng() writes a valid PNG of the given pixels", () => {
  const png = encodePng(2, 1, new Uint8ClampedArray([1, 2, 3, 4, 5, 6, 7, 8]));
  const url = `data:image/png;base64,${btoa(String.fromCharCode(...png))}`;
  const { width, height, rgba } = decodeFirstPng(url);
  assert.deepEqual([width, height, ...rgba], [2, 1, 1, 2, 3, 4, 5, 6, 7, 8]);
});

Deno.test("horizonHeatmap() labels every cell and keeps the model order", () => {
  const rows = [
    { model: "zeta", n: 1, accuracy: 90 },
    { model: "zeta", n: 2, accuracy: 45.25 },
    { model: "alpha", n: 1, accuracy: 80 },
    { model: "alpha", n: 2, accuracy: 10 },
  ];
  const fig = horizonHeatmap(rows, { title: "H" });
  assert.equal(fig.kind, "html");
  for (const label of ["90.0", "45.3", "80.0", "10.0"]) {
    assert.ok(fig.markup.includes(`>${label}<`), label);
  }
  assert.ok(fig.markup.indexOf(">zeta<") < fig.markup.indexOf(">alpha<"), "first-seen order");
  assert.match(fig.markup, /data:image\/png;base64/, "colour ramp legend");
});

Deno.test("horizonLines() draws one line per model plus dashed expected curves", () => {
  const rows = [
    { model: "a", n: 1, accuracy: 90 },
    { model: "a", n: 2, accuracy: 70 },
    { model: "b", n: 1, accuracy: 50 },
    { model: "b", n: 2, accuracy: 20 },
  ];
  const expected = [{ model: "a", n: 1, accuracy: 90 }, { model: "a", n: 2, accuracy: 81 }];
  const fig = horizonLines(rows, { expected });
  assert.equal((fig.markup.match(/stroke-dasharray="4,3"/g) ?? []).length, 1);
  assert.ok((fig.markup.match(/<path /g) ?? []).length >= 3);
});
