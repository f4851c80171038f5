import { extname } from "node:path";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { figureToHtml, figureToSvg } from "./figure_to_svg.ts";
import type { Figure } from "./plot.ts";

/**
 * Writes a figure to `path`: `.svg` gives a standalone SVG ({@linkcode figureToSvg}), `.html`
 * a self-contained page ({@linkcode figureToHtml}). Parent folders are created. The file is
 * written to a temporary name first and renamed, so a failure leaves no half-written file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plot, Plot, writeFigure } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFigure(plot({ marks: [Plot.lineY([1, 2])] }), `${dir}/line.svg`);
 * assert.ok((await Deno.readTextFile(`${dir}/line.svg`)).startsWith("<?xml"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFigure(figure: Figure, path: string): Promise<void> {
  const ext = extname(path).toLowerCase();
  let content: string;
  if (ext === ".svg") content = `<?xml version="1.0" encoding="UTF-8"?>\n${figureToSvg(figure)}\n`;
  else if (ext === ".html" || ext === ".htm") content = figureToHtml(figure);
  else {
    throw new TypeError(
      `Cannot write figure to "${path}": expected a ".svg" or ".html" extension, got "${ext}"`,
    );
  }
  await writeFileAtomic(path, content);
}
