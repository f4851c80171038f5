/**
 * A cooperative deadline for verification: long loops call {@linkcode checkDeadline}, which
 * throws {@linkcode DeadlineExceeded} once the wall clock passes the deadline, and
 * `verifyAnswer` turns that into the status `timeout`.
 * @module
 */

/**
 * Thrown by {@linkcode checkDeadline} when a verification ran past its `timeoutMs`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeadlineExceeded } from "./deadline.ts";
 * assert.equal(new DeadlineExceeded().name, "DeadlineExceeded");
 * ```
 */
export class DeadlineExceeded extends Error {
  constructor(message = "verification ran past its deadline") {
    super(message);
    this.name = "DeadlineExceeded";
  }
}

/**
 * The absolute deadline (`performance.now()` milliseconds) for a time limit, or `undefined`
 * when there is none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deadlineFrom } from "./deadline.ts";
 * assert.equal(deadlineFrom(undefined), undefined);
 * assert.ok(deadlineFrom(100)! > performance.now());
 * ```
 */
export function deadlineFrom(timeoutMs: number | undefined): number | undefined {
  if (timeoutMs === undefined) return undefined;
  if (!(timeoutMs >= 0)) {
    throw new RangeError(`timeoutMs must be a non-negative number, got ${timeoutMs}`);
  }
  return performance.now() + timeoutMs;
}

/**
 * Throws {@linkcode DeadlineExceeded} when `deadline` (from {@linkcode deadlineFrom}) has
 * passed; does nothing without a deadline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkDeadline, DeadlineExceeded } from "./deadline.ts";
 * checkDeadline(undefined);
 * assert.throws(() => checkDeadline(performance.now() - 1), DeadlineExceeded);
 * ```
 */
export function checkDeadline(deadline: number | undefined): void {
  if (deadline !== undefined && performance.now() > deadline) throw new DeadlineExceeded();
}
