/**
 * The documentation's shell examples: every ```sh / ```bash block of `README.md` and
 * `docs/*.md` runs as written, in order, from the root of a scratch copy of the repository.
 * A block preceded by an `<!-- illustration … -->` comment (blank lines allowed between) is
 * not run: use it for long training runs, servers that do not exit, and commands that install
 * software. `tests/docs_shell_test.ts` runs the check in `deno task test`;
 * `deno run -A tests/harness/shell_blocks.ts [FILE.md…]` runs it by hand.
 * @module
 */
import { join, relative, resolve } from "node:path";

const ROOT = resolve(new URL("../..", import.meta.url).pathname);

/** One shell block of a Markdown file. */
export interface ShellBlock {
  /** Path relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The block's text. */
  readonly code: string;
  /** Marked `<!-- illustration … -->`: shown, not run. */
  readonly illustration: boolean;
}

/** The ```sh and ```bash blocks of a Markdown text, in order, with their markers. */
export function shellBlocks(text: string, file: string): ShellBlock[] {
  const lines = text.split("\n");
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    let end = i + 1;
    while (end < lines.length && lines[end]!.trim() !== fence) end++;
    if (open[3] === "sh" || open[3] === "bash") {
      let before = i - 1;
      while (before >= 0 && !lines[before]!.trim()) before--;
      const illustration = before >= 0 && /^\s*<!--\s*illustration\b/.test(lines[before]!);
      const indent = open[1]!.length;
      const code = lines.slice(i + 1, end).map((l) => l.slice(Math.min(indent, l.search(/\S|$/))))
        .join("\n");
      blocks.push({ file, line: i + 1, code, illustration });
    }
    i = end;
  }
  return blocks;
}

/** The Markdown files whose shell blocks are checked: `README.md` and `docs/*.md`. */
export function documentationFiles(): string[] {
  const docs = [...Deno.readDirSync(join(ROOT, "docs"))]
    .filter((e) => e.isFile && e.name.endsWith(".md")).map((e) => `docs/${e.name}`).sort();
  return ["README.md", ...docs];
}

/** Copies the repository's files (tracked and untracked, not ignored) into a new folder. */
export async function scratchCopy(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "farsight-docs-" });
  const listed = await new Deno.Command("git", {
    args: ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!listed.success) throw new Error(`git ls-files failed in ${ROOT}`);
  const files = new TextDecoder().decode(listed.stdout).split("\0").filter(Boolean);
  const made = new Set<string>();
  for (const file of files) {
    const target = join(dir, file);
    const parent = target.slice(0, target.lastIndexOf("/"));
    if (!made.has(parent)) {
      await Deno.mkdir(parent, { recursive: true });
      made.add(parent);
    }
    try {
      await Deno.copyFile(join(ROOT, file), target);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // deleted, not yet committed
    }
  }
  return dir;
}

/** The outcome of running one block. */
export interface BlockRun {
  readonly block: ShellBlock;
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/**
 * Runs `blocks` in order with bash (`-euo pipefail`) in `cwd`, with this Deno first on `PATH`,
 * and stops at the first failure.
 */
export async function runBlocks(
  blocks: readonly ShellBlock[],
  cwd: string,
): Promise<BlockRun[]> {
  const denoDir = Deno.execPath().slice(0, Deno.execPath().lastIndexOf("/"));
  const env = { PATH: `${denoDir}:${Deno.env.get("PATH") ?? ""}`, NO_COLOR: "1" };
  const runs: BlockRun[] = [];
  for (const block of blocks) {
    if (block.illustration) continue;
    const start = performance.now();
    const out = await new Deno.Command("bash", {
      args: ["-euo", "pipefail", "-c", block.code],
      cwd,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    const run = {
      block,
      code: out.code,
      output: dec.decode(out.stdout) + dec.decode(out.stderr),
      seconds: (performance.now() - start) / 1000,
    };
    runs.push(run);
    if (out.code !== 0) break;
  }
  return runs;
}

if (import.meta.main) {
  const files = Deno.args.length
    ? Deno.args.map((f) => relative(ROOT, resolve(f)))
    : documentationFiles();
  let failed = false;
  for (const file of files) {
    const dir = await scratchCopy();
    try {
      const blocks = shellBlocks(await Deno.readTextFile(join(ROOT, file)), file);
      for (const run of await runBlocks(blocks, dir)) {
        const where = `${run.block.file}:${run.block.line}`;
        console.log(`${run.code === 0 ? "ok  " : "FAIL"} ${where} (${run.seconds.toFixed(1)} s)`);
        if (run.code !== 0) {
          failed = true;
          console.log(run.output);
        }
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
  Deno.exit(failed ? 1 : 0);
}
