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

/**
 * A subcommand: its one-line summary and its entry point returning an exit status. Each entry
 * point imports its command's module when called, so a command loads only what it uses (the
 * verifier does not start onnxruntime or jax-js).
 */
interface Command {
  readonly summary: string;
  readonly run: (args: readonly string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  compose: {
    summary: "compose long-horizon tasks from generators or a dataset",
    run: async (a) => (await import("./compose_command.ts")).runCompose(a),
  },
  "check-leakage": {
    summary: "report base problems shared by a training and an evaluation file",
    run: async (a) => (await import("./check_leakage_command.ts")).runCheckLeakage(a),
  },
  demo: {
    summary: "the end-to-end demo: writes out/demo/report.html",
    run: async (a) => (await import("./demo.ts")).runDemo(a),
  },
  verify: {
    summary: "verify answers: one JSON verdict per input line",
    run: async (a) => (await import("./verify_command.ts")).runVerify(a),
  },
  score: {
    summary: "score responses against tasks; summary by horizon",
    run: async (a) => (await import("./score_command.ts")).runScore(a),
  },
  serve: {
    summary: "serve rewards over HTTP (OpenRLHF, TRL)",
    run: async (a) => (await import("./serve_command.ts")).runServe(a),
  },
  generate: {
    summary: "generate with an ONNX model (text, tokens, log-probs, entropies)",
    run: async (a) => (await import("./generate_command.ts")).runGenerate(a),
  },
  eval: {
    summary: "run a model or simulated policy on tasks; resumable; summary by horizon",
    run: async (a) => (await import("./eval_command.ts")).runEval(a),
  },
  train: {
    summary: "train the small chain model (data/model) with jax-js",
    run: async (a) => (await import("./train_command.ts")).runTrain(a),
  },
  "rl-study": {
    summary: "curriculum RL against fixed-horizon RL on the trained model (h1's comparison)",
    run: async (a) => (await import("./rl_study_command.ts")).runRlStudyCommand(a),
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
