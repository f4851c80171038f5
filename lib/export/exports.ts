import { parquetWriteBuffer } from "hyparquet-writer";
import type { ComposedTask } from "../compose/composed_task.ts";
import { toChatMessages } from "../compose/render.ts";

/** Options shared by the exporters. */
export interface ExportOptions {
  /** A system message put before the prompt in chat formats. */
  readonly system?: string;
  /** `split` recorded in verl's `extra_info`. Default `"train"`. */
  readonly split?: string;
  /**
   * verl `data_source`, with `{method}`, `{depth}` and `{breadth}` filled in per task. verl
   * groups validation metrics by it, so the default `"farsight/{method}/depth-{depth}"` gives a
   * curve per depth.
   */
  readonly dataSource?: string;
  /** verl `ability`. Default `"math"`. */
  readonly ability?: string;
  /**
   * What the label holds (verl's `reward_model.ground_truth`, OpenRLHF's label, TRL's
   * `ground_truth` column): every answer as a JSON array string (`"all"`, the default: the
   * composed prompt asks for every answer and the default reward is R_all), or only the final
   * answer (`"last"`). A one-problem task's label is its answer either way.
   */
  readonly groundTruth?: GroundTruth;
}

/** What an exported label holds: every answer (`"all"`) or the final one (`"last"`). */
export type GroundTruth = "all" | "last";

/**
 * The label of a composed task for trainers: a JSON array string of every answer (`"all"`,
 * default), which Farsight's server reads as a list, or the final answer (`"last"`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exportLabel } from "./exports.ts";
 * assert.deepEqual(exportLabel({ answers: ["3", "1"], answer: "1" }), '["3","1"]');
 * assert.deepEqual(exportLabel({ answers: ["3", "1"], answer: "1" }, "last"), "1");
 * assert.deepEqual(exportLabel({ answers: ["8"], answer: "8" }), "8");
 * ```
 */
export function exportLabel(
  task: Pick<ComposedTask, "answers" | "answer">,
  groundTruth: GroundTruth = "all",
): string {
  if (groundTruth !== "all" && groundTruth !== "last") {
    throw new RangeError(`Invalid ground truth "${groundTruth}": expected all or last`);
  }
  return groundTruth === "all" && task.answers.length > 1
    ? JSON.stringify(task.answers)
    : task.answer;
}

/**
 * A task's verl `data_source` from a pattern with `{method}`, `{depth}`, `{breadth}`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dataSourceOf } from "./exports.ts";
 * const task = { source: { method: "offset" }, depth: 3, breadth: 1 } as never;
 * assert.deepEqual(dataSourceOf(task), "farsight/offset/depth-3");
 * assert.deepEqual(dataSourceOf(task, "gsm8k-chain-d{depth}"), "gsm8k-chain-d3");
 * ```
 */
export function dataSourceOf(
  task: Pick<ComposedTask, "source" | "depth" | "breadth">,
  pattern = "farsight/{method}/depth-{depth}",
): string {
  return pattern.replaceAll("{method}", task.source.method).replaceAll(
    "{depth}",
    String(task.depth),
  )
    .replaceAll("{breadth}", String(task.breadth));
}

/** One verl training row (verl's five-column parquet contract). */
export interface VerlRow {
  /** verl's `data_source`: validation metrics are grouped by it. */
  data_source: string;
  /** The prompt as chat messages. */
  prompt: { role: string; content: string }[];
  /** verl's `ability` (default `"math"`). */
  ability: string;
  /** verl's rule reward: `ground_truth` is {@linkcode exportLabel}'s label. */
  reward_model: { style: "rule"; ground_truth: string };
  /** The row's index and split, the task's id, per-problem answers, depth and breadth. */
  extra_info: {
    index: bigint;
    split: string;
    id: string;
    answers: string[];
    depth: bigint;
    breadth: bigint;
  };
}

/**
 * A composed task as a verl row: `prompt` as chat messages, `reward_model` `{style: "rule",
 * ground_truth}`, and `extra_info` with the index, split, id and per-problem answers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeFromGenerators } from "../compose/sample.ts";
 * import { toVerlRow } from "./exports.ts";
 * const [task] = composeFromGenerators({ families: ["gcd"], depth: 2, count: 1 });
 * const row = toVerlRow(task!, 4, { system: "Be brief." });
 * assert.equal(row.reward_model.ground_truth, JSON.stringify(task!.answers));
 * assert.equal(row.extra_info.index, 4n);
 * assert.equal(row.prompt[0]!.role, "system");
 * ```
 */
export function toVerlRow(task: ComposedTask, index: number, options: ExportOptions = {}): VerlRow {
  return {
    data_source: dataSourceOf(task, options.dataSource),
    prompt: toChatMessages(task, options.system ? { system: options.system } : {}),
    ability: options.ability ?? "math",
    reward_model: {
      style: "rule",
      ground_truth: exportLabel(task, options.groundTruth),
    },
    extra_info: {
      index: BigInt(index),
      split: options.split ?? "train",
      id: task.id,
      answers: [...task.answers],
      depth: BigInt(task.depth),
      breadth: BigInt(task.breadth),
    },
  };
}

