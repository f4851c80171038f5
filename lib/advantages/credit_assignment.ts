import { grpoAdvantages, type GrpoOptions, rlooAdvantages } from "./group_baselines.ts";
import { mean, std, type StdConvention } from "../stats/stats.ts";

/**
 * GRPO with process supervision (DeepSeekMath, arXiv 2402.03300): step rewards of the whole
 * group are z-scored together, and a step's advantage is the sum of the normalised rewards of
 * it and every later step of its response.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { grpoProcessAdvantages } from "./credit_assignment.ts";
 * const rounded = grpoProcessAdvantages([[0.5, 1.0], [0.2, 0.0, 0.1]])
 *   .map((steps) => steps.map((a) => +a.toFixed(6)));
 * assert.deepEqual(rounded, [[1.931972, 1.585208], [-1.931972, -1.53567, -0.643991]]);
 * ```
 */
export function grpoProcessAdvantages(
  stepRewards: readonly (readonly number[])[],
  options: { std?: StdConvention; eps?: number } = {},
): number[][] {
  const all = stepRewards.flat();
  const m = mean(all), s = std(all, options.std ?? "unbiased") + (options.eps ?? 0);
  return stepRewards.map((steps) => {
    const z = steps.map((r) => (r - m) / s);
    const out = new Array<number>(z.length);
    let acc = 0;
    for (let t = z.length - 1; t >= 0; t--) out[t] = acc += z[t]!;
    return out;
  });
}

/**
 * Flow-GRPO (AgentFlow, arXiv 2510.05592): one verifiable outcome per rollout, broadcast to
 * every turn. `grouping: "trajectory"` (the paper's form, default) normalises over the G
 * rollouts; `"turn"` (the released code) normalises over all turn-samples of the prompt, so
 * longer rollouts weigh more. Missing outcomes (`null`) count as 0, as the code's `fillna(0)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flowGrpoAdvantages } from "./credit_assignment.ts";
 * const round = (rows: number[][]) => rows.map((r) => r.map((v) => +v.toFixed(6)));
 * // every turn of a rollout gets its rollout's normalised outcome
 * assert.deepEqual(round(flowGrpoAdvantages([1, 0, 1, 0], [3, 2, 1, 4]))[0], [0.866024, 0.866024, 0.866024]);
 * assert.deepEqual(
 *   round(flowGrpoAdvantages([1, 0, 1, 0], [3, 2, 1, 4], { grouping: "turn" }))[0],
 *   [1.161893, 1.161893, 1.161893],
 * );
 * ```
 */
export function flowGrpoAdvantages(
  outcomes: readonly (number | null)[],
  turns: readonly number[],
  options: GrpoOptions & { grouping?: "trajectory" | "turn" } = {},
): number[][] {
  const r = outcomes.map((o) => o ?? 0);
  if (options.grouping === "turn") {
    const samples = r.flatMap((x, i) => Array<number>(turns[i]!).fill(x));
    const a = grpoAdvantages(samples, options);
    let at = 0;
    return turns.map((t) => a.slice(at, at += t));
  }
  const a = grpoAdvantages(r, options);
  return turns.map((t, i) => Array<number>(t).fill(a[i]!));
}

/** One step of a trajectory for EMPG: its mean token entropy. */
export interface EmpgOptions {
  /** Self-calibrating scale k (Eq. 10). Default 1 (official pseudocode). */
  readonly k?: number;
  /** Future-clarity scale k′ (Eq. 11). Default 1. */
  readonly kFuture?: number;
  /** Future-clarity bonus weight ζ. Default 0.1 (official pseudocode). */
  readonly zeta?: number;
  /** Final normalisation: mean-centre (default, as the pseudocode) or z-score. */
  readonly finalNormalization?: "center" | "zscore";
}

