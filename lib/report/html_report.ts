import { escapeHtml } from "../display/mime.ts";
import type { Table } from "../display/table.ts";
import type { Figure } from "../plot/plot.ts";

/** One block of a report, rendered in this order: text, figures, tables, raw HTML. */
export interface ReportSection {
  /** Section heading. */
  readonly heading: string;
  /** Paragraphs of plain text (escaped; blank lines separate paragraphs). */
  readonly text?: string;
  /** Figures, inlined as SVG/HTML markup. */
  readonly figures?: readonly Figure[];
  /** Tables, rendered as HTML tables with every row. */
  readonly tables?: readonly Table[];
  /** Trusted HTML appended as is (e.g. a `<pre>` block). */
  readonly html?: string;
}

/** A whole report. */
export interface Report {
  /** Page title and top heading. */
  readonly title: string;
  /** Plain-text introduction shown under the title. */
  readonly intro?: string;
  /** The sections, in order. */
  readonly sections: readonly ReportSection[];
}

/**
 * Renders a report as one self-contained HTML page: figures are inline SVG, tables are HTML,
 * and nothing is fetched (no scripts, fonts or images from elsewhere).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderReport } from "./html_report.ts";
 * const html = renderReport({ title: "Run 1", sections: [{ heading: "Notes", text: "All good." }] });
 * assert.deepEqual(html.includes("<h2>Notes</h2>"), true);
 * ```
 */
export function renderReport(report: Report): string {
  const paragraphs = (text: string) =>
    text.split(/\n\s*\n/).map((p) => `<p>${escapeHtml(p.trim())}</p>`).join("\n");
  const body = report.sections.map((s) =>
    [
      `<section>\n<h2>${escapeHtml(s.heading)}</h2>`,
      s.text ? paragraphs(s.text) : "",
      ...(s.figures ?? []).map((f) => `<div class="figure">${f.markup}</div>`),
      ...(s.tables ?? []).map((t) => `<div class="table">${t.toMime(Infinity)["text/html"]}</div>`),
      s.html ?? "",
      "</section>",
    ].filter(Boolean).join("\n")
  ).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; }
.figure { margin: 1em 0; overflow-x: auto; }
table.farsight-table { border-collapse: collapse; font-size: 0.85em; margin: 1em 0; }
table.farsight-table th, table.farsight-table td { padding: 2px 8px; border-bottom: 1px solid #eee; }
table.farsight-table caption { text-align: left; font-weight: bold; padding-bottom: 4px; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
</style>
</head>
<body>
<h1>${escapeHtml(report.title)}</h1>
${report.intro ? paragraphs(report.intro) : ""}
${body}
</body>
</html>
`;
}