const UTF8 = { type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" } as const;

/**
 * Writes composed tasks as a verl training parquet (nested `prompt` list of structs,
 * `reward_model` and `extra_info` structs), returning the file's bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parquetReadObjects } from "hyparquet";
 * import { composeFromGenerators } from "../compose/sample.ts";
 * import { verlParquet } from "./exports.ts";
 * const tasks = [...composeFromGenerators({ families: ["gcd"], depth: 2, count: 2 })];
 * const bytes = verlParquet(tasks);
 * const rows = await parquetReadObjects({ file: bytes.buffer as ArrayBuffer });
 * assert.equal(rows.length, 2);
 * assert.equal(rows[1]!.extra_info.id, tasks[1]!.id);
 * assert.equal(rows[0]!.reward_model.style, "rule");
 * ```
 */
export function verlParquet(
  tasks: readonly ComposedTask[],
  options: ExportOptions = {},
): Uint8Array {
  const rows = tasks.map((t, i) => toVerlRow(t, i, options));
  const schema = [
    { name: "root", num_children: 5 },
    { name: "data_source", ...UTF8 },
    { name: "prompt", repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", repetition_type: "REQUIRED", num_children: 2 },
    { name: "role", ...UTF8 },
    { name: "content", ...UTF8 },
    { name: "ability", ...UTF8 },
    { name: "reward_model", repetition_type: "REQUIRED", num_children: 2 },
    { name: "style", ...UTF8 },
    { name: "ground_truth", ...UTF8 },
    { name: "extra_info", repetition_type: "REQUIRED", num_children: 6 },
    { name: "index", type: "INT64", repetition_type: "REQUIRED" },
    { name: "split", ...UTF8 },
    { name: "id", ...UTF8 },
    { name: "answers", repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", ...UTF8 },
    { name: "depth", type: "INT64", repetition_type: "REQUIRED" },
    { name: "breadth", type: "INT64", repetition_type: "REQUIRED" },
  ];
  const columnData = (["data_source", "prompt", "ability", "reward_model", "extra_info"] as const)
    .map((name) => ({
      name,
      data: rows.map((r) => r[name]),
    }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema } as never));
}

/**
 * A TRL / Hugging Face dataset row: conversational `prompt` (chat messages), `ground_truth`
 * (the label, see {@linkcode exportLabel}), the final `answer`, every `answers`, the task `id`,
 * `depth` and `data_source`. TRL passes the extra columns to reward functions as keyword
 * arguments; `integrations/trl` reads `ground_truth`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeFromGenerators } from "../compose/sample.ts";
 * import { toTrlRow } from "./exports.ts";
 * const [task] = composeFromGenerators({ families: ["gcd"], depth: 2, count: 1 });
 * const row = toTrlRow(task!, { groundTruth: "last" });
 * assert.equal(row.ground_truth, task!.answer);
 * assert.equal(row.data_source, `farsight/${task!.source.method}/depth-2`);
 * ```
 */
export function toTrlRow(task: ComposedTask, options: ExportOptions = {}): Record<string, unknown> {
  return {
    prompt: toChatMessages(task, options.system ? { system: options.system } : {}),
    ground_truth: exportLabel(task, options.groundTruth),
    answer: task.answer,
    answers: task.answers,
    id: task.id,
    depth: task.depth,
    data_source: dataSourceOf(task, options.dataSource),
  };
}

/**
 * An OpenRLHF dataset row: the prompt under `inputKey` (OpenRLHF's `--input_key`, default
 * `"input"`) and the label under `labelKey` (`--label_key`, default `"label"`), where the
 * label is {@linkcode exportLabel}'s: every answer as a JSON array string (default) or, with
 * `groundTruth: "last"`, the final answer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toOpenRlhfRow } from "./exports.ts";
 * const task = { prompt: "Problem 1: …", answers: ["3", "1"], answer: "1" } as never;
 * assert.deepEqual(toOpenRlhfRow(task, { inputKey: "context", labelKey: "answer" }), {
 *   context: "Problem 1: …",
 *   answer: '["3","1"]',
 * });
 * ```
 */
export function toOpenRlhfRow(
  task: ComposedTask,
  options: { inputKey?: string; labelKey?: string; groundTruth?: GroundTruth } = {},
): Record<string, unknown> {
  return {
    [options.inputKey ?? "input"]: task.prompt,
    [options.labelKey ?? "label"]: exportLabel(task, options.groundTruth),
  };
}

/**
 * An R-Horizon JSONL row: `input`, `instanceId` (unique per row, as R-Horizon's judge merges
 * on it: the row's `index` when given, else the composed task's id; a chain drawn twice with
 * different offsets shares its id, so exports pass the index), `origin_instanceIds`, `target` (one comma-joined string,
 * R-Horizon's convention), `num_problems`, `group_targets` and `selected_variables` (one per
 * link).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeFromGenerators } from "../compose/sample.ts";
 * import { toRHorizonRow } from "./exports.ts";
 * const [task] = composeFromGenerators({ families: ["gcd"], depth: 3, count: 1 });
 * const row = toRHorizonRow(task!, { index: 7 });
 * assert.deepEqual(row.target, [task!.answers.join(",")]);
 * assert.equal(row.instanceId, 7);
 * assert.equal(row.num_problems, 3);
 * ```
 */
export function toRHorizonRow(
  task: ComposedTask,
  options: { index?: number } = {},
): Record<string, unknown> {
  return {
    input: task.prompt,
    instanceId: options.index ?? task.id,
    composed_id: task.id,
    origin_instanceIds: task.problems.map((p) => p.id),
    target: [task.answers.join(",")],
    group_targets: task.answers,
    num_problems: task.problems.length,
    problem_type: "chained_reasoning",
    selected_variables: task.links.map((l) => ({
      number: l.value,
      problem: l.to + 1,
      depends_on: l.from + 1,
      kind: l.kind,
      ...(l.offset !== undefined ? { offset: l.offset } : {}),
      ...(l.transform ? { transform: l.transform } : {}),
    })),
  };
}
