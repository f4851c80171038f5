import { existsSync } from "node:fs";
import type { ComposedTask } from "../compose/composed_task.ts";
import { runEvaluation } from "../eval/run_evaluation.ts";
import { standalonePassRates } from "../eval/standalone_pass_rates.ts";
import { CausalLM } from "../infer/causal_lm.ts";
import { backendChoicesText, parseBackendChoice } from "../infer/backend_names.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { resumeJsonl } from "../io/resumable_jsonl.ts";
import {
  checkResume,
  fingerprint,
  provenancePath,
  ResumeMismatchError,
  writeProvenance,
} from "../io/run_provenance.ts";
import { summarizeScores } from "../metrics/summarize_scores.ts";
import { summaryRows } from "../metrics/summary_rows.ts";
import { onnxPolicy } from "../policy/onnx_policy.ts";
import { compactPolicy, usesCompactPrompts } from "../train/compact_policy.ts";
import type { Policy } from "../policy/policy.ts";
import {
  parsePolicySpec,
  policyFromSpec,
  policySpecHelp,
  simPolicyFromSpec,
} from "../policy/policy_spec.ts";
import { readTaskFile } from "../datasets/validate_row.ts";
import type { Task } from "../tasks/task.ts";
import { table } from "../display/table.ts";
import { importModules, MODULE_FLAG } from "./module_flag.ts";
import { type FlagSpec, formatHelp, intFlag, parseFlags, usage, UsageError } from "./args.ts";
import { progress } from "./progress.ts";

const FLAGS: Record<string, FlagSpec> = {
  model: {
    type: "string",
    value: "DIR|sim:…",
    help: policySpecHelp,
  },
  tasks: { type: "string", value: "FILE", help: "tasks or composed tasks (JSONL)" },
  samples: { type: "string", value: "K", default: "1", help: "samples per task" },
  out: {
    type: "string",
    value: "PATH",
    default: "out/eval/results.jsonl",
    help: "results (JSONL, appended; resumes)",
  },
  summary: { type: "string", value: "PATH", help: "summary JSON (default: beside --out)" },
  "pass-rates": {
    type: "string",
    value: "FILE",
    help: "JSON {problem id: pass rate} for the expected curve",
  },
  "standalone-pass-rates": {
    type: "boolean",
    help: "measure the pass rates instead: ask every problem alone first, --samples times",
  },
  backend: {
    type: "string",
    value: "B",
    default: "auto",
    help: `model backend: ${backendChoicesText()}`,
  },
  dtype: {
    type: "string",
    value: "D",
    help: "model weights variant (default fp32; an ORT-GenAI build's own)",
  },
  "max-new-tokens": {
    type: "string",
    value: "N",
    default: "256",
    help: "model: tokens per response",
  },
  temperature: { type: "string", value: "T", default: "1", help: "model: sampling temperature" },
  seed: { type: "string", value: "N", default: "0", help: "seed" },
  restart: {
    type: "boolean",
    help: "start fresh: remove earlier results in --out instead of resuming",
  },
  ...MODULE_FLAG,
  help: { type: "boolean", short: "h", help: "show this help" },
};

/** The help screen, built when printed (registries may have grown since load). */
const help = (): string =>
  formatHelp(
    "deno task farsight eval --model DIR|sim:p=P --tasks FILE --samples K [options]",
    "Runs a policy on tasks, K samples each, verifies and scores every answer, appends results to\n" +
      "--out as it goes, and writes a summary by horizon (accuracy with the expected curve, pass@k).\n" +
      "An interrupted run resumes: samples already in --out are not redone. --out gets a sidecar\n" +
      "--out.provenance.json recording what produced it; a run with another model, policy, task file\n" +
      "or options refuses to resume it (use --restart or another --out).",
    FLAGS,
  );

/**
 * Reads earlier results in one linear pass (see `resumeJsonl`: a torn last line is removed, a
 * newline-less complete one repaired); returns the (task, sample) pairs done and the records
 * without their responses (all the summary needs).
 */
