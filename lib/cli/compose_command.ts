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
import { recordRun } from "./run_record.ts";
import { writeLinesAtomic } from "../io/write_lines.ts";
import type { Adapter, FieldMap } from "../datasets/adapters.ts";
import { adapterNames, resolveAdapter } from "../datasets/adapter_registry.ts";
import { DatasetRowError } from "../datasets/dataset_error.ts";
import { loadDataset } from "../datasets/load_dataset.ts";
import { offsetLinkAdapter } from "../datasets/offset_link_adapter.ts";
import { readRHorizonComposed } from "../datasets/rhorizon.ts";
import type { PromptTemplate } from "../compose/render.ts";
import { PROMPT_TEMPLATES } from "../compose/rhorizon_wording.ts";
import { exportFormatNames, exportLine, getExportFormat } from "../export/format_registry.ts";
import { importModules, MODULE_FLAG } from "./module_flag.ts";
import { type FlagSpec, formatHelp, intFlag, parseFlags, usage, UsageError } from "./args.ts";
import { progress } from "./progress.ts";
import {
  COMPOSE_EXTRA_FLAGS,
  curriculumBatch,
  excludedFingerprints,
  recomputeFromRows,
  shardOf,
} from "./compose_extras.ts";
import { sharesBaseProblem } from "../compose/leakage.ts";
import { takeRange } from "../compose/shard.ts";

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
    help: () =>
      `dataset adapter: ${
        adapterNames().join(", ")
      } (rhorizon: R-Horizon's composed rows, as they are)`,
  },
  "drop-instruction": {
    type: "boolean",
    help: "drop the dataset's own answer-format instruction (e.g. verl GSM8K's '####' line)",
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
  strict: {
    type: "boolean",
    help: "fail on any skipped dataset row (malformed, or unusable for --link offset)",
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
    help:
      "farsight (default), rhorizon (R-Horizon's wording), or a template with {{problems}}, {{answer_lines}}, {{note}}, {{n}}",
  },
  system: { type: "string", value: "TEXT", help: "system message for chat formats" },
  format: {
    type: "string",
    value: "F",
    default: "jsonl",
    help: () => `output format: ${exportFormatNames().join(", ")}`,
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
  "data-source": {
    type: "string",
    value: "PATTERN",
    default: "farsight/{method}/depth-{depth}",
    help:
      "verl/trl data_source ({method}, {depth}, {breadth} filled in; verl groups metrics by it)",
  },
  "ground-truth": {
    type: "string",
    value: "all|last",
    default: "all",
    help: "labels hold every answer (JSON array, for R_all) or only the final one",
  },
  out: {
    type: "string",
    value: "PATH",
    help: "output file (written atomically); default standard output",
  },
  ...MODULE_FLAG,
  ...COMPOSE_EXTRA_FLAGS,
  list: { type: "boolean", help: "list the generator families and exit" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

/** The help screen, built when printed (registries may have grown since load). */
const help = (): string =>
  formatHelp(
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
  await importModules((flags.module as string[] | undefined) ?? []);
  if (flags.help) {
    console.log(help());
    return 0;
  }
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
  const format = String(flags.format);
  const formatSpec = usage(() => getExportFormat(format));
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
  let template: PromptTemplate | undefined;
  if (flags.template !== undefined) {
    const t = String(flags.template);
    template = Object.hasOwn(PROMPT_TEMPLATES, t) && !existsSync(t)
      ? PROMPT_TEMPLATES[t as keyof typeof PROMPT_TEMPLATES]
      : existsSync(t)
      ? await Deno.readTextFile(t)
      : t;
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
  let written = count;
  if (flags.curriculum) {
    tasks = await curriculumBatch(String(flags.curriculum), {
      families: parseFamilies(families, config),
      seed,
      link,
      count,
      ...(flags.scores ? { scores: String(flags.scores) } : {}),
    });
  } else if (dataset && flags.adapter === "rhorizon") {
    // R-Horizon's rows are composed tasks already: convert them as they are (all of them,
    // unless --count is given).
    const skipped: string[] = [];
    const rows = await readRHorizonComposed(dataset, {
      onError: flags["skip-bad-rows"] ? "skip" : "throw",
      onSkip: (e) => skipped.push(e.message),
    });
    for (const m of skipped) console.error(`Skipped: ${m}`);
    const countGiven = args.some((a) => a === "--count" || a.startsWith("--count="));
    tasks = countGiven ? rows.slice(0, count) : rows;
    written = (tasks as ComposedTask[]).length;
  } else if (dataset) {
    if (flags.strict && flags["skip-bad-rows"]) {
      throw new UsageError("--strict and --skip-bad-rows contradict each other: give one");
    }
    // Recomputed chains re-run a row's own calculator annotations, so they read rows as they are.
    const adapterName = link === "recompute" ? "plain" : String(flags.adapter);
    const fields: FieldMap = {
      ...(flags["question-field"] ? { question: String(flags["question-field"]) } : {}),
      ...(flags["answer-field"] ? { answer: String(flags["answer-field"]) } : {}),
    };
    // R-Horizon's offset links need an integer answer and an integer in the question: rows
    // without them are skipped with their line and reason (never dropped silently).
    const base: Adapter = usage(() => resolveAdapter(adapterName, fields));
    const { adapter, unlinkable } = link === "recompute"
      ? { adapter: base, unlinkable: new Set<number>() }
      : offsetLinkAdapter(base);
    const loaded = await loadDataset(dataset, {
      adapter,
      onError: "skip",
      ...(flags["drop-instruction"] ? { dropInstruction: true } : {}),
    });
    const malformed = loaded.skipped.filter((s) => !unlinkable.has(s.line));
    if (malformed.length && !flags["skip-bad-rows"]) {
      throw new DatasetRowError(
        dataset,
        malformed[0]!.line,
        undefined,
        `${malformed[0]!.reason.replace(/^Cannot read [^:]+:\d+: /, "")} ` +
          `(${malformed.length} malformed row(s); --skip-bad-rows skips them)`,
      );
    }
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
      const counts = `${malformed.length} malformed, ${
        loaded.skipped.length - malformed.length
      } not linkable`;
      console.error(
        `${
          flags.strict ? "Would skip" : "Skipped"
        } ${loaded.skipped.length} row(s) of ${loaded.read} in ${dataset} (${counts}):`,
      );
      for (const s of loaded.skipped.slice(0, 10)) console.error(`  ${s.reason}`);
      if (loaded.skipped.length > 10) console.error(`  … and ${loaded.skipped.length - 10} more`);
      if (flags.strict) {
        console.error(
          `farsight compose: --strict: ${loaded.skipped.length} row(s) would be skipped`,
        );
        return 1;
      }
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
    dataSource: String(flags["data-source"]),
    groundTruth: choice(flags["ground-truth"], "ground-truth", ["all", "last"] as const),
  };
  const out = flags.out as string | undefined;
  const bar = progress("compose", written);
  if (formatSpec.kind === "file") {
    const all: ComposedTask[] = [];
    for (const t of tasks) {
      all.push(t);
      bar.tick();
    }
    bar.done();
    if (!out) throw new UsageError(`--format ${format} writes one binary file: give --out PATH`);
    const bytes = formatSpec.file(all, options);
    await writeFileAtomic(out, bytes);
  } else {
    await writeLinesAtomic(
      out,
      (function* () {
        let index = 0;
        for (const t of tasks) {
          yield exportLine(t, formatSpec, {
            ...options,
            index: range.start + index++,
          });
          bar.tick();
        }
        bar.done();
      })(),
    );
  }
  if (out) {
    const files = ["dataset", "exclude", "config", "curriculum"];
    if (flags.template !== undefined && existsSync(String(flags.template))) files.push("template");
    await recordRun(out, "compose", flags, files);
    console.error(`Wrote ${written} composed task(s) to ${out} (${format})`);
  }
  return 0;
}
