import assert from "node:assert/strict";
import {
  escapeHtml,
  formatCell,
  JUPYTER_DISPLAY,
  table,
  withDisplay,
} from "../../lib/display/mod.ts";

Deno.test("table() renders aligned text and an HTML table", () => {
  const t = table([{ model: "a<b", acc: 0.91234, n: 1 }, { model: "long name", acc: 0.5, n: 16 }], {
    title: "Accuracy",
  });
  const b = t[JUPYTER_DISPLAY]();
  assert.equal(
    b["text/plain"],
    [
      "Accuracy",
      "model        acc   n",
      "─────────  ─────  ──",
      "a<b        0.912   1",
      "long name    0.5  16",
    ].join("\n"),
  );
  assert.match(b["text/html"]!, /<caption>Accuracy<\/caption>/);
  assert.match(b["text/html"]!, /<td>a&lt;b<\/td><td style="text-align:right">0.912<\/td>/);
});

Deno.test("table() prints in a terminal and serialises as plain data", () => {
  const t = table([{ a: 1 }, { b: "x" }]);
  assert.deepEqual(t.columns, ["a", "b"]);
  assert.equal(Deno.inspect(t), "a  b\n─  ─\n1\n   x");
  assert.deepEqual(JSON.parse(JSON.stringify(t)), {
    rows: [{ a: 1 }, { b: "x" }],
    columns: ["a", "b"],
  });
});

Deno.test("table() shows maxRows rows and says how many are hidden", () => {
  const rows = Array.from({ length: 25 }, (_, i) => ({ i }));
  const b = table(rows, { maxRows: 3 })[JUPYTER_DISPLAY]();
  assert.match(b["text/plain"]!, /… 22 more rows \(25 in all\)$/);
  assert.equal((b["text/html"]!.match(/<tr>/g) ?? []).length, 1 + 3 + 1);
  assert.equal(table(rows).toMime(Infinity)["text/plain"]!.split("\n").length, 2 + 25);
});

Deno.test("table() applies column formatters and column order", () => {
  const t = table([{ a: 0.5, b: 2 }], {
    columns: ["b", "a"],
    format: { a: (v) => `${Number(v) * 100}%` },
  });
  assert.equal(t[JUPYTER_DISPLAY]()["text/plain"], "b    a\n─  ───\n2  50%");
});

Deno.test("formatCell() formats numbers, bigints, empties and objects", () => {
  assert.equal(formatCell(3), "3");
  assert.equal(formatCell(2.5), "2.5");
  assert.equal(formatCell(1 / 3, 2), "0.33");
  assert.equal(formatCell(10n ** 20n), "100000000000000000000");
  assert.equal(formatCell(null), "");
  assert.equal(formatCell({ x: [1, 2n] }), '{"x":[1,"2"]}');
  assert.equal(formatCell(Number.NaN), "NaN");
});

Deno.test("withDisplay() attaches a hidden display method", () => {
  const v = withDisplay(
    { x: 1 },
    (o) => ({ "text/plain": `x is ${o.x}`, "text/html": "<i>x</i>" }),
  );
  assert.deepEqual(Object.keys(v), ["x"]);
  assert.equal(v[JUPYTER_DISPLAY]()["text/html"], "<i>x</i>");
  assert.equal(Deno.inspect(v), "x is 1");
  assert.equal(escapeHtml(`<"'&>`), "&lt;&quot;&#39;&amp;&gt;");
});
