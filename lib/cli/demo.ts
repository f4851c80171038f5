import { join, resolve } from "node:path";
import { table } from "../display/table.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { loadRHorizonFig3, summariseHorizonDecay } from "../papers/rhorizon_fig3.ts";
import { horizonHeatmap, horizonLines } from "../plot/horizon_figures.ts";
import { renderReport, type ReportSection } from "../report/html_report.ts";
import { composedTaskTable } from "../compose/describe.ts";
import type { ComposedTask } from "../compose/composed_task.ts";
import { writeLinesAtomic } from "../io/write_lines.ts";
import { escapeHtml } from "../display/mime.ts";
import { type FlagSpec, formatHelp, intFlag, parseFlags, usage } from "./args.ts";
import { type EvaluatedSample, runEvaluation } from "../eval/run_evaluation.ts";
import { standalonePassRates } from "../eval/standalone_pass_rates.ts";
import { summarizeScores } from "../metrics/summarize_scores.ts";
import { summaryRows } from "../metrics/summary_rows.ts";
import { composeSuite, demoPassRate, demoPolicy } from "../demo/demo_suite.ts";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CausalLM } from "../infer/causal_lm.ts";
import { backendChoicesText, parseBackendChoice } from "../infer/backend_names.ts";
import { onnxPolicy } from "../policy/onnx_policy.ts";
import { chainSuite, compactExample } from "../train/chain_data.ts";
import { compactPolicy, usesCompactPrompts } from "../train/compact_policy.ts";

/** Where a bundled model would live. */
const BUNDLED_MODEL = fileURLToPath(new URL("../../data/model/", import.meta.url));

