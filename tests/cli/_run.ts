import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../lib/cli/main.ts", import.meta.url));

/** Runs `farsight ARGS…` in a subprocess and collects its output. */
export async function farsight(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * Runs `farsight ARGS…` in this process through `main`, the function `lib/cli/main.ts` runs, with
 * what it prints through `console` collected (output a command writes to `Deno.stdout` itself,
 * such as compose's lines without `--out`, is not). For loops over many cases; a test file keeps
 * at least one {@linkcode farsight} subprocess run of the command, as a user runs it.
 */
export async function farsightInProcess(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import("../../lib/cli/main.ts");
  const out: string[] = [], err: string[] = [];
  const saved = { log: console.log, info: console.info, error: console.error, warn: console.warn };
  const text = (xs: unknown[]) =>
    xs.map((x) => typeof x === "string" ? x : Deno.inspect(x)).join(" ");
  console.log = console.info = (...xs: unknown[]) => void out.push(text(xs) + "\n");
  console.error = console.warn = (...xs: unknown[]) => void err.push(text(xs) + "\n");
  try {
    const code = await main(args);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    Object.assign(console, saved);
  }
}

/** A server's banner read from its stdout, which keeps being drained afterwards. */
export interface ServerBanner {
  /** The URL the server listens on. */
  readonly url: string;
  /** The pid the banner names (the server process itself). */
  readonly pid: number;
  /** Everything the stream has said so far. */
  readonly output: () => string;
  /** Settles when the stream ends. */
  readonly ended: Promise<void>;
}

/**
 * Reads `Listening on URL … pid N` from a server's stdout and keeps draining the stream, so the
 * child never blocks on a full pipe; throws with what was printed if the server exits first.
 */
export async function waitForBanner(stream: ReadableStream<Uint8Array>): Promise<ServerBanner> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!/Listening on \S+ .*pid (\d+)/.test(out)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the server exited before listening:\n${out}`);
    out += value;
  }
  const m = out.match(/Listening on (\S+) .*pid (\d+)/)!;
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        out += value;
      }
    } catch { /* closed */ }
  })();
  return { url: m[1]!, pid: Number(m[2]), output: () => out, ended };
}

/** Starts `farsight serve ARGS…` in a subprocess and waits until it listens. */
export async function spawnServe(
  ...args: string[]
): Promise<ServerBanner & { readonly child: Deno.ChildProcess }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "serve", ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  try {
    return { child, ...await waitForBanner(child.stdout) };
  } catch (error) {
    await child.stderr.cancel();
    throw error;
  }
}
