import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../../lib/io/atomic_write.ts";
import { openTemporaries } from "../../lib/io/temp_files.ts";

const MAIN = fileURLToPath(new URL("../../lib/cli/main.ts", import.meta.url));

const temporaries = async (dir: string) =>
  (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).filter((n) => n.includes(".tmp-"));

Deno.test("a stale temporary from a killed run is removed by the next write; a live one is kept", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/out.json.tmp-999999999-deadbeef`, "x".repeat(1000));
    await Deno.writeTextFile(`${dir}/out.json.tmp-${Deno.ppid}-deadbeef`, "a live writer's");
    await Deno.writeTextFile(`${dir}/other.json.tmp-999999999-deadbeef`, "another output's");
    await writeFileAtomic(`${dir}/out.json`, "{}");
    assert.deepEqual((await temporaries(dir)).sort(), [
      `other.json.tmp-999999999-deadbeef`,
      `out.json.tmp-${Deno.ppid}-deadbeef`,
    ]);
    assert.equal(await Deno.readTextFile(`${dir}/out.json`), "{}");
    assert.deepEqual(openTemporaries(), [], "released after the rename");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

for (const signal of ["SIGTERM", "SIGINT", "SIGKILL"] as const) {
  Deno.test(`compose interrupted by ${signal} leaves no temporary (at once, or after the next run)`, async () => {
    const dir = await Deno.makeTempDir();
    const out = `${dir}/tasks.jsonl`;
    try {
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          MAIN,
          "compose",
          "--family",
          "chain_sum",
          "--depth",
          "4",
          "--count",
          "100000000",
          "--out",
          out,
        ],
        stdout: "null",
        stderr: "null",
      }).spawn();
      // Wait (bounded) until the temporary exists and has data.
      let seen = false;
      for (let i = 0; i < 600 && !seen; i++) {
        await new Promise((r) => setTimeout(r, 50));
        for (const name of await temporaries(dir)) {
          if ((await Deno.stat(`${dir}/${name}`)).size > 0) seen = true;
        }
      }
      assert.ok(seen, "compose started writing its temporary");
      child.kill(signal);
      const status = await child.status;
      if (signal === "SIGKILL") {
        assert.equal((await temporaries(dir)).length, 1, "SIGKILL cannot clean up");
        const next = await new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            MAIN,
            "compose",
            "--family",
            "chain_sum",
            "--count",
            "3",
            "--out",
            out,
          ],
          stdout: "null",
          stderr: "null",
        }).output();
        assert.equal(next.code, 0);
        assert.deepEqual(await temporaries(dir), [], "the next run removed the stale temporary");
      } else {
        assert.equal(status.code, signal === "SIGTERM" ? 143 : 130);
        assert.deepEqual(await temporaries(dir), []);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
