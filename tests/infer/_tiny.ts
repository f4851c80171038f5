import { writeTinyModel } from "../../lib/infer/mod.ts";

let dir: Promise<string> | null = null;

/** A tiny test model written once per test process (temp folder). */
export function tinyModelDir(): Promise<string> {
  dir ??= (async () => {
    const d = await Deno.makeTempDir({ prefix: "farsight-tiny-" });
    await writeTinyModel(d, { seed: 7 });
    return d;
  })();
  return dir;
}
