import { createRng, type Seed } from "../random/rng.ts";
import {
  type FiniteMdp,
  policyValue,
  type RewardTable,
  starcDistance,
  type TabularPolicy,
} from "../metrics/starc.ts";
import { pearson, spearman } from "../metrics/correlation.ts";

const seedParts = (seed: Seed) =>
  (typeof seed === "object" ? seed : [seed]) as readonly (number | string | bigint)[];

/** Options for {@linkcode randomMdp}. */
export interface RandomMdpOptions {
  /** Discount. Default 0.9. */
  readonly gamma?: number;
  /** Successor states reachable from each (s, a). Default all. */
  readonly branching?: number;
  /** Seed. Default 0. */
  readonly seed?: Seed;
}

/**
 * A random finite MDP: for each (s, a), `branching` successor states with random probabilities.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomMdp } from "./reward_regret.ts";
 * const mdp = randomMdp(4, 2, { seed: 1 });
 * const total = mdp.transitions[0]![1]!.reduce((a, b) => a + b, 0);
 * assert.ok(Math.abs(total - 1) < 1e-12); // each row is a distribution over next states
 * ```
 */
export function randomMdp(
  states: number,
  actions: number,
  options: RandomMdpOptions = {},
): FiniteMdp {
  if (!(Number.isInteger(states) && states >= 1 && Number.isInteger(actions) && actions >= 1)) {
    throw new RangeError(
      `randomMdp: states and actions must be positive integers, got ${states} and ${actions}`,
    );
  }
  const branching = Math.min(options.branching ?? states, states);
  const rng = createRng(["random_mdp", ...seedParts(options.seed ?? 0)]);
  const transitions = Array.from({ length: states }, () =>
    Array.from({ length: actions }, () => {
      const row = new Array<number>(states).fill(0);
      for (const t of rng.sample([...row.keys()], branching)) row[t] = rng.next() + 1e-3;
      const total = row.reduce((a, b) => a + b, 0);
      return row.map((p) => p / total);
    }));
  return { transitions, gamma: options.gamma ?? 0.9 };
}

/**
 * A reward table with independent standard normal entries `R[s][a][s′]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomReward } from "./reward_regret.ts";
 * assert.deepEqual(randomReward(3, 2, 1).length, 3);
 * ```
 */
export function randomReward(states: number, actions: number, seed: Seed = 0): number[][][] {
  const rng = createRng(["random_reward", ...seedParts(seed)]);
  return Array.from(
    { length: states },
    () => Array.from({ length: actions }, () => Array.from({ length: states }, () => rng.normal())),
  );
}

/**
 * An optimal deterministic policy for a reward by value iteration (to `tolerance` in the
 * sup norm), with its state values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optimalPolicy } from "./reward_regret.ts";
 * const mdp = { transitions: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], gamma: 0.9 };
 * assert.deepEqual(optimalPolicy([[[0, 1], [0, 1]], [[0, 1], [0, 1]]], mdp).policy, [[0, 1], [0, 1]]);
 * ```
 */
export function optimalPolicy(
  reward: RewardTable,
  mdp: FiniteMdp,
  options: { tolerance?: number; maxIterations?: number } = {},
): { policy: number[][]; values: number[] } {
  const ns = mdp.transitions.length, na = mdp.transitions[0]?.length ?? 0;
  const q = (v: readonly number[], s: number, a: number) => {
    let x = 0;
    for (let t = 0; t < ns; t++) {
      const p = mdp.transitions[s]![a]![t]!;
      if (p) x += p * (reward[s]![a]![t]! + mdp.gamma * v[t]!);
    }
    return x;
  };
  let v = new Array<number>(ns).fill(0);
  const tol = options.tolerance ?? 1e-9;
  for (let it = 0; it < (options.maxIterations ?? 10_000); it++) {
    const next = v.map((_, s) => Math.max(...Array.from({ length: na }, (_, a) => q(v, s, a))));
    const delta = Math.max(...next.map((x, s) => Math.abs(x - v[s]!)));
    v = next;
    if (delta < tol) break;
  }
  const policy = v.map((_, s) => {
    const qs = Array.from({ length: na }, (_, a) => q(v, s, a));
    const best = qs.indexOf(Math.max(...qs));
    return qs.map((_, a) => (a === best ? 1 : 0));
  });
  return { policy, values: v };
}

