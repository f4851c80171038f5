/**
 * Exact arithmetic: BigInt rationals and terminating decimals.
 *
 * @example
 * ```ts
 * import { addRational, formatRational, rational } from "./mod.ts";
 * formatRational(addRational(rational(1n, 2n), rational(1n, 3n))); // "5/6"
 * ```
 * @module
 */
export * from "./rational.ts";