async function resumeState(
  path: string,
  policyName: string,
): Promise<{ done: Set<string>; records: Record<string, unknown>[]; repair: string }> {
  const done = new Set<string>();
  const records: Record<string, unknown>[] = [];
  const report = await resumeJsonl(path, (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Error("expected a result object");
    }
    const r = value as Record<string, unknown>;
    if (typeof r.task_id !== "string") throw new Error('field "task_id": expected a string');
    if (!Number.isInteger(r.sample) || (r.sample as number) < 0) {
      throw new Error('field "sample": expected an integer >= 0');
    }
    if (r.policy !== undefined && r.policy !== policyName) {
      // a file written before sidecars: its records name their policy
      throw new ResumeMismatchError(path, [
        `policy: ${JSON.stringify(r.policy)} then, ${JSON.stringify(policyName)} now`,
      ], RESTART);
    }
    done.add(`${r.task_id}\u0000${r.sample}`);
    const { response: _response, ...slim } = r;
    records.push(slim);
  });
  const repair = report.repair === "newline-added"
    ? "; its last line had lost its newline: kept, newline added"
    : report.repair === "torn-line-removed"
    ? `; removed a torn last line (${report.removedBytes} bytes)`
    : "";
  return { done, records, repair };
}

const RESTART = "run again with --restart (it removes the earlier results) or give another --out";