const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Normalised regret of optimising `proxy` and evaluating under `truth`, from a uniform initial
 * state: `(J(π*) − J(π_proxy)) / (J(π*) − J(π_worst))` under `truth`, in [0, 1] (0 when every
 * policy is equally good). This is the quantity STARC distances are meant to bound.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalisedRegret } from "./reward_regret.ts";
 * const mdp = { transitions: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], gamma: 0.9 };
 * const toState1 = [[[0, 1], [0, 1]], [[0, 1], [0, 1]]];
 * const toState0 = [[[1, 0], [1, 0]], [[1, 0], [1, 0]]];
 * assert.deepEqual(normalisedRegret(toState1, toState0, mdp), 1);
 * ```
 */
export function normalisedRegret(truth: RewardTable, proxy: RewardTable, mdp: FiniteMdp): number {
  const j = (policy: TabularPolicy) => meanOf(policyValue(truth, mdp, policy));
  const best = j(optimalPolicy(truth, mdp).policy);
  const negated = truth.map((a) => a.map((b) => b.map((x) => -x)));
  const worst = j(optimalPolicy(negated, mdp).policy);
  const span = best - worst;
  return span > 1e-12 ? Math.max(0, (best - j(optimalPolicy(proxy, mdp).policy)) / span) : 0;
}

/** Options for {@linkcode rewardDistanceStudy}. */
export interface RewardDistanceStudyOptions {
  /** Reward pairs (each on its own random MDP). Default 200. */
  readonly pairs?: number;
  /** States per MDP. Default 8. */
  readonly states?: number;
  /** Actions per state. Default 3. */
  readonly actions?: number;
  /** Discount. Default 0.9. */
  readonly gamma?: number;
  /** Scale of the potential shaping added to the proxy, relative to the reward. Default 2. */
  readonly shaping?: number;
  /** Seed. Default 0. */
  readonly seed?: number;
}

/** One pair of {@linkcode rewardDistanceStudy}. */
export interface RewardDistanceRow {
  /** Index of the pair. */
  readonly pair: number;
  /** Scale of the noise that separates the proxy from the true reward. */
  readonly noise: number;
  /** Normalised regret of optimising the proxy (0 best, 1 worst). */
  readonly regret: number;
  /** STARC distance with VAL canonicalisation. */
  readonly starcVal: number;
  /** STARC distance with EPIC canonicalisation. */
  readonly starcEpic: number;
  /** L2 distance of the L2-normalised raw rewards (no canonicalisation): the naive baseline. */
  readonly rawL2: number;
}

/**
 * STARC's random-MDP experiment (Skalse et al., arXiv 2309.15257): on random MDPs, draw a true
 * reward R and a proxy `α·(R + ε·N) + γΦ(s′) − Φ(s)` (random positive scale α, noise scale ε
 * log-uniform in [0.01, 10], random potential Φ), and record each distance with the normalised
 * regret of optimising the proxy. Scaling and shaping leave the optimal policies alone, so a good
 * distance must ignore them. Summarise with {@linkcode distanceRegretCorrelations}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rewardDistanceStudy } from "./reward_regret.ts";
 * assert.deepEqual(rewardDistanceStudy({ pairs: 3, states: 4, actions: 2, seed: 1 }).length, 3);
 * ```
 */
export function rewardDistanceStudy(options: RewardDistanceStudyOptions = {}): RewardDistanceRow[] {
  const ns = options.states ?? 8, na = options.actions ?? 3, seed = options.seed ?? 0;
  const rng = createRng(["reward_distance_study", seed]);
  return Array.from({ length: options.pairs ?? 200 }, (_, pair) => {
    const mdp = randomMdp(ns, na, { gamma: options.gamma ?? 0.9, seed: [seed, pair] });
    const truth = randomReward(ns, na, [seed, pair, "truth"]);
    const noise = 0.01 * 1000 ** rng.next();
    const scale = 0.5 + 1.5 * rng.next();
    const potential = Array.from({ length: ns }, () => (options.shaping ?? 2) * rng.normal());
    const noiseTable = randomReward(ns, na, [seed, pair, "noise"]);
    const proxy = truth.map((a, s) =>
      a.map((b, act) =>
        b.map((x, t) =>
          scale * (x + noise * noiseTable[s]![act]![t]!) + mdp.gamma * potential[t]! - potential[s]!
        )
      )
    );
    return {
      pair,
      noise,
      regret: normalisedRegret(truth, proxy, mdp),
      starcVal: starcDistance(truth, proxy, mdp),
      starcEpic: starcDistance(truth, proxy, mdp, { canonicalization: "epic" }),
      rawL2: starcDistance(truth, proxy, mdp, { canonicalization: "none" }),
    };
  });
}

/**
 * Pearson and Spearman correlations of each distance with the regret, over a study's pairs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { distanceRegretCorrelations, rewardDistanceStudy } from "./reward_regret.ts";
 * const rows = distanceRegretCorrelations(rewardDistanceStudy({ pairs: 20, states: 4, actions: 2 }));
 * assert.deepEqual(rows.map((r) => r.distance), ["STARC (VAL)", "STARC (EPIC)", "raw L2"]);
 * ```
 */
export function distanceRegretCorrelations(
  rows: readonly RewardDistanceRow[],
): { distance: string; pearson: number; spearman: number }[] {
  const regret = rows.map((r) => r.regret);
  return ([["STARC (VAL)", "starcVal"], ["STARC (EPIC)", "starcEpic"], [
    "raw L2",
    "rawL2",
  ]] as const)
    .map(([distance, key]) => {
      const d = rows.map((r) => r[key]);
      return { distance, pearson: pearson(d, regret), spearman: spearman(d, regret) };
    });
}
