import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";
import {
  describeGraph,
  type Edge,
  firstEdgeWeightInput,
  GRAPH_ATTRIBUTES,
  graphDifficulty,
  nodeName,
  randomConnectedGraph,
} from "./_graph.ts";

interface ShortestPathParams {
  [key: string]: number | number[][];
  nodes: number;
  edges: number[][];
  target: number;
}

function dijkstra(nodes: number, edges: readonly number[][], source: number): number[] {
  const dist = Array(nodes).fill(Infinity);
  const done = Array(nodes).fill(false);
  dist[source] = 0;
  for (let round = 0; round < nodes; round++) {
    let u = -1;
    for (let v = 0; v < nodes; v++) if (!done[v] && (u < 0 || dist[v] < dist[u])) u = v;
    if (u < 0 || dist[u] === Infinity) break;
    done[u] = true;
    for (const [a, b, w] of edges) {
      if (a === u && dist[u] + w! < dist[b!]) dist[b!] = dist[u] + w!;
      if (b === u && dist[u] + w! < dist[a!]) dist[a!] = dist[u] + w!;
    }
  }
  return dist;
}

/**
 * Shortest-path length in a connected weighted undirected graph, from node A to another node.
 * Attributes: `nodes` (3–26), `extra_edges` (edges beyond a spanning tree, 0–30). Chain input:
 * the weight of the first listed edge.
 *
 * @example
 * ```ts
 * import { shortestPath } from "./shortest_path.ts";
 * shortestPath.answer({ nodes: 3, edges: [[0, 1, 5], [1, 2, 1], [0, 2, 9]], target: 2 }); // "6"
 * ```
 */
export const shortestPath = defineFamily<ShortestPathParams>({
  name: "shortest_path",
  category: "graphs",
  description: "Length of the shortest path in a weighted graph",
  answerKind: "integer",
  attributes: GRAPH_ATTRIBUTES,
  sample(rng, config) {
    const nodes = drawIn(rng, config.nodes!);
    const edges: Edge[] = randomConnectedGraph(rng, nodes, drawIn(rng, config.extra_edges!), 20);
    return { nodes, edges, target: rng.int(1, nodes - 1) };
  },
  difficulty: graphDifficulty,
  question: (p, inputSymbol) =>
    `${describeGraph(p, inputSymbol)} What is the total weight of the shortest path from ${
      nodeName(0)
    } to ${nodeName(p.target)}?`,
  answer: (p) => String(dijkstra(p.nodes, p.edges, 0)[p.target]),
  check(p, answer) {
    // Independent route: Bellman–Ford.
    const v = parseIntAnswer(answer);
    if (v === null) return false;
    const dist = Array(p.nodes).fill(Infinity);
    dist[0] = 0;
    for (let i = 0; i < p.nodes; i++) {
      for (const [a, b, w] of p.edges) {
        dist[b!] = Math.min(dist[b!], dist[a!] + w!);
        dist[a!] = Math.min(dist[a!], dist[b!] + w!);
      }
    }
    return BigInt(dist[p.target]) === v;
  },
  input: firstEdgeWeightInput(),
});