/** `farsight eval`: a resumable evaluation run. */
export async function runEval(args: readonly string[]): Promise<number> {
  const { flags } = parseFlags(args, FLAGS, "farsight eval");
  await importModules((flags.module as string[] | undefined) ?? []);
  if (flags.help) {
    console.log(help());
    return 0;
  }
  if (!flags.model || !flags.tasks) {
    throw new UsageError("farsight eval: --model and --tasks are required");
  }
  const samples = intFlag(flags.samples, "samples", 1, 10_000);
  const seed = intFlag(flags.seed, "seed", 0, 2 ** 32 - 1);
  const out = String(flags.out);
  // Every task is checked before the first sample runs or a line is written.
  const tasks: (Task | ComposedTask)[] = await readTaskFile(String(flags.tasks));
  let passRates: Record<string, number> | undefined;
  if (flags["pass-rates"] && flags["standalone-pass-rates"]) {
    throw new UsageError("farsight eval: give --pass-rates or --standalone-pass-rates, not both");
  }
  if (flags["pass-rates"]) {
    passRates = JSON.parse(await Deno.readTextFile(String(flags["pass-rates"])));
  }
  const modelSpec = String(flags.model);
  let policy: Policy;
  let model: CausalLM | null = null;
  const spec = usage(() => parsePolicySpec(modelSpec));
  if (spec.kind === "sim") {
    policy = simPolicyFromSpec(spec, seed);
    passRates ??= Object.fromEntries(
      tasks.flatMap((t) => ("problems" in t ? t.problems : [t]).map((q) => [q.id, spec.p])),
    );
  } else if (spec.kind === "registered") {
    policy = usage(() => policyFromSpec(spec, seed));
  } else {
    model = await CausalLM.load(modelSpec, {
      backend: usage(() => parseBackendChoice(String(flags.backend), "--backend")),
      ...(flags.dtype === undefined ? {} : { dtype: flags.dtype as never }),
    });
    policy = usesCompactPrompts(model)
      ? compactPolicy(model, { temperature: Number(flags.temperature), seed })
      : onnxPolicy(model, {
        maxNewTokens: intFlag(flags["max-new-tokens"], "max-new-tokens", 1, 100_000),
        temperature: Number(flags.temperature),
        seed,
      });
    console.error(
      `Model ${modelSpec} on ${model.backend.backend}${
        model.backend.adapter ? ` (adapter ${model.backend.adapter})` : ""
      }`,
    );
  }
  if (flags.restart) {
    for (const path of [out, provenancePath(out)]) if (existsSync(path)) await Deno.remove(path);
  }
  // What decides the results: a file written with anything else is not resumed.
  const tasksFile = String(flags.tasks);
  const identity: Record<string, unknown> = {
    policy: modelSpec,
    policy_name: policy.name,
    tasks: await fingerprint(tasksFile),
    // not --samples: a policy answers sample k of a task the same whatever the count, so a
    // run with more samples extends the file
    seed,
    ...(model
      ? {
        model: await fingerprint(modelSpec),
        temperature: Number(flags.temperature),
        max_new_tokens: intFlag(flags["max-new-tokens"], "max-new-tokens", 1, 100_000),
        dtype: flags.dtype ?? null,
      }
      : {}),
    pass_rates: flags["pass-rates"]
      ? await fingerprint(String(flags["pass-rates"]))
      : flags["standalone-pass-rates"]
      ? "standalone"
      : null,
  };
  await checkResume(out, "eval", identity, RESTART);
  if (flags["standalone-pass-rates"]) {
    let bar: ReturnType<typeof progress> | undefined;
    passRates = await standalonePassRates(policy, tasks, {
      samples,
      onProgress: (_done, total) => {
        bar ??= progress("problems asked alone", total, { minTotal: 1 });
        bar.tick();
      },
    });
    bar?.done();
  }
  const { done, records, repair } = await resumeState(out, policy.name);
  if (done.size || repair) {
    console.error(`Resuming: ${done.size} sample(s) already in ${out}${repair}`);
  }
  const { dirname } = await import("node:path");
  await Deno.mkdir(dirname(out) || ".", { recursive: true });
  await writeProvenance(out, "eval", identity, {
    tasks: tasksFile,
    ...(model ? { model: modelSpec } : {}),
    ...(flags["pass-rates"] ? { pass_rates: String(flags["pass-rates"]) } : {}),
  });
  const file = await Deno.open(out, { append: true, create: true, write: true });
  const encoder = new TextEncoder();
  const bar = progress("eval", tasks.length, {
    minTotal: 1,
    every: Math.max(1, Math.floor(tasks.length / 20)),
  });
  try {
    for await (
      const r of runEvaluation(policy, tasks, {
        samples,
        ...(passRates ? { passRates } : {}),
        skip: (t, s) => done.has(`${t.id}\u0000${s}`),
        onProgress: () => bar.tick(),
      })
    ) {
      const line = JSON.stringify({ ...r, policy: policy.name });
      file.writeSync(encoder.encode(line + "\n"));
      const { response: _response, ...slim } = JSON.parse(line);
      records.push(slim);
    }
  } finally {
    bar.done();
    file.close();
    await model?.dispose();
  }
  const summary = summarizeScores(records as never);
  const summaryPath = flags.summary
    ? String(flags.summary)
    : out.replace(/\.jsonl$/, "") + ".summary.json";
  await writeFileAtomic(
    summaryPath,
    JSON.stringify(
      { policy: policy.name, samples, responses: records.length, by_horizon: summary },
      null,
      2,
    ) + "\n",
  );
  const knownExpected = summary.some((h) => Number.isFinite(h.expected));
  console.error(
    table(
      summaryRows(summary, {
        columns: knownExpected
          ? ["depth", "tasks", "accuracy", "expected", "accuracy_last", "pass_at_k"]
          : ["depth", "tasks", "accuracy", "accuracy_last", "pass_at_k"],
      }),
      { title: `${policy.name}: ${records.length} response(s)` },
    ).toMime()["text/plain"],
  );
  if (!knownExpected) {
    console.error(
      "(R-Horizon's expected accuracy needs each problem's own pass rate: " +
        "add --standalone-pass-rates or --pass-rates FILE)",
    );
  }
  console.error(`Results: ${out}\nSummary: ${summaryPath}`);
  return 0;
}
