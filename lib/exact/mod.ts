/**
 * Exact arithmetic: BigInt rationals and terminating decimals.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addRational, formatRational, rational } from "./mod.ts";
 * assert.deepEqual(formatRational(addRational(rational(1n, 2n), rational(1n, 3n))), "5/6");
 * ```
 * @module
 */
export {
  addRational,
  divRational,
  equalRational,
  formatDecimal,
  formatRational,
  gcd,
  mulRational,
  parseRational,
  type Rational,
  rational,
  subRational,
} from "./rational.ts";
