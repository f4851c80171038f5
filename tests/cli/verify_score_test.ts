import assert from "node:assert/strict";
import { composeFromGenerators, simulatedPolicy } from "../../mod.ts";
import { farsight } from "./_run.ts";

Deno.test("verify: one verdict per line, in order, malformed lines reported", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines = [
      JSON.stringify({ gold: "42", response: "so \\boxed{42}" }),
      "not json",
      JSON.stringify({
        gold: ["3", "4"],
        response: "Problem 1: \\boxed{3}\nProblem 2: \\boxed{5}",
      }),
      JSON.stringify({ gold: "1/2", response: "it is 0.5", options: { lastNumber: true } }),
      JSON.stringify({ gold: "1", response: 3 }),
      JSON.stringify({ gold: "1", response: "1", options: { bogus: true } }),
      ...Array.from(
        { length: 40 },
        (_, i) => JSON.stringify({ gold: String(i), response: `\\boxed{${i % 2 ? i : i + 1}}` }),
      ),
    ];
    await Deno.writeTextFile(`${dir}/in.jsonl`, lines.join("\n") + "\n");
    for (const workers of ["0", "2"]) {
      const r = await farsight(
        "verify",
        `${dir}/in.jsonl`,
        "--workers",
        workers,
        "--out",
        `${dir}/out.jsonl`,
      );
      assert.equal(r.code, 0, r.stderr);
      const out = (await Deno.readTextFile(`${dir}/out.jsonl`)).trim().split("\n").map((l) =>
        JSON.parse(l)
      );
      assert.equal(out.length, lines.length);
      assert.deepEqual(out.map((o) => o.line), lines.map((_, i) => i + 1), "same order");
      assert.deepEqual(out.slice(0, 6).map((o) => [o.correct, o.status]), [
        [true, "correct"],
        [false, "error"],
        [false, "wrong"],
        [true, "correct"],
        [false, "error"],
        [false, "error"],
      ]);
      assert.match(out[1].reason, /^line 2: invalid JSON/);
      assert.deepEqual(out[2].per_problem, [true, false]);
      assert.match(out[5].reason, /field "options.bogus": unknown option/);
      assert.deepEqual(
        out.slice(6).map((o) => o.correct),
        Array.from({ length: 40 }, (_, i) => i % 2 === 1),
      );
      assert.match(r.stderr, /Verified 46 line\(s\)/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("score: per-response results and a summary by horizon", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const tasks = [1, 3].flatMap((
      d,
    ) => [
      ...composeFromGenerators({ families: ["chain_sum", "gcd"], depth: d, count: 5, seed: d }),
    ]);
    await Deno.writeTextFile(
      `${dir}/tasks.jsonl`,
      tasks.map((t) => JSON.stringify(t)).join("\n") + "\n",
    );
    const policy = simulatedPolicy({ successProbability: 1 });
    const responses: string[] = [];
    for (const t of tasks) {
      for (let s = 0; s < 2; s++) {
        responses.push(
          JSON.stringify({
            task_id: t.id,
            sample: s,
            response: (await policy.respond(t, { sample: s })).text,
          }),
        );
      }
    }
    responses.push(JSON.stringify({ task_id: tasks[0]!.id, response: "\\boxed{nonsense}" }));
    const withBad = [
      ...responses.slice(0, 3),
      "{oops",
      JSON.stringify({ task_id: "missing", response: "x" }),
      ...responses.slice(3),
    ];
    await Deno.writeTextFile(`${dir}/responses.jsonl`, withBad.join("\n") + "\n");
    const stop = await farsight(
      "score",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--responses",
      `${dir}/responses.jsonl`,
      "--out",
      `${dir}/scored.jsonl`,
    );
    assert.equal(stop.code, 1);
    assert.match(stop.stderr, /responses\.jsonl:4: invalid JSON/);
    assert.throws(() => Deno.statSync(`${dir}/scored.jsonl`), "no half-written output");
    const go = await farsight(
      "score",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--responses",
      `${dir}/responses.jsonl`,
      "--out",
      `${dir}/scored.jsonl`,
      "--summary",
      `${dir}/summary.json`,
      "--skip-bad-lines",
      "--workers",
      "0",
    );
    assert.equal(go.code, 0, go.stderr);
    assert.match(go.stderr, /responses\.jsonl:5: field "task_id": no task "missing"/);
    const scored = (await Deno.readTextFile(`${dir}/scored.jsonl`)).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    assert.equal(scored.length, 21);
    for (const s of scored.slice(0, 20)) {
      assert.deepEqual(Object.keys(s).sort(), [
        "correct",
        "depth",
        "extracted",
        "per_problem",
        "reward",
        "sample",
        "status",
        "task_id",
      ]);
      assert.equal(s.correct, true);
    }
    assert.equal(scored[20].correct, false);
    assert.equal(scored[20].sample, 2, "samples are numbered per task when absent");
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    assert.equal(summary.skipped_lines, 2);
    assert.deepEqual(summary.by_horizon.map((h: { depth: number }) => h.depth), [1, 3]);
    assert.equal(summary.by_horizon[1].accuracy, 1);
    assert.equal(summary.by_horizon[1].pass_at_k["2"], 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("score and compose record what produced their output in a provenance sidecar", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const composed = await farsight(
      "compose",
      "--family",
      "chain_sum",
      "--depth",
      "2",
      "--count",
      "3",
      "--seed",
      "5",
      "--out",
      `${dir}/tasks.jsonl`,
    );
    assert.equal(composed.code, 0, composed.stderr);
    const c = JSON.parse(await Deno.readTextFile(`${dir}/tasks.jsonl.provenance.json`));
    assert.equal(c.command, "compose");
    assert.deepEqual([c.identity.family, c.identity.depth, c.identity.seed], [
      ["chain_sum"],
      "2",
      "5",
    ]);
    const tasks = (await Deno.readTextFile(`${dir}/tasks.jsonl`)).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    assert.equal(tasks.length, 3, "the output itself is unchanged: tasks only");
    await Deno.writeTextFile(
      `${dir}/responses.jsonl`,
      tasks.map((t) => JSON.stringify({ task_id: t.id, response: "no answer" })).join("\n") + "\n",
    );
    const scored = await farsight(
      "score",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--responses",
      `${dir}/responses.jsonl`,
      "--out",
      `${dir}/scored.jsonl`,
    );
    assert.equal(scored.code, 0, scored.stderr);
    const s = JSON.parse(await Deno.readTextFile(`${dir}/scored.jsonl.provenance.json`));
    assert.equal(s.command, "score");
    assert.equal(s.inputs.responses, `${dir}/responses.jsonl`);
    assert.match(s.identity.tasks.sha256, /^[0-9a-f]{64}$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
