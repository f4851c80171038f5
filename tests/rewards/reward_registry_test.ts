import assert from "node:assert/strict";
import {
  isRewardName,
  registerReward,
  resolveReward,
  rewardNames,
  scoreResponse,
  weightedReward,
} from "../../lib/rewards/mod.ts";
import { RewardServer } from "../../lib/serve/reward_server.ts";

const PARAMS = { maxLength: 100, buffer: 10, references: [0.5] };

Deno.test("registerReward: duplicates refused, override replaces, bad entries named", () => {
  registerReward("test_two_thirds", weightedReward({ all: 2 / 3 }));
  assert.ok(isRewardName("test_two_thirds"));
  assert.throws(
    () => registerReward("test_two_thirds", () => 1),
    /Reward "test_two_thirds" is already registered; pass \{ override: true \}/,
  );
  assert.throws(() => registerReward("par", () => 1), /"par" is already registered/);
  assert.throws(() => registerReward("bad name", () => 1), /Invalid reward name "bad name"/);
  assert.throws(() => registerReward("x_y", {} as never), /expected a function or/);
  assert.throws(() => weightedReward({ nope: 1 }), /Unknown reward "nope"/);
  const right = "\\boxed{3}";
  assert.equal(scoreResponse("3", right, { reward: "test_two_thirds" }).reward, 2 / 3);
  registerReward("test_two_thirds", () => 5, { override: true });
  assert.equal(scoreResponse("3", right, { reward: "test_two_thirds" }).reward, 5);
  assert.equal(rewardNames().filter((n) => n === "test_two_thirds").length, 1);
  assert.equal(resolveReward(undefined), resolveReward("all"));
});

Deno.test("a registered reward is chosen by name through the reward server", async () => {
  registerReward("test_fraction_x10", {
    description: "ten times the fraction right",
    fn: weightedReward({ fraction: 10 }),
  }, { override: true });
  const server = new RewardServer({ workers: 1, reward: "test_fraction_x10" });
  try {
    const ask = async (body: Record<string, unknown>) => {
      const reply = await server.handle(
        new Request("http://localhost/reward", { method: "POST", body: JSON.stringify(body) }),
      );
      assert.equal(reply.status, 200);
      return (await reply.json()).rewards as number[];
    };
    const body = {
      completions: ["Problem 1: \\boxed{3}\nProblem 2: \\boxed{5}"],
      ground_truth: [["3", "4"]],
    };
    assert.deepEqual(await ask(body), [5], "the server's own reward option");
    assert.deepEqual(await ask({ ...body, reward: "last" }), [0], "a request's reward field");
    const bad = await server.handle(
      new Request("http://localhost/reward", {
        method: "POST",
        body: JSON.stringify({ ...body, reward: "nope" }),
      }),
    );
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /expected one of all, .*test_fraction_x10/);
  } finally {
    await server.shutdown();
  }
});

Deno.test("every registered reward can be chosen for serve, and scores as scoreResponse", async () => {
  const server = new RewardServer({ workers: 1, params: PARAMS });
  try {
    const response = "Problem 1: \\boxed{3}\nProblem 2: \\boxed{4}";
    for (const reward of rewardNames()) {
      const reply = await server.handle(
        new Request("http://localhost/reward", {
          method: "POST",
          body: JSON.stringify({ completions: [response], ground_truth: [["3", "4"]], reward }),
        }),
      );
      assert.equal(reply.status, 200, `${reward}: ${await reply.clone().text()}`);
      const { rewards } = await reply.json();
      assert.deepEqual(
        rewards,
        [scoreResponse(["3", "4"], response, { reward, params: PARAMS }).reward],
        reward,
      );
    }
  } finally {
    await server.shutdown();
  }
});
