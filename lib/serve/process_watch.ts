/**
 * Watching the processes a server was launched through, so that stopping the launcher stops
 * the server: `npx … task farsight serve` runs the server as a great-grandchild (npm exec →
 * `sh -c` → `deno task` → `deno run`), and a SIGTERM to npx reaches none of them. A SIGINT to
 * npx's pid alone is forwarded by npm to its `sh -c` wrapper, which only notes it while it waits
 * for its child, so it reaches no one below either; the wrapper does wake up to note it, and
 * that is seen here (see {@linkcode watchProcesses}).
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

/**
 * How many times a process has woken up from sleeping (`voluntary_ctxt_switches` in
 * `/proc/PID/status`); `null` when unknown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wakeups } from "./process_watch.ts";
 * const n = wakeups(Deno.pid);
 * if (n !== null) assert.ok(n >= 0); // on Linux
 * assert.equal(wakeups(2 ** 30), null);
 * ```
 */
export function wakeups(pid: number): number | null {
  try {
    const m = Deno.readTextFileSync(`/proc/${pid}/status`).match(
      /^voluntary_ctxt_switches:\s*(\d+)/m,
    );
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Whether a launcher is a shell wrapper (`sh -c '…'`, as npm puts between itself and the
 * command): it has nothing to do but wait for its one child, so when it wakes up while the
 * child runs, it has received a signal it holds until the child ends (SIGINT, SIGQUIT).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isShellWrapper } from "./process_watch.ts";
 * assert.equal(isShellWrapper(["sh", "-c", "'deno' task farsight serve"]), true);
 * assert.equal(isShellWrapper(["deno", "task", "farsight", "serve"]), false);
 * ```
 */
export function isShellWrapper(argv: readonly string[]): boolean {
  const [exe = "", flag] = argv;
  return ["sh", "bash", "dash", "zsh"].includes(base(exe)) && flag === "-c";
}

/** Why {@linkcode watchProcesses} calls back. */
export type WatchReason = "exited" | "signalled";

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
 * Polls `processes` every `intervalMs` (default 500) and calls `onExit` once, with the first
 * that has exited (`"exited"`), or with a shell wrapper among them (see
 * {@linkcode isShellWrapper}) that woke up while its child ran (`"signalled"`: npx's pid got a
 * SIGINT that npm handed to the wrapper, which holds it; set `wrapperWakeups: false` not to
 * watch for this). A pause of this process itself (stopped with Ctrl-Z and continued, say: the
 * wrapper wakes up to see its child stop and continue) resets that count rather than firing.
 * Where `/proc` is missing and nothing can be watched, it watches this process's parent id
 * instead (a change means the parent died). Returns a function that stops watching; the timer
 * does not keep the process alive.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { watchProcesses } from "./process_watch.ts";
 * const gone = { pid: 2 ** 30, ppid: 1, start: "0", argv: [] };
 * const hold = setTimeout(() => {}, 10_000); // the watcher's timer does not keep a process alive
 * const [pid, why] = await new Promise<[number, string]>((resolve) => {
 *   const stop = watchProcesses([gone], (p, why) => (stop(), resolve([p.pid, why])), {
 *     intervalMs: 10,
 *   });
 * });
 * clearTimeout(hold);
 * assert.deepEqual([pid, why], [2 ** 30, "exited"]);
 * ```
 */
export function watchProcesses(
  processes: readonly ProcessInfo[],
  onExit: (process: ProcessInfo, why: WatchReason) => void,
  options: { intervalMs?: number; wrapperWakeups?: boolean } = {},
): () => void {
  const ppid = Deno.ppid;
  const intervalMs = options.intervalMs ?? 500;
  const wrappers = options.wrapperWakeups === false
    ? []
    : processes.filter((p) => isShellWrapper(p.argv));
  const baseline = new Map<number, number | null>();
  const rebase = () => wrappers.forEach((p) => baseline.set(p.pid, wakeups(p.pid)));
  rebase();
  let last = performance.now();
  let settle = 0;
  let fired = false;
  const fire = (p: ProcessInfo, why: WatchReason) => {
    fired = true;
    clearInterval(timer);
    onExit(p, why);
  };
  const timer = setInterval(() => {
    if (fired) return;
    const gone = processes.length
      ? processes.find((p) => !alive(p))
      : Deno.ppid !== ppid
      ? { pid: ppid, ppid: 0, start: "", argv: [] }
      : undefined;
    if (gone) return fire(gone, "exited");
    const now = performance.now();
    // This process did not run for a while (stopped, or starved): what woke the wrappers may
    // be that, so the count starts again, for two more ticks.
    if (now - last > 3 * intervalMs) settle = 2;
    last = now;
    if (settle > 0) {
      settle--;
      return rebase();
    }
    for (const p of wrappers) {
      const before = baseline.get(p.pid), count = wakeups(p.pid);
      if (before !== null && before !== undefined && count !== null && count > before) {
        return fire(p, "signalled");
      }
    }
  }, intervalMs);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}
