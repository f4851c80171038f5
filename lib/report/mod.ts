/**
 * Self-contained HTML reports with inline figures and tables.
 *
 * @example
 * ```ts
 * import { renderReport } from "./mod.ts";
 * renderReport({ title: "Empty", sections: [] });
 * ```
 * @module
 */
export * from "./html_report.ts";