/**
 * EMPG (Liu et al., arXiv 2509.09265): modulates each step's advantage by its entropy.
 * Step entropies are min–max normalised over the batch; `g = exp(−kĤ)/mean(exp(−kĤ))` scales the
 * trajectory advantage, `ζ·exp(−k′Ĥ_{t+1})` rewards a clear next step, and the result is
 * mean-centred over the batch (z-scoring is an option, unverified in the paper).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { empgAdvantages } from "./credit_assignment.ts";
 * const advantages = empgAdvantages([1, -1], [[0.2, 1.0, 0.5], [1.4, 0.6]]);
 * assert.deepEqual(
 *   advantages.map((steps) => steps.map((a) => +a.toFixed(6))),
 *   [[1.134237, 0.44026, 0.755351], [-0.870962, -1.458887]],
 * );
 * ```
 */
export function empgAdvantages(
  advantages: readonly number[],
  stepEntropies: readonly (readonly number[])[],
  options: EmpgOptions = {},
): number[][] {
  const k = options.k ?? 1, kf = options.kFuture ?? 1, zeta = options.zeta ?? 0.1;
  const all = stepEntropies.flat();
  const lo = Math.min(...all), hi = Math.max(...all);
  const norm = (h: number) => (h - lo) / (hi - lo + 1e-8);
  const gMean = mean(all.map((h) => Math.exp(-k * norm(h))));
  const modulated = stepEntropies.map((steps, i) =>
    steps.map((h, t) => {
      const g = Math.exp(-k * norm(h)) / gMean;
      const next = steps[t + 1];
      return g * advantages[i]! + (next === undefined ? 0 : zeta * Math.exp(-kf * norm(next)));
    })
  );
  const flat = modulated.flat();
  const m = mean(flat);
  const s = options.finalNormalization === "zscore" ? std(flat, "unbiased") : 1;
  return modulated.map((steps) => steps.map((a) => (a - m) / (s || 1)));
}

/**
 * SALT (Li et al., arXiv 2510.20022), as reconstructed in docs/rewards.md (the method section was
 * not available): trajectories of one prompt are merged into a prefix tree on step keys, and a
 * step's advantage is the mean trajectory advantage over every trajectory through that node, so
 * shared steps are neutral and distinct decisive steps keep their trajectory's credit.
 * `base` picks GRPO (default) or RLOO advantages; `mergeOn: "step"` merges by the step key
 * alone instead of the whole prefix.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { saltAdvantages } from "./credit_assignment.ts";
 * const steps = [["a", "b", "c"], ["a", "b", "d"], ["a", "e", "f"], ["a", "b", "g"]];
 * const advantages = saltAdvantages(steps, [1, 1, 0, 0]);
 * assert.deepEqual(advantages.map((a) => a.map((v) => +v.toFixed(6) + 0)), [
 *   [0, 0.288675, 0.866025],
 *   [0, 0.288675, 0.866025],
 *   [0, -0.866025, -0.866025],
 *   [0, 0.288675, -0.866025],
 * ]);
 * ```
 */
export function saltAdvantages(
  steps: readonly (readonly string[])[],
  rewards: readonly number[],
  options: GrpoOptions & { base?: "grpo" | "rloo"; mergeOn?: "prefix" | "step"; eps?: number } = {},
): number[][] {
  const base = options.base === "rloo"
    ? rlooAdvantages(rewards)
    : grpoAdvantages(rewards, { eps: 0, ...options });
  const key = (i: number, t: number) =>
    options.mergeOn === "step"
      ? `${t}\u0000${steps[i]![t]}`
      : steps[i]!.slice(0, t + 1).join("\u0000");
  const members = new Map<string, number[]>();
  steps.forEach((s, i) =>
    s.forEach((_, t) => {
      const k = key(i, t);
      const list = members.get(k);
      if (list) list.push(i);
      else members.set(k, [i]);
    })
  );
  return steps.map((s, i) => s.map((_, t) => mean(members.get(key(i, t))!.map((j) => base[j]!))));
}

/** Options for {@linkcode igpoAdvantages}. */
export interface IgpoOptions {
  /** Joint (one pool for gains and outcomes) or separate z-scores. Default `"separate"` (the ported official code). */
  readonly normalization?: "joint" | "separate";
  /** Default `"population"` (the ported code). */
  readonly std?: StdConvention;
  /** Default 1e-8. */
  readonly eps?: number;
  /** Discount over turns. Default 1. */
  readonly gamma?: number;
  /** Gain in probability (`"prob_diff"`, default) or in log-probability. */
  readonly gain?: "prob_diff" | "log_prob_diff";
}

