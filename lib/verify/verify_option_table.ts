/**
 * The one declared table of {@linkcode VerifyOptions}' keys. The type checker holds it to the
 * type (a key added to `VerifyOptions` and missing here, or one here that the type lacks, fails
 * `deno check`), and the entry points that read options from data (`farsight verify`'s
 * `options` field) validate against it instead of keeping their own list.
 * @module
 */
import type { VerifyOptions } from "./verify.ts";

/** What the table says of one option: whether a request (an input line) may set it. */
export interface VerifyOptionInfo {
  /** False for options the verifier sets itself (`deadline`) or a caller owns (`timeoutMs`). */
  readonly perRequest: boolean;
}

/** Every key of {@linkcode VerifyOptions}, checked against the type. */
export const VERIFY_OPTION_TABLE: {
  readonly [K in keyof VerifyOptions]-?: VerifyOptionInfo;
} = {
  think: { perRequest: true },
  boxed: { perRequest: true },
  lastNumber: { perRequest: true },
  latexEnvironments: { perRequest: true },
  maxLength: { perRequest: true },
  units: { perRequest: true },
  malformedOperators: { perRequest: true },
  minSignificantDigits: { perRequest: true },
  floatRounding: { perRequest: true },
  decimalMode: { perRequest: true },
  tolerance: { perRequest: true },
  allowSetRelation: { perRequest: true },
  strict: { perRequest: true },
  percent: { perRequest: true },
  lists: { perRequest: true },
  seed: { perRequest: true },
  deadline: { perRequest: false },
  timeoutMs: { perRequest: false },
};

/**
 * The option keys an input line may set, in table order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requestVerifyOptionKeys } from "./verify_option_table.ts";
 * assert.ok(requestVerifyOptionKeys().includes("lastNumber"));
 * assert.ok(!requestVerifyOptionKeys().includes("deadline"));
 * ```
 */
export function requestVerifyOptionKeys(): (keyof VerifyOptions)[] {
  return (Object.keys(VERIFY_OPTION_TABLE) as (keyof VerifyOptions)[])
    .filter((k) => VERIFY_OPTION_TABLE[k].perRequest);
}
