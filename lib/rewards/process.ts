/**
 * Clip refinement of process rewards (Gao et al., arXiv 2410.15115, as reconstructed in
 * formulas.md): `r̃_k = min(r_k − η, 0)`, so the summed process reward is bounded above by 0
 * and repeating steps cannot earn more. η has no published default; pass the one you use.
 *
 * @example
 * ```ts
 * import { clipProcessRewards } from "./process.ts";
 * clipProcessRewards([0.9, 0.3, 0.6, 0.8], 0.5); // [0, -0.2, 0, 0]
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
 * import { deltaProcessRewards } from "./process.ts";
 * deltaProcessRewards([0.9, 0.3, 0.6, 0.8]); // [0.6, -0.3, -0.2, 0]
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
