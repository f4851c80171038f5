import assert from "node:assert/strict";
import { CsvSyntaxError, parseCsv, readCsv, writeFileAtomic } from "../../lib/io/mod.ts";

Deno.test("parseCsv() reads quoted fields, doubled quotes, CRLF and comments", () => {
  const doc = parseCsv('# cite me\n#second\r\na,b\r\n"x, ""y""",2\r\n"multi\nline",\n');
  assert.deepEqual(doc.comments, ["cite me", "second"]);
  assert.deepEqual(doc.columns, ["a", "b"]);
  assert.deepEqual(doc.rows, [{ a: 'x, "y"', b: "2" }, { a: "multi\nline", b: "" }]);
});

Deno.test("parseCsv() names the source and line of a bad record", () => {
  assert.throws(
    () => parseCsv("# c\na,b\n1,2\n3\n", "data/x.csv"),
    (e: unknown) =>
      e instanceof CsvSyntaxError && e.line === 4 &&
      e.message === "Cannot parse CSV data/x.csv:4: expected 2 fields (a, b), found 1",
  );
  assert.throws(() => parseCsv('a\n"open\n', "f.csv"), /f\.csv:2: unterminated quoted field/);
  assert.throws(() => parseCsv('a\nx"y\n', "f.csv"), /f\.csv:2: quote inside an unquoted field/);
  assert.throws(() => parseCsv("# only\n", "f.csv"), /expected a header row/);
});

Deno.test("readCsv() and writeFileAtomic() round-trip through a file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeFileAtomic(`${dir}/sub/t.csv`, "k,v\n1,2\n");
    assert.deepEqual((await readCsv(`${dir}/sub/t.csv`)).rows, [{ k: "1", v: "2" }]);
    assert.deepEqual([...Deno.readDirSync(`${dir}/sub`)].map((e) => e.name), ["t.csv"]);
    await assert.rejects(readCsv(`${dir}/missing.csv`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
