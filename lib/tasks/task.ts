/**
 * The task data contract: one short verifiable problem, as plain JSON.
 * @module
 */

/** What kind of answer a task has, which tells verifiers how to compare. */
export type AnswerKind =
  | "integer"
  | "rational"
  | "decimal"
  | "expression"
  | "choice"
  | "tuple"
  | "set"
  | "string";

/** All answer kinds, in a stable order. */
export const ANSWER_KINDS: readonly AnswerKind[] = [
  "integer",
  "rational",
  "decimal",
  "expression",
  "choice",
  "tuple",
  "set",
  "string",
];

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Where a generated task came from: enough to generate it again. */
export interface GeneratorSource {
  /** Tag: a generated task. */
  readonly kind: "generator";
  /** Family name in the generator registry. */
  readonly generator: string;
  /** The run's seed. */
  readonly seed: number;
  /** Item index: item i is the same whatever else is drawn. */
  readonly index: number;
  /** The resolved difficulty ranges the item was drawn from. */
  readonly config: Readonly<Record<string, readonly [number, number]>>;
}

/** Where a dataset task came from. */
export interface DatasetSource {
  /** Tag: a dataset task. */
  readonly kind: "dataset";
  /** Dataset name (e.g. the file's base name or a user label). */
  readonly dataset: string;
  /** 0-based row index in the file. */
  readonly row: number;
  /** The file it was read from, when known. */
  readonly file?: string;
  /** The row's own id field, when it has one. */
  readonly row_id?: string;
}

/** One short verifiable problem. */
export interface Task {
  /** Stable id: derived from the family or dataset, parameters, seed and index. */
  readonly id: string;
  /** Generator family or dataset name. */
  readonly family: string;
  /** The problem text. */
  readonly question: string;
  /** The canonical gold answer. */
  readonly answer: string;
  /** How to compare answers. */
  readonly answer_kind: AnswerKind;
  /** Difficulty attributes of this item (e.g. `{terms: 3, digits: 2}`); may be empty. */
  readonly difficulty: Readonly<Record<string, number>>;
  /** Where it came from. */
  readonly source: GeneratorSource | DatasetSource;
  /** Generator parameters (JSON), so the task can be checked and re-parameterised. */
  readonly params?: Json;
  /** The question before composition rewrote it (set only on rewritten problems). */
  readonly original_question?: string;
  /** The answer before a recomputed link changed it (set only when it changed). */
  readonly original_answer?: string;
}
