/**
 * Per-step credit for compact chain responses: which step each generated token belongs to,
 * step rewards cut at the first error, and DeepSeekMath's process-supervision advantages over a
 * group. A locally right continuation of a wrong answer (`b` recomputed from a wrong `a`) is
 * wrong against the gold chain; outcome credit pushes it down with the error and so unlearns
 * "use your previous answer". Cutting at the first error (the labelling convention of
 * PRM800K, Lightman et al., "Let's Verify Step by Step") leaves those tokens out.
 * @module
 */
import { grpoProcessAdvantages } from "../advantages/credit_assignment.ts";
import { compactAnswerSpans } from "./chain_data.ts";
import { type CharTokenizer, decodeChars } from "./char_tokenizer.ts";

/**
 * The 0-based step of each generated token of a compact response to a chain of `depth`: the
 * answer span it falls in; tokens before the first label belong to step 0, tokens after the
 * last span (an EOS, stray text) to the step that should come next (the last step at most).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { tokenSteps } from "./step_credit.ts";
 * import { charTokenizer, encodeChars } from "./char_tokenizer.ts";
 * const tok = charTokenizer();
 * assertEquals(tokenSteps(tok, [...encodeChars(tok, "a12b9"), tok.eosId], 2), [0, 0, 0, 1, 1, 1]);
 * // stopped after one answer of three: the EOS is step 2's (missing) answer
 * assertEquals(tokenSteps(tok, [...encodeChars(tok, "a5"), tok.eosId], 3), [0, 0, 1]);
 * ```
 */
export function tokenSteps(tok: CharTokenizer, tokens: readonly number[], depth: number): number[] {
  const offsets: number[] = [];
  let text = "";
  for (const t of tokens) {
    offsets.push(text.length);
    if (t !== tok.eosId) text += decodeChars(tok, [t]);
  }
  const spans = compactAnswerSpans(text);
  const last = Math.max(0, depth - 1);
  return offsets.map((o) => {
    if (!spans.length || o < spans[0]![0]) return 0;
    const k = spans.findIndex(([s, e]) => o >= s && o < e);
    return Math.min(k === -1 ? spans.length : k, last);
  });
}

/**
 * Step rewards cut at the first error: 1 for each right step before it, 0 for the first wrong
 * step, nothing after (PRM800K's convention: steps after the first mistake carry no label).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { firstErrorStepRewards } from "./step_credit.ts";
 * assertEquals(firstErrorStepRewards([true, false, true]), [1, 0]);
 * assertEquals(firstErrorStepRewards([true, true]), [1, 1]);
 * ```
 */
export function firstErrorStepRewards(perStep: readonly boolean[]): number[] {
  const wrong = perStep.indexOf(false);
  return (wrong === -1 ? perStep : perStep.slice(0, wrong + 1)).map((c) => (c ? 1 : 0));
}

/**
 * Process-supervision advantages for one group (DeepSeekMath's GRPO with process supervision,
 * arXiv 2402.03300, over {@linkcode firstErrorStepRewards}): per response, one advantage per
 * step up to its first error. `null` when every step reward of the group is the same (no signal).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { processStepAdvantages } from "./step_credit.ts";
 * const a = processStepAdvantages([[true, true], [true, false]])!;
 * assertEquals(a.map((r) => r.length), [2, 2]);
 * assertEquals(a[1]![1]! < 0 && a[0]![1]! > 0, true);
 * assertEquals(processStepAdvantages([[true], [true]]), null);
 * ```
 */
export function processStepAdvantages(group: readonly (readonly boolean[])[]): number[][] | null {
  const rewards = group.map(firstErrorStepRewards);
  const all = rewards.flat();
  if (all.every((r) => r === all[0])) return null;
  return grpoProcessAdvantages(rewards);
}

/**
 * Step-level group advantages for one group: at each step `k`, the responses whose steps
 * before `k` are all right (so they all reached step `k` from the same gold context) form a
 * group of their own; their step-`k` verdicts (1 right, 0 wrong) go through `estimator` (one
 * of lib/advantages' group estimators), and the tokens of step `k` get that advantage. Steps a
 * response did not reach (after its first error) get none, as in
 * {@linkcode firstErrorStepRewards}. A step every reacher got right (or every one got wrong)
 * gives 0, so the tokens the policy already gets right carry no gradient and no noise; the
 * signal sits where the policy is unsure. `null` when no step of the group has a signal.
 *
 * With exact per-step ground truth, this is the Monte Carlo step baseline of VinePPO (Kazemnejad
 * et al., arXiv 2410.01679) taken from the group itself instead of extra rollouts.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { stepGroupAdvantages } from "./step_credit.ts";
 * import { rlooAdvantages } from "../advantages/group_baselines.ts";
 * const a = stepGroupAdvantages([[true, true], [true, false], [false, true]], rlooAdvantages)!;
 * // step 0: 2 of 3 right; step 1: reached by the first two, one right
 * assertEquals(a, [[0.5, 1], [0.5, -1], [-1]]);
 * assertEquals(stepGroupAdvantages([[true], [true]], rlooAdvantages), null);
 * ```
 */
export function stepGroupAdvantages(
  group: readonly (readonly boolean[])[],
  estimator: (rewards: readonly number[]) => number[],
): number[][] | null {
  const reached = group.map((steps) => firstErrorStepRewards(steps).length);
  const out = reached.map((n) => new Array<number>(n).fill(0));
  const depth = Math.max(0, ...group.map((s) => s.length));
  let signal = false;
  for (let k = 0; k < depth; k++) {
    const rows = group.map((_, i) => i).filter((i) => reached[i]! > k);
    if (rows.length < 2) continue;
    const adv = estimator(rows.map((i) => (group[i]![k] ? 1 : 0)));
    rows.forEach((i, j) => {
      out[i]![k] = adv[j]!;
      if (adv[j] !== 0) signal = true;
    });
  }
  return signal ? out : null;
}
