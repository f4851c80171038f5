/**
 * Procedural generators of short verifiable problems: 24 families across arithmetic, algebra,
 * number theory, combinatorics and probability, graphs, algorithms and strings, logic and
 * word problems. Exact answers, difficulty attributes with levels, per-item seeding, and a
 * checker per family.
 *
 * @example
 * ```ts
 * import { generateTask, listFamilies } from "./mod.ts";
 * listFamilies().length >= 16; // true
 * generateTask("chain_sum", 0, { seed: 42, config: { terms: 3 } }).question;
 * ```
 * @module
 */
export * from "./family.ts";
export * from "./registry.ts";
export * from "./link.ts";
export { formatPolynomial, parsePolynomial } from "./polynomial_expansion.ts";
export { parseIntegerSet } from "./common_divisors.ts";
export { parseIntegerTuple } from "./sort_numbers.ts";
