// The commands fit together and fail alike: score/eval results feed a curriculum, serve creates
// its curriculum like compose, generate warns about characters outside the vocabulary, and
// errors read "farsight COMMAND: what, where, what was expected".
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { farsight, spawnServe } from "./_run.ts";

Deno.test("compose --curriculum --scores accepts what eval and score write", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const state = `${dir}/curriculum.json`;
    let r = await farsight(
      "compose",
      "--family",
      "chain_sum",
      "--curriculum",
      state,
      "--count",
      "6",
      "--out",
      `${dir}/batch1.jsonl`,
    );
    assert.equal(r.code, 0, r.stderr);
    r = await farsight(
      "eval",
      "--model",
      "sim:p=0.8",
      "--tasks",
      `${dir}/batch1.jsonl`,
      "--samples",
      "2",
      "--out",
      `${dir}/eval.jsonl`,
    );
    assert.equal(r.code, 0, r.stderr);
    r = await farsight(
      "score",
      "--tasks",
      `${dir}/batch1.jsonl`,
      "--responses",
      `${dir}/eval.jsonl`,
      "--out",
      `${dir}/scored.jsonl`,
    );
    assert.equal(r.code, 0, r.stderr);
    const before = JSON.parse(await Deno.readTextFile(state));
    assert.equal(Object.keys(before.pending).length, 6);
    r = await farsight(
      "compose",
      "--curriculum",
      state,
      "--scores",
      `${dir}/scored.jsonl`,
      "--count",
      "4",
      "--out",
      `${dir}/batch2.jsonl`,
    );
    assert.equal(r.code, 0, r.stderr);
    const after = JSON.parse(await Deno.readTextFile(state));
    assert.equal(after.step, 2);
    // the 6 scored tasks (2 samples each) are recorded once each; the 4 new ones are pending
    assert.equal(Object.keys(after.pending).length, 4);
    assert.equal(after.horizonWindow.length, 6);
    // a reward outside [0, 1] is refused naming the file, the row and the field
    await Deno.writeTextFile(
      `${dir}/bad.jsonl`,
      JSON.stringify({ task_id: Object.keys(after.pending)[0], reward: 2 }) + "\n",
    );
    r = await farsight("compose", "--curriculum", state, "--scores", `${dir}/bad.jsonl`);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^farsight compose: --scores .*bad\.jsonl: result 1: "reward": expected a number in \[0, 1\], got 2/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve --curriculum creates a missing state from --family and lists /curriculum", async () => {
  const dir = await Deno.makeTempDir();
  const state = `${dir}/state.json`;
  const missing = await farsight("serve", "--port", "0", "--curriculum", state);
  assert.equal(missing.code, 2);
  assert.match(
    missing.stderr,
    /^farsight serve: --curriculum .*state\.json does not exist yet: give --family/,
  );
  const server = await spawnServe(
    "--port",
    "0",
    "--workers",
    "1",
    "--curriculum",
    state,
    "--family",
    "gcd",
  );
  try {
    assert.match(
      server.output(),
      /POST \/get_reward, POST \/reward, POST \/curriculum, GET \/health/,
    );
    assert.ok(existsSync(state));
    const next = await fetch(`${server.url}/curriculum`, {
      method: "POST",
      body: JSON.stringify({ action: "next", size: 2 }),
    });
    const { tasks } = await next.json() as { tasks: { id: string }[] };
    assert.equal(tasks.length, 2);
    const report = await fetch(`${server.url}/curriculum`, {
      method: "POST",
      body: JSON.stringify({
        action: "report",
        results: tasks.map((t, i) => ({
          task_id: t.id,
          sample: 0,
          reward: i,
          per_problem: [i === 1],
        })),
      }),
    });
    assert.equal(report.status, 200, await report.clone().text());
    const { status } = await report.json() as { status: { pending: number } };
    assert.equal(status.pending, 0);
  } finally {
    server.child.kill("SIGTERM");
    await server.child.status;
    await server.ended;
    await server.child.stderr.cancel();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("generate warns about characters outside the model's vocabulary", async () => {
  const r = await farsight(
    "generate",
    "--model",
    "data/model",
    "--prompt",
    "What is 2+3?",
    "--greedy",
    "--max-new-tokens",
    "4",
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /farsight generate: warning: .*outside the vocabulary of data\/model.*"W" "t" " " "s" "\?"/,
  );
  const clean = await farsight(
    "generate",
    "--model",
    "data/model",
    "--prompt",
    "a2+3:",
    "--greedy",
    "--max-new-tokens",
    "4",
  );
  assert.doesNotMatch(clean.stderr, /warning/);
});

Deno.test("errors name the command, the flag or file, and what was expected", async () => {
  const depth = await farsight("compose", "--family", "gcd", "--depth", "-3");
  assert.equal(depth.code, 2);
  assert.equal(
    depth.stderr.trim(),
    'farsight compose: --depth: expected an integer in [1, 1000], got "-3"',
  );
  const dir = await Deno.makeTempDir();
  try {
    const asDir = await farsight("score", "--tasks", dir, "--responses", dir);
    assert.equal(asDir.code, 1);
    assert.equal(
      asDir.stderr.trim(),
      `farsight score: cannot read ${dir}: it is a directory; expected a JSON-lines file`,
    );
    const verifyDir = await farsight("verify", dir);
    assert.equal(verifyDir.code, 2);
    assert.match(
      verifyDir.stderr,
      /^farsight verify: cannot read .*: it is a directory; expected a JSON-lines file/,
    );
    const missing = await farsight("eval", "--model", "sim:p=0.5", "--tasks", `${dir}/none.jsonl`);
    assert.match(
      missing.stderr,
      /^farsight eval: cannot read .*none\.jsonl: no such file; expected a JSON-lines file/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check-leakage reads the Parquet compose writes, and explains trainer exports", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const compose = (format: string, out: string) =>
      farsight(
        "compose",
        "--family",
        "gcd",
        "--depth",
        "2",
        "--count",
        "3",
        "--seed",
        "4",
        "--format",
        format,
        "--out",
        `${dir}/${out}`,
      );
    for (
      const [format, out] of [["jsonl", "a.jsonl"], ["parquet", "a.parquet"], ["verl", "v.parquet"]]
    ) {
      const r = await compose(format!, out!);
      assert.equal(r.code, 0, r.stderr);
    }
    const same = await farsight("check-leakage", `${dir}/a.jsonl`, `${dir}/a.parquet`);
    assert.equal(same.code, 1, same.stderr);
    assert.match(same.stdout + same.stderr, /Shared base problems: 6 \(same text: 6/);
    const verl = await farsight("check-leakage", `${dir}/a.jsonl`, `${dir}/v.parquet`);
    assert.equal(verl.code, 2);
    assert.match(
      verl.stderr,
      /^farsight check-leakage: .*v\.parquet:1: expected a composed task .*--format verl/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