/**
 * IGPO (Wang et al., arXiv 2510.14967): the turn reward is the information gain of the gold
 * answer's belief (teacher-forced probability) from one turn to the next; the final turn's
 * reward is the outcome. Rewards are z-scored within the group (jointly or separately) and the
 * advantage of turn t is the discounted sum of the normalised rewards from t on.
 * `beliefs[i]` holds the belief before any turn, then after each turn.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { igpoAdvantages } from "./credit_assignment.ts";
 * const advantages = igpoAdvantages([[0.1, 0.3, 0.7], [0.1, 0.15, 0.05]], [1, 0]);
 * assert.deepEqual(
 *   advantages.map((steps) => steps.map((a) => +a.toFixed(6))),
 *   [[2.756917, 2.419048, 1], [-2.756917, -2.283901, -1]],
 * );
 * ```
 */
export function igpoAdvantages(
  beliefs: readonly (readonly number[])[],
  outcomes: readonly number[],
  options: IgpoOptions = {},
): number[][] {
  const conv = options.std ?? "population", eps = options.eps ?? 1e-8, gamma = options.gamma ?? 1;
  const gains = beliefs.map((b) =>
    b.slice(1).map((
      p,
      t,
    ) => (options.gain === "log_prob_diff" ? Math.log(p) - Math.log(b[t]!) : p - b[t]!))
  );
  const z = (xs: readonly number[], pool: readonly number[]) => {
    const m = mean(pool), s = std(pool, conv);
    return xs.map((x) => (x - m) / ((Number.isNaN(s) ? 0 : s) + eps));
  };
  let rewards: number[][];
  if (options.normalization === "joint") {
    const pool = [...gains.flat(), ...outcomes];
    rewards = gains.map((g, i) => z([...g, outcomes[i]!], pool));
  } else {
    const gainPool = gains.flat();
    const outcomeZ = z(outcomes, outcomes);
    rewards = gains.map((g, i) => [...z(g, gainPool), outcomeZ[i]!]);
  }
  return rewards.map((r) => {
    const out = new Array<number>(r.length);
    let acc = 0;
    for (let t = r.length - 1; t >= 0; t--) out[t] = acc = r[t]! + gamma * acc;
    return out;
  });
}

/**
 * SPA-RL's fused step reward (Wang et al., arXiv 2505.20732): `r_t = α·ĉ_t + β·g_t` from
 * per-step progress contributions ĉ and grounding flags g (defaults α 1, β 0.5, as the code).
 * `codeWeights: true` reproduces the released code's (K−k−1) weighting, which zeroes the last
 * step (off by default: not in the paper).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spaStepRewards } from "./credit_assignment.ts";
 * assert.deepEqual(spaStepRewards([0.1, 0.05, 0.5, 0.35], [true, false, true, true]), [0.6, 0.05, 1.0, 0.85]);
 * ```
 */
export function spaStepRewards(
  contributions: readonly number[],
  grounded: readonly boolean[],
  options: { alpha?: number; beta?: number; codeWeights?: boolean } = {},
): number[] {
  const alpha = options.alpha ?? 1, beta = options.beta ?? 0.5, k = contributions.length;
  return contributions.map((c, t) => {
    const r = alpha * c + beta * (grounded[t] ? 1 : 0);
    return options.codeWeights ? r * (k - t - 1) : r;
  });
}

/**
 * SPA-RL's progress-estimator loss: the mean over trajectories of `(Σ_t ĉ_t − R)²`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spaEstimatorLoss } from "./credit_assignment.ts";
 * assert.equal(spaEstimatorLoss([[0.1, 0, 0.4, 0.3]], [1]).toFixed(6), "0.040000");
 * ```
 */
export function spaEstimatorLoss(
  contributions: readonly (readonly number[])[],
  rewards: readonly number[],
): number {
  return mean(contributions.map((c, i) => (c.reduce((s, x) => s + x, 0) - rewards[i]!) ** 2));
}
