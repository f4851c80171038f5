/**
 * Farsight's command line: `deno task farsight <command> [options]`.
 *
 * @example
 * ```sh
 * deno task farsight --help
 * deno task demo --out out/demo
 * ```
 * @module
 */
import { UsageError } from "./args.ts";
import { runCompose } from "./compose_command.ts";
import { runCheckLeakage } from "./check_leakage_command.ts";
import { runDemo } from "./demo.ts";
import { runEval } from "./eval_command.ts";
import { runGenerate } from "./generate_command.ts";
import { runScore } from "./score_command.ts";
import { runServe } from "./serve_command.ts";
import { runRlStudyCommand } from "./rl_study_command.ts";
import { runTrain } from "./train_command.ts";
import { runVerify } from "./verify_command.ts";

/** A subcommand: its one-line summary and its entry point returning an exit status. */
interface Command {
  readonly summary: string;
  readonly run: (args: readonly string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  compose: { summary: "compose long-horizon tasks from generators or a dataset", run: runCompose },
  "check-leakage": {
    summary: "report base problems shared by a training and an evaluation file",
    run: runCheckLeakage,
  },
  demo: { summary: "the end-to-end demo: writes out/demo/report.html", run: runDemo },
  verify: { summary: "verify answers: one JSON verdict per input line", run: runVerify },
  score: { summary: "score responses against tasks; summary by horizon", run: runScore },
  serve: { summary: "serve rewards over HTTP (OpenRLHF, TRL)", run: runServe },
  generate: {
    summary: "generate with an ONNX model (text, tokens, log-probs, entropies)",
    run: runGenerate,
  },
  eval: {
    summary: "run a model or simulated policy on tasks; resumable; summary by horizon",
    run: runEval,
  },
  train: { summary: "train the small chain model (data/model) with jax-js", run: runTrain },
  "rl-study": {
    summary: "curriculum RL against fixed-horizon RL on the trained model (h1's comparison)",
    run: runRlStudyCommand,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    "Usage: deno task farsight <command> [options]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    'Run "deno task farsight <command> --help" for a command\'s options.',
  ].join("\n");
}

/**
 * The one style of the CLI's error messages: `farsight COMMAND: what, where, what was expected`.
 * Messages that already name the program keep their text; others get the prefix.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorLine } from "./main.ts";
 * assert.equal(errorLine("score", new Error("--tasks x.jsonl: not found")), "farsight score: --tasks x.jsonl: not found");
 * assert.equal(errorLine("score", new Error("farsight score: bad")), "farsight score: bad");
 * ```
 */
export function errorLine(command: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^farsight\b/.test(message) ? message : `farsight ${command}: ${message}`;
}

/**
 * Runs the CLI with `args` (without the program name) and returns the exit status: 0 on
 * success, 2 for a usage error (message on stderr), 1 for any other failure.
 *
 * @example
 * ```ts ignore
 * import { main } from "./main.ts";
 * Deno.exit(await main(["demo", "--help"]));
 * ```
 */
export async function main(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`farsight: unknown command "${name}".\n\n${usage()}`);
    return await command.run(rest);
  } catch (error) {
    if (error instanceof Deno.errors.BrokenPipe) return 0; // e.g. piped into `head`
    console.error(errorLine(name, error));
    return error instanceof UsageError ? 2 : 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
