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
