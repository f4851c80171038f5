import { dirname } from "node:path";
import { createTemporary, releaseTemporary } from "./temp_files.ts";

/**
 * Writes `content` to `path` through a temporary file in the same folder and a rename, so a
 * reader never sees a half-written file and a failure leaves the old file (or none). Parent
 * folders are created. The temporary is removed on SIGINT/SIGTERM, and stale ones from killed
 * runs are removed first (see `temp_files.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFileAtomic } from "./atomic_write.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/out/results.json`, JSON.stringify({ ok: true }));
 * assert.deepEqual(JSON.parse(await Deno.readTextFile(`${dir}/out/results.json`)), { ok: true });
 * assert.deepEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name), ["results.json"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const temporary = await createTemporary(path);
  try {
    if (typeof content === "string") await Deno.writeTextFile(temporary, content);
    else await Deno.writeFile(temporary, content);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  } finally {
    releaseTemporary(temporary);
  }
}
