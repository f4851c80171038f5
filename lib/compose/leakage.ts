/**
 * Leak-free splits: content fingerprints of base problems (and, for generated items, of their
 * family and parameters), so a training mix can exclude every base problem of an evaluation
 * set, and two composed files can be checked for shared base problems.
 * @module
 */
import { digest } from "../random/rng.ts";
import { generateTask, getFamily } from "../tasks/generators/registry.ts";
import type { Json, Task } from "../tasks/task.ts";
import type { ComposedTask } from "./composed_task.ts";

/** Canonical JSON: object keys sorted, so equal values give equal text. */
function canonical(value: Json | undefined): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  return `{${
    Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")
  }}`;
}

/** Normalised problem text: lower case, whitespace collapsed, chain placeholders removed. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * The parameters a generated problem had before any link changed them: regenerated from its
 * source (family, seed, index, config) when the family is registered, else its own params.
 */
function baseParams(task: Task): Json | undefined {
  if (task.source.kind !== "generator") return undefined;
  const linked = task.original_question !== undefined;
  if (!linked) return task.params;
  try {
    getFamily(task.family);
    const { seed, index, config } = task.source;
    return generateTask(task.family, index, { seed, config: config as never }).params;
  } catch {
    return task.params;
  }
}

/**
 * The fingerprints of one base problem: `text:` a digest of its original question
 * (normalised), and for a generated problem `gen:` a digest of its family and original
 * parameters. Two problems share a base problem when any fingerprint matches.
 *
 * @example
 * ```ts
 * import { problemFingerprints } from "./leakage.ts";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * import assert from "node:assert/strict";
 * const keys = problemFingerprints(generateTask("gcd", 3, { seed: 1 }));
 * assert.equal(keys.length, 2);
 * assert.ok(keys[0]!.startsWith("text:") && keys[1]!.startsWith("gen:gcd:"));
 * ```
 */
export function problemFingerprints(task: Task): string[] {
  const keys = [`text:${digest([normalise(task.original_question ?? task.question)], 16)}`];
  const params = baseParams(task);
  if (params !== undefined) keys.push(`gen:${task.family}:${digest([canonical(params)], 16)}`);
  return keys;
}

/** A composed task or a single problem, as the files hold them. */
export type LeakageRecord = ComposedTask | Task;

function isComposed(r: LeakageRecord): r is ComposedTask {
  return Array.isArray((r as ComposedTask).problems);
}

/**
 * The base problems of a record: a composed task's problems, or the problem itself.
 *
 * @example
 * ```ts
 * import { baseProblems } from "./leakage.ts";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * import assert from "node:assert/strict";
 * assert.equal(baseProblems(generateTask("gcd", 0)).length, 1);
 * ```
 */
export function baseProblems(record: LeakageRecord): readonly Task[] {
  return isComposed(record) ? record.problems : [record];
}

/**
 * Every fingerprint of every base problem in some records (composed tasks or problems).
 *
 * @example
 * ```ts
 * import { fingerprintSet } from "./leakage.ts";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * import assert from "node:assert/strict";
 * assert.equal(fingerprintSet([generateTask("gcd", 0), generateTask("gcd", 0)]).size, 2);
 * ```
 */
export function fingerprintSet(records: Iterable<LeakageRecord>): Set<string> {
  const out = new Set<string>();
  for (const r of records) {
    for (const p of baseProblems(r)) {
      for (const k of problemFingerprints(p)) out.add(k);
    }
  }
  return out;
}

/**
 * Whether a problem shares a base problem with a fingerprint set.
 *
 * @example
 * ```ts
 * import { fingerprintSet, sharesBaseProblem } from "./leakage.ts";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * import assert from "node:assert/strict";
 * const evalSet = fingerprintSet([generateTask("gcd", 0)]);
 * assert.ok(sharesBaseProblem(generateTask("gcd", 0), evalSet));
 * ```
 */
export function sharesBaseProblem(task: Task, fingerprints: ReadonlySet<string>): boolean {
  return problemFingerprints(task).some((k) => fingerprints.has(k));
}

/** What {@linkcode leakageReport} finds. */
export interface LeakageReport {
  /** Distinct base problems in each file (by their first fingerprint). */
  readonly trainProblems: number;
  /** Distinct base problems in the evaluation file. */
  readonly evalProblems: number;
  /** Evaluation base problems that also occur in training, by any fingerprint. */
  readonly sharedProblems: number;
  /** By kind: the same text, or (generated) the same family and parameters. */
  readonly sharedByText: number;
  /** Shared base problems found by family and parameters only. */
  readonly sharedByParams: number;
  /** Evaluation records (composed tasks or problems) with at least one shared base problem. */
  readonly leakyEvalRecords: number;
  /** Evaluation records in all. */
  readonly evalRecords: number;
  /** The shared evaluation problems (id and record index), at most `limit`. */
  readonly examples: readonly { readonly id: string; readonly record: number }[];
}

/**
 * Reports the base problems two sets share (a training and an evaluation file, each of
 * composed tasks or problems).
 *
 * @example
 * ```ts
 * import { leakageReport } from "./leakage.ts";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * import assert from "node:assert/strict";
 * const train = [generateTask("gcd", 0), generateTask("gcd", 1)];
 * const report = leakageReport(train, [generateTask("gcd", 1), generateTask("gcd", 2)]);
 * assert.equal(report.sharedProblems, 1);
 * assert.equal(report.leakyEvalRecords, 1);
 * ```
 */
export function leakageReport(
  train: Iterable<LeakageRecord>,
  evaluation: Iterable<LeakageRecord>,
  limit = 20,
): LeakageReport {
  const trainKeys = new Set<string>(), trainFirst = new Set<string>();
  for (const r of train) {
    for (const p of baseProblems(r)) {
      const keys = problemFingerprints(p);
      trainFirst.add(keys[0]!);
      for (const k of keys) trainKeys.add(k);
    }
  }
  const evalFirst = new Set<string>(), seenShared = new Set<string>();
  let byText = 0, byParams = 0, leaky = 0, records = 0;
  const examples: { id: string; record: number }[] = [];
  for (const r of evaluation) {
    let touched = false;
    for (const p of baseProblems(r)) {
      const keys = problemFingerprints(p);
      evalFirst.add(keys[0]!);
      const text = trainKeys.has(keys[0]!),
        params = keys[1] !== undefined && trainKeys.has(keys[1]);
      if (!text && !params) continue;
      touched = true;
      if (seenShared.has(keys[0]!)) continue;
      seenShared.add(keys[0]!);
      if (text) byText++;
      if (params) byParams++;
      if (examples.length < limit) examples.push({ id: p.id, record: records });
    }
    if (touched) leaky++;
    records++;
  }
  return {
    trainProblems: trainFirst.size,
    evalProblems: evalFirst.size,
    sharedProblems: seenShared.size,
    sharedByText: byText,
    sharedByParams: byParams,
    leakyEvalRecords: leaky,
    evalRecords: records,
    examples,
  };
}
