/**
 * The one table of dataset adapters. `loadDataset`/`streamDataset` and the compose CLI's
 * `--adapter` (its choices, help and validation) resolve names here, and
 * {@linkcode registerAdapter} adds an adapter for a dataset layout of your own that every entry
 * point then accepts by name. An adapter function is accepted wherever a name is.
 * @module
 */
import { type Adapter, ADAPTERS, type FieldMap, plainAdapter } from "./adapters.ts";

/** A registered adapter: one line of help and how to make it (the plain one takes fields). */
export interface AdapterEntry {
  /** One line of help (the compose CLI's `--adapter` choices). */
  readonly description: string;
  /** Makes the adapter; only the plain one reads the question and answer field names. */
  readonly create: (fields: FieldMap) => Adapter;
}

const TABLE = new Map<string, AdapterEntry>([
  ["plain", {
    description: "question and answer fields (named by --question-field, --answer-field)",
    create: (fields) => plainAdapter(fields),
  }],
  ["gsm8k", { description: "GSM8K rows (answer after '####')", create: () => ADAPTERS.gsm8k }],
  ["math", {
    description: "MATH rows (answer in the solution's \\boxed{})",
    create: () => ADAPTERS.math,
  }],
  ["verl", { description: "verl RL parquet rows", create: () => ADAPTERS.verl }],
  ["rhorizon", {
    description: "R-Horizon's composed rows, as they are",
    create: () => ADAPTERS.rhorizon,
  }],
]);

/**
 * Adds a dataset adapter under a name (a plain {@linkcode Adapter} or an entry with a
 * description). Refuses a name in use unless `override` is set.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adapterNames, registerAdapter } from "./adapter_registry.ts";
 * registerAdapter("qa_pairs", (record) => ({ question: String(record.q), answer: String(record.a) }));
 * assert.ok(adapterNames().includes("qa_pairs"));
 * assert.throws(() => registerAdapter("gsm8k", () => ({ question: "", answer: "" })), /already registered/);
 * ```
 */
export function registerAdapter(
  name: string,
  adapter: Adapter | AdapterEntry,
  options: { readonly override?: boolean } = {},
): void {
  if (TABLE.has(name) && !options.override) {
    throw new Error(
      `Dataset adapter "${name}" is already registered; pass { override: true } to replace it`,
    );
  }
  TABLE.set(
    name,
    typeof adapter === "function" ? { description: name, create: () => adapter } : adapter,
  );
}

/**
 * The registered adapter names, built-ins first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adapterNames } from "./adapter_registry.ts";
 * assert.deepEqual(adapterNames().slice(0, 5), ["plain", "gsm8k", "math", "verl", "rhorizon"]);
 * ```
 */
export function adapterNames(): string[] {
  return [...TABLE.keys()];
}

/**
 * The registered adapters with their help lines, in table order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adapterDescriptions } from "./adapter_registry.ts";
 * assert.match(adapterDescriptions().rhorizon!, /R-Horizon/);
 * ```
 */
export function adapterDescriptions(): Record<string, string> {
  return Object.fromEntries([...TABLE].map(([name, e]) => [name, e.description]));
}

/**
 * The adapter for a name (or the adapter itself); `fields` configure the plain adapter. An
 * unknown name throws a `RangeError` naming the registered ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveAdapter } from "./adapter_registry.ts";
 * const plain = resolveAdapter("plain", { question: "q", answer: "a" });
 * assert.equal(plain({ q: "1+1?", a: "2" }, { file: "f.jsonl", line: 1 }).answer, "2");
 * assert.throws(() => resolveAdapter("csv"), /Unknown dataset adapter "csv": expected one of plain, gsm8k/);
 * ```
 */
export function resolveAdapter(
  adapter: string | Adapter = "plain",
  fields: FieldMap = {},
): Adapter {
  if (typeof adapter === "function") return adapter;
  const entry = TABLE.get(adapter);
  if (!entry) {
    throw new RangeError(
      `Unknown dataset adapter "${adapter}": expected one of ${adapterNames().join(", ")}`,
    );
  }
  return entry.create(fields);
}
