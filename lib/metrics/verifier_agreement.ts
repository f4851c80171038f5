/** Agreement of verdicts with labels, counting "correct" as the positive class. */
export interface Agreement {
  /** Judged correct, and correct by the reference. */
  readonly truePositive: number;
  /** Judged correct, but wrong by the reference. */
  readonly falsePositive: number;
  /** Judged wrong, and wrong by the reference. */
  readonly trueNegative: number;
  /** Judged wrong, but correct by the reference. */
  readonly falseNegative: number;
  /** TP / (TP + FP); NaN when nothing was judged correct. */
  readonly precision: number;
  /** TP / (TP + FN); NaN when nothing is correct by the reference. */
  readonly recall: number;
  /** Harmonic mean of precision and recall. */
  readonly f1: number;
  /** Fraction of verdicts that match the reference. */
  readonly accuracy: number;
}

/**
 * Precision, recall, F1 and accuracy of a verifier's verdicts against human (or reference)
 * labels. Precision is NaN with no positive verdict, recall NaN with no positive label.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifierAgreement } from "./verifier_agreement.ts";
 * assert.deepEqual(verifierAgreement([true, true, false, false], [true, false, false, true]).f1, 0.5);
 * ```
 */
export function verifierAgreement(
  verdicts: readonly boolean[],
  labels: readonly boolean[],
): Agreement {
  if (verdicts.length !== labels.length) {
    throw new RangeError(
      `Invalid agreement input: ${verdicts.length} verdicts but ${labels.length} labels`,
    );
  }
  let tp = 0, fp = 0, tn = 0, fn = 0;
  verdicts.forEach((v, i) => {
    if (v && labels[i]) tp++;
    else if (v) fp++;
    else if (labels[i]) fn++;
    else tn++;
  });
  const precision = tp + fp ? tp / (tp + fp) : NaN;
  const recall = tp + fn ? tp / (tp + fn) : NaN;
  const f1 = precision + recall > 0
    ? (2 * precision * recall) / (precision + recall)
    : tp === 0
    ? 0
    : NaN;
  return {
    truePositive: tp,
    falsePositive: fp,
    trueNegative: tn,
    falseNegative: fn,
    precision,
    recall,
    f1,
    accuracy: verdicts.length ? (tp + tn) / verdicts.length : NaN,
  };
}
