/**
 * What produced a results file: a sidecar `<file>.provenance.json` beside it, written by `eval`,
 * `score` and `compose`. It holds the command, its `identity` (the options and the fingerprints
 * of the inputs that decide the results: what must match for a run to resume the file) and,
 * for the record, the input paths and when it was written. A sidecar leaves the results file's
 * own format untouched, so every reader of it keeps working.
 * @module
 */
import { writeFileAtomic } from "./atomic_write.ts";

/** A file's (or a directory's) fingerprint: its size and a SHA-256 of its content. */
export interface Fingerprint {
  /** Bytes in all. */
  readonly bytes: number;
  /**
   * Hex SHA-256 of the content (of a directory: of its files' names and fingerprints). Files
   * over 64 MiB are hashed on their size, first and last MiB (`sampled: true`).
   */
  readonly sha256: string;
  /** The hash covers a file's first and last MiB only (a file over 64 MiB). */
  readonly sampled?: true;
}

/** The sidecar's content. */
export interface RunProvenance {
  /** Format version of this record. */
  readonly farsight_provenance: 1;
  /** The command that wrote the file (`eval`, `score`, `compose`). */
  readonly command: string;
  /** What decides the results: options and input fingerprints (plain JSON). */
  readonly identity: Record<string, unknown>;
  /** Input paths as given, for the record (not compared: a moved file is the same file). */
  readonly inputs?: Record<string, string>;
  /** When the record was written (ISO 8601). */
  readonly written_at?: string;
}

/** A run asked to resume a results file that another run wrote. */
export class ResumeMismatchError extends Error {
  /** The results file. */
  readonly file: string;
  /** One line per difference, `name: "then" before, "now" now`. */
  readonly differences: readonly string[];
  /** Builds the error: the file, what differs, and how to start fresh. */
  constructor(file: string, differences: readonly string[], fresh: string) {
    super(
      `Cannot resume ${file}: it holds results of a different run.\n` +
        differences.map((d) => `  ${d}`).join("\n") +
        `\nTo start fresh, ${fresh}.`,
    );
    this.name = "ResumeMismatchError";
    this.file = file;
    this.differences = differences;
  }
}

/**
 * The sidecar's path for a results file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { provenancePath } from "./run_provenance.ts";
 * assert.equal(provenancePath("out/eval/results.jsonl"), "out/eval/results.jsonl.provenance.json");
 * ```
 */
export function provenancePath(file: string): string {
  return `${file}.provenance.json`;
}

const MIB = 2 ** 20;

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Fingerprints a file, or a directory (its files, recursively, by name): size and SHA-256.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fingerprint } from "./run_provenance.ts";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "abc");
 * assert.deepEqual(await fingerprint(path), {
 *   bytes: 3,
 *   sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
 * });
 * await Deno.remove(path);
 * ```
 */
export async function fingerprint(path: string): Promise<Fingerprint> {
  const info = await Deno.stat(path);
  if (info.isDirectory) {
    const entries: string[] = [];
    let bytes = 0;
    const names = [];
    for await (const e of Deno.readDir(path)) names.push(e.name);
    for (const name of names.sort()) {
      const f = await fingerprint(`${path}/${name}`);
      bytes += f.bytes;
      entries.push(`${name}\t${f.bytes}\t${f.sha256}`);
    }
    return { bytes, sha256: await sha256Hex(new TextEncoder().encode(entries.join("\n"))) };
  }
  if (info.size <= 64 * MIB) {
    return { bytes: info.size, sha256: await sha256Hex(await Deno.readFile(path)) };
  }
  const file = await Deno.open(path);
  try {
    const part = new Uint8Array(2 * MIB + 16);
    const head = part.subarray(0, MIB);
    const tail = part.subarray(MIB, 2 * MIB);
    for (let at = 0; at < MIB;) at += (await file.read(head.subarray(at))) ?? MIB;
    await file.seek(-MIB, Deno.SeekMode.End);
    for (let at = 0; at < MIB;) at += (await file.read(tail.subarray(at))) ?? MIB;
    new DataView(part.buffer).setFloat64(2 * MIB, info.size);
    return { bytes: info.size, sha256: await sha256Hex(part), sampled: true };
  } finally {
    file.close();
  }
}

/** Stable JSON (object keys sorted), for comparing values. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${
      Object.keys(value).sort().map((k) =>
        `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`
      ).join(",")
    }}`;
  }
  return JSON.stringify(value) ?? "null";
}

