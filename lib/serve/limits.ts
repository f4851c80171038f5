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
