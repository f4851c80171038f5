import { ceilReward, centredReward, parReward, sgfcReward } from "./par.ts";

/** A reward-shaping function of PAR's comparison, applied to a reward and its references. */
export type ShapingMethod = "raw" | "centred" | "par" | "sgfc" | "ceil";

/**
 * Applies one of PAR's shaping methods (Fu et al., arXiv 2502.18770) to a reward given the
 * reference rewards of the same prompt. `ceil` caps at the references' maximum.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shapeReward } from "./shaping.ts";
 * assert.deepEqual(shapeReward("centred", 2, [1, 3]), 0);
 * ```
 */
export function shapeReward(
  method: ShapingMethod,
  reward: number,
  references: readonly number[],
): number {
  switch (method) {
    case "raw":
      return reward;
    case "centred":
      return centredReward(reward, references);
    case "par":
      return parReward(reward, references);
    case "sgfc":
      return sgfcReward(reward, references);
    case "ceil":
      return ceilReward(reward, Math.max(...references));
    default:
      throw new RangeError(
        `Unknown shaping method "${method}": expected raw, centred, par, sgfc or ceil`,
      );
  }
}
