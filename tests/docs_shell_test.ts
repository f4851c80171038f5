// Every shell block of README.md and docs/*.md runs as written from a scratch copy of the
// repository (tests/harness/shell_blocks.ts); blocks marked <!-- illustration --> are skipped.
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { documentationFiles, runBlocks, scratchCopy, shellBlocks } from "./harness/shell_blocks.ts";

const ROOT = resolve(new URL("..", import.meta.url).pathname);

Deno.test("shellBlocks finds sh and bash blocks and honours the illustration marker", () => {
  const text = [
    "Intro",
    "",
    "```sh",
    "echo one",
    "```",
    "",
    "<!-- illustration: runs for hours -->",
    "",
    "```bash",
    "deno task train",
    "```",
    "",
    "```ts",
    "const x = 1;",
    "```",
    "",
    "- a list item:",
    "  ```sh",
    "  echo indented",
    "  ```",
  ].join("\n");
  const blocks = shellBlocks(text, "x.md");
  assert.deepEqual(
    blocks.map((b) => [b.line, b.code, b.illustration]),
    [[3, "echo one", false], [9, "deno task train", true], [18, "echo indented", false]],
  );
});

Deno.test("runBlocks stops at the first failing block and reports it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const blocks = shellBlocks(
      "```sh\ntrue\n```\n\n```sh\nfalse\n```\n\n```sh\ntrue\n```\n",
      "y.md",
    );
    const runs = await runBlocks(blocks, dir);
    assert.deepEqual(runs.map((r) => [r.block.line, r.code]), [[1, 0], [5, 1]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

for (const file of documentationFiles()) {
  const blocks = shellBlocks(await Deno.readTextFile(join(ROOT, file)), file);
  if (!blocks.some((b) => !b.illustration)) continue;
  Deno.test(`the shell blocks of ${file} run as written`, async () => {
    const dir = await scratchCopy();
    try {
      const runs = await runBlocks(blocks, dir);
      const failed = runs.find((r) => r.code !== 0);
      assert.ok(
        !failed,
        failed &&
          `${failed.block.file}:${failed.block.line} exited with ${failed.code}:\n${failed.block.code}\n--- output ---\n${failed.output}`,
      );
      assert.equal(runs.length, blocks.filter((b) => !b.illustration).length);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
