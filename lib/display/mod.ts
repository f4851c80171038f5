/**
 * Display protocol for Farsight's results: MIME bundles for Jupyter that also print in a
 * terminal, and tables.
 *
 * @example
 * ```ts
 * import { table } from "./mod.ts";
 * console.log(table([{ model: "a", accuracy: 0.5 }]));
 * ```
 * @module
 */
export * from "./mime.ts";
export * from "./table.ts";
