/**
 * The `compose` flags added for composition at breadth:
 * `--exclude` (leak-free splits), `--shard` (deterministic shards), `--curriculum` and
 * `--scores` (per-family curricula), and recomputed chains from GSM8K-format datasets. The
 * logic is the library's (`composeRecomputedFromRows` in `lib/compose`,
 * `familyCurriculumStep` in `lib/curriculum`); this file reads files, reports and names flags.
 * @module
 */
import { existsSync } from "node:fs";
import type { ComposedTask } from "../compose/composed_task.ts";
import { composeRecomputedFromRows, type RecomputeSkip } from "../compose/gsm8k_recompute.ts";
import { fingerprintSet, type LeakageRecord } from "../compose/leakage.ts";
import type { FamilySpec } from "../compose/sample.ts";
import type { PromptTemplate } from "../compose/render.ts";
import { parseShard, type ShardRange, shardRange } from "../compose/shard.ts";
import {
  type CurriculumResult,
  type FamilyCurriculumState,
  familyCurriculumStep,
} from "../curriculum/family_curriculum.ts";
import { curriculumResults } from "../curriculum/curriculum_results.ts";
import { readParquetRecords } from "../datasets/records.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import type { Task } from "../tasks/task.ts";
import { type FlagSpec, UsageError } from "./args.ts";

/** The extra flags, merged into `compose`'s. */
export const COMPOSE_EXTRA_FLAGS: Record<string, FlagSpec> = {
  exclude: {
    type: "string",
    multiple: true,
    value: "FILE",
    help: "keep out every base problem of this JSONL file (composed tasks or problems)",
  },
  shard: {
    type: "string",
    value: "i/n",
    help: "write only shard i (from 0) of n; the shards concatenated equal the whole output",
  },
  curriculum: {
    type: "string",
    value: "FILE",
    help: "per-family curriculum state: created if missing, advanced by --scores, saved back",
  },
  scores: {
    type: "string",
    value: "FILE",
    help:
      "with --curriculum: the last batch's results as score and eval write them (task_id, reward)",
  },
};

/**
 * Reads a JSONL file line by line, with errors naming the file and line.
 *
 * @example
 * ```ts ignore
 * const records = await readJsonl("eval.jsonl");
 * ```
 */
export async function readJsonl(path: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new UsageError(`Cannot read ${path}: ${error instanceof Error ? error.message : error}`);
  }
  const out: unknown[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line));
    } catch (error) {
      throw new UsageError(
        `${path}:${i + 1}: malformed JSON (${error instanceof Error ? error.message : error})`,
      );
    }
  });
  return out;
}

/** The rows of a Parquet file (as `compose --format parquet` writes them), BigInts as strings. */
async function readParquetRows(path: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  try {
    for await (const r of readParquetRecords(path)) {
      rows.push(
        JSON.parse(JSON.stringify(r.value, (_k, v) => typeof v === "bigint" ? String(v) : v)),
      );
    }
  } catch (error) {
    throw new UsageError(
      `cannot read ${path} as Parquet: ${error instanceof Error ? error.message : error}`,
    );
  }
  return rows;
}

/**
 * Reads composed tasks or problems for leakage checks, from Farsight's JSONL contracts or a
 * Parquet file `compose --format parquet` wrote: each row needs `problems` (a composed task) or
 * `question` (a problem).
 *
 * @example
 * ```ts ignore
 * const records = await readLeakageRecords("train.jsonl");
 * ```
 */
export async function readLeakageRecords(path: string): Promise<LeakageRecord[]> {
  const rows = path.endsWith(".parquet") ? await readParquetRows(path) : await readJsonl(path);
  return rows.map((row, i) => {
    const r = row as Record<string, unknown>;
    if (Array.isArray(r?.problems) || typeof r?.question === "string") return r as never;
    throw new UsageError(
      `${path}:${
        i + 1
      }: expected a composed task (with "problems") or a problem (with "question")` +
        (path.endsWith(".parquet")
          ? "; trainer exports (--format verl) do not keep the problems: check the jsonl or parquet format"
          : ""),
    );
  });
}

