/**
 * Deterministic shards of a composition run: shard i of n is a contiguous block of task
 * indices, so n processes (or a cluster job array) compose a large set and concatenating the
 * shards in order gives the single-process output byte for byte.
 * @module
 */

/** A block of composed-task indices: `[start, start + count)`. */
export interface ShardRange {
  /** The first index. */
  readonly start: number;
  /** How many indices. */
  readonly count: number;
}

/**
 * The indices shard `i` (0-based) of `n` covers out of `total` tasks: blocks of
 * `floor(total / n)` or one more, in order.
 *
 * @example
 * ```ts
 * import { shardRange } from "./shard.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([0, 1, 2].map((i) => shardRange(10, i, 3)), [
 *   { start: 0, count: 3 }, { start: 3, count: 3 }, { start: 6, count: 4 },
 * ]);
 * ```
 */
export function shardRange(total: number, i: number, n: number): ShardRange {
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`Invalid shard count ${n}: expected an integer >= 1`);
  }
  if (!(Number.isInteger(i) && i >= 0 && i < n)) {
    throw new RangeError(`Invalid shard ${i} of ${n}: expected 0 <= i < ${n}`);
  }
  const start = Math.floor((i * total) / n), end = Math.floor(((i + 1) * total) / n);
  return { start, count: end - start };
}

/**
 * Parses `"i/n"` (0-based i), with an error naming the flag.
 *
 * @example
 * ```ts
 * import { parseShard } from "./shard.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseShard("2/8"), { index: 2, of: 8 });
 * assert.throws(() => parseShard("8/8"), /0 <= i < 8/);
 * ```
 */
export function parseShard(text: string): { index: number; of: number } {
  const m = text.trim().match(/^(\d+)\/(\d+)$/);
  if (!m) {
    throw new RangeError(`Invalid --shard "${text}": expected i/n, e.g. 0/4 (i counts from 0)`);
  }
  const index = Number(m[1]), of = Number(m[2]);
  shardRange(0, index, of);
  return { index, of };
}

/**
 * Takes the items of a shard from a sequential stream (for samplers whose task c depends on
 * the tasks before it, such as deduplicating pool samplers): skips `start`, takes `count`.
 *
 * @example
 * ```ts
 * import { takeRange } from "./shard.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([...takeRange([1, 2, 3, 4, 5], { start: 1, count: 2 })], [2, 3]);
 * ```
 */
export function* takeRange<T>(items: Iterable<T>, range: ShardRange): Generator<T> {
  if (range.count <= 0) return;
  let i = 0;
  for (const item of items) {
    if (i >= range.start) yield item;
    if (++i >= range.start + range.count) return;
  }
}
