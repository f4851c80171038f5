import { existsSync } from "node:fs";
import type { ComposedTask } from "../compose/composed_task.ts";
import {
  composeFromGenerators,
  composeFromPool,
  type FamilySpec,
  type ProblemOrder,
} from "../compose/sample.ts";
import type { Wiring } from "../compose/structure.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { writeLinesAtomic } from "../io/write_lines.ts";
import type { AdapterName } from "../tasks/datasets/adapters.ts";
import { loadDataset } from "../tasks/datasets/load_dataset.ts";
import { type ExportFormat, exportLine, verlParquet } from "../tasks/export/exports.ts";
import { compositionParquet } from "../tasks/export/composition_parquet.ts";
import { type FlagSpec, formatHelp, intFlag, parseFlags, UsageError } from "./args.ts";
import { progress } from "./progress.ts";
import {
  COMPOSE_EXTRA_FLAGS,
  curriculumBatch,
  excludedFingerprints,
  loadFamilyModules,
  recomputeFromRows,
  shardOf,
} from "./compose_extras.ts";
import { sharesBaseProblem } from "../compose/leakage.ts";
import { takeRange } from "../compose/shard.ts";

const FORMATS = ["jsonl", "parquet", "verl", "trl", "openrlhf", "rhorizon"] as const;

const FLAGS: Record<string, FlagSpec> = {
  family: {
    type: "string",
    multiple: true,
    value: "NAME[:WEIGHT]",
    help: "generator family; repeat or comma-separate for a weighted mixture (see --list)",
  },
  dataset: {
    type: "string",
    value: "FILE",
    help: "compose from a JSONL or Parquet dataset instead of generators",
  },
  adapter: {
    type: "string",
    value: "NAME",
    default: "plain",
    help: "dataset adapter: plain, gsm8k, math, verl, rhorizon",
  },
  "question-field": {
    type: "string",
    value: "FIELD",
    help: "plain adapter: question field (default question)",
  },
  "answer-field": {
    type: "string",
    value: "FIELD",
    help: "plain adapter: answer field (default answer)",
  },
  "skip-bad-rows": {
    type: "boolean",
    help: "skip malformed dataset rows (reported) instead of failing",
  },
  link: {
    type: "string",
    value: "KIND",
    help:
      "offset (R-Horizon, answers preserved) or recompute (h1); default recompute for generators, offset for datasets",
  },
  depth: {
    type: "string",
    value: "N",
    default: "2",
    help: "layers: problems per chain when breadth is 1",
  },
  breadth: {
    type: "string",
    value: "N",
    default: "1",
    help: "problems per layer (independent problems, or a DAG with depth > 1)",
  },
  wiring: {
    type: "string",
    value: "W",
    default: "random",
    help: "DAG wiring between layers: random (fan-out) or parallel (independent chains)",
  },
  count: { type: "string", value: "N", default: "10", help: "composed tasks to write" },
  seed: { type: "string", value: "N", default: "0", help: "seed for every random choice" },
  order: {
    type: "string",
    value: "O",
    default: "random",
    help: "problem order: random, easy-to-hard or hard-to-easy",
  },
  config: {
    type: "string",
    value: "JSON",
    help: "difficulty ranges for the families, e.g. '{\"terms\":[3,5]}'",
  },
  template: {
    type: "string",
    value: "FILE|TEXT",
    help: "prompt template (placeholders {{problems}}, {{answer_lines}}, {{note}}, {{n}})",
  },
  system: { type: "string", value: "TEXT", help: "system message for chat formats" },
  format: {
    type: "string",
    value: "F",
    default: "jsonl",
    help: `output format: ${FORMATS.join(", ")}`,
  },
  "input-key": {
    type: "string",
    value: "KEY",
    default: "input",
    help: "openrlhf: prompt key (--input_key)",
  },
  "label-key": {
    type: "string",
    value: "KEY",
    default: "label",
    help: "openrlhf: label key (--label_key)",
  },
  out: {
    type: "string",
    value: "PATH",
    help: "output file (written atomically); default standard output",
  },
  ...COMPOSE_EXTRA_FLAGS,
  list: { type: "boolean", help: "list the generator families and exit" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

const HELP = formatHelp(
  "deno task farsight compose (--family NAME | --dataset FILE) [options]",
  "Composes long-horizon tasks from short verifiable problems and writes them as JSONL (Farsight's\n" +
    "composed-task contract) or in a trainer's format. Output streams to a temporary file that is\n" +
    "renamed at the end, so a failure leaves no half-written file.",
  FLAGS,
);

function parseFamilies(
  values: readonly string[],
  config: Record<string, unknown> | undefined,
): FamilySpec[] {
  return values.flatMap((v) => v.split(",")).filter(Boolean).map((item) => {
    const [name, weight] = item.split(":");
    const w = weight === undefined ? 1 : Number(weight);
    if (!(w > 0)) throw new UsageError(`--family ${item}: the weight must be a positive number`);
    return { name: name!.trim(), weight: w, ...(config ? { config: config as never } : {}) };
  });
}

function choice<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new UsageError(`--${name}: expected one of ${allowed.join(", ")}, got "${value}"`);
  }
  return value as T;
}

/**
 * `farsight compose`: builds composed tasks from generators or a dataset and writes them.
 *
 * @example
 * ```sh
 * deno task farsight compose --family chain_sum,gcd --depth 4 --count 100 --seed 1 --out chains.jsonl
 * ```
 */
