import assert from "node:assert/strict";
import { groupIndices, mean, median, std, whiten } from "../../lib/stats/mod.ts";

Deno.test("mean ignores NaN and is NaN when nothing is left", () => {
  assert.equal(mean([1, 2, NaN, 3]), 2);
  assert.ok(Number.isNaN(mean([NaN])));
});

Deno.test("std: unbiased vs population; fewer than two values give NaN unbiased", () => {
  assert.equal(std([1, 0, 0, 0]), 0.5);
  assert.ok(Math.abs(std([1, 0, 0, 0], "population") - Math.sqrt(3) / 4) < 1e-15);
  assert.ok(Number.isNaN(std([1])));
  assert.equal(std([1], "population"), 0);
});

Deno.test("whiten centres and scales; shiftMean false only scales", () => {
  const w = whiten([1, 2, 3], { eps: 0 });
  assert.deepEqual(w, [-1, 0, 1]);
  assert.deepEqual(whiten([1, 2, 3], { eps: 0, shiftMean: false }), [1, 2, 3]);
});

Deno.test("groupIndices keeps first-seen order", () => {
  assert.deepEqual([...groupIndices(["b", "a", "b"])], [["b", [0, 2]], ["a", [1]]]);
});

Deno.test("median: odd and even counts, NaN ignored, Infinity kept", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([1, 2, 3, 10]), 2.5);
  assert.equal(median([NaN, 2, 4]), 3);
  assert.equal(median([1, Infinity, Infinity]), Infinity);
  assert.ok(Number.isNaN(median([])));
});
