/**
 * Gold labels as trainers send them: a string, a number, a list, a JSON-array string, or
 * R-Horizon's comma-joined multi-answer string.
 * @module
 */

/**
 * How to read a label string:
 * - `"auto"` (default): a JSON array of strings (`'["3","4"]'`, what Farsight's exports write) is
 *   a list; anything else is one answer, so `"[1, 2]"` stays an interval and `"1,234"` a number.
 * - `"json"`: the string must be a JSON array (of strings or numbers).
 * - `"comma"`: R-Horizon's convention (`target: ["540,321"]`): the string is split on commas.
 *   Explicit, since `1,234` is one number in a plain label.
 * - `"plain"`: the string is one answer, whatever it looks like.
 */
export type LabelFormat = "auto" | "json" | "comma" | "plain";

/** The label formats, for CLI and server validation. */
export const LABEL_FORMATS: readonly LabelFormat[] = ["auto", "json", "comma", "plain"];

/** A label that cannot be read: `where` names the field, e.g. `labels[3]`. */
export class LabelError extends Error {
  /** Builds the error; `where` names the field (e.g. `labels[3]`). */
  constructor(readonly where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = "LabelError";
  }
}

/**
 * The label format a data source implies: R-Horizon's `math-multi-query` data sources (its verl
 * fork's reward selector) use comma-joined targets; everything else `"auto"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { labelFormatFor } from "./labels.ts";
 * assert.deepEqual(labelFormatFor("math-multi-query-n2"), "comma");
 * assert.deepEqual(labelFormatFor("farsight/depth-3"), "auto");
 * ```
 */
export function labelFormatFor(dataSource: string | undefined): LabelFormat {
  return dataSource && dataSource.includes("math-multi-query") ? "comma" : "auto";
}

const scalar = (x: unknown): x is string | number =>
  typeof x === "string" || (typeof x === "number" && Number.isFinite(x));

/**
 * Reads a gold label into one answer (a string) or a list of per-problem answers. A one-element
 * list stays a list (the caller decides; `scoreResponse` scores it like a single answer). Throws
 * a {@linkcode LabelError} naming `where` for a label of the wrong type.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLabel } from "./labels.ts";
 * assert.deepEqual(parseLabel(42), "42");
 * assert.deepEqual(parseLabel('["3", "4"]'), ["3", "4"]);
 * assert.deepEqual(parseLabel("[1, 2]"), "[1, 2]"); // an interval, not a list
 * assert.deepEqual(parseLabel("540,321", { format: "comma" }), ["540", "321"]);
 * assert.deepEqual(parseLabel(["540,321"], { format: "comma" }), ["540", "321"]); // R-Horizon's target
 * assert.deepEqual(parseLabel("1,234"), "1,234");
 * ```
 */
export function parseLabel(
  label: unknown,
  options: { format?: LabelFormat; where?: string } = {},
): string | string[] {
  const format = options.format ?? "auto";
  const where = options.where ?? "label";
  if (!LABEL_FORMATS.includes(format)) {
    throw new LabelError(where, `unknown label format "${format}" (expected ${LABEL_FORMATS})`);
  }
  if (Array.isArray(label)) {
    if (label.length === 0 || !label.every(scalar)) {
      throw new LabelError(where, "expected a non-empty list of strings or numbers");
    }
    // R-Horizon's `target` is a one-element list holding the comma-joined answers.
    if (format === "comma") return label.flatMap((x) => splitComma(String(x), where));
    return label.map(String);
  }
  if (typeof label === "number") {
    if (!Number.isFinite(label)) throw new LabelError(where, `expected a finite number`);
    return String(label);
  }
  if (typeof label !== "string") {
    throw new LabelError(where, `expected a string, a number or a list, got ${typeOf(label)}`);
  }
  if (format === "plain") return label;
  if (format === "comma") return splitComma(label, where);
  const trimmed = label.trim();
  if (format === "json" || (trimmed.startsWith("[") && trimmed.endsWith("]"))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      if (format === "json") throw new LabelError(where, "expected a JSON array string");
      return label;
    }
    const ok = Array.isArray(parsed) && parsed.length > 0 &&
      (format === "json" ? parsed.every(scalar) : parsed.every((x) => typeof x === "string"));
    if (ok) return (parsed as unknown[]).map(String);
    if (format === "json") {
      throw new LabelError(where, "expected a non-empty JSON array of strings or numbers");
    }
  }
  return label;
}

function splitComma(text: string, where: string): string[] {
  const parts = text.split(",").map((s) => s.trim());
  if (parts.some((p) => p === "")) {
    throw new LabelError(where, `empty answer in comma-joined label "${text}"`);
  }
  return parts;
}

function typeOf(x: unknown): string {
  return x === null ? "null" : Array.isArray(x) ? "a list" : typeof x;
}
