// Every shell block of README.md and docs/*.md runs as written from a scratch copy of the
// repository (tests/harness/shell_blocks.ts); blocks marked <!-- illustration --> are skipped.
import assert from "node:assert/strict";
import { documentationFiles, runBlocks, runFiles, shellBlocks } from "./harness/shell_blocks.ts";
import { slow } from "./_helpers/slow.ts";

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

Deno.test("every shell block of README.md and docs/*.md runs as written", slow, async () => {
  const files = documentationFiles();
  assert.ok(files.includes("README.md") && files.length > 5, files.join(", "));
  const problems: string[] = [];
  for (const { file, runs, expected } of await runFiles(files)) {
    const failed = runs.find((r) => r.code !== 0);
    if (failed) {
      problems.push(
        `${file}:${failed.block.line} exited with ${failed.code}:\n${failed.block.code}\n` +
          `--- output ---\n${failed.output}`,
      );
    } else if (runs.length !== expected) {
      problems.push(`${file}: ran ${runs.length} of ${expected}`);
    }
  }
  assert.deepEqual(problems, []);
});
