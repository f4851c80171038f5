/**
 * Seeded pseudo-random numbers. Every random choice in Farsight goes through an {@linkcode Rng}
 * built from an explicit seed, so the same seed gives the same bytes on every run and machine.
 * @module
 */

/** A seed: a number or a string (hashed), or a list of parts combined with {@linkcode hashSeed}. */
export type Seed = number | string | bigint | readonly (number | string | bigint)[];

/** A deterministic random-number generator (sfc32 over a 128-bit state). */
export interface Rng {
  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A BigInt in [min, max], both inclusive. */
  bigint(min: bigint, max: bigint): bigint;
  /** `true` with probability `p`. */
  chance(p: number): boolean;
  /** A uniformly chosen element. Throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** An index chosen with probability proportional to `weights`. */
  weighted(weights: readonly number[]): number;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** `k` distinct elements in random order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** A standard normal draw (Box–Muller). */
  normal(): number;
  /** The current state, to save and later pass to {@linkcode rngFromState}. */
  state(): [number, number, number, number];
}

/**
 * Hashes seed parts into a 128-bit state (four 32-bit words) with cyrb128. Parts are
 * separated so that `["ab", "c"]` and `["a", "bc"]` differ.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hashSeed } from "./rng.ts";
 * assert.deepEqual(hashSeed(["chain_sum", 42, 7]).length, 4);
 * ```
 */
export function hashSeed(seed: Seed): [number, number, number, number] {
  const text = Array.isArray(seed)
    ? seed.map((p) => `${typeof p}:${String(p)}`).join("\u001f")
    : `${typeof seed}:${String(seed)}`;
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * A short, stable hexadecimal digest of seed parts (for ids).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { digest } from "./rng.ts";
 * assert.deepEqual(digest(["x", 1]) === digest(["x", 1]), true);
 * assert.deepEqual(digest(["x", 1]).length, 12);
 * ```
 */
export function digest(seed: Seed, length = 12): string {
  return hashSeed(seed).map((w) => w.toString(16).padStart(8, "0")).join("").slice(0, length);
}

/**
 * Creates a generator from a seed. The same seed always gives the same sequence.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "./rng.ts";
 * const a = createRng(42), b = createRng(42);
 * assert.deepEqual(a.int(1, 6) === b.int(1, 6), true);
 * ```
 */
export function createRng(seed: Seed): Rng {
  const [a, b, c, d] = hashSeed(seed);
  const rng = rngFromState([a, b, c, d]);
  for (let i = 0; i < 12; i++) rng.next(); // mix the hashed state
  return rng;
}

/**
 * Restores a generator from {@linkcode Rng.state}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng, rngFromState } from "./rng.ts";
 * const a = createRng("s");
 * const b = rngFromState(a.state());
 * assert.deepEqual(a.next() === b.next(), true);
 * ```
 */
export function rngFromState(state: readonly [number, number, number, number]): Rng {
  let [a, b, c, d] = state;
  const u32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  const next = () => u32() / 4294967296;
  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(
        `Cannot draw an integer in [${min}, ${max}]: expected integers with min <= max`,
      );
    }
    const span = max - min + 1;
    if (span <= 4294967296) {
      // Rejection sampling keeps the draw unbiased.
      const limit = Math.floor(4294967296 / span) * span;
      let x = u32();
      while (x >= limit) x = u32();
      return min + (x % span);
    }
    return min + Math.floor(next() * span);
  };
  const bigint = (min: bigint, max: bigint): bigint => {
    if (max < min) throw new RangeError(`Cannot draw a BigInt in [${min}, ${max}]: min > max`);
    const span = max - min + 1n;
    const bits = span.toString(2).length;
    const words = Math.ceil((bits + 32) / 32);
    let x = 0n;
    for (let i = 0; i < words; i++) x = (x << 32n) | BigInt(u32());
    return min + (x % span);
  };
  const rng: Rng = {
    next,
    int,
    bigint,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError("Cannot pick from an empty list");
      return items[int(0, items.length - 1)]!;
    },
    weighted(weights) {
      const total = weights.reduce((s, w) => s + w, 0);
      if (!(total > 0) || weights.some((w) => !(w >= 0))) {
        throw new RangeError(
          `Cannot draw with weights [${
            weights.join(", ")
          }]: expected non-negative weights with a positive sum`,
        );
      }
      let x = next() * total;
      for (let i = 0; i < weights.length; i++) {
        x -= weights[i]!;
        if (x < 0) return i;
      }
      return weights.length - 1;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    sample<T>(items: readonly T[], k: number): T[] {
      if (k > items.length) {
        throw new RangeError(`Cannot sample ${k} distinct items from ${items.length}`);
      }
      const pool = [...items];
      for (let i = 0; i < k; i++) {
        const j = int(i, pool.length - 1);
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      return pool.slice(0, k);
    },
    normal() {
      const u = 1 - next(), v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
  return rng;
}
