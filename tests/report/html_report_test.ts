import assert from "node:assert/strict";
import { table } from "../../lib/display/mod.ts";
import { Plot, plot } from "../../lib/plot/mod.ts";
import { renderReport } from "../../lib/report/mod.ts";

Deno.test("renderReport() inlines figures and full tables and escapes text", () => {
  const fig = plot({ marks: [Plot.lineY([1, 2])] });
  const rows = Array.from({ length: 30 }, (_, i) => ({ i }));
  const html = renderReport({
    title: "R <1>",
    intro: "first\n\nsecond & last",
    sections: [{
      heading: "S",
      text: "t",
      figures: [fig],
      tables: [table(rows)],
      html: "<pre>raw</pre>",
    }],
  });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<title>R &lt;1&gt;<\/title>/);
  assert.match(html, /<p>first<\/p>\n<p>second &amp; last<\/p>/);
  assert.ok(html.includes(fig.markup));
  assert.equal((html.match(/<tr>/g) ?? []).length, 31, "every table row, not the display limit");
  assert.ok(html.includes("<pre>raw</pre>"));
  assert.doesNotMatch(html, /<script|<link|src="http/);
});
