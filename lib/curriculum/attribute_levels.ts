import type { Family } from "../tasks/generators/family.ts";
import { getFamily } from "../tasks/generators/registry.ts";

/**
 * How a curriculum level becomes an attribute range (Reasoning Gym's `RangeAttributeMode`):
 * `"inclusive"` spans every level up to the current one (earlier difficulties stay in the
 * mix, the default), `"upper_bound"` only the current level, `"last_k"` the last `k` levels.
 */
export type RangeMode = "inclusive" | "upper_bound" | "last_k";

/**
 * The difficulty ranges of a family at a global level: each attribute at
 * `min(level, its top level)`, mapped to a range by `mode`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { attributeRanges } from "./attribute_levels.ts";
 * assert.deepEqual(attributeRanges("chain_sum", 2), { terms: [2, 4], digits: [1, 3] });
 * assert.deepEqual(attributeRanges("chain_sum", 2, "upper_bound"), { terms: [4, 4], digits: [3, 3] });
 * assert.deepEqual(attributeRanges("chain_sum", 3, "last_k", 2), { terms: [4, 5], digits: [3, 4] });
 * ```
 */
export function attributeRanges(
  family: string | Family,
  level: number,
  mode: RangeMode = "inclusive",
  k = 2,
): Record<string, [number, number]> {
  const f = typeof family === "string" ? getFamily(family) : family;
  if (!Number.isInteger(level) || level < 0) {
    throw new RangeError(`Invalid level ${level}: expected an integer >= 0`);
  }
  if (mode === "last_k" && !(Number.isInteger(k) && k >= 1)) {
    throw new RangeError(`Invalid k ${k}: expected an integer >= 1`);
  }
  const out: Record<string, [number, number]> = {};
  for (const [name, spec] of Object.entries(f.attributes)) {
    const top = Math.min(level, spec.levels.length - 1);
    const from = mode === "inclusive" ? 0 : mode === "upper_bound" ? top : Math.max(0, top - k + 1);
    out[name] = [spec.levels[from]!, spec.levels[top]!];
  }
  return out;
}

/**
 * The highest level any attribute of the families has (levels beyond it change nothing).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxAttributeLevel } from "./attribute_levels.ts";
 * assert.equal(maxAttributeLevel(["chain_sum"]), 7);
 * ```
 */
export function maxAttributeLevel(families: readonly string[]): number {
  return Math.max(
    0,
    ...families.flatMap((n) =>
      Object.values(getFamily(n).attributes).map((a) => a.levels.length - 1)
    ),
  );
}
