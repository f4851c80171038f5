/**
 * Display protocol for Farsight's results: MIME bundles for Jupyter that also print in a
 * terminal, and tables.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { table } from "./mod.ts";
 * const t = table([{ model: "a", accuracy: 0.5 }]);
 * assert.deepEqual(t.rows, [{ model: "a", accuracy: 0.5 }]);
 * ```
 * @module
 */
export {
  type Displayable,
  escapeHtml,
  JUPYTER_DISPLAY,
  type MimeBundle,
  withDisplay,
} from "./mime.ts";
export { formatCell, type Row, type Table, table, type TableOptions } from "./table.ts";
