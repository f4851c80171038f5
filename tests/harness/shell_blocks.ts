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

/** Folders a scratch copy leaves out: git's, build outputs and caches (see `.gitignore`). */
const NOT_COPIED = new Set([".git", "out", ".jupyter", "node_modules"]);

/**
 * Copies the repository's files into a new folder, leaving out {@linkcode NOT_COPIED}, so the
 * blocks run as on a fresh clone and write nothing into the repository.
 */
export async function scratchCopy(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "farsight-docs-" });
  const copy = async (from: string, to: string) => {
    for await (const entry of Deno.readDir(from)) {
      if (NOT_COPIED.has(entry.name)) continue;
      const source = join(from, entry.name), target = join(to, entry.name);
      if (entry.isDirectory) {
        await Deno.mkdir(target);
        await copy(source, target);
      } else if (entry.isFile) await Deno.copyFile(source, target);
    }
  };
  await copy(ROOT, dir);
  return dir;
}

/** The outcome of running one block. */
export interface BlockRun {
  readonly block: ShellBlock;
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/** Seconds a block may run before it is stopped and reported (a server left unmarked, say). */
export const BLOCK_TIMEOUT_S = 180;

/**
 * Runs `blocks` in order with bash (`-euo pipefail`) in `cwd`, with this Deno first on `PATH`,
 * and stops at the first failure. Each block runs in its own process group, which is killed when
 * the block ends or after {@linkcode BLOCK_TIMEOUT_S} (exit code 124, with a message naming the
 * block), so nothing it started outlives it.
 */
export async function runBlocks(
  blocks: readonly ShellBlock[],
  cwd: string,
  timeoutS = BLOCK_TIMEOUT_S,
): Promise<BlockRun[]> {
  const denoDir = Deno.execPath().slice(0, Deno.execPath().lastIndexOf("/"));
  const env = { PATH: `${denoDir}:${Deno.env.get("PATH") ?? ""}`, NO_COLOR: "1" };
  const runs: BlockRun[] = [];
  const killGroup = (pid: number) => {
    try {
      Deno.kill(-pid, "SIGKILL");
    } catch { /* the group is gone */ }
  };
  for (const block of blocks) {
    if (block.illustration) continue;
    const start = performance.now();
    const child = new Deno.Command("bash", {
      args: ["-euo", "pipefail", "-c", block.code],
      cwd,
      env,
      stdout: "piped",
      stderr: "piped",
      detached: true, // its own process group
    }).spawn();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutS * 1000);
    const out = await child.output();
    clearTimeout(timer);
    killGroup(child.pid);
    const dec = new TextDecoder();
    const run = {
      block,
      code: timedOut ? 124 : out.code,
      output: dec.decode(out.stdout) + dec.decode(out.stderr) +
        (timedOut
          ? `\n${block.file}:${block.line}: stopped after ${timeoutS} s; a block that runs until ` +
            "stopped must be marked <!-- illustration … -->"
          : ""),
      seconds: (performance.now() - start) / 1000,
    };
    runs.push(run);
    if (run.code !== 0) break;
  }
  return runs;
}

/** The runs of one Markdown file's blocks, each file in its own scratch copy. */
export interface FileRun {
  readonly file: string;
  readonly runs: readonly BlockRun[];
  /** Blocks that were to run (not illustrations). */
  readonly expected: number;
}

/**
 * Runs the blocks of every file in `files`, each file in its own scratch copy, `parallel` files
 * at a time (their commands mostly wait on process start-up, so a few overlap well).
 */
export async function runFiles(files: readonly string[], parallel = 3): Promise<FileRun[]> {
  const results: FileRun[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const file = files[i]!;
      const blocks = shellBlocks(await Deno.readTextFile(join(ROOT, file)), file);
      const expected = blocks.filter((b) => !b.illustration).length;
      if (!expected) {
        results[i] = { file, runs: [], expected };
        continue;
      }
      const dir = await scratchCopy();
      try {
        results[i] = { file, runs: await runBlocks(blocks, dir), expected };
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  return results;
}

if (import.meta.main) {
  const files = Deno.args.length
    ? Deno.args.map((f) => relative(ROOT, resolve(f)))
    : documentationFiles();
  let failed = false;
  for (const { runs } of await runFiles(files)) {
    for (const run of runs) {
      const where = `${run.block.file}:${run.block.line}`;
      console.log(`${run.code === 0 ? "ok  " : "FAIL"} ${where} (${run.seconds.toFixed(1)} s)`);
      if (run.code !== 0) {
        failed = true;
        console.log(run.output);
      }
    }
  }
  Deno.exit(failed ? 1 : 0);
}
