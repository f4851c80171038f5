import { createRng } from "../random/rng.ts";

/**
 * Unbiased pass@k for one problem with n samples of which c are correct (Chen et al. 2021):
 * `1 − C(n−c, k)/C(n, k)`, computed in the stable product form `1 − Π_{i=n−c+1}^{n} (1 − k/i)`;
 * 1 when `n − c < k`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { passAtK } from "./pass_at_k.ts";
 * assert.equal(passAtK(10, 3, 5).toFixed(6), "0.916667");
 * assert.deepEqual(passAtK(4, 1, 4), 1);
 * ```
 */
export function passAtK(n: number, c: number, k: number): number {
  if (
    !(Number.isInteger(n) && Number.isInteger(c) && Number.isInteger(k)) || c < 0 || c > n || k < 1
  ) {
    throw new RangeError(
      `Invalid pass@k arguments n=${n}, c=${c}, k=${k}: expected integers with 0 <= c <= n and k >= 1`,
    );
  }
  if (k > n) {
    throw new RangeError(`Cannot estimate pass@${k} from ${n} samples: k must not exceed n`);
  }
  if (n - c < k) return 1;
  let product = 1;
  for (let i = n - c + 1; i <= n; i++) product *= 1 - k / i;
  return 1 - product;
}

/**
 * The biased with-replacement estimate `1 − (1 − c/n)^k` (what bootstrap `best@k` converges
 * to), for comparison with {@linkcode passAtK}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { passAtKWithReplacement } from "./pass_at_k.ts";
 * assert.deepEqual(passAtKWithReplacement(4, 1, 2), 0.4375);
 * ```
 */
export function passAtKWithReplacement(n: number, c: number, k: number): number {
  return 1 - (1 - c / n) ** k;
}

/**
 * Mean pass@k over problems, each given as its samples' correctness. Every problem needs at
 * least k samples (as human-eval).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanPassAtK } from "./pass_at_k.ts";
 * assert.deepEqual(meanPassAtK([[true, false], [false, false]], 1), 0.25);
 * ```
 */
export function meanPassAtK(samples: readonly (readonly boolean[])[], k: number): number {
  if (samples.length === 0) return NaN;
  return samples.reduce((s, xs) => s + passAtK(xs.length, xs.filter(Boolean).length, k), 0) /
    samples.length;
}

/**
 * avg@k: the mean score of the first k samples.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { avgAtK } from "./pass_at_k.ts";
 * assert.deepEqual(avgAtK([1, 0, 1, 1], 2), 0.5);
 * ```
 */
export function avgAtK(scores: readonly number[], k = scores.length): number {
  const first = scores.slice(0, k);
  return first.length ? first.reduce((s, x) => s + x, 0) / first.length : NaN;
}

/**
 * maj@k: the most frequent answer among the first k (ties go to the earliest, as lighteval's
 * `MajAtN`), and whether it is correct. `answers[i].key` is the normalised answer used for
 * voting; `answers[i].correct` its verdict.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { majAtK } from "./pass_at_k.ts";
 * const answers = [
 *   { key: "4", correct: true },
 *   { key: "5", correct: false },
 *   { key: "5", correct: false },
 * ];
 * assert.deepEqual(majAtK(answers, 3), { answer: "5", correct: false, votes: 2 });
 * ```
 */
export function majAtK(
  answers: readonly { readonly key: string | null; readonly correct: boolean }[],
  k = answers.length,
): { answer: string | null; correct: boolean; votes: number } {
  const counts = new Map<string, { votes: number; correct: boolean }>();
  for (const a of answers.slice(0, k)) {
    if (a.key === null) continue;
    const c = counts.get(a.key);
    if (c) c.votes++;
    else counts.set(a.key, { votes: 1, correct: a.correct });
  }
  let best: [string, { votes: number; correct: boolean }] | null = null;
  for (const entry of counts) if (!best || entry[1].votes > best[1].votes) best = entry;
  return best
    ? { answer: best[0], correct: best[1].correct, votes: best[1].votes }
    : { answer: null, correct: false, votes: 0 };
}

/**
 * The bootstrap ("best@k") estimate of pass@k that verl reports: draw k of the n samples with
 * replacement, count a pass if any is correct, average over `resamples` draws. It converges to
 * the biased {@linkcode passAtKWithReplacement}, not to the unbiased {@linkcode passAtK}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootstrapPassAtK } from "./pass_at_k.ts";
 * // converges to the with-replacement value 1 − (3/4)² = 0.4375, not the unbiased 0.5
 * const est = bootstrapPassAtK([true, false, false, false], 2, { seed: 1, resamples: 20000 });
 * assert.ok(Math.abs(est - 0.4375) < 0.02);
 * ```
 */
export function bootstrapPassAtK(
  samples: readonly boolean[],
  k: number,
  options: { resamples?: number; seed?: number } = {},
): number {
  const n = samples.length;
  if (n === 0) return NaN;
  const resamples = options.resamples ?? 1000;
  const rng = createRng(["bootstrap_pass_at_k", options.seed ?? 0]);
  let hits = 0;
  for (let b = 0; b < resamples; b++) {
    for (let j = 0; j < k; j++) {
      if (samples[rng.int(0, n - 1)]) {
        hits++;
        break;
      }
    }
  }
  return hits / resamples;
}