/** The fingerprints of every base problem in the `--exclude` files. */
export async function excludedFingerprints(paths: readonly string[]): Promise<Set<string>> {
  const all: LeakageRecord[] = [];
  for (const p of paths) all.push(...await readLeakageRecords(p));
  return fingerprintSet(all);
}

/** The shard of `count` tasks `--shard` asks for (the whole run without it). */
export function shardOf(flag: unknown, count: number): ShardRange {
  if (flag === undefined) return { start: 0, count };
  try {
    const { index, of } = parseShard(String(flag));
    return shardRange(count, index, of);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Recomputed chains from GSM8K-format rows (`answer` holding the annotated solution): prints
 * how many rows were skipped and why, before and after composing.
 */
export function recomputeFromRows(
  rows: readonly Task[],
  options: {
    depth: number;
    range: ShardRange;
    seed: number;
    template?: PromptTemplate;
    file: string;
  },
): Iterable<ComposedTask> {
  const later: RecomputeSkip[] = [];
  const { pool, skipped, tasks } = composeRecomputedFromRows(rows, {
    depth: options.depth,
    count: options.range.count,
    start: options.range.start,
    seed: options.seed,
    ...(options.template ? { template: options.template } : {}),
    onSkip: (s) => later.push(s),
  });
  reportSkips(`${options.file}: ${pool.length} of ${rows.length} rows can be recomputed`, skipped);
  return (function* () {
    yield* tasks;
    if (later.length) reportSkips("Rows skipped while linking", later);
  })();
}

function reportSkips(title: string, skipped: readonly RecomputeSkip[]): void {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  console.error(
    `${title}; skipped ${skipped.length}${
      counts.size ? ` (${[...counts].map(([r, n]) => `${r}: ${n}`).join(", ")})` : ""
    }`,
  );
  for (const s of skipped.slice(0, 5)) console.error(`  ${s.id}: ${s.reason}: ${s.detail}`);
  if (skipped.length > 5) console.error(`  … and ${skipped.length - 5} more`);
}

/**
 * `--curriculum FILE`: loads the state (or creates it from the families), records `--scores`,
 * hands out the next batch of `count` tasks and saves the state back atomically.
 */
export async function curriculumBatch(
  file: string,
  options: {
    families: readonly FamilySpec[];
    seed: number;
    link: "recompute" | "offset";
    count: number;
    scores?: string;
  },
): Promise<ComposedTask[]> {
  let state: FamilyCurriculumState | undefined;
  if (existsSync(file)) {
    try {
      state = JSON.parse(await Deno.readTextFile(file));
    } catch (error) {
      throw new UsageError(
        `--curriculum ${file}: malformed state (${error instanceof Error ? error.message : error})`,
      );
    }
  } else if (!options.families.length) {
    throw new UsageError(`--curriculum ${file} does not exist yet: give --family to create it`);
  }
  let results: CurriculumResult[] | undefined;
  if (options.scores) {
    const scores = options.scores;
    try {
      results = curriculumResults(await readJsonl(scores), (i) => `${scores}: result ${i + 1}`);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`--scores ${error instanceof Error ? error.message : error}`);
    }
  }
  let step: { tasks: ComposedTask[]; state: FamilyCurriculumState };
  try {
    step = familyCurriculumStep(state, {
      create: { families: options.families, seed: options.seed, link: options.link },
      ...(results ? { results } : {}),
      count: options.count,
    });
  } catch (error) {
    const where = options.scores ? `--scores ${options.scores}` : `--curriculum ${file}`;
    throw new UsageError(`${where}: ${error instanceof Error ? error.message : error}`);
  }
  const { tasks, state: after } = step;
  await writeFileAtomic(file, JSON.stringify(after));
  console.error(
    `Curriculum ${file}: step ${after.step}, horizon ${after.horizons[after.horizonLevel]}, ` +
      `${after.history.length} level change(s) so far`,
  );
  return tasks;
}
