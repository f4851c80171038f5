import type { Rng } from "../../random/rng.ts";
import type { AttributeSpec, ChainInput } from "./family.ts";

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

/** Params every graph family has: node count and `[a, b, weight]` edges. */
export interface GraphParams {
  [key: string]: unknown;
  nodes: number;
  edges: number[][];
}

/** The difficulty attributes shared by the graph families. */
export const GRAPH_ATTRIBUTES: Readonly<Record<string, AttributeSpec>> = {
  nodes: {
    description: "number of nodes",
    levels: [3, 4, 5, 6, 8, 10, 14, 20, 26],
    default: [4, 6],
    min: 3,
    max: 26,
  },
  extra_edges: {
    description: "edges beyond a spanning tree",
    levels: [0, 1, 2, 4, 8, 16, 30],
    default: [1, 4],
    min: 0,
    max: 30,
  },
};

/** "An undirected graph has nodes A, B, … and edges …" (the chain input shown as `inputSymbol`). */
export function describeGraph(p: GraphParams, inputSymbol?: string): string {
  const names = Array.from({ length: p.nodes }, (_, i) => nodeName(i)).join(", ");
  return `An undirected graph has nodes ${names} and edges ${
    describeEdges(p.edges as Edge[], inputSymbol)
  }.`;
}

/** The graph difficulty values of an item. */
export function graphDifficulty(p: GraphParams): Record<string, number> {
  return { nodes: p.nodes, extra_edges: p.edges.length - (p.nodes - 1) };
}

/** The chain input of the graph families: the weight of the first listed edge. */
export function firstEdgeWeightInput<P extends GraphParams>(): ChainInput<P> {
  return {
    describe: "the weight of the first listed edge",
    min: 1n,
    max: 10n ** 9n,
    get: (p) => BigInt(p.edges[0]![2]!),
    set: (p, v) => ({
      ...p,
      edges: [[p.edges[0]![0]!, p.edges[0]![1]!, Number(v)], ...p.edges.slice(1)],
    }),
  };
}
