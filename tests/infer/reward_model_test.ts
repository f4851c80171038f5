import assert from "node:assert/strict";
import {
  randomDecoderWeights,
  referenceFinalStates,
  RewardModel,
  scoreHeadWeights,
  writeTinyModel,
} from "../../lib/infer/mod.ts";
import { configOf, tinyModelDir } from "./_tiny.ts";

Deno.test("a sequence-classification reward model scores (prompt, response) pairs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "farsight-rm-" });
  try {
    await writeTinyModel(dir, { seed: 4, rewardModel: { numLabels: 1 } });
    await using rm = await RewardModel.load(dir, { backend: "cpu" });
    const pairs = [{ prompt: "What is 2 + 3?", response: "5" }, {
      prompt: "What is 2 + 3?",
      response: "The answer is 6, I think.",
    }];
    const scores = await rm.score(pairs);
    assert.equal(scores.length, 2);
    // against the TypeScript reference: the final state of the last token times the score head
    const config = await configOf(dir);
    const head = scoreHeadWeights(config.hiddenSize, 1, 4);
    for (const [i, pair] of pairs.entries()) {
      const states = referenceFinalStates(
        config,
        randomDecoderWeights(config, 4),
        rm.model.encode(rm.render(pair)),
      );
      const last = states[states.length - 1]!;
      const expected = last.reduce((s, v, j) => s + v * head[j]!, 0);
      assert.ok(Math.abs(expected - scores[i]!) < 1e-4, `pair ${i}: ${scores[i]} vs ${expected}`);
    }
    assert.deepEqual((await rm.score(pairs, { allLabels: true })).map((r) => r.length), [1, 1]);
    await assert.rejects(
      RewardModel.load(await tinyModelDir(), { backend: "cpu" }),
      /is not a \*ForSequenceClassification/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
