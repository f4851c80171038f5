/**
 * Temporary files beside an output (`out.jsonl.tmp-PID-XXXXXXXX`), renamed over it when done.
 * While one is open, SIGINT, SIGTERM and SIGHUP remove it before the process exits; one left by
 * a killed process (SIGKILL, power loss) is recognised by its dead PID and removed by the next
 * run that writes the same output. The set of open temporaries is per process, since signals
 * are.
 * @module
 */
import { basename, dirname, join } from "node:path";

const open = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const EXIT: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const handlers = new Map<Deno.Signal, () => void>();

function onSignal(signal: (typeof SIGNALS)[number]): () => void {
  return () => {
    for (const path of open) {
      try {
        Deno.removeSync(path);
      } catch { /* already gone */ }
    }
    open.clear();
    Deno.exit(EXIT[signal]);
  };
}

function listen(): void {
  if (handlers.size) return;
  for (const signal of SIGNALS) {
    const handler = onSignal(signal);
    try {
      Deno.addSignalListener(signal, handler);
      handlers.set(signal, handler);
    } catch { /* a signal this platform does not have */ }
  }
}

function unlisten(): void {
  for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  handlers.clear();
}

const PATTERN = /^\.tmp-(\d+)-[0-9a-f]{8}$/;

/** Whether a process with this id is running (Linux `/proc`; elsewhere `undefined`: unknown). */
function running(pid: number): boolean | undefined {
  try {
    Deno.statSync("/proc/self");
  } catch {
    return undefined;
  }
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes temporaries of `path` left by processes that are no longer running (recognised by
 * the PID in their name; where PIDs cannot be checked, by being over a day old). Returns the
 * paths removed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { removeStaleTemporaries } from "./temp_files.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/out.jsonl.tmp-999999999-0123abcd`, "partial");
 * await Deno.writeTextFile(`${dir}/out.jsonl.tmp-${Deno.pid}-0123abcd`, "ours");
 * const removed = await removeStaleTemporaries(`${dir}/out.jsonl`);
 * assert.deepEqual(removed, [`${dir}/out.jsonl.tmp-999999999-0123abcd`]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function removeStaleTemporaries(path: string): Promise<string[]> {
  const dir = dirname(path) || ".";
  const prefix = `${basename(path)}.tmp-`;
  const removed: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch {
    return removed;
  }
  for (const entry of entries) {
    if (!entry.isFile || !entry.name.startsWith(prefix)) continue;
    const m = entry.name.slice(basename(path).length).match(PATTERN);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === Deno.pid) continue;
    const full = join(dir, entry.name);
    let stale = running(pid) === false;
    if (running(pid) === undefined) {
      const mtime = (await Deno.stat(full).catch(() => null))?.mtime?.getTime() ?? Date.now();
      stale = Date.now() - mtime > 24 * 3600 * 1000;
    }
    if (!stale) continue;
    try {
      await Deno.remove(full);
      removed.push(full);
    } catch { /* removed by someone else meanwhile */ }
  }
  return removed.sort();
}

/**
 * A fresh temporary path beside `path`, registered so that SIGINT/SIGTERM/SIGHUP remove it;
 * stale temporaries of `path` are removed first. Call {@linkcode releaseTemporary} once it is
 * renamed or removed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createTemporary, releaseTemporary } from "./temp_files.ts";
 * const dir = await Deno.makeTempDir();
 * const temporary = await createTemporary(`${dir}/out.json`);
 * assert.match(temporary, new RegExp(`out\\.json\\.tmp-${Deno.pid}-[0-9a-f]{8}$`));
 * releaseTemporary(temporary);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function createTemporary(path: string): Promise<string> {
  await removeStaleTemporaries(path);
  const hex = [...crypto.getRandomValues(new Uint8Array(4))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  const temporary = `${path}.tmp-${Deno.pid}-${hex}`;
  open.add(temporary);
  listen();
  return temporary;
}

/**
 * Forgets a temporary made by {@linkcode createTemporary} (after renaming or removing it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createTemporary, openTemporaries, releaseTemporary } from "./temp_files.ts";
 * const temporary = await createTemporary(`${await Deno.makeTempDir()}/x`);
 * assert.ok(openTemporaries().includes(temporary));
 * releaseTemporary(temporary);
 * assert.ok(!openTemporaries().includes(temporary));
 * ```
 */
export function releaseTemporary(temporary: string): void {
  open.delete(temporary);
  if (open.size === 0) unlisten();
}

/**
 * The temporaries this process has open now.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openTemporaries } from "./temp_files.ts";
 * assert.ok(Array.isArray(openTemporaries()));
 * ```
 */
export function openTemporaries(): string[] {
  return [...open];
}
