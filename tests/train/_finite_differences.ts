import assert from "node:assert/strict";
import type { Rng } from "../../lib/random/rng.ts";

/**
 * Checks `perWeight` random coordinates of every weight array: the analytic gradient must match
 * the central finite difference `(loss(w + h) - loss(w - h)) / 2h` within `abs + rel · |numeric|`.
 * Returns how many coordinates were checked.
 */
export function assertGradientsMatch(
  flat: readonly Float32Array[],
  grads: readonly ArrayLike<number>[],
  loss: (weights: Float32Array[]) => number,
  o: {
    rng: Rng;
    names: readonly string[];
    h: number;
    abs: number;
    rel: number;
    perWeight?: number;
  },
): number {
  let checked = 0;
  for (let a = 0; a < flat.length; a++) {
    for (let n = 0; n < (o.perWeight ?? 3); n++) {
      const i = o.rng.int(0, flat[a]!.length - 1);
      const plus = flat.map((x) => Float32Array.from(x)),
        minus = flat.map((x) => Float32Array.from(x));
      plus[a]![i] = plus[a]![i]! + o.h;
      minus[a]![i] = minus[a]![i]! - o.h;
      const numeric = (loss(plus) - loss(minus)) / (2 * o.h);
      const analytic = grads[a]![i]!;
      assert.ok(
        Math.abs(numeric - analytic) <= o.abs + o.rel * Math.abs(numeric),
        `${o.names[a]}[${i}]: analytic ${analytic}, numeric ${numeric}`,
      );
      checked++;
    }
  }
  return checked;
}
