/**
 * Clip refinement of process rewards (Gao et al., arXiv 2410.15115, as reconstructed in
 * docs/rewards.md): `r̃_k = min(r_k − η, 0)`, so the summed process reward is bounded above by 0
 * and repeating steps cannot earn more. η has no published default; pass the one you use.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clipProcessRewards } from "./process.ts";
 * assert.deepEqual(clipProcessRewards([0.9, 0.3, 0.6, 0.8], 0.5), [0, -0.2, 0, 0]);
 * ```
 */
export function clipProcessRewards(scores: readonly number[], eta: number): number[] {
  return scores.map((r) => Math.min(r - eta, 0));
}

/**
 * Delta refinement: `r̃_k = r_k − r_{k+1}`, so the return-to-go from step t telescopes to
 * `r_t − r_K`. The last step gets 0 by default (`keepLast: false`), or `r_K` with
 * `keepLast: true`, making the return-to-go `r_t`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deltaProcessRewards } from "./process.ts";
 * assert.deepEqual(deltaProcessRewards([0.9, 0.3, 0.6, 0.8]).map((r) => +r.toFixed(6)), [0.6, -0.3, -0.2, 0]);
 * ```
 */
export function deltaProcessRewards(
  scores: readonly number[],
  options: { keepLast?: boolean } = {},
): number[] {
  return scores.map((
    r,
    k,
  ) => (k + 1 < scores.length ? r - scores[k + 1]! : options.keepLast ? r : 0));
}

/** How per-step process scores become a return. */
export type ProcessRefinement = "sum" | "clip" | "delta";

/**
 * The return of a trajectory's process scores under a refinement (Gao et al., arXiv 2410.15115):
 * `sum` adds the raw scores, `clip` sums {@linkcode clipProcessRewards} with threshold `eta`,
 * `delta` sums {@linkcode deltaProcessRewards} (last step 0). The outcome reward is added on top.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { processReturn } from "./process.ts";
 * processReturn([0.9, 0.9, 0.9], "sum", { outcome: 1 }); // ≈ 3.7
 * assert.deepEqual(processReturn([0.9, 0.9, 0.9], "delta", { outcome: 1 }), 1);
 * ```
 */
export function processReturn(
  scores: readonly number[],
  refinement: ProcessRefinement,
  options: { outcome?: number; eta?: number } = {},
): number {
  const refined = refinement === "sum"
    ? scores
    : refinement === "clip"
    ? clipProcessRewards(scores, options.eta ?? 0.5)
    : refinement === "delta"
    ? deltaProcessRewards(scores)
    : (() => {
      throw new RangeError(
        `Unknown refinement "${refinement}": expected sum, clip or delta`,
      );
    })();
  return refined.reduce((a, b) => a + b, 0) + (options.outcome ?? 0);
}
