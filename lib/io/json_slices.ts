/**
 * JSON parsing and serialisation in steps (see `time_slices.ts`), so that a multi-megabyte
 * request or reply does not hold a server's event loop for tens of milliseconds. Both give
 * exactly what `JSON.parse` and `JSON.stringify` give.
 * @module
 */
import type { Steps } from "./time_slices.ts";

/** Options for {@linkcode parseJsonSteps} and {@linkcode stringifyJsonSteps}. */
export interface JsonStepOptions {
  /** Array elements handled per step. Default 256. */
  readonly itemsPerStep?: number;
}

/** The scanner met something it does not slice: `JSON.parse` decides (and names the error). */
class Unsliced extends Error {}

const SPACE = 0x20, TAB = 0x09, LF = 0x0a, CR = 0x0d;
const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d;

const isSpace = (c: number) => c === SPACE || c === LF || c === CR || c === TAB;

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The index after the string that opens at `i` (a quote not preceded by an odd run of `\`). */
function stringEnd(text: string, i: number): number {
  for (let from = i + 1;;) {
    const q = text.indexOf('"', from);
    if (q < 0) throw new Unsliced();
    let slashes = 0;
    for (let p = q - 1; text.charCodeAt(p) === BACKSLASH; p--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** The index after the value that starts at `i`; its content is left for `JSON.parse` to check. */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return stringEnd(text, i);
  if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
    let depth = 0;
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) {
        i = stringEnd(text, i);
        continue;
      }
      if (d === OPEN_ARRAY || d === OPEN_OBJECT) depth++;
      else if (d === CLOSE_ARRAY || d === CLOSE_OBJECT) {
        if (--depth === 0) return i + 1;
      }
      i++;
    }
    throw new Unsliced();
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_ARRAY || d === CLOSE_OBJECT || isSpace(d)) break;
    j++;
  }
  if (j === i) throw new Unsliced();
  return j;
}

/** Parses the array that opens at `i`, `per` elements per `JSON.parse` and per step. */
function* parseArray(
  text: string,
  i: number,
  per: number,
): Generator<void, [unknown[], number], void> {
  const out: unknown[] = [];
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_ARRAY) return [out, i + 1];
  let first = i, count = 0;
  for (;;) {
    const end = valueEnd(text, i);
    count++;
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c !== COMMA && c !== CLOSE_ARRAY) throw new Unsliced();
    if (c === CLOSE_ARRAY || count >= per) {
      // Only whole elements and the commas between them: valid exactly when the text is.
      const part = JSON.parse(`[${text.slice(first, end)}]`) as unknown[];
      for (let k = 0; k < part.length; k++) out.push(part[k]);
      count = 0;
      if (c === CLOSE_ARRAY) return [out, i + 1];
      yield;
    }
    i = skipSpace(text, i + 1);
    if (count === 0) first = i;
  }
}

function* parseTop(text: string, per: number): Steps<unknown> {
  let i = skipSpace(text, 0);
  let value: unknown;
  if (text.charCodeAt(i) === OPEN_ARRAY) {
    [value, i] = yield* parseArray(text, i, per);
  } else if (text.charCodeAt(i) === OPEN_OBJECT) {
    const object: Record<string, unknown> = {};
    i = skipSpace(text, i + 1);
    if (text.charCodeAt(i) === CLOSE_OBJECT) i++;
    else {
      for (;;) {
        if (text.charCodeAt(i) !== QUOTE) throw new Unsliced();
        const keyEnd = stringEnd(text, i);
        const key = JSON.parse(text.slice(i, keyEnd)) as string;
        i = skipSpace(text, keyEnd);
        if (text.charCodeAt(i) !== COLON) throw new Unsliced();
        i = skipSpace(text, i + 1);
        let v: unknown;
        if (text.charCodeAt(i) === OPEN_ARRAY) [v, i] = yield* parseArray(text, i, per);
        else {
          const end = valueEnd(text, i);
          v = JSON.parse(text.slice(i, end));
          i = end;
        }
        // As JSON.parse does: an own property even for "__proto__", the last duplicate wins.
        Object.defineProperty(object, key, {
          value: v,
          writable: true,
          enumerable: true,
          configurable: true,
        });
        i = skipSpace(text, i);
        const c = text.charCodeAt(i);
        if (c === CLOSE_OBJECT) {
          i++;
          break;
        }
        if (c !== COMMA) throw new Unsliced();
        i = skipSpace(text, i + 1);
        yield;
      }
    }
    value = object;
  } else throw new Unsliced();
  if (skipSpace(text, i) !== text.length) throw new Unsliced();
  return value;
}

/**
 * Parses JSON text in steps: the top-level value's arrays (the value itself, or the arrays a
 * top-level object holds) are cut at their elements with a small scanner (strings, escapes,
 * nesting) and parsed `itemsPerStep` elements at a time. The result is what `JSON.parse` gives;
 * on malformed text it throws `JSON.parse`'s own `SyntaxError` (the whole text is handed to
 * `JSON.parse` to name it). Run it with `runStepsSliced` to keep an event loop free.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJsonSteps } from "./json_slices.ts";
 * import { runSteps, runStepsSliced } from "./time_slices.ts";
 * const text = JSON.stringify({ query: ["a \"quoted\" [x]", "b"], labels: [[1, { c: 2 }], 3], n: 2 });
 * assert.deepEqual(runSteps(parseJsonSteps(text, { itemsPerStep: 1 })), JSON.parse(text));
 * assert.deepEqual(await runStepsSliced(parseJsonSteps("[1, 2, 3]")), [1, 2, 3]);
 * assert.throws(() => runSteps(parseJsonSteps('{"a": [1, 2,]}')), SyntaxError);
 * ```
 */
export function* parseJsonSteps(text: string, options: JsonStepOptions = {}): Steps<unknown> {
  const per = Math.max(1, Math.floor(options.itemsPerStep ?? 256));
  try {
    return yield* parseTop(text, per);
  } catch (error) {
    if (!(error instanceof Unsliced) && !(error instanceof SyntaxError)) throw error;
  }
  return JSON.parse(text);
}

/**
 * {@linkcode parseJsonSteps} of UTF-8 bytes, decoded 1 MiB per step (decoding 16 MiB at once
 * takes a server tens of milliseconds too). Malformed UTF-8 becomes U+FFFD, as `TextDecoder`
 * makes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJsonBytesSteps } from "./json_slices.ts";
 * import { runSteps } from "./time_slices.ts";
 * const bytes = new TextEncoder().encode('{"labels": ["π", "½"]}');
 * assert.deepEqual(runSteps(parseJsonBytesSteps(bytes)), { labels: ["π", "½"] });
 * ```
 */
export function* parseJsonBytesSteps(
  bytes: Uint8Array,
  options: JsonStepOptions = {},
): Steps<unknown> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  const STEP = 2 ** 20;
  for (let at = 0; at < bytes.length; at += STEP) {
    parts.push(decoder.decode(bytes.subarray(at, at + STEP), { stream: true }));
    yield;
  }
  parts.push(decoder.decode());
  return yield* parseJsonSteps(parts.join(""), options);
}

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) &&
    typeof (v as { toJSON?: unknown }).toJSON !== "function";
};

