import type { Rng } from "../random/rng.ts";

/** How each layer's problems pick their parent in the previous layer. */
export type Wiring = "parallel" | "random";

/**
 * Plans the dependency structure of `depth` layers of `breadth` problems, in prompt order
 * (layer by layer). Returns each problem's parent index, or `null` for the first layer.
 * `"parallel"` gives `breadth` independent chains; `"random"` lets each problem depend on a
 * random problem of the previous layer, so one answer can feed several later problems.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planParents } from "./structure.ts";
 * import { createRng } from "../random/rng.ts";
 * assert.deepEqual(planParents(3, 1, "random", createRng(0)), [null, 0, 1]);
 * assert.deepEqual(planParents(2, 2, "parallel", createRng(0)), [null, null, 0, 1]);
 * ```
 */
export function planParents(
  depth: number,
  breadth: number,
  wiring: Wiring,
  rng: Rng,
): (number | null)[] {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new RangeError(`Invalid depth ${depth}: expected an integer >= 1`);
  }
  if (!Number.isInteger(breadth) || breadth < 1) {
    throw new RangeError(`Invalid breadth ${breadth}: expected an integer >= 1`);
  }
  const parents: (number | null)[] = [];
  for (let layer = 0; layer < depth; layer++) {
    for (let j = 0; j < breadth; j++) {
      if (layer === 0) parents.push(null);
      else {
        const offset = wiring === "parallel" ? j : rng.int(0, breadth - 1);
        parents.push((layer - 1) * breadth + offset);
      }
    }
  }
  return parents;
}
