import { type Displayable, escapeHtml, type MimeBundle, withDisplay } from "./mime.ts";

/** A row of a {@linkcode Table}: column name to cell value. */
export type Row = Record<string, unknown>;

/** Options for {@linkcode table}. */
export interface TableOptions {
  /** Columns to show, in order. Default: the keys of all rows, in first-seen order. */
  columns?: readonly string[];
  /** A caption shown above the table. */
  title?: string;
  /** Rows shown before "… N more rows". Default 20. All rows stay in `rows`. */
  maxRows?: number;
  /** Fraction digits for non-integer numbers. Default 3. */
  digits?: number;
  /** Per-column cell formatters that override the default formatting. */
  format?: Readonly<Record<string, (value: unknown) => string>>;
}

/** Rows plus the column order and title used to show them. */
export interface Table<R extends object = Row> extends Displayable {
  /** Every row, unformatted. */
  readonly rows: readonly R[];
  /** The columns shown, in order. */
  readonly columns: readonly string[];
  /** The caption, if any. */
  readonly title?: string;
  /**
   * Renders the table as `text/plain` and `text/html`, showing up to `maxRows` rows (default:
   * the table's own `maxRows`). Not enumerable, so JSON output holds only data.
   */
  toMime(maxRows?: number): MimeBundle;
}

/**
 * Wraps rows as a table that renders as an HTML table in Jupyter and as aligned text in a
 * terminal. `JSON.stringify(table(rows))` gives `{rows, columns, title}`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { table } from "./table.ts";
 * const t = table([{ n: 1, acc: 0.9 }, { n: 2, acc: 0.81 }], { title: "Accuracy" });
 * console.log(t); // prints an aligned text table
 * assert.deepEqual(t.columns, ["n", "acc"]);
 * ```
 */
export function table<R extends object>(rows: readonly R[], options: TableOptions = {}): Table<R> {
  const columns = options.columns ?? inferColumns(rows as readonly Row[]);
  const value = {
    rows,
    columns,
    ...(options.title === undefined ? {} : { title: options.title }),
  };
  const toMime = (maxRows?: number) =>
    renderTable(
      rows as readonly Row[],
      columns,
      maxRows === undefined ? options : { ...options, maxRows },
    );
  Object.defineProperty(value, "toMime", { value: toMime, enumerable: false });
  return withDisplay(value as typeof value & Pick<Table<R>, "toMime">, () => toMime());
}

function inferColumns(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/**
 * Formats one cell the way {@linkcode table} does: integers as they are, other numbers with
 * `digits` fraction digits (trailing zeros dropped), `null`/`undefined` as empty, objects as
 * JSON.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatCell } from "./table.ts";
 * assert.deepEqual(formatCell(0.12345), "0.123");
 * assert.deepEqual(formatCell(12n), "12");
 * ```
 */
export function formatCell(value: unknown, digits = 3): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    return value.toFixed(digits).replace(/\.?0+$/, "");
  }
  if (typeof value === "string") return value;
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  return JSON.stringify(value, (_k, v) => typeof v === "bigint" ? v.toString() : v);
}

function renderTable(
  rows: readonly Row[],
  columns: readonly string[],
  options: TableOptions,
): MimeBundle {
  const maxRows = options.maxRows ?? 20;
  const shown = rows.slice(0, maxRows);
  const cell = (row: Row, col: string) =>
    options.format?.[col]?.(row[col]) ?? formatCell(row[col], options.digits);
  const cells = shown.map((row) => columns.map((col) => cell(row, col)));
  const numeric = columns.map((col) =>
    shown.every((r) => r[col] == null || typeof r[col] === "number" || typeof r[col] === "bigint")
  );
  const more = rows.length - shown.length;
  const footer = more > 0
    ? `… ${more} more row${more === 1 ? "" : "s"} (${rows.length} in all)`
    : "";

  const widths = columns.map((col, j) => Math.max(col.length, ...cells.map((r) => r[j]!.length)));
  const pad = (s: string, j: number) => numeric[j] ? s.padStart(widths[j]!) : s.padEnd(widths[j]!);
  const lines = [
    ...(options.title ? [options.title] : []),
    columns.map((c, j) => pad(c, j)).join("  ").trimEnd(),
    widths.map((w) => "─".repeat(w)).join("  "),
    ...cells.map((r) => r.map(pad).join("  ").trimEnd()),
    ...(footer ? [footer] : []),
  ];

  const align = (j: number) => numeric[j] ? ' style="text-align:right"' : "";
  const html = [
    '<table class="farsight-table">',
    options.title ? `<caption>${escapeHtml(options.title)}</caption>` : "",
    "<thead><tr>",
    ...columns.map((c, j) => `<th${align(j)}>${escapeHtml(c)}</th>`),
    "</tr></thead><tbody>",
    ...cells.map((r) =>
      "<tr>" + r.map((s, j) => `<td${align(j)}>${escapeHtml(s)}</td>`).join("") + "</tr>"
    ),
    "</tbody>",
    footer
      ? `<tfoot><tr><td colspan="${columns.length}">${escapeHtml(footer)}</td></tr></tfoot>`
      : "",
    "</table>",
  ].join("");
  return { "text/plain": lines.join("\n"), "text/html": html };
}
