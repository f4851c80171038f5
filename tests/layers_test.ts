/**
 * Clean layers: the static imports between `lib/<area>` folders form no cycle. The graph is read
 * from the source (every `import … from` and `export … from` with a relative specifier, doc
 * comments excluded), so a new cross-area import that closes a loop fails here with the loop
 * printed, file by file.
 * @module
 */
import assert from "node:assert/strict";
import { relative, resolve } from "node:path";

const LIB = resolve(new URL("../lib", import.meta.url).pathname);

/** One edge of the area graph, with the first file (and specifier) that makes it. */
interface Edge {
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly specifier: string;
}

async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await tsFiles(path));
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out.sort();
}

/** Strips block and line comments, so that imports inside `@example` blocks do not count. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** The relative specifiers a module imports or re-exports statically. */
export function staticImports(source: string): string[] {
  const code = stripComments(source);
  const specs: string[] = [];
  const pattern = /(?:^|[;\n])\s*(?:import|export)\s(?:[^;"'`]*?\sfrom\s)?\s*["']([^"']+)["']/g;
  for (const match of code.matchAll(pattern)) {
    if (match[1]!.startsWith(".")) specs.push(match[1]!);
  }
  return specs;
}

function areaOf(path: string): string | undefined {
  const rel = relative(LIB, path);
  if (rel.startsWith("..")) return undefined;
  const parts = rel.split("/");
  return parts.length > 1 ? parts[0] : undefined;
}

/** The area graph of `lib/`: area → (imported area → first edge). */
async function areaGraph(): Promise<Map<string, Map<string, Edge>>> {
  const graph = new Map<string, Map<string, Edge>>();
  for (const file of await tsFiles(LIB)) {
    const from = areaOf(file)!;
    if (!graph.has(from)) graph.set(from, new Map());
    for (const specifier of staticImports(await Deno.readTextFile(file))) {
      const to = areaOf(resolve(file, "..", specifier));
      if (to === undefined || to === from || graph.get(from)!.has(to)) continue;
      graph.get(from)!.set(to, { from, to, file: relative(LIB, file), specifier });
    }
  }
  return graph;
}

/** Every elementary cycle found by depth-first search, each as its list of edges. */
function findCycles(graph: Map<string, Map<string, Edge>>): Edge[][] {
  const cycles: Edge[][] = [];
  const seen = new Set<string>();
  const areas = [...graph.keys()].sort();
  for (const start of areas) {
    const stack: Edge[] = [];
    const onPath = new Set<string>([start]);
    const visit = (node: string) => {
      for (const edge of graph.get(node)?.values() ?? []) {
        // Each cycle is reported once, from its smallest area.
        if (edge.to < start) continue;
        if (edge.to === start) {
          const cycle = [...stack, edge];
          const key = cycle.map((e) => e.from).join(">");
          if (!seen.has(key)) {
            seen.add(key);
            cycles.push(cycle);
          }
        } else if (!onPath.has(edge.to)) {
          onPath.add(edge.to);
          stack.push(edge);
          visit(edge.to);
          stack.pop();
          onPath.delete(edge.to);
        }
      }
    };
    visit(start);
  }
  return cycles;
}

function describe(cycle: Edge[]): string {
  const path = [...cycle.map((e) => e.from), cycle[0]!.from].join(" -> ");
  const lines = cycle.map((e) => `  ${e.from} -> ${e.to}: lib/${e.file} imports "${e.specifier}"`);
  return [path, ...lines].join("\n");
}

Deno.test("the areas of lib/ import each other without a cycle", async () => {
  const cycles = findCycles(await areaGraph());
  assert.equal(
    cycles.length,
    0,
    `import cycles between areas:\n${cycles.map(describe).join("\n")}`,
  );
});

Deno.test("the layer check reads static imports and re-exports, not examples", () => {
  const source = [
    "/**",
    " * ```ts",
    ' * import { x } from "../ignored/mod.ts";',
    " * ```",
    " */",
    'import type { A } from "../a/a.ts";',
    'import { b,\n  c } from "../b/b.ts";',
    'export * from "./local.ts";',
    'export { d } from "../d/mod.ts";',
    'import "../side/effect.ts";',
    'import assert from "node:assert/strict";',
    "const s = \"import { z } from '../z.ts'\";",
  ].join("\n");
  assert.deepEqual(staticImports(source), [
    "../a/a.ts",
    "../b/b.ts",
    "./local.ts",
    "../d/mod.ts",
    "../side/effect.ts",
  ]);
});

Deno.test("the cycle finder reports a cycle once, with the files that close it", () => {
  const edge = (from: string, to: string): [string, Edge] => [
    to,
    { from, to, file: `${from}/x.ts`, specifier: `../${to}/y.ts` },
  ];
  const graph = new Map([
    ["a", new Map([edge("a", "b")])],
    ["b", new Map([edge("b", "c")])],
    ["c", new Map([edge("c", "a"), edge("c", "d")])],
    ["d", new Map<string, Edge>()],
  ]);
  const cycles = findCycles(graph);
  assert.equal(cycles.length, 1);
  assert.match(describe(cycles[0]!), /^a -> b -> c -> a\n {2}a -> b: lib\/a\/x\.ts imports/);
  assert.equal(findCycles(new Map([["d", new Map<string, Edge>()]])).length, 0);
});

Deno.test("deno.json exports every area's mod.ts as a subpath, and the top mod.ts as '.'", async () => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
  ) as { exports: Record<string, string> };
  const areas: string[] = [];
  for await (const entry of Deno.readDir(LIB)) {
    if (entry.isDirectory && entry.name !== "cli") {
      try {
        await Deno.stat(`${LIB}/${entry.name}/mod.ts`);
        areas.push(entry.name);
      } catch {
        // an area without a public entry point has no subpath
      }
    }
  }
  const expected = Object.fromEntries([
    [".", "./mod.ts"],
    ...areas.sort().map((a) => [`./${a}`, `./lib/${a}/mod.ts`]),
  ]);
  assert.deepEqual(config.exports, expected);
});
