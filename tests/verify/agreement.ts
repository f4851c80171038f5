/**
 * Agreement with an external suite of verification cases: reads a JSON-lines file of
 * `{gold, response, expected, options?, test?}` records (for example Math-Verify's test suite
 * converted to triples, kept outside this repository) and reports how many verdicts agree.
 *
 * Run: `deno run -A tests/verify/agreement.ts /tmp/mv_suite.jsonl [--show]`.
 * @module
 */
import { verifyAnswer, type VerifyOptions } from "../../lib/verify/mod.ts";

/** One external case. */
export interface ExternalCase {
  readonly gold: string;
  readonly response: string;
  readonly expected: boolean;
  readonly options?: VerifyOptions;
  readonly test?: string;
}

/** Agreement of `verifyAnswer` with the cases' expected verdicts. */
export function agreement(cases: readonly ExternalCase[]): {
  agree: number;
  total: number;
  disagreements: { case: ExternalCase; status: string; reason: string }[];
} {
  const disagreements: { case: ExternalCase; status: string; reason: string }[] = [];
  for (const c of cases) {
    const v = verifyAnswer(c.gold, c.response, c.options ?? {});
    if (v.correct !== c.expected) {
      disagreements.push({ case: c, status: v.status, reason: v.reason });
    }
  }
  return { agree: cases.length - disagreements.length, total: cases.length, disagreements };
}

if (import.meta.main) {
  const path = Deno.args[0];
  if (!path) {
    console.error("usage: agreement.ts CASES.jsonl [--show]");
    Deno.exit(2);
  }
  const lines = (await Deno.readTextFile(path)).split("\n");
  const cases: ExternalCase[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const c = JSON.parse(line);
      if (
        typeof c.gold !== "string" || typeof c.response !== "string" ||
        typeof c.expected !== "boolean"
      ) {
        throw new Error("expected string gold, string response and boolean expected");
      }
      cases.push(c);
    } catch (error) {
      console.error(`${path}:${i + 1}: ${error instanceof Error ? error.message : error}`);
      Deno.exit(2);
    }
  });
  const result = agreement(cases);
  if (Deno.args.includes("--show")) {
    for (const d of result.disagreements) {
      console.log(
        `[${d.case.test ?? ""}] gold ${JSON.stringify(d.case.gold.slice(0, 120))} | ${
          JSON.stringify(d.case.response.slice(-160))
        } expected ${d.case.expected}, got ${d.status}: ${d.reason.slice(0, 160)}`,
      );
    }
  }
  console.log(
    `agreement ${result.agree}/${result.total} (${
      (100 * result.agree / result.total).toFixed(1)
    }%)`,
  );
}
