import { parseArgs as nodeParseArgs } from "node:util";

/** Raised for bad command-line input; the CLI prints the message and exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Runs a library check on command-line input (a registry lookup, a spec parser), turning the
 * error it throws into a {@linkcode UsageError} with the same message.
 */
export function usage<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** One flag of a command: its type, default and help line. */
export interface FlagSpec {
  /** `"boolean"` for switches, `"string"` for flags that take a value. */
  readonly type: "boolean" | "string";
  /** One-letter alias, e.g. `"h"`. */
  readonly short?: string;
  /** Default value. */
  readonly default?: string | boolean;
  /** Placeholder shown in help, e.g. `"DIR"`. */
  readonly value?: string;
  /**
   * Help text, or a function giving it when help is printed (for lists read from a registry,
   * which may have grown since the module loaded).
   */
  readonly help: string | (() => string);
  /** The flag may be given several times (values collected in order). */
  readonly multiple?: boolean;
}

/** The parsed flags and positional arguments of a command line. */
export interface ParsedArgs {
  readonly flags: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: readonly string[];
}

/**
 * Joins a flag that takes a value with a following negative number (`--depth -3` becomes
 * `--depth=-3`), which `node:util`'s parser would otherwise read as an unknown flag; the flag's
 * own range check then accepts or refuses the value.
 */
function joinNegativeValues(
  args: readonly string[],
  flags: Readonly<Record<string, FlagSpec>>,
): string[] {
  /** The long name of a flag that takes a value, or undefined. */
  const valueFlag = (arg: string) => {
    const long = /^--([^=]+)$/.exec(arg)?.[1];
    if (long) return flags[long]?.type === "string" ? long : undefined;
    const short = /^-([A-Za-z])$/.exec(arg)?.[1];
    return Object.entries(flags).find(([, f]) => f.short === short && f.type === "string")?.[0];
  };
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!, next = args[i + 1];
    if (arg === "--") {
      out.push(...args.slice(i));
      break;
    }
    const name = next !== undefined && /^-(\d|\.\d)/.test(next) ? valueFlag(arg) : undefined;
    if (name !== undefined) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * Parses `args` strictly against `flags`: an unknown flag, a missing value or a value given to
 * a switch raises a {@linkcode UsageError} that names the flag.
 *
 * @example
 * ```ts
 * import { parseFlags } from "./args.ts";
 * const { flags } = parseFlags(["--out", "x"], { out: { type: "string", help: "output folder" } });
 * flags.out; // "x"
 * ```
 */
export function parseFlags(
  args: readonly string[],
  flags: Readonly<Record<string, FlagSpec>>,
  command = "farsight",
): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, spec]) => [name, {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    }]),
  );
  try {
    const { values, positionals } = nodeParseArgs({
      args: joinNegativeValues(args, flags),
      options: options as never,
      strict: true,
      allowPositionals: true,
    });
    return { flags: values as ParsedArgs["flags"], positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `${command}: ${
        message.split(". ")[0]!.replace(/\.$/, "")
      }. Run "${command} --help" for usage`,
    );
  }
}

/**
 * Formats a help screen: a usage line, a description and one line per flag.
 *
 * @example
 * ```ts
 * import { formatHelp } from "./args.ts";
 * formatHelp("farsight demo", "Runs the demo.", { help: { type: "boolean", help: "show this help" } });
 * ```
 */
export function formatHelp(
  usage: string,
  description: string,
  flags: Readonly<Record<string, FlagSpec>>,
): string {
  const rows = Object.entries(flags).map(([name, spec]) => {
    const left = `${spec.short ? `-${spec.short}, ` : "    "}--${name}${
      spec.type === "string" ? ` ${spec.value ?? "VALUE"}` : ""
    }`;
    const def = spec.default !== undefined && spec.type === "string"
      ? ` (default: ${spec.default})`
      : "";
    return [left, (typeof spec.help === "function" ? spec.help() : spec.help) + def] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length));
  return [
    `Usage: ${usage}`,
    "",
    description,
    "",
    "Options:",
    ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`),
  ].join("\n");
}

/**
 * Parses a flag's value as a number at least `min` (above it when `above` is true), or raises a
 * {@linkcode UsageError} naming the flag.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { numberFlag } from "./args.ts";
 * assert.equal(numberFlag("3e-4", "lr", 0, { above: true }), 3e-4);
 * assert.throws(() => numberFlag("0", "lr", 0, { above: true }), /--lr must be a positive number, got 0/);
 * assert.throws(() => numberFlag("-1", "kl", 0), /--kl must be a number ≥ 0, got -1/);
 * ```
 */
export function numberFlag(
  value: unknown,
  name: string,
  min: number,
  { above = false }: { above?: boolean } = {},
): number {
  const n = Number(value);
  if (!(above ? n > min : n >= min)) {
    const expected = above
      ? (min === 0 ? "a positive number" : `a number above ${min}`)
      : `a number ≥ ${min}`;
    throw new UsageError(`--${name} must be ${expected}, got ${value}`);
  }
  return n;
}

/**
 * Parses a flag's value as an integer within `[min, max]`, or raises a {@linkcode UsageError}
 * naming the flag.
 *
 * @example
 * ```ts
 * import { intFlag } from "./args.ts";
 * intFlag("8", "depth", 1, 64); // 8
 * ```
 */
export function intFlag(value: unknown, name: string, min = -Infinity, max = Infinity): number {
  const n = Number(value);
  if (typeof value !== "string" || !/^-?\d+$/.test(value.trim()) || n < min || n > max) {
    const range = Number.isFinite(max)
      ? ` in [${min}, ${max}]`
      : Number.isFinite(min)
      ? ` >= ${min}`
      : "";
    throw new UsageError(`--${name}: expected an integer${range}, got "${value}"`);
  }
  return n;
}
