/**
 * A progress line on stderr for long work: `label: done/total (rate/s)`, redrawn in place on a
 * terminal and printed every `every` items otherwise. Silent when `total` is small.
 *
 * @example
 * ```ts ignore
 * import { progress } from "./progress.ts";
 * const bar = progress("compose", 100_000);
 * for (let i = 0; i < 100_000; i++) bar.tick();
 * bar.done();
 * ```
 */
export function progress(
  label: string,
  total: number,
  options: { every?: number; minTotal?: number } = {},
) {
  const enabled = total >= (options.minTotal ?? 1000);
  const every = options.every ?? Math.max(1, Math.floor(total / 20));
  const tty = Deno.stderr.isTerminal();
  const start = performance.now();
  const encoder = new TextEncoder();
  let count = 0;
  const line = () => {
    const seconds = (performance.now() - start) / 1000;
    const rate = seconds > 0 ? Math.round(count / seconds) : 0;
    return `${label}: ${count}/${total} (${rate}/s)`;
  };
  return {
    tick(n = 1) {
      count += n;
      if (!enabled || (count % every !== 0 && count !== total)) return;
      Deno.stderr.writeSync(encoder.encode(tty ? `\r${line()}` : `${line()}\n`));
    },
    done() {
      if (enabled && tty) Deno.stderr.writeSync(encoder.encode("\n"));
    },
  };
}
