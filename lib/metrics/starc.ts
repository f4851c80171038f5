/**
 * STARC distances between reward functions on finite MDPs (Skalse et al., "STARC: A General
 * Framework For Quantifying Differences Between Reward Functions", arXiv 2309.15257).
 * @module
 */

/** A reward function as a table `R[s][a][s′]`. */
export type RewardTable = readonly (readonly (readonly number[])[])[];

/** A finite MDP's dynamics: `transitions[s][a][s′]` probabilities and a discount. */
export interface FiniteMdp {
  /** Transition probabilities `transitions[s][a][s′]`. */
  readonly transitions: RewardTable;
  /** Discount γ in [0, 1). */
  readonly gamma: number;
}

/** A policy as `policy[s][a]` probabilities. Default: uniform. */
export type TabularPolicy = readonly (readonly number[])[];

function shape(mdp: FiniteMdp): [number, number] {
  const s = mdp.transitions.length, a = mdp.transitions[0]?.length ?? 0;
  return [s, a];
}

function uniformPolicy(states: number, actions: number): number[][] {
  return Array.from({ length: states }, () => Array<number>(actions).fill(1 / actions));
}

/** Solves `A x = b` by Gaussian elimination with partial pivoting. */
export function solveLinear(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    }
    if (Math.abs(m[pivot]![col]!) < 1e-14) {
      throw new RangeError("Cannot solve a singular linear system");
    }
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c] = m[r]![c]! - f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * The value of a policy under a reward: solves `V = r_π + γ P_π V`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { policyValue } from "./starc.ts";
 * const mdp = { transitions: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], gamma: 0.9 };
 * const values = policyValue([[[0, 1], [0, 1]], [[0, 1], [0, 1]]], mdp);
 * assert.deepEqual(values.map((v) => v.toFixed(6)), ["5.000000", "5.000000"]);
 * ```
 */
export function policyValue(reward: RewardTable, mdp: FiniteMdp, policy?: TabularPolicy): number[] {
  const [ns, na] = shape(mdp);
  const pi = policy ?? uniformPolicy(ns, na);
  const a: number[][] = [], b: number[] = [];
  for (let s = 0; s < ns; s++) {
    const row = Array<number>(ns).fill(0);
    row[s] = 1;
    let r = 0;
    for (let act = 0; act < na; act++) {
      for (let t = 0; t < ns; t++) {
        const p = pi[s]![act]! * mdp.transitions[s]![act]![t]!;
        r += p * reward[s]![act]![t]!;
        row[t] = row[t]! - mdp.gamma * p;
      }
    }
    a.push(row);
    b.push(r);
  }
  return solveLinear(a, b);
}

/**
 * Value-adjusted levelling (VAL) canonicalisation:
 * `c(R)(s,a,s′) = E_{S′~τ(s,a)}[R(s,a,S′) + γV^π(S′)] − V^π(s)`, constant in s′ (π uniform by
 * default, as the STARC code).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { canonicalizeVal } from "./starc.ts";
 * const mdp = { transitions: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], gamma: 0.9 };
 * assert.deepEqual(canonicalizeVal([[[0, 1], [0, 1]], [[0, 1], [0, 1]]], mdp)[0]![0], [-0.5, -0.5]);
 * ```
 */
export function canonicalizeVal(
  reward: RewardTable,
  mdp: FiniteMdp,
  policy?: TabularPolicy,
): number[][][] {
  const [ns, na] = shape(mdp);
  const v = policyValue(reward, mdp, policy);
  return Array.from({ length: ns }, (_, s) =>
    Array.from({ length: na }, (_, a) => {
      let value = -v[s]!;
      for (let t = 0; t < ns; t++) {
        value += mdp.transitions[s]![a]![t]! * (reward[s]![a]![t]! + mdp.gamma * v[t]!);
      }
      return Array<number>(ns).fill(value);
    }));
}

