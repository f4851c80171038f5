/**
 * Watching the processes a server was launched through, so that stopping the launcher stops
 * the server: `npx … task farsight serve` runs the server as a great-grandchild (npm exec →
 * `sh -c` → `deno task` → `deno run`), and a SIGTERM to npx reaches none of them.
 * @module
 */

/** One process, as read from `/proc` (Linux). */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** Clock ticks since boot when it started: tells a reused pid from the original. */
  readonly start: string;
  readonly argv: readonly string[];
}

/**
 * Reads a process from `/proc`; `null` when it does not exist or `/proc` is not there.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readProcess } from "./process_watch.ts";
 * const self = readProcess(Deno.pid);
 * if (self) assert.equal(self.pid, Deno.pid); // on Linux
 * assert.equal(readProcess(2 ** 30), null);
 * ```
 */
export function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // The command name (field 2) may hold spaces and parentheses: fields resume after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const argv = Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0").filter((a) => a !== "");
    return { pid, ppid: Number(fields[1]), start: fields[19] ?? "", argv };
  } catch {
    return null;
  }
}

const base = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/**
 * Whether a command line is a launcher that starts Farsight without being it: `deno task`,
 * npm/npx (`npm exec`), a node running npm's or npx's CLI, or the `sh -c 'deno' …` wrapper npm
 * puts in between.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLauncher } from "./process_watch.ts";
 * assert.equal(isLauncher(["deno", "task", "farsight", "serve"]), true);
 * assert.equal(isLauncher(["npm", "exec", "deno@2.9.6", "task", "farsight"]), true);
 * assert.equal(isLauncher(["npm exec deno@2.9.6 task farsight serve"]), true); // a set title
 * assert.equal(isLauncher(["sh", "-c", "'deno' task farsight serve"]), true);
 * assert.equal(isLauncher(["/bin/bash"]), false);
 * assert.equal(isLauncher(["python3", "train.py"]), false);
 * ```
 */
export function isLauncher(argv: readonly string[]): boolean {
  // A process that set its title (npm: "npm exec deno@2.9.6 task …") shows one spaced string.
  const words = argv.length === 1 && argv[0]!.includes(" ") ? argv[0]!.split(/\s+/) : argv;
  const [exe = "", ...rest] = words;
  const name = base(exe);
  if (name === "deno") return rest[0] === "task";
  if (["npm", "npx", "pnpm", "yarn", "bunx"].includes(name)) return true;
  if (name === "node" || name.startsWith("node")) {
    return /(np[mx]-cli\.js|\/bin\/np[mx])$/.test(rest[0] ?? "");
  }
  if (["sh", "bash", "dash", "zsh"].includes(name) && rest[0] === "-c") {
    return /^['"]?(deno|npx|npm)\b/.test(rest[1] ?? "");
  }
  return false;
}

/** The ancestors a server should live no longer than. */
export interface WatchedAncestors {
  /** Launchers between this process and whoever ran them, nearest first. */
  readonly launchers: readonly ProcessInfo[];
  /** The first ancestor that is not a launcher (the shell, the trainer), when found. */
  readonly parent: ProcessInfo | null;
}

/**
 * Walks up from `pid` (default this process): the launchers in between, and the first real
 * parent above them. Empty on systems without `/proc`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ancestors } from "./process_watch.ts";
 * const { launchers, parent } = ancestors();
 * assert.ok(Array.isArray(launchers));
 * if (parent) assert.notEqual(parent.pid, Deno.pid);
 * ```
 */
export function ancestors(pid: number = Deno.pid): WatchedAncestors {
  const launchers: ProcessInfo[] = [];
  let info = readProcess(pid);
  for (let depth = 0; info && info.ppid > 1 && depth < 32; depth++) {
    const up = readProcess(info.ppid);
    if (!up) break;
    if (!isLauncher(up.argv)) return { launchers, parent: up };
    launchers.push(up);
    info = up;
  }
  return { launchers, parent: null };
}

/** Whether a watched process is still the same live process. */
function alive(p: ProcessInfo): boolean {
  const now = readProcess(p.pid);
  if (!now || now.start !== p.start) return false;
  // A zombie has exited already (its parent has not reaped it yet).
  try {
    const state = Deno.readTextFileSync(`/proc/${p.pid}/stat`);
    return state.slice(state.lastIndexOf(")") + 2, state.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/**
 * Polls `processes` every `intervalMs` (default 500) and calls `onExit` once with the first
 * that has exited. Where `/proc` is missing and nothing can be watched, it watches this
 * process's parent id instead (a change means the parent died). Returns a function that
 * stops watching; the timer does not keep the process alive.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { watchProcesses } from "./process_watch.ts";
 * const gone = { pid: 2 ** 30, ppid: 1, start: "0", argv: [] };
 * const hold = setTimeout(() => {}, 10_000); // the watcher's timer does not keep a process alive
 * const exited = await new Promise((resolve) => {
 *   const stop = watchProcesses([gone], (p) => (stop(), resolve(p.pid)), { intervalMs: 10 });
 * });
 * clearTimeout(hold);
 * assert.equal(exited, 2 ** 30);
 * ```
 */
export function watchProcesses(
  processes: readonly ProcessInfo[],
  onExit: (process: ProcessInfo) => void,
  options: { intervalMs?: number } = {},
): () => void {
  const ppid = Deno.ppid;
  let fired = false;
  const timer = setInterval(() => {
    if (fired) return;
    const gone = processes.length
      ? processes.find((p) => !alive(p))
      : Deno.ppid !== ppid
      ? { pid: ppid, ppid: 0, start: "", argv: [] }
      : undefined;
    if (gone) {
      fired = true;
      clearInterval(timer);
      onExit(gone);
    }
  }, options.intervalMs ?? 500);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}
