import assert from "node:assert/strict";
import { encodeChars } from "../../lib/train/char_tokenizer.ts";
import { micro, tok } from "./_micro.ts";
import { compactAnswerSpans, splitCompactResponse } from "../../lib/train/chain_data.ts";
import {
  firstErrorStepRewards,
  processStepAdvantages,
  stepGroupAdvantages,
  tokenSteps,
} from "../../lib/train/step_credit.ts";
import { trainRl } from "../../lib/train/grpo.ts";
import { initWeights } from "../../lib/train/model.ts";
import { grpoAdvantages, rlooAdvantages } from "../../lib/advantages/group_baselines.ts";

Deno.test("compact spans agree with the answers they split", () => {
  for (const r of ["a12b9c18", "a1", "", "b4", "a12c9", " a3b4 ", "a-3b10"]) {
    assert.deepEqual(
      compactAnswerSpans(r).map(([s, e]) => r.slice(s + 1, e).trim()),
      splitCompactResponse(r),
    );
  }
});

Deno.test("tokens map to their step; text before the first label is step 0", () => {
  const ids = (s: string) => [...encodeChars(tok, s), tok.eosId];
  assert.deepEqual(tokenSteps(tok, ids("a12b9c18"), 3), [0, 0, 0, 1, 1, 2, 2, 2, 2]);
  assert.deepEqual(tokenSteps(tok, ids("12"), 2), [0, 0, 0]);
  // more answers than the chain has: the extra ones count as the last step
  assert.deepEqual(tokenSteps(tok, ids("a1b2"), 1), [0, 0, 0, 0, 0]);
});

Deno.test("process advantages: the first wrong step is pushed down, later steps get none", () => {
  assert.deepEqual(firstErrorStepRewards([false, true]), [0]);
  const a = processStepAdvantages([[true, true, true], [true, false, true], [true, true, false]])!;
  assert.deepEqual(a.map((r) => r.length), [3, 2, 3]);
  assert.ok(a[1]![1]! < 0 && a[2]![2]! < 0);
  assert.ok(a[0]!.every((x) => x > 0));
  assert.equal(processStepAdvantages([[false], [false]]), null);
});

Deno.test("trainRl with process credit runs and keeps only groups whose steps differ", async () => {
  const config = micro;
  const run = await trainRl({
    config,
    tokenizer: tok,
    initial: initWeights(config, 0),
    steps: 2,
    promptsPerStep: 2,
    groupSize: 2,
    schedule: { kind: "fixed", horizon: 2 },
    credit: "process",
  });
  assert.equal(run.log.length, 2);
  for (const l of run.log) assert.ok(l.keptGroups <= l.groups);
});

Deno.test("step group advantages: each step is judged among the responses that reached it", () => {
  const group = [[true, true, false], [true, false, true], [true, true, true], [false, true, true]];
  const a = stepGroupAdvantages(group, rlooAdvantages)!;
  // lengths: up to and including the first error
  assert.deepEqual(a.map((r) => r.length), [3, 2, 3, 1]);
  // step 0: three of four right; the wrong one gets 0 − 1
  assert.deepEqual(a.map((r) => Math.round(r[0]! * 1e9) / 1e9), [
    0.333333333,
    0.333333333,
    0.333333333,
    -1,
  ]);
  // step 1: reached by rows 0, 1, 2 (row 1 wrong)
  assert.deepEqual([a[0]![1], a[1]![1], a[2]![1]], [0.5, -1, 0.5]);
  // step 2: reached by rows 0 and 2 only
  assert.deepEqual([a[0]![2], a[2]![2]], [-1, 1]);
  // a step every reacher got right carries no gradient
  const sure = stepGroupAdvantages([[true, true], [true, false]], grpoAdvantages)!;
  assert.deepEqual(sure.map((r) => r[0]), [0, 0]);
  assert.ok(sure[0]![1]! > 0 && sure[1]![1]! < 0);
  assert.equal(stepGroupAdvantages([[false], [false]], grpoAdvantages), null);
});

Deno.test("trainRl with step credit and a horizon window samples every depth of the window", async () => {
  const run = await trainRl({
    config: micro,
    tokenizer: tok,
    initial: initWeights(micro, 0),
    steps: 2,
    promptsPerStep: 3,
    groupSize: 2,
    schedule: { kind: "fixed", horizon: 3 },
    credit: "step",
    horizonWindow: 3,
  });
  for (const l of run.log) {
    assert.deepEqual(Object.keys(l.accuracyByDepth), ["1", "2", "3"]);
    assert.ok(l.keptGroups <= l.groups);
  }
});
