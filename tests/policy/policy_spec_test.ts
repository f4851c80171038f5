/** The policy-spec grammar: one parser for the library and `farsight eval --model`. */
import assert from "node:assert/strict";
import { parsePolicySpec, policySpecHelp, simPolicyFromSpec } from "../../lib/policy/mod.ts";
import { farsight } from "../cli/_run.ts";

Deno.test("sim specs parse with defaults, ranges and named errors", () => {
  assert.deepEqual(parsePolicySpec("sim:"), { kind: "sim", text: "sim:", p: 0.9 });
  assert.deepEqual(parsePolicySpec("sim:p=0.5,recall=0.25,seed=7"), {
    kind: "sim",
    text: "sim:p=0.5,recall=0.25,seed=7",
    p: 0.5,
    recall: 0.25,
    seed: 7,
  });
  assert.throws(
    () => parsePolicySpec("sim:recall=2"),
    /field "recall": expected a number in \[0, 1\]/,
  );
  assert.throws(() => parsePolicySpec("sim:seed=1.5"), /field "seed": expected an integer/);
  assert.throws(() => parsePolicySpec("sim:p"), /field "p": expected a number/);
  const spec = parsePolicySpec("sim:p=1");
  assert.ok(spec.kind === "sim");
  assert.equal(simPolicyFromSpec(spec, 0).name, "sim:p=1");
});

Deno.test("eval --model takes the same grammar: help and errors come from lib/policy", async () => {
  const help = await farsight("eval", "--help");
  assert.ok(help.stdout.includes(policySpecHelp()), help.stdout);
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/t.jsonl`,
      JSON.stringify({
        id: "a",
        family: "x",
        question: "1+1?",
        answer: "2",
        answer_kind: "integer",
      }) +
        "\n",
    );
    const run = await farsight(
      "eval",
      "--model",
      "sim:q=1",
      "--tasks",
      `${dir}/t.jsonl`,
      "--out",
      `${dir}/r.jsonl`,
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /policy "sim:q=1": unknown field "q" \(expected p, recall, seed\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("registerPolicy: a registered policy is parsed, made and refused twice", async () => {
  const { parsePolicySpec, policyFromSpec, policyNames, policySpecHelp, registerPolicy } =
    await import("../../lib/policy/mod.ts");
  const make = ({ fields, text }: { fields: Readonly<Record<string, string>>; text: string }) => ({
    name: text,
    respond: () => Promise.resolve({ text: `\\boxed{${fields.answer ?? "0"}}` }),
  });
  registerPolicy("test_fixed", { description: "a fixed answer", create: make });
  assert.ok(policyNames().includes("test_fixed"));
  assert.match(policySpecHelp(), /registered policy NAME\[:key=value,…\]: .*test_fixed/);
  assert.deepEqual(parsePolicySpec("test_fixed:answer=4"), {
    kind: "registered",
    name: "test_fixed",
    text: "test_fixed:answer=4",
    fields: { answer: "4" },
  });
  assert.throws(() => parsePolicySpec("test_fixed:answer"), /expected key=value fields/);
  assert.deepEqual(parsePolicySpec("test_fixed_dir"), { kind: "model", dir: "test_fixed_dir" });
  const policy = policyFromSpec("test_fixed:answer=4", 0);
  assert.equal((await policy.respond({} as never, { sample: 0 })).text, "\\boxed{4}");
  assert.throws(() => registerPolicy("test_fixed", make), /already registered/);
  registerPolicy("test_fixed", { description: "another", create: () => policy }, {
    override: true,
  });
  assert.equal(policyFromSpec("test_fixed", 0), policy);
  assert.throws(() => registerPolicy("Bad", make), /Invalid policy name/);
  assert.throws(() => policyFromSpec("some/dir", 0), /model directory/);
});
