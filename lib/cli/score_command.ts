import type { ComposedTask } from "../compose/composed_task.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { writeLinesAtomic } from "../io/write_lines.ts";
import { summarizeScores } from "../metrics/summarize_scores.ts";
import { summaryRows } from "../metrics/summary_rows.ts";
import {
  scoredRecord,
  type ScoredResponse,
  scoreResponses,
  taskGold,
} from "../rewards/score_response.ts";
import { rewardFlags } from "./reward_flags.ts";
import { readJsonlRecords } from "../datasets/records.ts";
import { DatasetRowError } from "../datasets/dataset_error.ts";
import { validateResponseRecord, validateTaskRecord } from "../datasets/validate_row.ts";
import type { Task } from "../tasks/task.ts";
import { VerifierPool } from "../verify/worker_pool.ts";
import { table } from "../display/table.ts";
import { importModules, MODULE_FLAG } from "./module_flag.ts";
import { type FlagSpec, formatHelp, intFlag, parseFlags, UsageError } from "./args.ts";
import { progress } from "./progress.ts";
import { recordRun } from "./run_record.ts";

const FLAGS: Record<string, FlagSpec> = {
  tasks: {
    type: "string",
    value: "FILE",
    help: "tasks or composed tasks (JSONL, Farsight's contract)",
  },
  responses: {
    type: "string",
    value: "FILE",
    help: 'responses (JSONL): {"task_id", "sample"?, "response"}',
  },
  out: {
    type: "string",
    value: "PATH",
    help: "per-response results (JSONL, atomic); default standard output",
  },
  summary: { type: "string", value: "PATH", help: "write the summary by horizon as JSON here" },
  ...rewardFlags.flags,
  workers: {
    type: "string",
    value: "N",
    default: String(navigator.hardwareConcurrency ?? 2),
    help: "verification workers; 0 in this process",
  },
  timeout: {
    type: "string",
    value: "MS",
    default: "5000",
    help: "wall-clock limit per response (workers only)",
  },
  "skip-bad-lines": {
    type: "boolean",
    help: "report malformed lines and go on instead of stopping",
  },
  ...MODULE_FLAG,
  help: { type: "boolean", short: "h", help: "show this help" },
};

/** The help screen, built when printed (registries may have grown since load). */
const help = (): string =>
  formatHelp(
    "deno task farsight score --tasks FILE --responses FILE [options]",
    "Scores responses against tasks: per response {task_id, sample, correct, per_problem, reward,\n" +
      "extracted, status}, streamed in input order, and a summary by horizon (accuracy with a\n" +
      "bootstrap interval, Acc_last, mean reward, pass@k). A malformed line stops the run with its\n" +
      "line number unless --skip-bad-lines.",
    FLAGS,
  );

class BadLine extends Error {}

/**
 * `farsight score`: scores responses against tasks and summarises by horizon.
 *
 * @example
 * ```sh
 * deno task farsight score --tasks suite.jsonl --responses samples.jsonl --out scored.jsonl --summary summary.json
 * ```
 */
export async function runScore(args: readonly string[]): Promise<number> {
  const { flags } = parseFlags(args, FLAGS, "farsight score");
  await importModules((flags.module as string[] | undefined) ?? []);
  if (flags.help) {
    console.log(help());
    return 0;
  }
  const tasksFile = flags.tasks as string | undefined,
    responsesFile = flags.responses as string | undefined;
  if (!tasksFile || !responsesFile) {
    throw new UsageError("farsight score: --tasks and --responses are required");
  }
  const rewardOptions = rewardFlags.read(flags);
  const reward = rewardOptions.reward;
  const skip = Boolean(flags["skip-bad-lines"]);
  const bad: string[] = [];
  const report = (message: string) => {
    if (!skip) throw new BadLine(message);
    bad.push(message);
    console.error(message);
  };

  const tasks = new Map<string, Task | ComposedTask>();
  for await (const record of readJsonlRecords(tasksFile)) {
    if (record.error) {
      report(record.error.message);
      continue;
    }
    let t: Task | ComposedTask;
    try {
      t = validateTaskRecord(record.value, { file: tasksFile, line: record.line });
    } catch (error) {
      if (!(error instanceof DatasetRowError)) throw error;
      report(error.message);
      continue;
    }
    tasks.set(t.id, t);
  }

  const workers = intFlag(flags.workers, "workers", 0, 256);
  const pool = workers > 0
    ? new VerifierPool({
      size: workers,
      timeoutMs: intFlag(flags.timeout, "timeout", 1, 3_600_000),
    })
    : null;
  const scored: ScoredResponse[] = [];
  const bar = progress("score", Infinity, { minTotal: Infinity });
  try {
    const window: Promise<ScoredResponse>[] = [];
    const limit = Math.max(8, workers * 8);
    const samples = new Map<string, number>();
    const results = async function* () {
      for await (const record of readJsonlRecords(responsesFile)) {
        if (record.error) {
          report(record.error.message);
          continue;
        }
        let row;
        try {
          row = validateResponseRecord(record.value, { file: responsesFile, line: record.line });
        } catch (error) {
          if (!(error instanceof DatasetRowError)) throw error;
          report(error.message);
          continue;
        }
        const { task_id, sample, response } = row;
        const where = `${responsesFile}:${record.line}`;
        const task = tasks.get(task_id);
        if (!task) {
          report(`Cannot read ${where}: field "task_id": no task "${task_id}" in ${tasksFile}`);
          continue;
        }
        const index = sample ?? samples.get(task_id) ?? 0;
        samples.set(task_id, index + 1);
        window.push(
          scoreResponses([{ gold: taskGold(task), response }], { ...rewardOptions, pool }).then((
            [s],
          ) => scoredRecord(task, s!, index)),
        );
        while (window.length >= limit) yield await window.shift()!;
      }
      while (window.length) yield await window.shift()!;
    };
    const lines = async function* () {
      for await (const s of results()) {
        scored.push(s);
        bar.tick();
        yield JSON.stringify(s);
      }
    };
    await writeLinesAtomic(flags.out as string | undefined, lines());
    if (flags.out) await recordRun(String(flags.out), "score", flags, ["tasks", "responses"]);
  } catch (error) {
    if (error instanceof BadLine) {
      console.error(`farsight score: ${error.message} (use --skip-bad-lines to go on)`);
      return 1;
    }
    throw error;
  } finally {
    pool?.close();
  }
  const summary = summarizeScores(scored.map((s) => ({ ...s, expected: undefined })));
  const doc = { responses: scored.length, skipped_lines: bad.length, reward, by_horizon: summary };
  if (flags.summary) {
    await writeFileAtomic(String(flags.summary), JSON.stringify(doc, null, 2) + "\n");
  }
  console.error(
    table(
      summaryRows(summary, {
        columns: ["depth", "tasks", "responses", "accuracy", "accuracy_last", "pass_at_k"],
      }),
      {
        title: `Scored ${scored.length} response(s)${
          bad.length ? `, skipped ${bad.length} bad line(s)` : ""
        }`,
      },
    ).toMime()["text/plain"],
  );
  return 0;
}
