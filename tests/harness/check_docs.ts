/**
 * Checks the documentation of Farsight's public API, after the idea of Deno std's
 * `_tools/check_docs.ts`: in every checked area, each exported function's doc comment has an
 * `@example` whose code asserts its result (`assert…(…)` from `node:assert/strict`), and
 * `deno doc --lint` reports nothing in the area's files. Examples run as doc tests
 * (`deno test --doc`), so an asserting example fails when the result is wrong.
 *
 * {@linkcode CHECKED_AREAS} is the one list of checked areas: add an area there once its
 * `mod.ts` names its exports and every function has an asserting example. `tests/docs_test.ts`
 * runs both checks in `deno task test`; `deno run -A tests/harness/check_docs.ts` prints the
 * problems.
 * @module
 */
import { relative, resolve } from "node:path";

const ROOT = resolve(new URL("../..", import.meta.url).pathname);

/** Areas of `lib/` whose public API (`lib/<area>/mod.ts`) is checked. Extend this list. */
export const CHECKED_AREAS: readonly string[] = [
  "advantages",
  "compose",
  "curriculum",
  "datasets",
  "demo",
  "display",
  "eval",
  "exact",
  "export",
  "infer",
  "io",
  "metrics",
  "papers",
  "plot",
  "policy",
  "random",
  "report",
  "rewards",
  "serve",
  "stats",
  "tasks",
  "train",
  "verify",
];

/**
 * Files of checked areas left out for now, each with the reason. Empty this map, do not grow it.
 */
export const NOT_YET_CHECKED: Readonly<Record<string, string>> = {};

/** One problem found in the documentation, located by file and line. */
export interface DocProblem {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly line: number;
  /** The exported symbol, or the lint rule for `deno doc --lint` problems. */
  readonly symbol: string;
  readonly message: string;
}

const deno = Deno.execPath();

function areaOf(file: string): string | undefined {
  return /^lib\/([^/]+)\//.exec(file)?.[1];
}

function isChecked(file: string, areas: readonly string[]): boolean {
  const area = areaOf(file);
  return area !== undefined && areas.includes(area) && !(file in NOT_YET_CHECKED);
}

function toRelative(specifier: string): string {
  return relative(ROOT, specifier.startsWith("file://") ? new URL(specifier).pathname : specifier);
}

/** A call to `assert`, `assert.equal`, `assertEquals`, `assertThrows`, … in example code. */
const ASSERTION = /\bassert(?:[A-Z]\w*|\.\w+)?\s*\(/;

/** Whether an `@example` tag's text holds a code block that asserts something. */
export function exampleAsserts(example: string): boolean {
  const blocks = [...example.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.some((code) => ASSERTION.test(code));
}

interface DocTag {
  readonly kind: string;
  readonly doc?: string;
}
interface DocDeclaration {
  readonly kind: string;
  readonly location: { readonly filename: string; readonly line: number };
  readonly jsDoc?: { readonly tags?: readonly DocTag[] };
  readonly def?: { readonly tsType?: { readonly kind?: string } };
}
interface DocSymbol {
  readonly name: string;
  readonly declarations: readonly DocDeclaration[];
}

function isFunction(d: DocDeclaration): boolean {
  return d.kind === "function" ||
    (d.kind === "variable" && d.def?.tsType?.kind === "fnOrConstructor");
}

/**
 * Exported functions of the checked areas whose doc comment lacks an asserting `@example`.
 * Reads the public API through `deno doc --json lib/<area>/mod.ts`.
 */
export async function functionsWithoutAssertingExample(
  areas: readonly string[] = CHECKED_AREAS,
): Promise<DocProblem[]> {
  const output = await new Deno.Command(deno, {
    args: ["doc", "--json", ...areas.map((a) => `lib/${a}/mod.ts`)],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(`deno doc --json failed:\n${new TextDecoder().decode(output.stderr)}`);
  }
  const json = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    nodes: Record<string, { symbols?: readonly DocSymbol[] }>;
  };
  const problems = new Map<string, DocProblem>();
  for (const module of Object.values(json.nodes)) {
    for (const symbol of module.symbols ?? []) {
      for (const d of symbol.declarations.filter(isFunction)) {
        const file = toRelative(d.location.filename);
        if (!isChecked(file, areas)) continue;
        const examples = (d.jsDoc?.tags ?? []).filter((t) => t.kind === "example");
        if (examples.some((t) => exampleAsserts(t.doc ?? ""))) continue;
        problems.set(`${file}:${symbol.name}`, {
          file,
          line: d.location.line + 1, // deno doc counts lines from 0
          symbol: symbol.name,
          message: examples.length
            ? "@example asserts nothing (e.g. assert.deepEqual from node:assert/strict)"
            : "no @example",
        });
      }
    }
  }
  return [...problems.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/**
 * `deno doc --lint` problems located in the checked areas' files. All areas' `mod.ts` are
 * linted together, so a type that another area exports counts as public.
 */
export async function docLintProblems(
  areas: readonly string[] = CHECKED_AREAS,
): Promise<DocProblem[]> {
  const entries = [...Deno.readDirSync(`${ROOT}/lib`)]
    .filter((e) => e.isDirectory)
    .map((e) => `lib/${e.name}/mod.ts`)
    .filter((p) => {
      try {
        return Deno.statSync(`${ROOT}/${p}`).isFile;
      } catch {
        return false;
      }
    })
    .sort();
  const output = await new Deno.Command(deno, {
    args: ["doc", "--lint", ...entries],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  const problems: DocProblem[] = [];
  const pattern = /^error\[([\w-]+)\]: (.*)\n\s*--> (.*?):(\d+):\d+/gm;
  for (const m of text.matchAll(pattern)) {
    const file = toRelative(m[3]!);
    if (!isChecked(file, areas)) continue;
    problems.push({ file, line: Number(m[4]), symbol: m[1]!, message: m[2]! });
  }
  if (!output.success && problems.length === 0 && !/documentation lint errors/.test(text)) {
    throw new Error(`deno doc --lint failed:\n${text}`);
  }
  return problems;
}

/** Formats problems one per line as `file:line symbol: message`. */
export function formatProblems(problems: readonly DocProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line} ${p.symbol}: ${p.message}`).join("\n");
}

if (import.meta.main) {
  const missing = await functionsWithoutAssertingExample();
  const lint = await docLintProblems();
  console.log(formatProblems([...missing, ...lint]) || "No problems");
  console.log(`${missing.length} function(s) without an asserting example, ${lint.length} lint`);
  Deno.exit(missing.length + lint.length ? 1 : 0);
}
