import { runSteps, type Steps } from "../io/time_slices.ts";

/** Bounds on one reward request, beyond the body size. */
export interface RequestLimits {
  /** Most items (list entries) per request; more get 413. Default 100,000. */
  readonly maxItems?: number;
  /** Most UTF-8 bytes per item (a response, a label, a prompt); more get 413. Default 1 MiB. */
  readonly maxItemBytes?: number;
}

/** The defaults of {@linkcode RequestLimits}. */
export const DEFAULT_REQUEST_LIMITS: Required<RequestLimits> = {
  maxItems: 100_000,
  maxItemBytes: 2 ** 20,
};

/** A request over a limit: HTTP status 413 and a message naming the field and the limit. */
export class RequestLimitError extends Error {
  /** The HTTP status to answer with. */
  readonly status = 413;
  /** Builds the error; `message` names the field and the limit. */
  constructor(message: string) {
    super(message);
    this.name = "RequestLimitError";
  }
}

const encoder = new TextEncoder();

/** UTF-8 bytes of the text in a JSON value (strings only; capped once past `cap`). */
function textBytes(value: unknown, cap: number, depth = 0): number {
  if (typeof value === "string") {
    // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no encoding.
    return value.length * 3 <= cap ? value.length : encoder.encode(value).length;
  }
  if (depth > 3 || typeof value !== "object" || value === null) return 0;
  let total = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    total += textBytes(v, cap, depth + 1);
    if (total > cap) break;
  }
  return total;
}

/**
 * Checks every list in a request body against the limits: a list longer than `maxItems`, or an
 * entry whose text is over `maxItemBytes`, throws a {@linkcode RequestLimitError} naming it.
 * Runs before any verification is queued, so an oversized request costs no worker time.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkRequestLimits } from "./limits.ts";
 * checkRequestLimits({ query: ["a", "b"], labels: ["1", "2"] }, { maxItems: 2 });
 * assert.throws(
 *   () => checkRequestLimits({ query: ["a", "b", "c"] }, { maxItems: 2 }),
 *   /"query" has 3 items, over the limit of 2 per request/,
 * );
 * assert.throws(() => checkRequestLimits({ query: ["x".repeat(10)] }, { maxItemBytes: 4 }), /query\[0\]/);
 * ```
 */
export function checkRequestLimits(
  body: Record<string, unknown>,
  limits: RequestLimits = {},
): void {
  runSteps(checkRequestLimitsSteps(body, limits));
}

/**
 * {@linkcode checkRequestLimits} in steps (see `runStepsSliced`): the same checks and errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkRequestLimitsSteps } from "./limits.ts";
 * import { runStepsSliced } from "../io/time_slices.ts";
 * await assert.rejects(
 *   runStepsSliced(checkRequestLimitsSteps({ labels: ["1", "22"] }, { maxItemBytes: 1 })),
 *   /labels\[1\] is over the limit of 1 bytes per item/,
 * );
 * ```
 */
export function* checkRequestLimitsSteps(
  body: Record<string, unknown>,
  limits: RequestLimits = {},
): Steps<void> {
  const maxItems = limits.maxItems ?? DEFAULT_REQUEST_LIMITS.maxItems;
  const maxItemBytes = limits.maxItemBytes ?? DEFAULT_REQUEST_LIMITS.maxItemBytes;
  for (const [key, value] of Object.entries(body)) {
    if (!Array.isArray(value)) continue;
    if (value.length > maxItems) {
      throw new RequestLimitError(
        `field "${key}" has ${value.length} items, over the limit of ${maxItems} per request ` +
          `(split the batch, or raise --max-items)`,
      );
    }
    for (let i = 0; i < value.length; i++) {
      const bytes = textBytes(value[i], maxItemBytes);
      if (bytes > maxItemBytes) {
        throw new RequestLimitError(
          `${key}[${i}] is over the limit of ${maxItemBytes} bytes per item (raise --max-item-bytes)`,
        );
      }
      if (i % 1024 === 1023) yield;
    }
  }
}

/** Where {@linkcode scanItemCounts} is in a JSON body; start with {@linkcode newItemScan}. */
export interface ItemScan {
  /** Nesting depth (1 inside the top-level object). */
  depth: number;
  /** Container kinds down to depth 2: `{` or `[`. */
  readonly stack: string[];
  inString: boolean;
  escaped: boolean;
  /** The text of the last string at depth 1 (a field name, when a list opens after it). */
  key: string;
  /** Collecting the current string's text (strings at depth 1 only, up to 256 bytes). */
  keyBytes: number[] | null;
  /** Items so far in the list open at depth 2, and whether a value has started since a comma. */
  items: number;
  pending: boolean;
}

/**
 * A fresh {@linkcode ItemScan}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newItemScan } from "./limits.ts";
 * assert.equal(newItemScan().items, 0);
 * ```
 */
export function newItemScan(): ItemScan {
  return {
    depth: 0,
    stack: [],
    inString: false,
    escaped: false,
    key: "",
    keyBytes: null,
    items: 0,
    pending: false,
  };
}

const decoder = new TextDecoder();

/**
 * Counts the items of the lists in a JSON object body as its bytes arrive, so a request with
 * too many items is refused (413) before the rest of it is read or parsed: throws a
 * {@linkcode RequestLimitError} naming the field once a list directly under the top-level
 * object passes `maxItems`. Feed it every chunk in order; it keeps only a small state.
 * Malformed JSON is not its business (the parser reports it later).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newItemScan, scanItemCounts } from "./limits.ts";
 * const bytes = (s: string) => new TextEncoder().encode(s);
 * const scan = newItemScan();
 * scanItemCounts(scan, bytes('{"labels": ["1", "2,]"], "que'), 2);
 * assert.throws(
 *   () => scanItemCounts(scan, bytes('ry": [[1, 2], {"a": 3}, "x"]}'), 2),
 *   /field "query" has more than 2 items/,
 * );
 * ```
 */
export function scanItemCounts(scan: ItemScan, chunk: Uint8Array, maxItems: number): void {
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (scan.inString) {
      if (scan.escaped) scan.escaped = false;
      else if (b === 92) scan.escaped = true; // backslash
      else if (b === 34) { // closing quote
        scan.inString = false;
        if (scan.keyBytes) {
          scan.key = decoder.decode(new Uint8Array(scan.keyBytes));
          scan.keyBytes = null;
        }
        continue;
      }
      if (scan.keyBytes && scan.keyBytes.length < 256) scan.keyBytes.push(b);
      continue;
    }
    if (b === 32 || b === 10 || b === 13 || b === 9) continue;
    // A value starts at depth 2 inside a list: one more item.
    if (scan.depth === 2 && scan.stack[1] === "[" && !scan.pending && b !== 93 && b !== 44) {
      scan.pending = true;
      if (++scan.items > maxItems) {
        throw new RequestLimitError(
          `field "${scan.key}" has more than ${maxItems} items, over the limit of ${maxItems} per request ` +
            `(split the batch, or raise --max-items)`,
        );
      }
    }
    if (b === 34) {
      scan.inString = true;
      if (scan.depth === 1) scan.keyBytes = [];
    } else if (b === 123 || b === 91) { // { [
      if (scan.depth < 2) scan.stack[scan.depth] = b === 123 ? "{" : "[";
      scan.depth++;
      if (scan.depth === 2) {
        scan.items = 0;
        scan.pending = false;
      }
    } else if (b === 125 || b === 93) { // } ]
      scan.depth = Math.max(0, scan.depth - 1);
    } else if (b === 44 && scan.depth === 2) scan.pending = false; // a comma between items
  }
}
