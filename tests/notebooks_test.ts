/**
 * Static checks on the notebooks. The Deno kernel turns a missing named import into
 * `undefined` without any error output, so every named import of every notebook is
 * checked here against the module's real exports.
 * @module
 */
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const DIR = resolve(new URL("../notebooks", import.meta.url).pathname);
const NOTEBOOKS = [...Deno.readDirSync(DIR)].map((e) => e.name).filter((n) => n.endsWith(".ipynb"))
  .sort();

interface Cell {
  cell_type: string;
  source: string[] | string;
  outputs?: unknown[];
  execution_count?: number | null;
}

function cells(name: string): Cell[] {
  return JSON.parse(Deno.readTextFileSync(join(DIR, name))).cells;
}

const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);

Deno.test("there is a quick-start notebook", () => {
  assert.ok(NOTEBOOKS.includes("00_quickstart.ipynb"));
});

for (const name of NOTEBOOKS) {
  Deno.test(`${name} is committed without outputs and for the Deno kernel`, () => {
    const nb = JSON.parse(Deno.readTextFileSync(join(DIR, name)));
    assert.equal(nb.metadata.kernelspec.name, "deno");
    const ids = new Set<string>();
    for (const [i, c] of nb.cells.entries() as Iterable<[number, Cell & { id?: string }]>) {
      assert.ok(typeof c.id === "string" && c.id !== "", `cell ${i + 1} has no id`);
      assert.ok(!ids.has(c.id), `cell ${i + 1}'s id "${c.id}" is taken`);
      ids.add(c.id);
      if (c.cell_type !== "code") continue;
      assert.deepEqual(c.outputs, [], `cell ${i + 1} has outputs: strip them`);
      assert.equal(c.execution_count, null, `cell ${i + 1} has an execution count`);
    }
  });

  Deno.test(`${name} shows every table and figure it makes (one per cell)`, () => {
    // the kernel displays only a cell's last expression: a second top-level table or plot call in
    // the same cell is computed and silently never shown
    for (const [i, c] of cells(name).entries()) {
      if (c.cell_type !== "code") continue;
      const shown = text(c).match(/^(?:table|plot|figureFromMarkup|\w+Plot)\(/gm) ?? [];
      assert.ok(
        shown.length <= 1,
        `${name}, cell ${
          i + 1
        }: ${shown.length} top-level displays; only the last is shown, so split the cell`,
      );
    }
  });

  Deno.test(`${name} imports only names its modules export`, async () => {
    const code = cells(name).filter((c) => c.cell_type === "code").map(text).join("\n");
    const imports = [
      ...code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*["']([^"']+)["']/g),
    ];
    assert.ok(imports.length > 0, "expected at least one named import");
    for (const [, names, specifier] of imports) {
      assert.ok(specifier!.startsWith("."), `${specifier}: notebooks import the core (../mod.ts)`);
      const module = await import(pathToFileURL(join(DIR, specifier!)).href);
      for (const raw of names!.split(",").map((s) => s.trim()).filter(Boolean)) {
        const imported = raw.replace(/^type\s+/, "").split(/\s+as\s+/)[0]!;
        if (raw.startsWith("type ")) continue; // types vanish at run time
        assert.ok(imported in module, `${name}: "${imported}" is not exported by ${specifier}`);
      }
    }
  });
}
