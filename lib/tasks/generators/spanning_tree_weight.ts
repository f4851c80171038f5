import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";
import {
  describeGraph,
  type Edge,
  firstEdgeWeightInput,
  GRAPH_ATTRIBUTES,
  graphDifficulty,
  randomConnectedGraph,
} from "./_graph.ts";

interface SpanningTreeParams {
  [key: string]: number | number[][];
  nodes: number;
  edges: number[][];
}

function kruskal(nodes: number, edges: readonly number[][]): number {
  const parent = Array.from({ length: nodes }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  let total = 0;
  for (const [a, b, w] of [...edges].sort((x, y) => x[2]! - y[2]!)) {
    const ra = find(a!), rb = find(b!);
    if (ra !== rb) {
      parent[ra] = rb;
      total += w!;
    }
  }
  return total;
}

function prim(nodes: number, edges: readonly number[][]): number {
  const inTree = Array(nodes).fill(false);
  inTree[0] = true;
  let total = 0;
  for (let added = 1; added < nodes; added++) {
    let best: number[] | undefined;
    for (const e of edges) {
      if (inTree[e[0]!] !== inTree[e[1]!] && (!best || e[2]! < best[2]!)) best = e;
    }
    if (!best) return NaN;
    total += best[2]!;
    inTree[best[0]!] = inTree[best[1]!] = true;
  }
  return total;
}

/**
 * Total weight of a minimum spanning tree of a connected weighted graph. Attributes: `nodes`
 * (3–26), `extra_edges` (0–30). Chain input: the weight of the first listed edge.
 *
 * @example
 * ```ts
 * import { spanningTreeWeight } from "./spanning_tree_weight.ts";
 * spanningTreeWeight.answer({ nodes: 3, edges: [[0, 1, 5], [1, 2, 1], [0, 2, 9]] }); // "6"
 * ```
 */
export const spanningTreeWeight = defineFamily<SpanningTreeParams>({
  name: "spanning_tree_weight",
  category: "graphs",
  description: "Weight of a minimum spanning tree",
  answerKind: "integer",
  attributes: GRAPH_ATTRIBUTES,
  sample(rng, config) {
    const nodes = drawIn(rng, config.nodes!);
    const edges: Edge[] = randomConnectedGraph(rng, nodes, drawIn(rng, config.extra_edges!), 30);
    return { nodes, edges };
  },
  difficulty: graphDifficulty,
  question: (p, inputSymbol) =>
    `${describeGraph(p, inputSymbol)} What is the total weight of a minimum spanning tree?`,
  answer: (p) => String(kruskal(p.nodes, p.edges)),
  check(p, answer) {
    const v = parseIntAnswer(answer);
    return v !== null && BigInt(prim(p.nodes, p.edges)) === v;
  },
  input: firstEdgeWeightInput(),
});
