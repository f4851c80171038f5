/**
 * Long synchronous work cut into time slices, so a server's event loop keeps answering while it
 * runs. The work is written once, as a generator that `yield`s at points where it may pause
 * (every few hundred items, say); {@linkcode runSteps} runs it to the end at once and
 * {@linkcode runStepsSliced} runs it in slices of about `sliceMs`, letting timers and I/O run in
 * between. Both give the same result, so the sliced path is not a second implementation.
 * @module
 */

/** Work that may pause wherever it `yield`s and returns a `T` at the end. */
export type Steps<T> = Generator<void, T, void>;

/** Options for {@linkcode runStepsSliced}. */
export interface SliceOptions {
  /**
   * Longest stretch of work between two pauses, in milliseconds (checked at the work's `yield`
   * points, so a slice runs past this by at most one step). Default 3.
   */
  readonly sliceMs?: number;
}

/**
 * Runs `steps` to the end without pausing and returns its result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runSteps } from "./time_slices.ts";
 * function* sum(n: number) {
 *   let total = 0;
 *   for (let i = 1; i <= n; i++) {
 *     total += i;
 *     if (i % 100 === 0) yield;
 *   }
 *   return total;
 * }
 * assert.equal(runSteps(sum(1000)), 500500);
 * ```
 */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * A macrotask pause: lets timers and I/O callbacks run. (A message-channel pause is faster but
 * in Deno starves socket I/O, which is the point of pausing; `setTimeout` is clamped to about a
 * millisecond when nested, hence slices of a few milliseconds rather than many tiny ones.)
 */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs `steps` in slices of about `sliceMs`, pausing for the event loop in between, and
 * resolves to the same result as {@linkcode runSteps}. An error thrown by the work rejects.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runStepsSliced } from "./time_slices.ts";
 * function* busy(ms: number) {
 *   const end = performance.now() + ms;
 *   let steps = 0;
 *   while (performance.now() < end) (steps++, yield);
 *   return steps;
 * }
 * let ticks = 0;
 * const timer = setInterval(() => ticks++, 1);
 * assert.ok((await runStepsSliced(busy(60), { sliceMs: 2 })) > 0);
 * clearInterval(timer);
 * assert.ok(ticks > 0); // the timer ran while the work did
 * ```
 */
export async function runStepsSliced<T>(
  steps: Steps<T>,
  options: SliceOptions = {},
): Promise<T> {
  const sliceMs = options.sliceMs ?? 3;
  let start = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - start >= sliceMs) {
      await pause();
      start = performance.now();
    }
  }
}
