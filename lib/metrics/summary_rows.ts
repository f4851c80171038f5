import type { HorizonSummary } from "./summarize_scores.ts";

/** A column of {@linkcode summaryRows}: one field (or group of fields) of a horizon summary. */
export type SummaryColumn =
  | "depth"
  | "tasks"
  | "responses"
  | "accuracy"
  | "interval"
  | "expected"
  | "accuracy_last"
  | "mean_reward"
  | "pass_at_k";

/** Options for {@linkcode summaryRows}. */
export interface SummaryRowsOptions {
  /** The columns, in order. Default: every column. */
  readonly columns?: readonly SummaryColumn[];
  /** The k of the `pass@k` columns (`null` where a summary lacks one). Default: every k present. */
  readonly passAtK?: readonly number[];
}

const EVERY_COLUMN: readonly SummaryColumn[] = [
  "depth",
  "tasks",
  "responses",
  "accuracy",
  "interval",
  "expected",
  "accuracy_last",
  "mean_reward",
  "pass_at_k",
];

/**
 * Horizon summaries as table rows (for `table`, the CLIs and reports): the one mapping from
 * {@linkcode HorizonSummary} to display columns `depth`, `tasks`, `responses`, `accuracy`,
 * `95% CI`, `expected`, `acc last`, `mean reward` and `pass@k`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summaryRows } from "./summary_rows.ts";
 * const summary = [{
 *   depth: 2, tasks: 1, responses: 2, accuracy: 0.5, accuracy_lo: 0, accuracy_hi: 1,
 *   accuracy_last: 1, mean_reward: 0.5, expected: NaN, pass_at_k: { "1": 0.5, "2": 1 },
 * }];
 * assert.deepEqual(summaryRows(summary, { columns: ["depth", "accuracy", "pass_at_k"] }), [
 *   { depth: 2, accuracy: 0.5, "pass@1": 0.5, "pass@2": 1 },
 * ]);
 * assert.deepEqual(summaryRows(summary, { columns: ["interval", "pass_at_k"], passAtK: [4] }), [
 *   { "95% CI": "0.000–1.000", "pass@4": null },
 * ]);
 * ```
 */
export function summaryRows(
  summaries: readonly HorizonSummary[],
  options: SummaryRowsOptions = {},
): Record<string, unknown>[] {
  const columns = options.columns ?? EVERY_COLUMN;
  return summaries.map((h) => {
    const row: Record<string, unknown> = {};
    for (const column of columns) {
      if (column === "interval") {
        row["95% CI"] = `${h.accuracy_lo.toFixed(3)}–${h.accuracy_hi.toFixed(3)}`;
      } else if (column === "accuracy_last") row["acc last"] = h.accuracy_last;
      else if (column === "mean_reward") row["mean reward"] = h.mean_reward;
      else if (column === "pass_at_k") {
        const ks = options.passAtK?.map(String) ?? Object.keys(h.pass_at_k);
        for (const k of ks) row[`pass@${k}`] = h.pass_at_k[k] ?? null;
      } else row[column] = h[column];
    }
    return row;
  });
}
