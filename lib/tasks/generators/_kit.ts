/**
 * Small helpers shared by the generator families: attribute specs and integer chain inputs.
 * @module
 */
import type { AttributeSpec, ChainInput } from "./family.ts";

/**
 * An attribute whose bounds are its first and last level unless given.
 *
 * @example
 * ```ts
 * import { attr } from "./_kit.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(attr("size", [2, 4, 8], [2, 4]).max, 8);
 * ```
 */
export function attr(
  description: string,
  levels: readonly number[],
  def: readonly [number, number],
  bounds: readonly [number, number] = [levels[0]!, levels.at(-1)!],
): AttributeSpec {
  return { description, levels, default: def, min: bounds[0], max: bounds[1] };
}

/**
 * The chain input that is one integer field of the params.
 *
 * @example
 * ```ts
 * import { fieldInput } from "./_kit.ts";
 * import assert from "node:assert/strict";
 * const input = fieldInput<{ n: number }>("n", "the count", 0n, 10n);
 * assert.deepEqual(input.set({ n: 1 }, 5n), { n: 5 });
 * ```
 */
export function fieldInput<P extends Record<string, unknown>>(
  key: keyof P & string,
  describe: string,
  min: bigint,
  max: bigint,
): ChainInput<P> {
  return {
    describe,
    min,
    max,
    get: (p) => BigInt(p[key] as number),
    set: (p, v) => ({ ...p, [key]: Number(v) }),
  };
}

/**
 * A breadth-first distance map over `cells` cells from `start`; -1 where unreachable.
 *
 * @example
 * ```ts
 * import { bfs } from "./_kit.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(bfs(3, 0, (c) => (c < 2 ? [c + 1] : [])), [0, 1, 2]);
 * ```
 */
export function bfs(
  cells: number,
  start: number,
  neighbours: (cell: number) => readonly number[],
): number[] {
  const dist = Array<number>(cells).fill(-1);
  dist[start] = 0;
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    for (const v of neighbours(u)) {
      if (dist[v] === -1) {
        dist[v] = dist[u]! + 1;
        queue.push(v);
      }
    }
  }
  return dist;
}

/**
 * Distances by repeated relaxation (a checker route independent of {@linkcode bfs}).
 *
 * @example
 * ```ts
 * import { relaxDistances } from "./_kit.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(relaxDistances(3, 0, (c) => (c === 0 ? [1] : [])), [0, 1, -1]);
 * ```
 */
export function relaxDistances(
  cells: number,
  start: number,
  neighbours: (cell: number) => readonly number[],
): number[] {
  const dist = Array<number>(cells).fill(Infinity);
  dist[start] = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (let u = 0; u < cells; u++) {
      for (const v of neighbours(u)) {
        if (dist[u]! + 1 < dist[v]!) [dist[v], changed] = [dist[u]! + 1, true];
      }
    }
  }
  return dist.map((d) => (d === Infinity ? -1 : d));
}
