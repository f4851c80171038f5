import assert from "node:assert/strict";
import {
  extractAnswer,
  EXTRACTION_PRIORITY,
  extractPerProblem,
  problemLineAnswer,
  verifyAnswer,
} from "../../lib/verify/mod.ts";
import { scoreResponse, scoreResponses } from "../../lib/rewards/mod.ts";
import { VerifierPool } from "../../lib/verify/worker_pool.ts";

Deno.test("an empty Problem k: line does not take the next line as its answer", () => {
  assert.deepEqual(extractPerProblem("### Final Answers\nProblem 1:\nProblem 2: 5", 2), {
    answers: [null, "5"],
    missing: [1],
    method: "problem_lines",
  });
  assert.deepEqual(
    extractPerProblem("### Final Answers\nProblem 1:\n7\nProblem 2: \\boxed{5}", 2).answers,
    [null, "5"],
  );
  // without the heading, one line of two found: the last boxes are read instead
  assert.deepEqual(extractPerProblem("Problem 1:\n7\nProblem 2: \\boxed{5}", 2).answers, [
    "5",
    null,
  ]);
  assert.deepEqual(extractPerProblem("Problem 1: \t 7", 1).answers, ["7"], "spaces and tabs");
  assert.equal(problemLineAnswer("Problem 1:\n42"), null);
});

Deno.test("problem_line is the ladder's last rung: one verification decides", () => {
  assert.equal(EXTRACTION_PRIORITY.at(-1), "problem_line");
  assert.deepEqual(extractAnswer("### Final Answers\nProblem 1: 7"), {
    text: "7",
    source: "problem_line",
  });
  assert.equal(extractAnswer("Problem 1: \\boxed{7}")?.source, "boxed", "a box wins");
  assert.equal(extractAnswer("Problem 1: 7", { think: "require" }), null, "think still rules");
  assert.equal(extractAnswer("<think>Problem 1: 3</think> Problem 1: 7")?.text, "7");
  const v = verifyAnswer("7", "### Final Answers\nProblem 1: 7");
  assert.equal(v.correct, true);
  assert.equal(v.extracted.source, "problem_line");
  assert.equal(verifyAnswer("8", "Problem 1: 7").status, "wrong");
  // an empty box higher up: the Problem 1 line still answers
  assert.equal(verifyAnswer("7", "\\boxed{}\nProblem 1: 7").correct, true);
  // a choice gold: a leading letter comes before the Problem 1 line
  assert.equal(verifyAnswer("B", "B. because\nProblem 1: C").extracted.source, "choice_line");
  assert.equal(verifyAnswer("7", "Problem 1:\nsee the working above").status, "no_answer");
  assert.equal(verifyAnswer("7", "Problem 1:\n7").extracted.source, "bare", "a bare last line");
});

Deno.test("scoreResponse and scoreResponses (in workers) read a Problem 1 line alike", async () => {
  const cases: [string, string, boolean][] = [
    ["7", "### Final Answers\nProblem 1: 7", true],
    ["7", "Problem 1: \\boxed{7}", true],
    ["7", "Problem 1: 8", false],
    ["7", "Problem 1:\nsee the working above", false],
    ["7", "I think so.", false],
  ];
  const direct = cases.map(([g, r]) => scoreResponse(g, r));
  assert.deepEqual(direct.map((s) => s.correct), cases.map((c) => c[2]));
  assert.deepEqual(direct.map((s) => s.status), [
    "correct",
    "correct",
    "wrong",
    "no_answer",
    "no_answer",
  ]);
  await using pool = new VerifierPool({ size: 1 });
  const pooled = await scoreResponses(cases.map(([gold, response]) => ({ gold, response })), {
    pool,
  });
  assert.deepEqual(pooled, direct);
});
