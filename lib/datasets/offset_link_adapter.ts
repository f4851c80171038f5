/**
 * Dataset rows for R-Horizon's offset links: an adapter wrapper that turns rows the links
 * cannot use into reported, skippable row errors (never silent drops).
 * @module
 */
import { type KeySelector } from "../compose/key_selector.ts";
import { offsetLinkIssues } from "../compose/sample.ts";
import type { Adapter } from "./adapters.ts";
import { DatasetRowError } from "./dataset_error.ts";

/** An adapter that refuses unlinkable rows, and the lines it refused. */
export interface OffsetLinkAdapter {
  /** The wrapped adapter: a row without an integer answer or linkable integer is an error. */
  readonly adapter: Adapter;
  /** Lines (rows) refused as unlinkable so far, to tell them from malformed rows. */
  readonly unlinkable: ReadonlySet<number>;
}

/**
 * Wraps an adapter for `--link offset`: R-Horizon's offset links need an integer answer and an
 * integer in the question (see `offsetLinkIssues` in `lib/compose`), so a row without them
 * raises a {@linkcode DatasetRowError} naming the line, the field(s) and the reason, which
 * `loadDataset({ onError: "skip" })` records; `unlinkable` holds those lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plainAdapter } from "./adapters.ts";
 * import { offsetLinkAdapter } from "./offset_link_adapter.ts";
 * const { adapter, unlinkable } = offsetLinkAdapter(plainAdapter());
 * assert.equal(adapter({ question: "What is 4 + 9?", answer: "13" }, { file: "f", line: 1 }).answer, "13");
 * assert.throws(
 *   () => adapter({ question: "What is x?", answer: "1/2" }, { file: "f", line: 2 }),
 *   /f:2: field "answer, question": expected an integer answer, got "1\/2"; expected an integer in the question to link/,
 * );
 * assert.deepEqual([...unlinkable], [2]);
 * ```
 */
export function offsetLinkAdapter(
  base: Adapter,
  options: { readonly selector?: KeySelector } = {},
): OffsetLinkAdapter {
  const unlinkable = new Set<number>();
  const adapter: Adapter = (record, ctx) => {
    const p = base(record, ctx);
    const issues = offsetLinkIssues(p, options.selector);
    if (issues.length) {
      unlinkable.add(ctx.line);
      const reasons = issues.map((i) =>
        i.field === "answer"
          ? `expected ${i.expected}, got "${p.answer.slice(0, 40)}"`
          : `expected ${i.expected}`
      );
      throw new DatasetRowError(
        ctx.file,
        ctx.line,
        issues.map((i) => i.field).join(", "),
        `${reasons.join("; ")} (--link offset keeps answers and links through integers)`,
      );
    }
    return p;
  };
  return { adapter, unlinkable };
}
