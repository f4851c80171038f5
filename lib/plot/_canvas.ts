/**
 * A minimal, pure-TypeScript stand-in for `HTMLCanvasElement` with a 2D context, enough for the
 * Observable Plot marks that rasterise (`raster`, continuous colour legends). linkedom has no
 * canvas, so without this those marks throw. The output is a deterministic PNG data URL.
 *
 * Private to `lib/plot`.
 * @module
 */

import { rgb } from "d3-color";
import { deflateSync } from "node:zlib";

/** Pixel data in the shape of the DOM's `ImageData`. */
export interface ImageDataLike {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** The subset of `CanvasRenderingContext2D` that Plot calls. */
export class Context2D {
  #canvas: Canvas;
  #fill: [number, number, number, number] = [0, 0, 0, 255];
  #fillStyle = "#000000";
  globalAlpha = 1;

  constructor(canvas: Canvas) {
    this.#canvas = canvas;
  }

  get canvas(): Canvas {
    return this.#canvas;
  }

  get fillStyle(): string {
    return this.#fillStyle;
  }

  set fillStyle(value: string) {
    const c = rgb(String(value));
    if (c == null || Number.isNaN(c.r)) return; // browsers ignore unparsable colours
    this.#fillStyle = String(value);
    this.#fill = [
      clampByte(c.r),
      clampByte(c.g),
      clampByte(c.b),
      clampByte((Number.isNaN(c.opacity) ? 1 : c.opacity) * 255),
    ];
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    const { width, height, pixels } = this.#canvas;
    const x0 = Math.max(0, Math.round(x)), x1 = Math.min(width, Math.round(x + w));
    const y0 = Math.max(0, Math.round(y)), y1 = Math.min(height, Math.round(y + h));
    const [r, g, b, a8] = this.#fill;
    const a = (a8 / 255) * this.globalAlpha;
    for (let j = y0; j < y1; ++j) {
      for (let i = x0; i < x1; ++i) {
        const k = (j * width + i) * 4;
        const da = pixels[k + 3]! / 255;
        const oa = a + da * (1 - a);
        if (oa === 0) continue;
        pixels[k] = (r * a + pixels[k]! * da * (1 - a)) / oa;
        pixels[k + 1] = (g * a + pixels[k + 1]! * da * (1 - a)) / oa;
        pixels[k + 2] = (b * a + pixels[k + 2]! * da * (1 - a)) / oa;
        pixels[k + 3] = oa * 255;
      }
    }
  }

  clearRect(x: number, y: number, w: number, h: number): void {
    const { width, height, pixels } = this.#canvas;
    for (let j = Math.max(0, Math.round(y)); j < Math.min(height, Math.round(y + h)); ++j) {
      const start = (j * width + Math.max(0, Math.round(x))) * 4;
      const end = (j * width + Math.min(width, Math.round(x + w))) * 4;
      if (end > start) pixels.fill(0, start, end);
    }
  }

  createImageData(width: number, height: number): ImageDataLike {
    return { width, height, data: new Uint8ClampedArray(width * height * 4) };
  }

  getImageData(x: number, y: number, width: number, height: number): ImageDataLike {
    const out = this.createImageData(width, height);
    const src = this.#canvas;
    for (let j = 0; j < height; ++j) {
      for (let i = 0; i < width; ++i) {
        const si = x + i, sj = y + j;
        if (si < 0 || sj < 0 || si >= src.width || sj >= src.height) continue;
        const s = (sj * src.width + si) * 4, d = (j * width + i) * 4;
        out.data.set(src.pixels.subarray(s, s + 4), d);
      }
    }
    return out;
  }

  putImageData(image: ImageDataLike, dx: number, dy: number): void {
    const dst = this.#canvas;
    for (let j = 0; j < image.height; ++j) {
      for (let i = 0; i < image.width; ++i) {
        const di = dx + i, dj = dy + j;
        if (di < 0 || dj < 0 || di >= dst.width || dj >= dst.height) continue;
        const s = (j * image.width + i) * 4, d = (dj * dst.width + di) * 4;
        dst.pixels.set(image.data.subarray(s, s + 4), d);
      }
    }
  }
}

/** A raster surface that encodes itself as PNG. */
export class Canvas {
  #width = 300;
  #height = 150;
  pixels: Uint8ClampedArray = new Uint8ClampedArray(300 * 150 * 4);
  readonly tagName = "CANVAS";

  get width(): number {
    return this.#width;
  }
  set width(value: number) {
    this.#width = Math.max(0, Math.floor(value));
    this.pixels = new Uint8ClampedArray(this.#width * this.#height * 4);
  }
  get height(): number {
    return this.#height;
  }
  set height(value: number) {
    this.#height = Math.max(0, Math.floor(value));
    this.pixels = new Uint8ClampedArray(this.#width * this.#height * 4);
  }

  getContext(kind: string): Context2D | null {
    return kind === "2d" ? new Context2D(this) : null;
  }

  toDataURL(): string {
    return "data:image/png;base64," +
      encodeBase64(encodePng(this.#width, this.#height, this.pixels));
  }
}

function clampByte(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

/** Encodes RGBA pixels as a PNG (colour type 6, no filtering, zlib level 9). */
export function encodePng(width: number, height: number, rgba: Uint8ClampedArray): Uint8Array {
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; ++y) {
    raw[y * (width * 4 + 1)] = 0;
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", new Uint8Array(deflateSync(raw, { level: 9 }))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 12);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; ++i) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; ++n) {
    let c = n;
    for (let k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function encodeBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}
