import assert from "node:assert/strict";
import {
  addRational,
  divRational,
  formatDecimal,
  formatRational,
  mulRational,
  parseRational,
  rational,
  subRational,
} from "../../lib/exact/mod.ts";

Deno.test("rational arithmetic is exact and in lowest terms", () => {
  const a = rational(1n, 3n), b = rational(1n, 6n);
  assert.equal(formatRational(addRational(a, b)), "1/2");
  assert.equal(formatRational(subRational(b, a)), "-1/6");
  assert.equal(formatRational(mulRational(a, rational(-9n, 2n))), "-3/2");
  assert.equal(formatRational(divRational(a, b)), "2");
  assert.throws(() => divRational(a, rational(0n)), RangeError);
  assert.throws(() => rational(1n, 0n), RangeError);
  const big = rational(10n ** 40n + 1n, 3n);
  assert.equal(formatRational(mulRational(big, rational(3n))), (10n ** 40n + 1n).toString());
});

Deno.test("parseRational() and formatDecimal() handle fractions and decimals", () => {
  assert.equal(formatRational(parseRational(" -6 / 4 ")!), "-3/2");
  assert.equal(formatRational(parseRational(".5")!), "1/2");
  assert.equal(formatRational(parseRational("-0.125")!), "-1/8");
  assert.equal(parseRational("1/0"), null);
  assert.equal(parseRational("abc"), null);
  assert.equal(formatDecimal(rational(-1n, 8n)), "-0.125");
  assert.equal(formatDecimal(rational(7n, 1n)), "7");
  assert.equal(formatDecimal(rational(2n, 3n)), null);
});
