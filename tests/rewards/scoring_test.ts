import assert from "node:assert/strict";
import {
  LabelError,
  maskPlaceholders,
  parseLabel,
  resolveReward,
  rewardNames,
  scoreResponse,
  scoreResponses,
  stripPrompt,
} from "../../lib/rewards/mod.ts";
import { VerifierPool } from "../../lib/verify/worker_pool.ts";

Deno.test("a single gold uses the full extraction ladder, a list per-problem extraction", () => {
  for (
    const response of [
      "Compute 7*6. #### 42",
      "The answer is 42.",
      "<answer>42</answer>",
      "Answer: 42",
      "so $42$",
    ]
  ) {
    assert.equal(scoreResponse("42", response).correct, true, response);
    assert.equal(scoreResponse(["42"], response).correct, true, `list of one: ${response}`);
  }
  // Per-problem extraction reads Problem lines, or the last n boxes, in order.
  const lines = "### Final Answers\nProblem 1: \\boxed{3}\nProblem 2: \\boxed{4}";
  assert.deepEqual(scoreResponse(["3", "4"], lines).perProblem, [true, true]);
  assert.deepEqual(scoreResponse(["4", "3"], lines).perProblem, [false, false]);
  const s = scoreResponse(
    ["3", "4", "5"],
    "### Final Answers\nProblem 1: \\boxed{3}\nProblem 3: \\boxed{5}",
  );
  assert.deepEqual(s.missing, [2]);
  assert.equal(s.status, "no_answer");
  assert.match(s.reason, /^problem 2: /);
});

Deno.test("rewards resolve from the registry; every name works; functions are accepted", () => {
  const composed = "Problem 1: \\boxed{1}\nProblem 2: \\boxed{9}\nProblem 3: \\boxed{3}";
  const golds = ["1", "2", "3"];
  const by = (reward: Parameters<typeof scoreResponse>[2]) =>
    scoreResponse(golds, composed, reward).reward;
  assert.equal(by({ reward: "all" }), 0);
  assert.equal(by({ reward: "last" }), 1);
  assert.equal(by({ reward: "fraction" }), 2 / 3);
  assert.equal(by({ reward: "plus_minus" }), -1);
  assert.equal(by({ reward: "format" }), 1);
  assert.ok(Math.abs(by({ reward: "all+format" }) - 0.1) < 1e-12);
  assert.equal(by({ reward: "gated" }), 1 + 1 / 3, "last right opens the gate: 1 + w·1");
  assert.equal(
    scoreResponse(["1", "2"], "Problem 1: \\boxed{1}\nProblem 2: \\boxed{3}", {
      reward: "gated",
    }).reward,
    0,
    "last wrong: gate closed",
  );
  assert.equal(by({ reward: "length", length: 350 }), -0.5);
  assert.equal(
    by({ reward: "overlong", length: 90, params: { maxLength: 100, buffer: 20 } }),
    -0.5,
  );
  assert.equal(by({ reward: "par", params: { references: [0] } }), 0.5);
  assert.equal(by({ reward: (x) => x.perProblem.filter(Boolean).length * 10 }), 20);
  assert.throws(() => by({ reward: "overlong" }), /needs the parameter maxLength/);
  assert.throws(() => by({ reward: "par" }), /needs the parameter references/);
  assert.throws(() => resolveReward("nope"), /Unknown reward "nope": expected one of all/);
  for (const name of rewardNames()) {
    const params = { maxLength: 100, buffer: 10, references: [0.5] };
    assert.equal(typeof by({ reward: name, params }), "number", name);
  }
});

