import assert from "node:assert/strict";
import {
  composeFromGenerators,
  parsePolicySpec,
  runEvaluation,
  simPolicyFromSpec,
  standalonePassRates,
  summarizeScores,
} from "../../mod.ts";
import { tinyModelDir } from "../infer/_tiny.ts";
import { farsight, farsightInProcess } from "./_run.ts";

// Each test runs its command once as a user does (a subprocess); further runs of the same
// command go through main in this process.

Deno.test("generate --json reports text, tokens, log-probs, entropies and the backend", async () => {
  const dir = await tinyModelDir();
  const r = await farsight(
    "generate",
    "--model",
    dir,
    "--prompt",
    "What is 2 + 3?",
    "--greedy",
    "--max-new-tokens",
    "6",
    "--json",
    "--backend",
    "cpu",
  );
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.equal(out.tokens.length, 6);
  assert.equal(out.logprobs.length, 6);
  assert.equal(out.entropies.length, 6);
  assert.ok(out.logprobs.every((x: number) => x <= 0));
  assert.equal(out.backend.backend, "cpu");
  assert.equal(typeof out.text, "string");
  const bad = await farsightInProcess(
    "generate",
    "--model",
    dir,
    "--prompt",
    "x",
    "--backend",
    "tpu",
  );
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--backend: expected auto, webgpu, wasm or cpu, got "tpu"/);
  const missing = await farsightInProcess(
    "generate",
    "--model",
    "/nonexistent",
    "--prompt",
    "x",
    "--backend",
    "cpu",
  );
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /is not a directory/);
});

