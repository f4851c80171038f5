import assert from "node:assert/strict";
import { JsonlResumeError, resumeJsonl } from "../../lib/io/resumable_jsonl.ts";

async function withFile(text: string, run: (path: string) => Promise<void>) {
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  try {
    await Deno.writeTextFile(path, text);
    await run(path);
  } finally {
    await Deno.remove(path);
  }
}

Deno.test("a newline-less last record is kept and repaired, never merged with the next line", async () => {
  await withFile('{"i":0}\n{"i":1}', async (path) => {
    const seen: unknown[] = [];
    const report = await resumeJsonl(path, (v) => seen.push(v));
    assert.equal(report.repair, "newline-added");
    assert.deepEqual(seen, [{ i: 0 }, { i: 1 }]);
    await Deno.writeTextFile(path, '{"i":2}\n', { append: true });
    const again: unknown[] = [];
    assert.equal((await resumeJsonl(path, (v) => again.push(v))).repair, "none");
    assert.deepEqual(again, [{ i: 0 }, { i: 1 }, { i: 2 }]);
  });
});

Deno.test("a torn last line is removed; blank lines are kept out; a bad middle line names its line", async () => {
  await withFile('{"i":0}\n\n{"i":1}\n{"i":', async (path) => {
    const seen: unknown[] = [];
    const report = await resumeJsonl(path, (v) => seen.push(v));
    assert.equal(report.repair, "torn-line-removed");
    assert.equal(report.removedBytes, 5);
    assert.equal(await Deno.readTextFile(path), '{"i":0}\n\n{"i":1}\n');
  });
  await withFile('{"i":0}\n{"i":\n{"i":2}\n', async (path) => {
    await assert.rejects(
      resumeJsonl(path, () => {}),
      (e: unknown) =>
        e instanceof JsonlResumeError && e.line === 2 && /records follow it/.test(e.message),
    );
  });
  await withFile('{"i":0}\n{"x":1}\n', async (path) => {
    await assert.rejects(
      resumeJsonl(path, (v) => {
        if (!("i" in (v as object))) throw new Error('field "i": expected a number');
      }),
      /:2: field "i": expected a number/,
    );
  });
  const missing = `${await Deno.makeTempDir()}/none.jsonl`;
  assert.equal((await resumeJsonl(missing, () => {})).records, 0);
});

Deno.test("resume is linear: 80,000 records in one pass whatever the line lengths", async () => {
  const line = (i: number) =>
    JSON.stringify({ task_id: `t${i}`, sample: 0, response: "x".repeat(i % 300) });
  const lines = Array.from({ length: 80_000 }, (_, i) => line(i));
  await withFile(lines.join("\n") + "\n" + '{"task_id":"torn', async (path) => {
    let count = 0;
    let last = "";
    const report = await resumeJsonl(path, (v) => {
      count++;
      last = (v as { task_id: string }).task_id;
    });
    assert.equal(count, 80_000);
    assert.equal(last, "t79999");
    assert.equal(report.repair, "torn-line-removed");
    const size = (await Deno.stat(path)).size;
    assert.equal(size, new TextEncoder().encode(lines.join("\n") + "\n").length);
  });
});
