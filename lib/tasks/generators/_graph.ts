import type { Rng } from "../../random/rng.ts";

/** An undirected weighted edge between nodes `a` and `b` (indices). */
export type Edge = [number, number, number];

/** Node names: A, B, …, Z, then A1, B1, … */
export function nodeName(i: number): string {
  return String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : "");
}

/** A random connected graph: a random spanning tree plus extra edges, no duplicates. */
export function randomConnectedGraph(
  rng: Rng,
  nodes: number,
  extra: number,
  maxWeight: number,
): Edge[] {
  const order = rng.shuffle(Array.from({ length: nodes }, (_, i) => i));
  const edges: Edge[] = [];
  const seen = new Set<string>();
  const add = (a: number, b: number) => {
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || seen.has(key)) return false;
    seen.add(key);
    edges.push([a, b, rng.int(1, maxWeight)]);
    return true;
  };
  for (let i = 1; i < nodes; i++) add(order[i]!, order[rng.int(0, i - 1)]!);
  const maxEdges = (nodes * (nodes - 1)) / 2;
  for (
    let tries = 0;
    edges.length < Math.min(maxEdges, nodes - 1 + extra) && tries < 10 * extra + 10;
    tries++
  ) {
    add(rng.int(0, nodes - 1), rng.int(0, nodes - 1));
  }
  return rng.shuffle(edges);
}

/** Renders the edge list: "A–C (weight 4), B–C (weight 7), …". */
export function describeEdges(edges: readonly Edge[], firstWeight?: string): string {
  return edges.map(([a, b, w], i) =>
    `${nodeName(a)}-${nodeName(b)} (weight ${i === 0 && firstWeight ? firstWeight : w})`
  )
    .join(", ");
}