Deno.test("eval resumes after an interruption without redoing finished samples", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const tasks = [1, 2, 3].flatMap((
      d,
    ) => [...composeFromGenerators({ families: ["chain_sum"], depth: d, count: 4, seed: d })]);
    await Deno.writeTextFile(
      `${dir}/tasks.jsonl`,
      tasks.map((t) => JSON.stringify(t)).join("\n") + "\n",
    );
    const args = [
      "eval",
      "--model",
      "sim:p=0.8,seed=3",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--samples",
      "3",
      "--out",
      `${dir}/r.jsonl`,
    ];
    const full = await farsight(...args);
    assert.equal(full.code, 0, full.stderr);
    const complete = (await Deno.readTextFile(`${dir}/r.jsonl`)).trim().split("\n");
    assert.equal(complete.length, 36);
    // simulate an interruption: keep 10 lines and a torn 11th
    await Deno.writeTextFile(
      `${dir}/r.jsonl`,
      complete.slice(0, 10).join("\n") + "\n" + complete[10]!.slice(0, 25),
    );
    const resumed = await farsightInProcess(...args);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /Resuming: 10 sample\(s\) already/);
    const after = (await Deno.readTextFile(`${dir}/r.jsonl`)).trim().split("\n");
    assert.equal(after.length, 36);
    assert.deepEqual(
      after.slice(0, 10),
      complete.slice(0, 10),
      "finished samples are kept as they were",
    );
    const keys = after.map((l) => JSON.parse(l)).map((r) => `${r.task_id}/${r.sample}`);
    assert.equal(new Set(keys).size, 36, "no sample twice");
    assert.deepEqual(
      after.map((l) => JSON.parse(l).correct),
      complete.map((l) => JSON.parse(l).correct),
      "same seeded results",
    );
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/r.summary.json`));
    assert.deepEqual(summary.by_horizon.map((h: { depth: number }) => h.depth), [1, 2, 3]);
    assert.ok(Math.abs(summary.by_horizon[1].expected - 0.64) < 1e-9);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("eval runs an ONNX model end to end", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const tasks = [
      ...composeFromGenerators({ families: ["chain_sum"], depth: 2, count: 2, seed: 1 }),
    ];
    await Deno.writeTextFile(
      `${dir}/tasks.jsonl`,
      tasks.map((t) => JSON.stringify(t)).join("\n") + "\n",
    );
    const r = await farsight(
      "eval",
      "--model",
      await tinyModelDir(),
      "--backend",
      "cpu",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--samples",
      "2",
      "--max-new-tokens",
      "8",
      "--out",
      `${dir}/r.jsonl`,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /on cpu/);
    const rows = (await Deno.readTextFile(`${dir}/r.jsonl`)).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    assert.equal(rows.length, 4);
    assert.ok(
      rows.every((row) => typeof row.response === "string" && row.policy.startsWith("onnx:")),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("eval --standalone-pass-rates gives the expectation the library computes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const tasks = [2, 3].flatMap((d) => [
      ...composeFromGenerators({ families: ["chain_sum"], depth: d, count: 3, seed: 40 + d }),
    ]);
    await Deno.writeTextFile(
      `${dir}/tasks.jsonl`,
      tasks.map((t) => JSON.stringify(t)).join("\n") + "\n",
    );
    const args = ["eval", "--model", "sim:p=0.7,seed=5", "--tasks", `${dir}/tasks.jsonl`];
    const r = await farsight(
      ...args,
      "--samples",
      "4",
      "--standalone-pass-rates",
      "--out",
      `${dir}/r.jsonl`,
    );
    assert.equal(r.code, 0, r.stderr);
    const cli = JSON.parse(await Deno.readTextFile(`${dir}/r.summary.json`)).by_horizon;
    const spec = parsePolicySpec("sim:p=0.7,seed=5");
    assert.equal(spec.kind, "sim");
    const policy = simPolicyFromSpec(spec as Extract<typeof spec, { kind: "sim" }>, 0);
    const passRates = await standalonePassRates(policy, tasks, { samples: 4 });
    const records = await Array.fromAsync(runEvaluation(policy, tasks, { samples: 4, passRates }));
    const lib = summarizeScores(records);
    assert.deepEqual(
      cli.map((h: { depth: number; expected: number }) => [h.depth, h.expected]),
      lib.map((h) => [h.depth, h.expected]),
    );
    // Measured, not the policy's nominal 0.7^depth.
    assert.ok(lib.every((h) => Number.isFinite(h.expected) && h.expected !== 0.7 ** h.depth));
    const both = await farsightInProcess(
      ...args,
      "--standalone-pass-rates",
      "--pass-rates",
      `${dir}/none.json`,
      "--out",
      `${dir}/r2.jsonl`,
    );
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--pass-rates or --standalone-pass-rates, not both/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("eval refuses to resume results of another policy, task file or options, and says how to start fresh", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const tasks = [
      ...composeFromGenerators({ families: ["chain_sum"], depth: 2, count: 3, seed: 1 }),
    ];
    await Deno.writeTextFile(
      `${dir}/a.jsonl`,
      tasks.map((t) => JSON.stringify(t)).join("\n") + "\n",
    );
    await Deno.writeTextFile(`${dir}/b.jsonl`, JSON.stringify(tasks[0]) + "\n");
    const run = (model: string, taskFile: string, samples: string, ...more: string[]) =>
      farsight(
        "eval",
        "--model",
        model,
        "--tasks",
        `${dir}/${taskFile}`,
        "--samples",
        samples,
        "--out",
        `${dir}/r.jsonl`,
        ...more,
      );
    const first = await run("sim:p=0.5,seed=1", "a.jsonl", "2");
    assert.equal(first.code, 0, first.stderr);
    const before = await Deno.readTextFile(`${dir}/r.jsonl`);
    const sidecar = JSON.parse(await Deno.readTextFile(`${dir}/r.jsonl.provenance.json`));
    assert.equal(sidecar.command, "eval");
    assert.equal(sidecar.identity.policy, "sim:p=0.5,seed=1");
    assert.equal(sidecar.inputs.tasks, `${dir}/a.jsonl`);

    const cases: [string[], RegExp][] = [
      [
        ["sim:p=0.9,seed=1", "a.jsonl", "2"],
        /policy: "sim:p=0\.5,seed=1" then, "sim:p=0\.9,seed=1" now/,
      ],
      [
        ["sim:p=0.5,seed=1", "b.jsonl", "2"],
        /tasks: \d+ bytes, sha256 \w+… then, \d+ bytes, sha256 \w+… now/,
      ],
      [["sim:p=0.5,seed=1", "a.jsonl", "2", "--seed", "7"], /seed: 0 then, 7 now/],
    ];
    for (const [args, difference] of cases) {
      const r = await run(...(args as [string, string, string, ...string[]]));
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /Cannot resume .*r\.jsonl: it holds results of a different run/);
      assert.match(r.stderr, difference);
      assert.match(r.stderr, /To start fresh, run again with --restart .* or give another --out/);
      assert.equal(await Deno.readTextFile(`${dir}/r.jsonl`), before, "the results are untouched");
    }
    // The same run resumes, and so does one with more samples (it extends the file); --restart
    // starts fresh with the other policy.
    const same = await run("sim:p=0.5,seed=1", "a.jsonl", "2");
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stderr, /Resuming: 6 sample\(s\)/);
    const more = await run("sim:p=0.5,seed=1", "a.jsonl", "3");
    assert.equal(more.code, 0, more.stderr);
    assert.equal((await Deno.readTextFile(`${dir}/r.jsonl`)).trim().split("\n").length, 9);
    const fresh = await run("sim:p=0.9,seed=1", "a.jsonl", "2", "--restart");
    assert.equal(fresh.code, 0, fresh.stderr);
    const policies = (await Deno.readTextFile(`${dir}/r.jsonl`)).trim().split("\n")
      .map((l) => JSON.parse(l).policy);
    assert.equal(new Set(policies).size, 1, "one policy's results only");

    // A file from before sidecars: its records' policy is checked.
    await Deno.remove(`${dir}/r.jsonl.provenance.json`);
    const legacy = await run("sim:p=0.5,seed=1", "a.jsonl", "2");
    assert.equal(legacy.code, 1);
    assert.match(legacy.stderr, /policy: ".+" then, ".+" now/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
