import assert from "node:assert/strict";
import {
  checkResume,
  fingerprint,
  provenancePath,
  ResumeMismatchError,
  writeProvenance,
} from "../../lib/io/mod.ts";

Deno.test("checkResume refuses another policy, task file or options, naming each difference", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/a.jsonl`, '{"id": "a"}\n');
    await Deno.writeTextFile(`${dir}/b.jsonl`, '{"id": "b"}\n');
    const file = `${dir}/r.jsonl`;
    const identity = async (policy: string, tasks: string, samples: number) => ({
      policy,
      tasks: await fingerprint(`${dir}/${tasks}`),
      samples,
    });
    assert.equal(await checkResume(file, "eval", await identity("x", "a.jsonl", 2), "-"), false);
    await writeProvenance(file, "eval", await identity("data/model", "a.jsonl", 2));
    assert.equal(
      await checkResume(file, "eval", await identity("data/model", "a.jsonl", 2), "-"),
      true,
    );
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        await identity("sim:p=0.9", "a.jsonl", 2),
        "eval",
        /^policy: "data\/model" then, "sim:p=0\.9" now$/,
      ],
      [
        await identity("data/model", "b.jsonl", 2),
        "eval",
        /^tasks: 12 bytes, sha256 \w{12}… then, 12 bytes, sha256 \w{12}… now$/,
      ],
      [await identity("data/model", "a.jsonl", 3), "eval", /^samples: 2 then, 3 now$/],
      [await identity("data/model", "a.jsonl", 2), "score", /^command: "eval" then, "score" now$/],
    ];
    for (const [now, command, difference] of cases) {
      const error = await checkResume(file, command, now, "use --restart").then(
        () => assert.fail("resumed a different run"),
        (e) => e,
      );
      assert.ok(error instanceof ResumeMismatchError);
      assert.equal(error.differences.length, 1, error.message);
      assert.match(error.differences[0]!, difference);
      assert.match(error.message, /To start fresh, use --restart\.$/);
    }
    // a field added or dropped is a difference too
    await assert.rejects(
      checkResume(file, "eval", { ...(await identity("data/model", "a.jsonl", 2)), seed: 1 }, "-"),
      /seed: \(not set\) then, 1 now/,
    );
    await Deno.writeTextFile(provenancePath(file), "{");
    await assert.rejects(
      checkResume(file, "eval", {}, "-"),
      /Cannot read .*r\.jsonl\.provenance\.json/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fingerprint: a directory by its files, a big file by its size and ends", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/m`);
    await Deno.writeTextFile(`${dir}/m/config.json`, "{}");
    await Deno.writeTextFile(`${dir}/m/weights.bin`, "1234");
    const before = await fingerprint(`${dir}/m`);
    assert.equal(before.bytes, 6);
    await Deno.writeTextFile(`${dir}/m/weights.bin`, "1235");
    assert.notEqual(
      (await fingerprint(`${dir}/m`)).sha256,
      before.sha256,
      "new weights, new print",
    );
    const big = new Uint8Array(65 * 2 ** 20);
    await Deno.writeFile(`${dir}/big.bin`, big);
    const a = await fingerprint(`${dir}/big.bin`);
    assert.equal(a.sampled, true);
    big[big.length - 1] = 1;
    await Deno.writeFile(`${dir}/big.bin`, big);
    assert.notEqual((await fingerprint(`${dir}/big.bin`)).sha256, a.sha256, "a changed last byte");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
