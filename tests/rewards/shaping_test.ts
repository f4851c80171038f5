import assert from "node:assert/strict";
import {
  ceilReward,
  directReturn,
  gatedReturn,
  overlongPenalty,
  parReward,
  registerShaping,
  resolveShaping,
  shapeReward,
  shapeWith,
  SHAPING_METHODS,
  type ShapingContext,
} from "../../lib/rewards/mod.ts";

Deno.test("every built-in shaping method runs on a context with what it needs", () => {
  const context: ShapingContext = {
    references: [1, 2.5, 0],
    length: 90,
    maxLength: 100,
    buffer: 20,
    response: "<think>x</think><answer>1</answer>",
    stepRewards: [0.1, 0.1],
  };
  for (const [name, entry] of Object.entries(SHAPING_METHODS)) {
    const value = shapeWith(name, 2, context);
    assert.ok(Number.isFinite(value), `${name} gave ${value}`);
    for (const key of entry.needs) {
      const without: ShapingContext = { ...context, [key]: undefined };
      assert.throws(() => shapeWith(name, 2, without), new RegExp(`needs context field "${key}"`));
    }
  }
});

Deno.test("shaping names resolve to the primitive functions", () => {
  assert.equal(shapeReward("par", 2, [1, 2.5, 0]), parReward(2, [1, 2.5, 0]));
  assert.equal(shapeReward("ceil", 5, [1, 3]), ceilReward(5, 3));
  assert.equal(
    shapeWith("overlong", 1, { length: 95, maxLength: 100, buffer: 20 }),
    1 + overlongPenalty(95, { maxLength: 100, buffer: 20 }),
  );
  assert.equal(shapeWith("gated", -1, { stepRewards: [1] }), gatedReturn(-1, [1]));
  assert.equal(shapeWith("gated", -1, { stepRewards: [1], delta: -2 }), gatedReturn(-1, [1], -2));
  assert.equal(shapeWith("direct", -1, { stepRewards: [1] }), directReturn(-1, [1]));
  assert.equal(shapeWith("think_format", 1, { response: "<think>a</think>b" }), 2);
});

Deno.test("registerShaping refuses duplicates unless overriding; a function passes through", () => {
  try {
    registerShaping("doubled_test", { description: "2r", needs: [], shape: (r) => 2 * r });
    assert.equal(shapeWith("doubled_test", 3, {}), 6);
    assert.throws(
      () => registerShaping("doubled_test", { description: "", needs: [], shape: (r) => r }),
      /already registered/,
    );
    registerShaping("doubled_test", { description: "3r", needs: [], shape: (r) => 3 * r }, {
      override: true,
    });
    assert.equal(shapeReward("doubled_test", 3, []), 9);
  } finally {
    delete SHAPING_METHODS.doubled_test;
  }
  const halve = (r: number) => r / 2;
  assert.equal(resolveShaping(halve), halve);
  assert.equal(shapeReward(halve, 3, []), 1.5);
  assert.throws(() => registerShaping("Bad", SHAPING_METHODS.raw!), /expected snake_case/);
  assert.throws(() => resolveShaping("nope"), /expected one of raw, centred, par/);
});
