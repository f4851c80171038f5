import { createRng, type Rng } from "../random/rng.ts";
import {
  avgAtK,
  bootstrapPassAtK,
  majAtK,
  passAtK,
  passAtKWithReplacement,
} from "../metrics/pass_at_k.ts";

/** Options for {@linkcode passAtKStudy} and {@linkcode majorityStudy}. */
export interface SamplingStudyOptions {
  /** Problems in the study. Default 200. */
  readonly problems?: number;
  /** Samples per problem (n). Default 16. */
  readonly samples?: number;
  /** Beta(a, b) distribution of the problems' true pass rates. Default a = 0.5, b = 1.5. */
  readonly a?: number;
  /** Second shape parameter of the Beta distribution (see `a`). */
  readonly b?: number;
  /** Seed. Default 0. */
  readonly seed?: number;
}

/** A Beta(a, b) draw from two Gamma draws (Marsaglia–Tsang). */
export function betaDraw(rng: Rng, a: number, b: number): number {
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * rng.next() ** (1 / shape);
    const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = rng.normal(), v = (1 + c * x) ** 3;
      if (v > 0 && Math.log(1 - rng.next()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  };
  const x = gamma(a), y = gamma(b);
  return x / (x + y);
}

/** One row of {@linkcode passAtKStudy}. */
export interface PassAtKRow {
  /** Samples drawn per problem for pass@k. */
  readonly k: number;
  /** The true pass@k, from the problems' true pass rates: mean of 1 − (1 − p)^k. */
  readonly truth: number;
  /** Mean unbiased estimate (Chen et al. 2021). */
  readonly unbiased: number;
  /** Mean bootstrap ("best@k") estimate, as verl reports. */
  readonly bootstrap: number;
  /** Mean of the with-replacement formula 1 − (1 − c/n)^k. */
  readonly withReplacement: number;
}

/**
 * A seeded simulation comparing pass@k estimators: problems get true pass rates from a Beta
 * distribution, each is sampled n times, and for k = 1..n the unbiased estimator, the bootstrap
 * estimate and the with-replacement formula are averaged and set against the truth.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { passAtKStudy } from "./sampling_study.ts";
 * const rows = passAtKStudy({ problems: 50, samples: 8, seed: 1 });
 * assert.deepEqual(rows.length, 8);
 * ```
 */
export function passAtKStudy(options: SamplingStudyOptions = {}): PassAtKRow[] {
  const rng = createRng(["pass_at_k_study", options.seed ?? 0]);
  const n = options.samples ?? 16, m = options.problems ?? 200;
  const problems = Array.from({ length: m }, () => {
    const p = betaDraw(rng, options.a ?? 0.5, options.b ?? 1.5);
    return { p, samples: Array.from({ length: n }, () => rng.chance(p)) };
  });
  return Array.from({ length: n }, (_, i) => {
    const k = i + 1;
    const mean = (f: (x: (typeof problems)[number]) => number) =>
      problems.reduce((s, x) => s + f(x), 0) / m;
    return {
      k,
      truth: mean((x) => 1 - (1 - x.p) ** k),
      unbiased: mean((x) => passAtK(n, x.samples.filter(Boolean).length, k)),
      bootstrap: mean((x) =>
        bootstrapPassAtK(x.samples, k, { seed: (options.seed ?? 0) * 7919 + k, resamples: 200 })
      ),
      withReplacement: mean((x) => passAtKWithReplacement(n, x.samples.filter(Boolean).length, k)),
    };
  });
}

/** One row of {@linkcode majorityStudy}. */
export interface MajorityRow {
  /** Samples voted over. */
  readonly k: number;
  /** Mean pass@k. */
  readonly passAtK: number;
  /** Mean maj@k (majority vote correct). */
  readonly majAtK: number;
  /** Mean avg@k (mean correctness of k samples). */
  readonly avgAtK: number;
}

/**
 * A seeded simulation of maj@k against pass@k and avg@k: each problem's samples are right with
 * its pass rate, otherwise one of `distractors` wrong answers, the first of which is the most
 * popular mistake (weight 3 against 1 for the others).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { majorityStudy } from "./sampling_study.ts";
 * assert.deepEqual(majorityStudy({ problems: 20, samples: 8, seed: 2 }).at(-1)!.k, 8);
 * ```
 */
export function majorityStudy(
  options: SamplingStudyOptions & { distractors?: number } = {},
): MajorityRow[] {
  const rng = createRng(["majority_study", options.seed ?? 0]);
  const n = options.samples ?? 16, m = options.problems ?? 200, d = options.distractors ?? 4;
  const weights = Array.from({ length: d }, (_, i) => (i === 0 ? 3 : 1));
  const problems = Array.from({ length: m }, () => {
    const p = betaDraw(rng, options.a ?? 2, options.b ?? 2);
    return Array.from(
      { length: n },
      () =>
        rng.chance(p)
          ? { key: "gold", correct: true }
          : { key: `wrong${rng.weighted(weights)}`, correct: false },
    );
  });
  return Array.from({ length: n }, (_, i) => {
    const k = i + 1;
    const mean = (f: (xs: { key: string; correct: boolean }[]) => number) =>
      problems.reduce((s, xs) => s + f(xs), 0) / m;
    return {
      k,
      passAtK: mean((xs) => passAtK(n, xs.filter((x) => x.correct).length, k)),
      majAtK: mean((xs) => (majAtK(xs, k).correct ? 1 : 0)),
      avgAtK: mean((xs) => avgAtK(xs.map((x) => (x.correct ? 1 : 0)), k)),
    };
  });
}
