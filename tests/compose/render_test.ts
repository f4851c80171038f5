import assert from "node:assert/strict";
import {
  type Link,
  linkDefinition,
  renderPrompt,
  RHORIZON_TEMPLATE,
  toChatMessages,
} from "../../lib/compose/mod.ts";

const links: Link[] = [
  {
    from: 0,
    to: 1,
    kind: "offset",
    variable: "[variable2]",
    value: "12",
    original: "12",
    offset: "-3",
  },
];

Deno.test("renderPrompt() uses R-Horizon's layout by default", () => {
  const prompt = renderPrompt(
    ["What is 7 + 8?", "Share [variable2] sweets among 3 children."],
    links,
  );
  assert.equal(
    prompt,
    [
      "Problem 1: What is 7 + 8?",
      "",
      "Problem 2: Let [variable2] = [answer1] - 3. Share [variable2] sweets among 3 children.",
      "",
      "Here [answerK] stands for your answer to Problem K, and [variableK] for a value defined from an earlier answer that Problem K needs.",
      "",
      "Solve the problems in order, showing your reasoning, and then report every answer in exactly this format:",
      "",
      "### Final Answers",
      "Problem 1: \\boxed{[answer1]}",
      "Problem 2: \\boxed{[answer2]}",
    ].join("\n"),
  );
  assert.ok(RHORIZON_TEMPLATE.includes("{{answer_lines}}"));
});

Deno.test("renderPrompt() takes string and function templates", () => {
  assert.equal(
    renderPrompt(["a", "b [variable2]"], links, "{{n}} problems:\n{{problems}}"),
    "2 problems:\nProblem 1: a\n\nProblem 2: Let [variable2] = [answer1] - 3. b [variable2]",
  );
  assert.equal(
    renderPrompt(
      ["a", "b"],
      links,
      (v) => v.problems.map((p) => `${p.k}|${p.definitions.join(";")}|${p.question}`).join("\n"),
    ),
    "1||a\n2|[variable2] = [answer1] - 3|b",
  );
  assert.throws(
    () => renderPrompt(["a"], [], "{{nope}}"),
    /Unknown template placeholder "\{\{nope\}\}"/,
  );
  assert.equal(
    renderPrompt(["a", "b"], [], "{{note}}"),
    "The problems are independent of each other.",
  );
});

Deno.test("linkDefinition() writes offsets and transforms", () => {
  assert.equal(linkDefinition({ ...links[0]!, offset: "0" }), "[variable2] = [answer1]");
  assert.equal(
    linkDefinition({
      from: 1,
      to: 2,
      kind: "recompute",
      variable: "[variable3]",
      value: "4",
      transform: { op: "mod", k: "7", shift: "1" },
    }),
    "[variable3] = ([answer2] mod 7) + 1",
  );
  assert.equal(
    linkDefinition({
      from: 0,
      to: 1,
      kind: "recompute",
      variable: "[variable2]",
      value: "4",
      transform: { op: "scale", k: "2" },
    }),
    "[variable2] = 2 × [answer1]",
  );
});

Deno.test("toChatMessages() adds an optional system message", () => {
  assert.deepEqual(toChatMessages({ prompt: "P" }), [{ role: "user", content: "P" }]);
  assert.deepEqual(toChatMessages({ prompt: "P" }, { system: "S" }), [{
    role: "system",
    content: "S",
  }, { role: "user", content: "P" }]);
});