Deno.test("labels: strings, numbers, lists, JSON arrays and R-Horizon's comma-joined targets", () => {
  assert.equal(parseLabel("1,234"), "1,234", "one number in a plain label");
  assert.equal(parseLabel(" 7 "), " 7 ");
  assert.deepEqual(parseLabel(["3", 4]), ["3", "4"]);
  assert.deepEqual(parseLabel('["3","4"]'), ["3", "4"]);
  assert.equal(parseLabel("[3, 4]"), "[3, 4]", "numbers in brackets: an interval or a vector");
  assert.deepEqual(parseLabel("[3, 4]", { format: "json" }), ["3", "4"]);
  assert.equal(parseLabel('["3","4"]', { format: "plain" }), '["3","4"]');
  assert.deepEqual(parseLabel("540, 321 ,7", { format: "comma" }), ["540", "321", "7"]);
  assert.throws(
    () => parseLabel("1,,2", { format: "comma", where: "labels[4]" }),
    /labels\[4\]: empty answer/,
  );
  assert.throws(() => parseLabel({}, { where: "labels[0]" }), LabelError);
  assert.throws(() => parseLabel([], { where: "x" }), /x: expected a non-empty list/);
  assert.throws(() => parseLabel("3", { format: "json" }), /JSON array/);
  assert.throws(() => parseLabel(NaN), /finite/);
});

Deno.test("prompt stripping tolerates whitespace and special-token differences", () => {
  const prompt =
    "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is 6*7?<|im_end|>\n" +
    "<|im_start|>assistant\n";
  const response = "It is \\boxed{42}.";
  const variants = [
    prompt + response,
    prompt.replaceAll("\n", " ") + response,
    prompt.replaceAll("<|im_end|>\n", "<|im_end|>") + response + "<|im_end|>",
    "<|endoftext|>" + prompt + response + "<|endoftext|>",
  ];
  for (const q of variants) assert.equal(stripPrompt(q, prompt), response, JSON.stringify(q));
  // No match: the text after the last assistant turn.
  assert.equal(stripPrompt("<|im_start|>user\nX<|im_end|><|im_start|>assistant\nY", "other"), "Y");
  // Llama 3 headers.
  assert.equal(
    stripPrompt(
      "<|start_header_id|>user<|end_header_id|>\n\nQ<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nA: 5<|eot_id|>",
      "nothing like it",
    ),
    "A: 5",
  );
  assert.equal(stripPrompt("plain text", undefined), "plain text");
});

Deno.test("template placeholders never count as answers", () => {
  const template =
    "### Final Answers\nProblem 1: \\boxed{[answer1]}\nProblem 2: \\boxed{[answer2]}";
  assert.equal(scoreResponse(["3", "4"], template).status, "no_answer");
  assert.equal(scoreResponse("3", "\\boxed{[answer1]}").status, "no_answer");
  assert.equal(scoreResponse("3", "The final answer is [answer1].").status, "no_answer");
  assert.equal(scoreResponse("3", "\\boxed{[variable2]}").status, "no_answer");
  // The echoed template does not hide a real answer given later, or earlier.
  assert.equal(
    scoreResponse(["3", "4"], template + "\nSo 3, then \\boxed{3} and \\boxed{4}").correct,
    true,
  );
  assert.equal(scoreResponse("3", "\\boxed{3}\n" + template).correct, true);
  assert.equal(maskPlaceholders("\\boxed{x = {[variable2]}}"), "…");
  assert.equal(maskPlaceholders("no placeholder \\boxed{2}"), "no placeholder \\boxed{2}");
});

Deno.test("scoreResponses with a worker pool equals scoreResponse", async () => {
  const items = [
    { gold: "42", response: "#### 42" },
    { gold: ["1", "2"], response: "Problem 1: \\boxed{1}\nProblem 2: \\boxed{2}" },
    { gold: ["5"], response: "The answer is 5." },
    { gold: "3", response: "\\boxed{[answer1]}" },
    { gold: "x^2", response: "\\boxed{x \\cdot x}" },
    { gold: "7", response: "### Final Answers\nProblem 1: 7" },
    { gold: ["8"], response: "Problem 1: I could not solve it" },
  ];
  await using pool = new VerifierPool({ size: 2 });
  const pooled = await scoreResponses(items, { pool, reward: "fraction" });
  assert.deepEqual(
    pooled,
    items.map((i) => scoreResponse(i.gold, i.response, { reward: "fraction" })),
  );
  assert.deepEqual(pooled.map((s) => s.correct), [true, true, true, false, true, true, false]);
  assert.equal(pooled[6]!.status, "no_answer");
});
