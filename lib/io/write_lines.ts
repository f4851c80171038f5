import { dirname } from "node:path";
import { createTemporary, releaseTemporary } from "./temp_files.ts";

/**
 * Streams lines to `path` through a temporary file renamed at the end, so a failure (or an
 * interrupted run) leaves no half-written file; with no path, to standard output. Lines are
 * buffered in 64 KiB writes, so memory stays constant however many there are. The temporary is
 * removed on SIGINT/SIGTERM, and stale ones from killed runs are removed first. Returns the
 * number of lines written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeLinesAtomic } from "./write_lines.ts";
 * const dir = await Deno.makeTempDir();
 * const written = await writeLinesAtomic(`${dir}/rows.jsonl`, ['{"a":1}', '{"a":2}']);
 * assert.equal(written, 2);
 * assert.equal(await Deno.readTextFile(`${dir}/rows.jsonl`), '{"a":1}\n{"a":2}\n');
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeLinesAtomic(
  path: string | undefined,
  lines: Iterable<string> | AsyncIterable<string>,
): Promise<number> {
  const encoder = new TextEncoder();
  let count = 0;
  if (!path) {
    for await (const line of lines) {
      await Deno.stdout.write(encoder.encode(line + "\n"));
      count++;
    }
    return count;
  }
  await Deno.mkdir(dirname(path) || ".", { recursive: true });
  const temporary = await createTemporary(path);
  const file = await Deno.open(temporary, { write: true, create: true, truncate: true });
  const writer = file.writable.getWriter();
  try {
    let buffer = "";
    for await (const line of lines) {
      buffer += line + "\n";
      count++;
      if (buffer.length > 1 << 16) {
        await writer.write(encoder.encode(buffer));
        buffer = "";
      }
    }
    if (buffer) await writer.write(encoder.encode(buffer));
    await writer.close();
    await Deno.rename(temporary, path);
    return count;
  } catch (error) {
    await writer.abort().catch(() => {});
    await Deno.remove(temporary).catch(() => {});
    throw error;
  } finally {
    releaseTemporary(temporary);
  }
}
