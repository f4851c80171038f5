/**
 * The task-id convention for variants: a recomputed problem (h1's chains, GSM8K recompute)
 * keeps its base problem's id and appends `~` and a digest of what changed, so tables keyed by
 * the base id (pass rates, known originals) still find it.
 * @module
 */

/** The separator between a base id and a variant's suffix. */
export const VARIANT_SEPARATOR = "~";

/**
 * A variant's id: the base id, the separator and the suffix.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { variantId } from "./task_id.ts";
 * assert.equal(variantId("gcd-ab12-s0-i3", "9f0c1e"), "gcd-ab12-s0-i3~9f0c1e");
 * ```
 */
export function variantId(baseId: string, suffix: string): string {
  return `${baseId}${VARIANT_SEPARATOR}${suffix}`;
}

/**
 * The base id of a (possibly variant) task id: everything before the first separator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { baseTaskId } from "./task_id.ts";
 * assert.equal(baseTaskId("gcd-ab12-s0-i3~9f0c1e"), "gcd-ab12-s0-i3");
 * assert.equal(baseTaskId("gcd-ab12-s0-i3"), "gcd-ab12-s0-i3");
 * ```
 */
export function baseTaskId(id: string): string {
  return id.split(VARIANT_SEPARATOR)[0]!;
}
