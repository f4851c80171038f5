import { join, resolve } from "node:path";
import { table } from "../display/table.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { loadRHorizonFig3, summariseHorizonDecay } from "../papers/rhorizon_fig3.ts";
import { horizonHeatmap, horizonLines } from "../plot/horizon_figures.ts";
import { renderReport, type ReportSection } from "../report/html_report.ts";
import { type FlagSpec, formatHelp, parseFlags } from "./args.ts";

const FLAGS: Record<string, FlagSpec> = {
  out: {
    type: "string",
    value: "DIR",
    default: "out/demo",
    help: "folder for report.html and results.json",
  },
  quiet: { type: "boolean", short: "q", help: "print only the report's path" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

const HELP = formatHelp(
  "deno task demo [options]",
  "Farsight's end-to-end demo. Renders R-Horizon's Figure 3 (accuracy by model and number of\n" +
    "composed problems, from the cited numbers in data/rhorizon_fig3.csv) as heat-maps and\n" +
    "accuracy-vs-n lines, writes a self-contained HTML report and a JSON summary, and prints\n" +
    "where they are.",
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
    console.log(HELP);
    return 0;
  }
  const out = resolve(String(flags.out));
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
  sections.unshift({ heading: "Summary", tables: [meanTable] });
  sections.push({
    heading: "Source",
    html: `<pre>${fig3.citation.map(escapeForPre).join("\n")}</pre>`,
  });

  const html = renderReport({
    title: "Farsight demo: reasoning accuracy against horizon",
    intro: "Accuracy of reasoning models on chains of n composed problems, as reported by " +
      "R-Horizon. Every figure below is rendered by Farsight from the cited numbers in " +
      "data/rhorizon_fig3.csv.",
    sections,
  });
  const results = {
    farsight: "demo",
    source: fig3.citation,
    benchmarks: summaries,
  };
  const reportPath = join(out, "report.html");
  const resultsPath = join(out, "results.json");
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
    console.log(`\nResults: ${resultsPath}`);
  }
  console.log(`Report:  ${reportPath}`);
  return 0;
}

function escapeForPre(line: string): string {
  return line.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);
}