const FLAGS: Record<string, FlagSpec> = {
  out: {
    type: "string",
    value: "DIR",
    default: "out/demo",
    help: "folder for report.html, results.json and suite.jsonl",
  },
  seed: { type: "string", value: "N", default: "2026", help: "seed for the composed suite" },
  "per-depth": {
    type: "string",
    value: "N",
    default: "25",
    help: "composed tasks per depth (depths 1 to 8)",
  },
  samples: { type: "string", value: "K", default: "4", help: "policy samples per task" },
  model: {
    type: "string",
    value: "DIR",
    help:
      "answer with this ONNX model (default: data/model/ if bundled, else the simulated policy)",
  },
  backend: {
    type: "string",
    value: "B",
    default: "auto",
    help: `model backend: ${backendChoicesText()}`,
  },
  quiet: { type: "boolean", short: "q", help: "print only the report's path" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

/** The help screen, built when printed (registries may have grown since load). */
const help = (): string =>
  formatHelp(
    "deno task demo [options]",
    "Farsight's end-to-end demo. Composes a long-horizon suite (depths 1 to 8) from the built-in\n" +
      "generators with recomputed (h1) links, runs a policy on it (the model in data/model/ when there\n" +
      "is one: a model trained by lib/train answers compact chain_sum chains; else the simulated\n" +
      "policy), scores every answer with Farsight's verifier, renders accuracy against\n" +
      "horizon against R-Horizon's expected product and R-Horizon's Figure 3 (from data/rhorizon_fig3.csv),\n" +
      "and writes a self-contained HTML report, a JSON summary and the suite as JSONL.",
    FLAGS,
  );

/** Models highlighted in the accuracy-vs-n lines (a spread of sizes and families). */
const HIGHLIGHT = [
  "Qwen3-235B-Thinking",
  "DeepSeek-R1",
  "Qwen3-32B",
  "Qwen3-8B",
  "R1-Qwen-7B",
  "R1-Qwen-1.5B",
];

/**
 * Runs the demo: `deno task demo [--out DIR] [--quiet]`. Returns the process exit status.
 *
 * @example
 * ```ts ignore
 * import { runDemo } from "./demo.ts";
 * await runDemo(["--out", "out/demo"]);
 * ```
 */
export async function runDemo(args: readonly string[]): Promise<number> {
  const { flags } = parseFlags(args, FLAGS, "farsight demo");
  if (flags.help) {
    console.log(help());
    return 0;
  }
  const out = resolve(String(flags.out));
  const seed = intFlag(flags.seed, "seed", 0, 2 ** 32 - 1);
  const perDepth = intFlag(flags["per-depth"], "per-depth", 1, 100_000);
  const samples = intFlag(flags.samples, "samples", 1, 1000);
  const modelDir = (flags.model as string | undefined) ??
    (existsSync(join(BUNDLED_MODEL, "config.json")) ? BUNDLED_MODEL : null);
  const model = modelDir
    ? await CausalLM.load(modelDir, {
      backend: usage(() => parseBackendChoice(String(flags.backend), "--backend")),
    })
    : null;
  // A model trained by lib/train reads compact chain_sum chains (lib/train/chain_data.ts).
  const compact = model !== null && usesCompactPrompts(model);
  const suite = compact ? chainSuite(seed, perDepth) : composeSuite(seed, perDepth);
  const policy = model
    ? compact
      ? compactPolicy(model, { seed, ...(samples > 1 ? { temperature: 1 } : {}) })
      : onnxPolicy(model, { maxNewTokens: 256, seed })
    : demoPolicy(seed);
  // The model as the user named it (data/model/ for the bundled one), never a machine path; the
  // GPU adapter only matters when the model ran on WebGPU.
  const modelName = modelDir === BUNDLED_MODEL ? "data/model" : modelDir;
  const who = model
    ? `the ONNX model ${modelName} (${model.backend.backend} backend${
      model.backend.backend === "webgpu" && model.backend.adapter
        ? `, adapter ${model.backend.adapter}, shader-f16 ${model.backend.shaderF16}`
        : ""
    }${compact ? `, compact prompts, ${samples > 1 ? "sampled at temperature 1" : "greedy"}` : ""})`
    : `the simulated policy ${policy.name} (no model is bundled in data/model/)`;
  const evaluated: EvaluatedSample[] = [];
  try {
    // R-Horizon's expectation needs each problem's pass rate asked alone: the simulated
    // policy's are known; a model's are measured with the same policy and samples.
    const passRates = model ? await standalonePassRates(policy, suite, { samples }) : demoPassRate;
    for await (const s of runEvaluation(policy, suite, { samples, passRates })) {
      evaluated.push(s);
    }
  } finally {
    await model?.dispose();
  }
  const byHorizon = summarizeScores(evaluated, { seed });
  const fig3 = await loadRHorizonFig3();
  const summaries = summariseHorizonDecay(fig3.rows);
  const caption = "Source: R-Horizon (Lu, Wang et al., arXiv 2510.08189), Figure 3.";

  const sections: ReportSection[] = summaries.map((s) => {
    const rows = fig3.rows.filter((r) => r.benchmark === s.benchmark);
    return {
      heading: `${s.benchmark} (${s.metric})`,
      text: `Mean over ${s.models} models: ${
        s.ns.map((n, i) => `n=${n}: ${s.meanAccuracy[i]!.toFixed(1)}%`).join(", ")
      }. Steepest decay: ${s.steepest.model} (${s.steepest.from}% to ${s.steepest.to}%); ` +
        `flattest: ${s.flattest.model} (${s.flattest.from}% to ${s.flattest.to}%).`,
      figures: [
        horizonHeatmap(rows, {
          title: `R-Horizon Figure 3: ${s.benchmark}`,
          subtitle: `${s.metric} (%) by model and number of composed problems`,
          caption,
        }),
        horizonLines(
          rows.filter((r) =>
            HIGHLIGHT.includes(r.model)
          ),
          {
            title: `${s.benchmark}: accuracy against n`,
            subtitle: "six models of different sizes",
            caption,
            models: HIGHLIGHT,
          },
        ),
      ],
    };
  });
  const allNs = [...new Set(summaries.flatMap((s) => s.ns))].sort((a, b) => a - b);
  const meanTable = table(
    summaries.map((s) => ({
      benchmark: s.benchmark,
      metric: s.metric,
      models: s.models,
      ...Object.fromEntries(s.ns.map((n, i) => [`n=${n}`, Number(s.meanAccuracy[i]!.toFixed(1))])),
    })),
    {
      title: "Mean accuracy (%) over models, by number of composed problems",
      columns: ["benchmark", "metric", "models", ...allNs.map((n) => `n=${n}`)],
    },
  );
  sections.unshift({ heading: "R-Horizon's Figure 3: mean over models", tables: [meanTable] });
  sections.unshift(evaluationSection(byHorizon, who, samples));
  sections.unshift(
    suiteSection(suite, seed, compact ? (t) => compactExample(t).prompt : undefined),
  );
  sections.push({
    heading: "Source",
    html: `<pre>${fig3.citation.map(escapeForPre).join("\n")}</pre>`,
  });

  const html = renderReport({
    title: "Farsight demo: reasoning accuracy against horizon",
    intro: "Accuracy on chains of n composed problems. The first two sections are Farsight's own " +
      `run: it composed a suite, ${who} answered it, and Farsight's verifier scored every ` +
      "answer. The sections after them redraw R-Horizon's Figure 3 (Lu, Wang et al., arXiv " +
      "2510.08189) from the paper's numbers, transcribed in data/rhorizon_fig3.csv.",
    sections,
  });
  const results = {
    farsight: "demo",
    suite: suiteSummary(suite, seed),
    evaluation: {
      policy: policy.name,
      model: model ? modelName : null,
      backend: model?.backend ?? null,
      answered_by: who,
      samples,
      by_horizon: byHorizon,
    },
    rhorizon_fig3: { source: fig3.citation, benchmarks: summaries },
  };
  const reportPath = join(out, "report.html");
  const resultsPath = join(out, "results.json");
  const suitePath = join(out, "suite.jsonl");
  await writeLinesAtomic(suitePath, suite.map((t) => JSON.stringify(t)));
  await writeFileAtomic(reportPath, html);
  await writeFileAtomic(resultsPath, JSON.stringify(results, null, 2) + "\n");

  if (!flags.quiet) {
    console.log(meanTable.toMime()["text/plain"]);
    console.log("");
    for (const s of summaries) {
      const first = s.meanAccuracy[0]!, last = s.meanAccuracy[s.meanAccuracy.length - 1]!;
      console.log(
        `${s.benchmark.padEnd(13)} mean ${first.toFixed(1)}% at n=${s.ns[0]} -> ${
          last.toFixed(1)
        }% at n=${s.ns[s.ns.length - 1]}; steepest: ${s.steepest.model}`,
      );
    }
    console.log(
      `\nAnswered by ${who}, ${samples} samples per task.`,
    );
    console.log(
      table(
        summaryRows(byHorizon, {
          columns: ["depth", "accuracy", "expected", "accuracy_last", "pass_at_k"],
          passAtK: [samples],
        }),
        { title: "Accuracy against horizon (scored by Farsight's verifier)" },
      ).toMime()["text/plain"],
    );
    console.log(
      `\nComposed ${suite.length} long-horizon tasks (depths 1-8, ${perDepth} each, seed ${seed}): ${suitePath}`,
    );
    console.log(`Results: ${resultsPath}`);
  }
  console.log(`Report:  ${reportPath}`);
  return 0;
}

function escapeForPre(line: string): string {
  return escapeHtml(line);
}

function evaluationSection(
  byHorizon: ReturnType<typeof summarizeScores>,
  policy: string,
  samples: number,
): ReportSection {
  const actual = byHorizon.map((h) => ({
    model: "actual (Acc_all)",
    n: h.depth,
    accuracy: 100 * h.accuracy,
  }));
  const last = byHorizon.map((h) => ({
    model: "last problem (Acc_last)",
    n: h.depth,
    accuracy: 100 * h.accuracy_last,
  }));
  const expected = byHorizon.map((h) => ({
    model: "actual (Acc_all)",
    n: h.depth,
    accuracy: 100 * h.expected,
  }));
  return {
    heading: "Accuracy against horizon",
    text: `Answered by ${policy}, ${samples} samples per task; ` +
      "Farsight's verifier extracted and checked every per-problem answer. The dashed line is R-Horizon's " +
      "expected accuracy under independence, the mean over tasks of the product of the single-problem pass rates.",
    figures: [
      horizonLines([...actual, ...last], {
        title: "Accuracy against horizon: actual and expected",
        subtitle: `${samples} samples per task; dashed: expected (product of pass rates)`,
        expected,
        models: ["actual (Acc_all)", "last problem (Acc_last)"],
      }),
    ],
    tables: [
      table(
        summaryRows(byHorizon, {
          columns: [
            "depth",
            "tasks",
            "responses",
            "accuracy",
            "interval",
            "expected",
            "accuracy_last",
            "pass_at_k",
          ],
        }),
        { title: "Per-depth results" },
      ),
    ],
  };
}

function suiteSummary(suite: readonly ComposedTask[], seed: number) {
  const depths = [...new Set(suite.map((t) => t.depth))];
  return {
    seed,
    tasks: suite.length,
    families: [...new Set(suite.flatMap((t) => t.problems.map((p) => p.family)))],
    link: "recompute",
    by_depth: depths.map((depth) => {
      const at = suite.filter((t) => t.depth === depth);
      return {
        depth,
        tasks: at.length,
        mean_prompt_chars: Math.round(at.reduce((s, t) => s + t.prompt.length, 0) / at.length),
        links: at.reduce((s, t) => s + t.links.length, 0),
      };
    }),
  };
}

function suiteSection(
  suite: readonly ComposedTask[],
  seed: number,
  modelPrompt?: (task: ComposedTask) => string,
): ReportSection {
  const summary = suiteSummary(suite, seed);
  const example = (depth: number) => suite.find((t) => t.depth === depth)!;
  const families = summary.families.length;
  const prompt = modelPrompt
    ? "The model was trained on a compact format and was given each task in it (the prompt " +
      "below, with the task's rendered prompt after it); its labelled answers were read back as " +
      "one answer per problem. "
    : "The prompt below is the one the policy was given. ";
  return {
    heading: "A composed long-horizon suite",
    text:
      `${summary.tasks} tasks composed from ${families} generator ${
        families === 1 ? "family" : "families"
      } (${
        summary.families.join(", ")
      }) with recomputed (h1) links, depths 1 to 8, seed ${seed}. ` +
      "Every task carries its per-problem gold answers and its links; the whole suite is in " +
      `suite.jsonl. ${prompt}The tables give the ground truth of a depth-3 and a depth-6 task.`,
    tables: [
      table(summary.by_depth, { title: "Suite by depth" }),
      composedTaskTable(example(3)),
      composedTaskTable(example(6)),
    ],
    html:
      (modelPrompt
        ? `<p>Prompt given to the model (depth 3):</p><pre>${
          escapeHtml(modelPrompt(example(3)))
        }</pre>` +
          "<p>The same task rendered as a natural-language prompt:</p>"
        : "<p>Prompt (depth 3):</p>") + `<pre>${escapeHtml(example(3).prompt)}</pre>`,
  };
}