export async function runCompose(args: readonly string[]): Promise<number> {
  const { flags } = parseFlags(args, FLAGS, "farsight compose");
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  await loadFamilyModules((flags.module as string[] | undefined) ?? []);
  if (flags.list) {
    const { listFamilies } = await import("../tasks/generators/registry.ts");
    for (const f of listFamilies()) {
      console.log(
        `${f.name.padEnd(24)} ${f.category.padEnd(14)} ${f.answerKind.padEnd(10)} ${f.description}`,
      );
    }
    return 0;
  }
  const families = (flags.family as string[] | undefined) ?? [];
  const dataset = flags.dataset as string | undefined;
  if (!families.length === !dataset && !flags.curriculum) {
    throw new UsageError("farsight compose: give exactly one of --family or --dataset");
  }
  const depth = intFlag(flags.depth, "depth", 1, 1000);
  const breadth = intFlag(flags.breadth, "breadth", 1, 1000);
  const total = intFlag(flags.count, "count", 0, 100_000_000);
  const range = shardOf(flags.shard, total);
  const count = range.count;
  const exclude = flags.exclude ? await excludedFingerprints(flags.exclude as string[]) : undefined;
  const seed = intFlag(flags.seed, "seed", 0, 2 ** 32 - 1);
  const order = choice(
    flags.order,
    "order",
    ["random", "easy-to-hard", "hard-to-easy"] as ProblemOrder[],
  );
  const wiring = choice(flags.wiring, "wiring", ["random", "parallel"] as Wiring[]);
  const format = choice(flags.format, "format", FORMATS);
  const link = choice(
    flags.link ?? (dataset ? "offset" : "recompute"),
    "link",
    ["offset", "recompute"] as const,
  );
  let config: Record<string, unknown> | undefined;
  if (flags.config !== undefined) {
    try {
      config = JSON.parse(String(flags.config));
    } catch {
      throw new UsageError(`--config: expected a JSON object, got ${flags.config}`);
    }
  }
  let template: string | undefined;
  if (flags.template !== undefined) {
    const t = String(flags.template);
    template = existsSync(t) ? await Deno.readTextFile(t) : t;
  }

  const sampling = {
    depth,
    breadth,
    count,
    seed,
    order,
    wiring,
    ...(template ? { template } : {}),
  };
  let tasks: Iterable<ComposedTask>;
  if (flags.curriculum) {
    tasks = await curriculumBatch(String(flags.curriculum), {
      families: parseFamilies(families, config),
      seed,
      link,
      count,
      ...(flags.scores ? { scores: String(flags.scores) } : {}),
    });
  } else if (dataset) {
    const loaded = await loadDataset(dataset, {
      adapter: choice(
        flags.adapter,
        "adapter",
        ["plain", "gsm8k", "math", "verl", "rhorizon"] as AdapterName[],
      ),
      fields: {
        ...(flags["question-field"] ? { question: String(flags["question-field"]) } : {}),
        ...(flags["answer-field"] ? { answer: String(flags["answer-field"]) } : {}),
      },
      onError: flags["skip-bad-rows"] ? "skip" : "throw",
      ...(link === "recompute" ? { adapter: "plain" as const } : {}),
    });
    if (exclude) {
      const kept = loaded.tasks.filter((t) => !sharesBaseProblem(t, exclude));
      console.error(
        `Excluded ${
          loaded.tasks.length - kept.length
        } of ${loaded.tasks.length} rows sharing a base problem with --exclude`,
      );
      loaded.tasks.splice(0, loaded.tasks.length, ...kept);
    }
    if (loaded.skipped.length) {
      console.error(
        `Skipped ${loaded.skipped.length} malformed row(s) of ${loaded.read} in ${dataset}:`,
      );
      for (const s of loaded.skipped.slice(0, 10)) console.error(`  ${s.reason}`);
      if (loaded.skipped.length > 10) console.error(`  … and ${loaded.skipped.length - 10} more`);
    }
    tasks = link === "recompute"
      ? recomputeFromRows(loaded.tasks, {
        depth,
        range,
        seed,
        file: dataset,
        ...(template ? { template } : {}),
      })
      : takeRange(
        composeFromPool(loaded.tasks, { ...sampling, count: range.start + range.count }),
        range,
      );
  } else {
    tasks = composeFromGenerators({
      ...sampling,
      start: range.start,
      families: parseFamilies(families, config),
      link,
      ...(exclude ? { exclude } : {}),
    });
  }
  const options = {
    ...(flags.system ? { system: String(flags.system) } : {}),
    inputKey: String(flags["input-key"]),
    labelKey: String(flags["label-key"]),
  };
  const out = flags.out as string | undefined;
  const bar = progress("compose", count);
  if (format === "verl" || format === "parquet") {
    const all: ComposedTask[] = [];
    for (const t of tasks) {
      all.push(t);
      bar.tick();
    }
    bar.done();
    const bytes = format === "verl" ? verlParquet(all, options) : compositionParquet(all);
    if (!out) throw new UsageError(`--format ${format} writes binary Parquet: give --out PATH`);
    await writeFileAtomic(out, bytes);
  } else {
    await writeLinesAtomic(
      out,
      (function* () {
        for (const t of tasks) {
          yield exportLine(t, format as Exclude<ExportFormat, "verl">, options);
          bar.tick();
        }
        bar.done();
      })(),
    );
  }
  if (out) console.error(`Wrote ${count} composed task(s) to ${out} (${format})`);
  return 0;
}
