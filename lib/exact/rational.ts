/**
 * Exact rational numbers over BigInt, always in lowest terms with a positive denominator.
 * @module
 */

/** A rational number `num / den` in lowest terms, `den > 0`. */
export interface Rational {
  /** Numerator, carrying the sign. */
  readonly num: bigint;
  /** Denominator, always positive. */
  readonly den: bigint;
}

/**
 * Greatest common divisor of two BigInts (always non-negative).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gcd } from "./rational.ts";
 * assert.equal(gcd(12n, -18n), 6n);
 * ```
 */
export function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Builds a rational in lowest terms. Throws `RangeError` for a zero denominator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rational, formatRational } from "./rational.ts";
 * assert.deepEqual(formatRational(rational(6n, -4n)), "-3/2");
 * ```
 */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = BigInt(num), d = BigInt(den);
  if (d === 0n) throw new RangeError("Cannot build a rational with a zero denominator");
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { num: n / g, den: d / g };
}

/**
 * `a + b`, exact.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addRational, rational } from "./rational.ts";
 * assert.deepEqual(addRational(rational(1n, 2n), rational(1n, 3n)), rational(5n, 6n));
 * ```
 */
export function addRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}
/**
 * `a − b`, exact.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rational, subRational } from "./rational.ts";
 * assert.deepEqual(subRational(rational(1n, 2n), rational(1n, 3n)), rational(1n, 6n));
 * ```
 */
export function subRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}
/**
 * `a × b`, exact.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mulRational, rational } from "./rational.ts";
 * assert.deepEqual(mulRational(rational(2n, 3n), rational(3n, 4n)), rational(1n, 2n));
 * ```
 */
export function mulRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}
/**
 * `a ÷ b`, exact; throws `RangeError` when `b` is zero.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { divRational, rational } from "./rational.ts";
 * assert.deepEqual(divRational(rational(1n, 2n), rational(1n, 4n)), rational(2n, 1n));
 * assert.throws(() => divRational(rational(1n, 2n), rational(0n, 1n)), RangeError);
 * ```
 */
export function divRational(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError("Cannot divide by zero");
  return rational(a.num * b.den, a.den * b.num);
}
/**
 * Whether two rationals are equal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { equalRational, rational } from "./rational.ts";
 * assert.equal(equalRational(rational(2n, 4n), rational(1n, 2n)), true);
 * ```
 */
export function equalRational(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

/**
 * Formats as `"n"` for integers and `"n/d"` otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatRational, rational } from "./rational.ts";
 * assert.deepEqual(formatRational(rational(4n, 2n)), "2");
 * ```
 */
export function formatRational(r: Rational): string {
  return r.den === 1n ? r.num.toString() : `${r.num}/${r.den}`;
}

/**
 * Parses `"n"`, `"-n/d"` or a finite decimal such as `"-1.25"` exactly; `null` if the text is
 * not one of these.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRational, formatRational } from "./rational.ts";
 * assert.deepEqual(formatRational(parseRational("-1.25")!), "-5/4");
 * ```
 */
export function parseRational(text: string): Rational | null {
  const s = text.trim();
  let m = s.match(/^([+-]?\d+)\s*\/\s*([+-]?\d+)$/);
  if (m) return BigInt(m[2]!) === 0n ? null : rational(BigInt(m[1]!), BigInt(m[2]!));
  m = s.match(/^([+-]?)(\d*)(?:\.(\d*))?$/);
  if (m && (m[2] || m[3])) {
    const frac = m[3] ?? "";
    const n = BigInt((m[2] || "0") + frac) * (m[1] === "-" ? -1n : 1n);
    return rational(n, 10n ** BigInt(frac.length));
  }
  return null;
}

/**
 * Formats a rational whose denominator divides a power of ten as an exact decimal
 * (`"3/4"` → `"0.75"`); `null` when the expansion does not terminate.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDecimal, rational } from "./rational.ts";
 * assert.deepEqual(formatDecimal(rational(-5n, 4n)), "-1.25");
 * assert.deepEqual(formatDecimal(rational(1n, 3n)), null);
 * ```
 */
export function formatDecimal(r: Rational): string | null {
  let d = r.den, twos = 0, fives = 0;
  while (d % 2n === 0n) [d, twos] = [d / 2n, twos + 1];
  while (d % 5n === 0n) [d, fives] = [d / 5n, fives + 1];
  if (d !== 1n) return null;
  const places = Math.max(twos, fives);
  const scaled = r.num * (10n ** BigInt(places)) / r.den;
  if (places === 0) return scaled.toString();
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(places + 1, "0");
  return `${neg ? "-" : ""}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
