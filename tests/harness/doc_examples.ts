/**
 * Runs the doc-comment examples of `mod.ts`, `lib/` and `tests/` in a few shared isolates.
 *
 * `deno test --doc` runs every ```ts block of a JSDoc comment as its own module in a fresh
 * isolate, so each of several hundred examples pays for loading its dependencies (mathjs,
 * onnxruntime, jax-js) again: about a second each, ten minutes in all on two cores. Here the
 * same blocks are written out as modules and imported one after another from a few runner test
 * modules, so dependencies load once per runner. Deno still type-checks the blocks itself
 * (`deno check --doc`, the suite's check step); this file only changes how they are executed.
 *
 * Each example keeps its meaning: relative module specifiers and `import.meta.url` are resolved
 * against the file the example documents, bare specifiers through the project's `deno.json`.
 * Examples run sequentially in their runner, each awaited to completion, and a failure names the
 * source file and line of the block (`lib/verify/verify.ts:23`).
 * @module
 */
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(new URL("../..", import.meta.url).pathname);

/** One fenced example in a doc comment. */
export interface DocExample {
  /** Source file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence in the source file. */
  readonly line: number;
  /** The example's code, comment markers removed. */
  readonly code: string;
}

const FENCE_OPEN = /^```(ts|typescript|js|javascript|tsx|jsx|mts|mjs)\s*$/;

/**
 * The fenced TypeScript/JavaScript blocks inside the `/** … *\/` comments of one source text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractDocExamples } from "./doc_examples.ts";
 * const fence = "`".repeat(3);
 * const src = ["/**", " * Doubles.", ` * ${fence}ts`, " * assert.equal(2 * 2, 4);", ` * ${fence}`, " *\/"];
 * const [ex] = extractDocExamples("lib/x.ts", src.join("\n"));
 * assert.deepEqual(ex, { file: "lib/x.ts", line: 3, code: "assert.equal(2 * 2, 4);" });
 * ```
 */
export function extractDocExamples(file: string, text: string): DocExample[] {
  const lines = text.split("\n");
  const out: DocExample[] = [];
  const strip = (l: string) => l.replace(/^\s*\* ?/, "");
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!inComment) {
      const opened = raw.match(/^\s*\/\*\*(.*)$/);
      if (opened && !opened[1]!.includes("*/")) inComment = true;
      continue;
    }
    if (raw.includes("*/")) {
      inComment = false;
      continue;
    }
    // an opening fence has an info string (```ts, ```ts ignore, ```sh); a bare ``` closes
    if (!/^```\S/.test(strip(raw))) continue;
    const close = lines.findIndex((l, j) =>
      j > i && (/^```\s*$/.test(strip(l)) || l.includes("*/"))
    );
    if (close < 0 || lines[close]!.includes("*/")) {
      throw new Error(`${file}:${i + 1}: code block not closed before its comment ends`);
    }
    if (FENCE_OPEN.test(strip(raw))) {
      out.push({ file, line: i + 1, code: lines.slice(i + 1, close).map(strip).join("\n") });
    }
    i = close;
  }
  return out;
}

/**
 * An example's code made importable from anywhere: relative specifiers of static and dynamic
 * imports and re-exports, and `import.meta.url`, resolved against the documented file's URL.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rebaseExample } from "./doc_examples.ts";
 * // (the pieces are joined so that this example's own text has nothing to rebase)
 * const [from, meta] = ["from", ["import", "meta", "url"].join(".")];
 * const code = `import { f } ${from} "./mod.ts";\nconst u = new URL("../d", ${meta});`;
 * assert.equal(
 *   rebaseExample(code, "file:///p/lib/a/x.ts"),
 *   `import { f } ${from} "file:///p/lib/a/mod.ts";\nconst u = new URL("../d", "file:///p/lib/a/x.ts");`,
 * );
 * ```
 */
export function rebaseExample(code: string, sourceUrl: string): string {
  return code
    .replace(
      /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*)\2/g,
      (_m, head: string, q: string, spec: string) =>
        `${head}${q}${new URL(spec, sourceUrl).href}${q}`,
    )
    .replaceAll("import.meta.url", JSON.stringify(sourceUrl));
}

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) yield* sourceFiles(p);
    else if (e.isFile && /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith(".d.ts")) yield p;
  }
}

/** Every doc example of `mod.ts`, `lib/` and `tests/`, in path order. */
export async function collectDocExamples(root = ROOT): Promise<DocExample[]> {
  const files = [join(root, "mod.ts")];
  for (const dir of ["lib", "tests"]) {
    for await (const f of sourceFiles(join(root, dir))) files.push(f);
  }
  files.sort();
  const out: DocExample[] = [];
  for (const f of files) {
    out.push(...extractDocExamples(relative(root, f), await Deno.readTextFile(f)));
  }
  return out;
}

/**
 * Writes the examples as modules under `dir` and `shards` runner test modules
 * (`doc_examples_<k>_test.ts`) that import them in order; returns the runners' paths.
 */
export async function writeDocExampleRunners(
  dir: string,
  examples: readonly DocExample[],
  shards = 2,
  root = ROOT,
): Promise<string[]> {
  await Deno.mkdir(join(dir, "examples"), { recursive: true });
  const lists: string[][] = Array.from({ length: shards }, () => []);
  for (const [i, ex] of examples.entries()) {
    const name = `${String(i).padStart(4, "0")}.ts`;
    const sourceUrl = pathToFileURL(join(root, ex.file)).href;
    await Deno.writeTextFile(
      join(dir, "examples", name),
      `// ${ex.file}:${ex.line}\n${rebaseExample(ex.code, sourceUrl)}\nexport {};\n`,
    );
    lists[i % shards]!.push(
      `  [${JSON.stringify(`${ex.file}:${ex.line}`)}, ${JSON.stringify(`./examples/${name}`)}],`,
    );
  }
  const runners: string[] = [];
  for (const [k, list] of lists.entries()) {
    const path = join(dir, `doc_examples_${k + 1}_test.ts`);
    await Deno.writeTextFile(
      path,
      [
        "// Doc-comment examples, imported one after another in this isolate.",
        "const EXAMPLES: [string, string][] = [",
        ...list,
        "];",
        "for (const [name, module] of EXAMPLES) {",
        "  Deno.test(`doc example ${name}`, async () => {",
        "    await import(module);",
        "  });",
        "}",
        "",
      ].join("\n"),
    );
    runners.push(path);
  }
  return runners;
}
