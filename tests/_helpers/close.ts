import assert from "node:assert/strict";

/**
 * Asserts two numbers (or nested arrays of numbers) agree within `tolerance`. The default, 2e-5,
 * suits the reference vectors of docs/rewards.md, which print 6 digits and sometimes
 * sum already-rounded values.
 */
export function assertClose(
  actual: unknown,
  expected: unknown,
  tolerance = 2e-5,
  path = "value",
): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => assertClose(actual[i], e, tolerance, `${path}[${i}]`));
    return;
  }
  assert.equal(
    typeof actual,
    "number",
    `${path}: expected a number, got ${JSON.stringify(actual)}`,
  );
  assert.ok(
    Math.abs((actual as number) - (expected as number)) <= tolerance,
    `${path}: ${actual} is not within ${tolerance} of ${expected}`,
  );
}
