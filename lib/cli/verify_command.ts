import { readJsonlRecords } from "../datasets/records.ts";
import { writeLinesAtomic } from "../io/write_lines.ts";
import { VerifierPool } from "../verify/worker_pool.ts";
import type { VerifyOptions } from "../verify/verify.ts";
import { requestVerifyOptionKeys } from "../verify/verify_option_table.ts";
import { type ResponseScore, scoreResponses } from "../rewards/score_response.ts";
import { type FlagSpec, formatHelp, intFlag, parseFlags, UsageError } from "./args.ts";
import { progress } from "./progress.ts";

const FLAGS: Record<string, FlagSpec> = {
  out: {
    type: "string",
    value: "PATH",
    help: "write verdicts here (atomically); default standard output",
  },
  workers: {
    type: "string",
    value: "N",
    default: String(navigator.hardwareConcurrency ?? 2),
    help: "verification workers; 0 verifies in this process",
  },
  timeout: {
    type: "string",
    value: "MS",
    default: "5000",
    help: "wall-clock limit per verification (workers only)",
  },
  help: { type: "boolean", short: "h", help: "show this help" },
};

/** The help screen, built when printed (registries may have grown since load). */
const help = (): string =>
  formatHelp(
    "deno task farsight verify FILE [options]",
    'Verifies model answers. Each line of FILE is {"gold": ..., "response": ..., "options"?: {...}};\n' +
      "gold may be a list of answers for a composed task. Writes one JSON verdict per line, in the same\n" +
      'order: {"line", "correct", "status", "extracted", "reason"} (composed: plus "per_problem" and\n' +
      '"missing"). A malformed line gets an "error" verdict naming the line; the run goes on.',
    FLAGS,
  );

const OPTION_KEYS: ReadonlySet<string> = new Set(requestVerifyOptionKeys());

type LineResult = Record<string, unknown>;

function verdictLine(line: number, composed: boolean, s: ResponseScore): LineResult {
  if (composed) {
    return {
      line,
      correct: s.correct,
      status: s.status,
      reward: s.reward,
      per_problem: s.perProblem,
      missing: s.missing,
      extracted: s.extracted,
      reason: s.reason,
    };
  }
  return {
    line,
    correct: s.correct,
    status: s.status,
    reward: s.reward,
    extracted: s.extracted[0] ?? null,
    source: s.sources[0] ?? null,
    reason: s.reason,
  };
}

function errorLine(line: number, reason: string): LineResult {
  return {
    line,
    correct: false,
    status: "error",
    extracted: null,
    reason: `line ${line}: ${reason}`,
  };
}

/** Parses one input record into a job, or returns the reason it is malformed. */
function toJob(
  value: Record<string, unknown>,
): { gold: string | string[]; response: string; options: VerifyOptions } | string {
  const { gold, response, options } = value;
  const goldOk = typeof gold === "string" || typeof gold === "number" ||
    (Array.isArray(gold) && gold.length > 0 &&
      gold.every((g) => typeof g === "string" || typeof g === "number"));
  if (!goldOk) return `field "gold": expected a string, a number or a non-empty list of them`;
  if (typeof response !== "string") return `field "response": expected a string`;
  if (
    options !== undefined &&
    (typeof options !== "object" || options === null || Array.isArray(options))
  ) {
    return `field "options": expected an object`;
  }
  for (const key of Object.keys(options ?? {})) {
    if (!OPTION_KEYS.has(key)) {
      return `field "options.${key}": unknown option (expected one of ${
        [...OPTION_KEYS].join(", ")
      })`;
    }
  }
  return {
    gold: Array.isArray(gold) ? gold.map(String) : String(gold),
    response,
    options: (options ?? {}) as VerifyOptions,
  };
}

/**
 * `farsight verify FILE`: one verdict per input line, in order, streamed.
 *
 * @example
 * ```sh
 * deno task farsight verify answers.jsonl --out verdicts.jsonl
 * ```
 */
export async function runVerify(args: readonly string[]): Promise<number> {
  const { flags, positionals } = parseFlags(args, FLAGS, "farsight verify");
  if (flags.help) {
    console.log(help());
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError("farsight verify: expected exactly one input FILE");
  }
  const file = positionals[0]!;
  const expected = 'expected a JSON-lines file of {"gold", "response", "options"?}';
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(file);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "no such file" : String(error);
    throw new UsageError(`farsight verify: cannot read ${file}: ${why}; ${expected}`);
  }
  if (info.isDirectory) {
    throw new UsageError(`farsight verify: cannot read ${file}: it is a directory; ${expected}`);
  }
  const workers = intFlag(flags.workers, "workers", 0, 256);
  const timeoutMs = intFlag(flags.timeout, "timeout", 1, 3_600_000);
  const pool = workers > 0 ? new VerifierPool({ size: workers, timeoutMs }) : null;
  const counts: Record<string, number> = {};
  const bar = progress("verify", Infinity, { minTotal: Infinity });
  try {
    // Lines are verified in chunks (batched to the pool) and written in input order.
    const CHUNK = 512;
    const runChunk = async (
      chunk: { line: number; job: ReturnType<typeof toJob> | null; error?: string }[],
    ) => {
      const jobs = chunk.flatMap((c) => (c.job && typeof c.job !== "string" ? [c.job] : []));
      const scores = await scoreResponses(
        jobs.map((j) => ({ gold: j.gold, response: j.response, verify: j.options })),
        { pool },
      );
      let at = 0;
      return chunk.map((c) =>
        c.error !== undefined
          ? errorLine(c.line, c.error)
          : typeof c.job === "string"
          ? errorLine(c.line, c.job)
          : verdictLine(c.line, Array.isArray(c.job!.gold), scores[at++]!)
      );
    };
    const lines = async function* () {
      let chunk: { line: number; job: ReturnType<typeof toJob> | null; error?: string }[] = [];
      for await (const record of readJsonlRecords(file)) {
        chunk.push(
          record.error
            ? {
              line: record.line,
              job: null,
              error: record.error.message.replace(/^Cannot read [^:]+:\d+: /, ""),
            }
            : { line: record.line, job: toJob(record.value) },
        );
        if (chunk.length >= CHUNK) {
          yield* await runChunk(chunk);
          chunk = [];
        }
      }
      if (chunk.length) yield* await runChunk(chunk);
    };
    const serialised = async function* () {
      for await (const result of lines()) {
        counts[result.status as string] = (counts[result.status as string] ?? 0) + 1;
        bar.tick();
        yield JSON.stringify(result);
      }
    };
    const n = await writeLinesAtomic(flags.out as string | undefined, serialised());
    console.error(
      `Verified ${n} line(s): ${
        Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(", ") || "none"
      }`,
    );
  } finally {
    pool?.close();
  }
  return 0;
}
