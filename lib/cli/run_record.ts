import { existsSync } from "node:fs";
import { fingerprint, writeProvenance } from "../io/run_provenance.ts";

/** Flags that say where output goes or how it is shown, not what it holds. */
const NOT_IDENTITY = new Set(["out", "summary", "help", "quiet"]);

/**
 * Writes the provenance sidecar of a command's output (`<out>.provenance.json`, see
 * `run_provenance.ts`): the command's flags, with each file-valued flag named in `fileFlags`
 * fingerprinted (size and SHA-256) and its path kept for the record.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordRun } from "./run_record.ts";
 * import { readProvenance } from "../io/run_provenance.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/t.jsonl`, "{}\n");
 * await recordRun(`${dir}/o.jsonl`, "score", { tasks: `${dir}/t.jsonl`, reward: "all", out: "x" }, ["tasks"]);
 * const p = await readProvenance(`${dir}/o.jsonl`);
 * assert.equal(p?.identity.reward, "all");
 * assert.equal((p?.identity.tasks as { bytes: number }).bytes, 3);
 * assert.equal(p?.inputs?.tasks, `${dir}/t.jsonl`);
 * assert.equal(p?.identity.out, undefined);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function recordRun(
  out: string,
  command: string,
  flags: Record<string, unknown>,
  fileFlags: readonly string[],
): Promise<void> {
  const identity: Record<string, unknown> = {};
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(flags).sort(([a], [b]) => a.localeCompare(b))) {
    if (NOT_IDENTITY.has(name) || value === undefined) continue;
    if (fileFlags.includes(name)) {
      const paths = Array.isArray(value) ? value.map(String) : [String(value)];
      const prints = [];
      for (const path of paths) {
        prints.push(existsSync(path) ? await fingerprint(path) : path);
      }
      identity[name] = Array.isArray(value) ? prints : prints[0];
      inputs[name] = paths.join(",");
    } else identity[name] = value;
  }
  await writeProvenance(out, command, identity, inputs);
}
