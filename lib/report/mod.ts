/**
 * Self-contained HTML reports with inline figures and tables.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderReport } from "./mod.ts";
 * assert.ok(renderReport({ title: "Empty", sections: [] }).includes("<title>Empty</title>"));
 * ```
 * @module
 */
export { renderReport, type Report, type ReportSection } from "./html_report.ts";
