/**
 * The display protocol Farsight's results share with Jupyter: a value with a
 * `[Symbol.for("Jupyter.display")]()` method returning a MIME bundle is rendered by the Deno
 * kernel, and the same value still prints sensibly in a terminal. Nothing here touches
 * `Deno.jupyter`.
 * @module
 */

/** A Jupyter MIME bundle: MIME type to payload, e.g. `{"text/plain": "…", "text/html": "…"}`. */
export type MimeBundle = Record<string, string>;

/**
 * The symbol the Deno Jupyter kernel looks for on a cell's value.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY } from "./mime.ts";
 * const note = { [JUPYTER_DISPLAY]: () => ({ "text/plain": "hi" }) };
 * console.log(note[JUPYTER_DISPLAY]()["text/plain"]); // "hi"
 * ```
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** Something the Deno Jupyter kernel can render. */
export interface Displayable {
  /** Returns the MIME bundle shown for this value. */
  [JUPYTER_DISPLAY](): MimeBundle;
}

/**
 * Returns `value` with a non-enumerable display method attached, so it renders in Jupyter with
 * the bundle from `toBundle`, prints `text/plain` in a terminal (`console.log`,
 * `Deno.inspect`), and serialises with `JSON.stringify` exactly as before.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JUPYTER_DISPLAY, withDisplay } from "./mime.ts";
 * const result = withDisplay({ accuracy: 0.5 }, (r) => ({
 *   "text/plain": `accuracy ${r.accuracy}`,
 *   "text/html": `<b>accuracy</b> ${r.accuracy}`,
 * }));
 * assert.equal(JSON.stringify(result), '{"accuracy":0.5}');
 * assert.equal(result[JUPYTER_DISPLAY]()["text/plain"], "accuracy 0.5");
 * ```
 */
export function withDisplay<T extends object>(
  value: T,
  toBundle: (value: T) => MimeBundle,
): T & Displayable {
  Object.defineProperty(value, JUPYTER_DISPLAY, {
    value: () => toBundle(value),
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(value, Symbol.for("Deno.customInspect"), {
    value: () => toBundle(value)["text/plain"] ?? "",
    enumerable: false,
    configurable: true,
  });
  return value as T & Displayable;
}

/**
 * Escapes text for safe inclusion in HTML element content or a quoted attribute.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeHtml } from "./mime.ts";
 * assert.deepEqual(escapeHtml('<a href="x">&</a>'), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