const shown = (v: unknown) => {
  if (v === undefined) return "(not set)";
  if (v && typeof v === "object" && "sha256" in v) {
    const f = v as Fingerprint;
    return `${f.bytes} bytes, sha256 ${f.sha256.slice(0, 12)}…`;
  }
  return JSON.stringify(v);
};

/**
 * What differs between two identities, one line per field: `name: then …, now …`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { provenanceDifferences } from "./run_provenance.ts";
 * assert.deepEqual(
 *   provenanceDifferences({ policy: "data/model", samples: 4 }, { policy: "sim:p=0.9", samples: 4 }),
 *   ['policy: "data/model" then, "sim:p=0.9" now'],
 * );
 * assert.deepEqual(provenanceDifferences({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } }), []);
 * ```
 */
export function provenanceDifferences(
  then: Record<string, unknown>,
  now: Record<string, unknown>,
): string[] {
  const keys = [...new Set([...Object.keys(then), ...Object.keys(now)])].sort();
  return keys.filter((k) => stable(then[k]) !== stable(now[k])).map((k) =>
    `${k}: ${shown(then[k])} then, ${shown(now[k])} now`
  );
}

/**
 * Reads a results file's sidecar; null when there is none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readProvenance, writeProvenance } from "./run_provenance.ts";
 * const dir = await Deno.makeTempDir();
 * assert.equal(await readProvenance(`${dir}/r.jsonl`), null);
 * await writeProvenance(`${dir}/r.jsonl`, "eval", { samples: 2 });
 * assert.deepEqual((await readProvenance(`${dir}/r.jsonl`))?.identity, { samples: 2 });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readProvenance(file: string): Promise<RunProvenance | null> {
  const path = provenancePath(file);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${error instanceof Error ? error.message : error}`);
  }
  const p = value as RunProvenance;
  if (
    !p || typeof p !== "object" || p.farsight_provenance !== 1 || typeof p.command !== "string" ||
    !p.identity || typeof p.identity !== "object"
  ) {
    throw new Error(
      `Cannot read ${path}: expected {farsight_provenance: 1, command, identity: {...}}`,
    );
  }
  return p;
}

/**
 * Writes a results file's sidecar (atomically), recording the command, what identifies the run
 * and the inputs' digests.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { provenancePath, writeProvenance } from "./run_provenance.ts";
 * const dir = await Deno.makeTempDir();
 * await writeProvenance(`${dir}/r.jsonl`, "score", { reward: "all" }, { tasks: "sha256:ab" });
 * const written = JSON.parse(await Deno.readTextFile(provenancePath(`${dir}/r.jsonl`)));
 * assert.equal(written.command, "score");
 * assert.deepEqual(written.inputs, { tasks: "sha256:ab" });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeProvenance(
  file: string,
  command: string,
  identity: Record<string, unknown>,
  inputs: Record<string, string> = {},
): Promise<void> {
  const record: RunProvenance = {
    farsight_provenance: 1,
    command,
    identity,
    inputs,
    written_at: new Date().toISOString(),
  };
  await writeFileAtomic(provenancePath(file), JSON.stringify(record, null, 2) + "\n");
}

/**
 * Before resuming `file`: throws a {@linkcode ResumeMismatchError} naming every difference when
 * its sidecar records another command or identity (`fresh` says how to start over). Returns
 * whether a sidecar was there (none: a new file, or one written before sidecars existed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkResume, writeProvenance } from "./run_provenance.ts";
 * const dir = await Deno.makeTempDir();
 * const file = `${dir}/r.jsonl`;
 * await writeProvenance(file, "eval", { policy: "data/model", samples: 4 });
 * assert.equal(await checkResume(file, "eval", { policy: "data/model", samples: 4 }, "use --restart"), true);
 * await assert.rejects(
 *   checkResume(file, "eval", { policy: "sim:p=0.9", samples: 4 }, "use --restart"),
 *   /Cannot resume .*r\.jsonl: it holds results of a different run\.\n  policy: "data\/model" then, "sim:p=0\.9" now\nTo start fresh, use --restart\./,
 * );
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function checkResume(
  file: string,
  command: string,
  identity: Record<string, unknown>,
  fresh: string,
): Promise<boolean> {
  const previous = await readProvenance(file);
  if (!previous) return false;
  const differences = previous.command === command ? [] : [
    `command: ${JSON.stringify(previous.command)} then, ${JSON.stringify(command)} now`,
  ];
  differences.push(...provenanceDifferences(previous.identity, identity));
  if (differences.length) throw new ResumeMismatchError(file, differences, fresh);
  return true;
}