/** Appends `value`'s JSON to `parts`; false when it has none (`undefined`, a function). */
function* emit(
  value: unknown,
  parts: string[],
  per: number,
  depth: number,
): Generator<void, boolean, void> {
  if (typeof value === "object" && value !== null && depth < 3) {
    if (Array.isArray(value)) {
      if (value.length <= per) {
        parts.push(JSON.stringify(value));
        return true;
      }
      parts.push("[");
      for (let i = 0; i < value.length; i += per) {
        if (i > 0) parts.push(",");
        parts.push(JSON.stringify(value.slice(i, i + per)).slice(1, -1));
        yield;
      }
      parts.push("]");
      return true;
    }
    if (isPlainObject(value)) {
      parts.push("{");
      let first = true;
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
        parts.push(`${first ? "" : ","}${JSON.stringify(key)}:`);
        first = false;
        yield* emit(v, parts, per, depth + 1);
      }
      parts.push("}");
      return true;
    }
  }
  const text = JSON.stringify(value);
  if (text === undefined) return false;
  parts.push(text);
  return true;
}

/**
 * Serialises plain data (objects, arrays, strings, numbers, booleans, `null`) to the same text
 * as `JSON.stringify(value)`, in steps: arrays in the top three levels are written
 * `itemsPerStep` elements at a time. Deeper values, and objects with a `toJSON` method or a
 * class, are written by `JSON.stringify` in one piece.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stringifyJsonSteps } from "./json_slices.ts";
 * import { runSteps } from "./time_slices.ts";
 * const reply = { rewards: [1, 0, 0.5], extra_logs: { correct: [1, 0, 0] }, note: undefined };
 * assert.equal(runSteps(stringifyJsonSteps(reply, { itemsPerStep: 2 })), JSON.stringify(reply));
 * ```
 */
export function* stringifyJsonSteps(value: unknown, options: JsonStepOptions = {}): Steps<string> {
  const per = Math.max(1, Math.floor(options.itemsPerStep ?? 256));
  const parts: string[] = [];
  if (!(yield* emit(value, parts, per, 0))) {
    throw new TypeError("stringifyJsonSteps: the value has no JSON form");
  }
  return parts.join("");
}
