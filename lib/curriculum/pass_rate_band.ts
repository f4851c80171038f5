/**
 * Keeps the items whose estimated pass rate lies strictly inside `(lo, hi)`, as DAPO's dynamic
 * sampling (Yu et al. 2025) drops prompts every sample of which is right or every sample of which is
 * wrong (defaults `lo = 0`, `hi = 1`). Returns the kept items and how many were dropped on each side.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { filterByPassRateBand } from "./pass_rate_band.ts";
 * const rates: Record<string, number> = { a: 0, b: 0.5, c: 1 };
 * assert.deepEqual(filterByPassRateBand(["a", "b", "c"], (id) => rates[id]!), { kept: ["b"], tooHard: 1, tooEasy: 1 });
 * ```
 */
export function filterByPassRateBand<T>(
  items: Iterable<T>,
  passRate: (item: T) => number,
  options: { lo?: number; hi?: number } = {},
): { kept: T[]; tooHard: number; tooEasy: number } {
  const lo = options.lo ?? 0, hi = options.hi ?? 1;
  if (!(lo < hi)) throw new RangeError(`Invalid band (${lo}, ${hi}): expected lo < hi`);
  const kept: T[] = [];
  let tooHard = 0, tooEasy = 0;
  for (const item of items) {
    const p = passRate(item);
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`Invalid pass rate ${p}: expected a number in [0, 1]`);
    }
    if (p <= lo) tooHard++;
    else if (p >= hi) tooEasy++;
    else kept.push(item);
  }
  return { kept, tooHard, tooEasy };
}
