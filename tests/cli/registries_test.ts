import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { rewardNames } from "../../lib/rewards/reward_registry.ts";
import { runScore } from "../../lib/cli/score_command.ts";
import { farsight, farsightInProcess, spawnServe } from "./_run.ts";

// A --module registers into the process that reads it, so every run with this file's
// registering module is a subprocess; runs without one may go through main in this process.

const MODULE = fileURLToPath(new URL("../testdata/registering_module.ts", import.meta.url));

/** Every reward's parameters, so shaped rewards that need one can run. */
const PARAMS = JSON.stringify({ maxLength: 100, buffer: 10, references: [0.5] });

async function writeSuite(dir: string): Promise<void> {
  await Deno.writeTextFile(
    `${dir}/tasks.jsonl`,
    JSON.stringify({ id: "t1", question: "q", answer: "7" }) + "\n" +
      JSON.stringify({ id: "t2", question: "q", answer: "8" }) + "\n",
  );
  await Deno.writeTextFile(
    `${dir}/responses.jsonl`,
    JSON.stringify({ task_id: "t1", response: "\\boxed{7}" }) + "\n" +
      JSON.stringify({ task_id: "t2", response: "\\boxed{7}" }) + "\n",
  );
}

Deno.test("help texts list what a --module registered, read when help is printed", async () => {
  for (const [command, name] of [["score", "half_fraction"], ["serve", "half_fraction"]]) {
    const before = await farsightInProcess(command!, "--help");
    assert.equal(before.code, 0, before.stderr);
    assert.ok(!before.stdout.includes(name!), `${command} --help lists ${name} unregistered`);
    const after = await farsight(command!, "--module", MODULE, "--help");
    assert.equal(after.code, 0, after.stderr);
    assert.match(after.stdout, /--reward NAME .*all, last, fraction.*half_fraction/);
  }
  const compose = await farsight("compose", "--module", MODULE, "--help");
  assert.equal(compose.code, 0, compose.stderr);
  assert.match(compose.stdout, /--format F .*rhorizon, ids_only/);
  const list = await farsight("compose", "--module", MODULE, "--list");
  assert.match(list.stdout, /^triple_it +arithmetic/m);
  const evalHelp = await farsight("eval", "--module", MODULE, "--help");
  assert.match(evalHelp.stdout, /registered policy NAME\[:key=value,…\]: always_seven/);
});

Deno.test("a registered reward, format, family and policy work through the CLI", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeSuite(dir);
    const score = await farsight(
      "score",
      "--module",
      MODULE,
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--responses",
      `${dir}/responses.jsonl`,
      "--reward",
      "half_fraction",
      "--workers",
      "0",
    );
    assert.equal(score.code, 0, score.stderr);
    const rewards = score.stdout.trim().split("\n").map((l) => JSON.parse(l).reward);
    assert.deepEqual(rewards, [0.5, 0]);
    const unknown = await farsightInProcess(
      "score",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--responses",
      `${dir}/responses.jsonl`,
      "--reward",
      "nope",
    );
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--reward: expected one of all, last/);

    const composed = await farsight(
      "compose",
      "--module",
      MODULE,
      "--family",
      "triple_it,gcd",
      "--depth",
      "2",
      "--count",
      "3",
      "--format",
      "ids_only",
    );
    assert.equal(composed.code, 0, composed.stderr);
    const rows = composed.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(rows.length, 3);
    assert.deepEqual(Object.keys(rows[0]), ["id", "n"]);

    const evaluated = await farsight(
      "eval",
      "--module",
      MODULE,
      "--model",
      "always_seven",
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--out",
      `${dir}/eval.jsonl`,
    );
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const results = (await Deno.readTextFile(`${dir}/eval.jsonl`)).trim().split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(results.map((r) => r.correct), [true, false]);

    await Deno.writeTextFile(`${dir}/empty.ts`, "export const x = 1;\n");
    const empty = await farsightInProcess("score", "--module", `${dir}/empty.ts`, "--help");
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /--module .*empty\.ts: exports no family and registers nothing/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// Every reward runs through runScore, the function `farsight score` calls, in this process; one
// of them (a shaped reward that needs --reward-params) also runs as a user runs the command.
Deno.test("every reward in the registry can be chosen for score", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeSuite(dir);
    const args = (name: string) => [
      "--tasks",
      `${dir}/tasks.jsonl`,
      "--responses",
      `${dir}/responses.jsonl`,
      "--reward",
      name,
      "--reward-params",
      PARAMS,
      "--workers",
      "0",
    ];
    const numbers = (name: string, text: string) => {
      const lines = text.trim().split("\n");
      assert.equal(lines.length, 2, name);
      for (const line of lines) assert.equal(typeof JSON.parse(line).reward, "number", name);
    };
    const names = rewardNames();
    assert.ok(names.length > 3, names.join(", "));
    const error = console.error;
    console.error = () => {}; // the summary table each run prints
    try {
      for (const name of names) {
        const out = `${dir}/${name}.jsonl`;
        assert.equal(await runScore([...args(name), "--out", out]), 0, name);
        numbers(name, await Deno.readTextFile(out));
      }
    } finally {
      console.error = error;
    }
    const shaped = names.find((n) => n.includes("length")) ?? names[names.length - 1]!;
    const r = await farsight("score", ...args(shaped));
    assert.equal(r.code, 0, `${shaped}: ${r.stderr}`);
    numbers(shaped, r.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve --module --reward NAME serves a registered reward", async () => {
  const server = await spawnServe(
    "--port",
    "0",
    "--workers",
    "1",
    "--module",
    MODULE,
    "--reward",
    "half_fraction",
  );
  try {
    const reply = await fetch(`${server.url}/reward`, {
      method: "POST",
      body: JSON.stringify({
        completions: ["Problem 1: \\boxed{3}\nProblem 2: \\boxed{5}"],
        ground_truth: [["3", "4"]],
      }),
    });
    assert.deepEqual((await reply.json()).rewards, [0.25], "half of fraction 1/2");
  } finally {
    server.child.kill("SIGTERM");
    await server.child.status;
    await server.ended;
    await server.child.stderr.cancel();
  }
});
