import { leakageReport } from "../compose/leakage.ts";
import { type FlagSpec, formatHelp, parseFlags, UsageError } from "./args.ts";
import { readLeakageRecords } from "./compose_extras.ts";

const FLAGS: Record<string, FlagSpec> = {
  json: { type: "boolean", help: "print the report as JSON" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

const HELP = formatHelp(
  "deno task farsight check-leakage TRAIN EVAL [--json]",
  "Reports the base problems two JSONL files share (composed tasks or problems), by content\n" +
    "fingerprint and, for generated problems, by family and parameters. Exits 1 when they share any.",
  FLAGS,
);

/**
 * `farsight check-leakage TRAIN EVAL`: overlaps of base problems between two files; exit
 * status 1 when there is any, so it can guard a pipeline.
 *
 * @example
 * ```sh
 * deno task farsight check-leakage train.jsonl eval.jsonl
 * ```
 */
export async function runCheckLeakage(args: readonly string[]): Promise<number> {
  const { flags, positionals } = parseFlags(args, FLAGS, "farsight check-leakage");
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 2) {
    throw new UsageError("farsight check-leakage: expected two files, TRAIN and EVAL");
  }
  const [trainFile, evalFile] = positionals as [string, string];
  const report = leakageReport(
    await readLeakageRecords(trainFile),
    await readLeakageRecords(evalFile),
  );
  if (flags.json) console.log(JSON.stringify(report));
  else {
    console.log(
      `${trainFile}: ${report.trainProblems} base problems; ${evalFile}: ${report.evalProblems}\n` +
        `Shared base problems: ${report.sharedProblems} (same text: ${report.sharedByText}, ` +
        `same family and parameters: ${report.sharedByParams})\n` +
        `Evaluation records touched: ${report.leakyEvalRecords} of ${report.evalRecords}`,
    );
    for (const e of report.examples) console.log(`  ${e.id} (record ${e.record + 1})`);
  }
  return report.sharedProblems > 0 ? 1 : 0;
}