/**
 * EPIC canonicalisation (Gleave et al. 2021) with uniform state and action distributions:
 * `c(R)(s,a,s′) = R(s,a,s′) + γE[R(s′,A,S″)] − E[R(s,A,S′)] − γE[R(S,A,S′)]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { canonicalizeEpic } from "./starc.ts";
 * const canonical = canonicalizeEpic([[[1, 1], [1, 1]], [[1, 1], [1, 1]]], 0.9);
 * assert.ok(canonical.flat(2).every((r) => Math.abs(r) < 1e-12)); // a constant reward is all shaping
 * ```
 */
export function canonicalizeEpic(reward: RewardTable, gamma: number): number[][][] {
  const ns = reward.length, na = reward[0]!.length;
  const fromState = reward.map((byAction) =>
    byAction.flat().reduce((s, x) => s + x, 0) / (na * ns)
  );
  const overall = fromState.reduce((s, x) => s + x, 0) / ns;
  return reward.map((byAction, s) =>
    byAction.map((byNext) =>
      byNext.map((r, t) => r + gamma * fromState[t]! - fromState[s]! - gamma * overall)
    )
  );
}

/** An Lp norm over every entry of a table (p = 1, 2 or Infinity). */
export function tableNorm(table: RewardTable, p: 1 | 2 | typeof Infinity = 2): number {
  const xs = table.flat(2);
  if (p === Infinity) return Math.max(0, ...xs.map(Math.abs));
  if (p === 1) return xs.reduce((s, x) => s + Math.abs(x), 0);
  return Math.sqrt(xs.reduce((s, x) => s + x * x, 0));
}

/** Options for {@linkcode starcDistance}. */
export interface StarcOptions {
  /**
   * Canonicalisation. Default `"val"`. `"none"` skips it, leaving the distance between the
   * normalised raw rewards (a baseline that potential shaping fools).
   */
  readonly canonicalization?: "val" | "epic" | "none";
  /** Norm used to standardise. Default 2. */
  readonly norm?: 1 | 2 | typeof Infinity;
  /** Metric between the standardised rewards. Default 2. */
  readonly metric?: 1 | 2 | typeof Infinity;
  /** TabularPolicy for VAL. Default uniform. */
  readonly policy?: TabularPolicy;
  /** Multiply by ½ so an L2 distance lies in [0, 1] (an option the paper mentions). Default false. */
  readonly halve?: boolean;
}

/**
 * The STARC distance `d(R1, R2) = m(s(R1), s(R2))` with `s(R) = c(R)/n(c(R))` (or `c(R)` when
 * its norm is 0). With L2 norm and metric, d ∈ [0, 2]; 0 exactly when R1 and R2 differ only by
 * potential shaping, S′-redistribution and positive scaling.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { starcDistance } from "./starc.ts";
 * const mdp = { transitions: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], gamma: 0.9 };
 * const toState1 = [[[0, 1], [0, 1]], [[0, 1], [0, 1]]];
 * const toState0 = [[[1, 0], [1, 0]], [[1, 0], [1, 0]]];
 * assert.equal(starcDistance(toState1, toState0, mdp).toFixed(6), "2.000000");
 * ```
 */
export function starcDistance(
  r1: RewardTable,
  r2: RewardTable,
  mdp: FiniteMdp,
  options: StarcOptions = {},
): number {
  const canon = (r: RewardTable) =>
    options.canonicalization === "epic"
      ? canonicalizeEpic(r, mdp.gamma)
      : options.canonicalization === "none"
      ? r.map((a) => a.map((b) => [...b]))
      : canonicalizeVal(r, mdp, options.policy);
  const standardise = (c: number[][][]) => {
    const n = tableNorm(c, options.norm ?? 2);
    return n > 1e-12 ? c.map((a) => a.map((b) => b.map((x) => x / n))) : c;
  };
  const a = standardise(canon(r1)), b = standardise(canon(r2));
  const diff = a.map((x, s) => x.map((y, act) => y.map((v, t) => v - b[s]![act]![t]!)));
  const d = tableNorm(diff, options.metric ?? 2);
  return options.halve ? d / 2 : d;
}
