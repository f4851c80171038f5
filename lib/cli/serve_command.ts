import { RewardServer } from "../serve/reward_server.ts";
import { rewardFlags } from "./reward_flags.ts";
import { LABEL_FORMATS } from "../rewards/labels.ts";
import { ancestors, type ProcessInfo, watchProcesses } from "../serve/process_watch.ts";
import { importModules, MODULE_FLAG } from "./module_flag.ts";
import { type FlagSpec, formatHelp, intFlag, parseFlags, UsageError } from "./args.ts";
import { type CurriculumEndpoint, openCurriculumEndpoint } from "../serve/curriculum_endpoint.ts";
import { existsSync } from "node:fs";

const FLAGS: Record<string, FlagSpec> = {
  port: { type: "string", value: "P", default: "5000", help: "port (0 picks a free one)" },
  host: { type: "string", value: "HOST", default: "127.0.0.1", help: "address to listen on" },
  workers: {
    type: "string",
    value: "N",
    default: String(navigator.hardwareConcurrency ?? 2),
    help: "verification workers",
  },
  timeout: {
    type: "string",
    value: "MS",
    default: "5000",
    help: "time limit per verification (cooperative: the verifier answers timeout)",
  },
  "kill-after": {
    type: "string",
    value: "MS",
    help: "hard limit per item: a stuck worker is replaced (default max(2×timeout, timeout+1000))",
  },
  "max-items": {
    type: "string",
    value: "N",
    default: "100000",
    help: "most items per request (413 above)",
  },
  "max-item-bytes": {
    type: "string",
    value: "BYTES",
    default: String(2 ** 20),
    help: "most bytes per item (413 above)",
  },
  "offload-bytes": {
    type: "string",
    value: "BYTES",
    default: String(2 ** 20),
    help: "bodies this big are read and answered in a request worker, off the event loop",
  },
  "body-timeout": {
    type: "string",
    value: "MS",
    default: "60000",
    help: "a request body must arrive in full within this long (408 after)",
  },
  "max-headers": {
    type: "string",
    value: "N",
    default: "100",
    help: "most header fields (distinct names) per request (431 above)",
  },
  "shutdown-grace": {
    type: "string",
    value: "MS",
    default: "10000",
    help: "on SIGTERM/SIGINT, requests being scored get this long to finish (uploads get 503)",
  },
  "exit-with-parent": {
    type: "boolean",
    help: "stop when the process that launched the server exits (e.g. the trainer)",
  },
  "max-body": {
    type: "string",
    value: "BYTES",
    default: String(16 * 2 ** 20),
    help: "largest request body (413 above)",
  },
  ...rewardFlags.flags,
  "label-format": {
    type: "string",
    value: "F",
    default: "auto",
    help: `label strings: ${LABEL_FORMATS.join(", ")} (comma: R-Horizon's "540,321")`,
  },
  curriculum: {
    type: "string",
    value: "FILE",
    help: "serve POST /curriculum from this per-family curriculum state (saved back on change; " +
      "created from --family when missing)",
  },
  family: {
    type: "string",
    value: "NAME",
    multiple: true,
    help:
      "with --curriculum: the generator families of a new curriculum (repeat or comma-separate)",
  },
  seed: {
    type: "string",
    value: "N",
    default: "0",
    help: "with --curriculum: the seed of a new curriculum",
  },
  ...MODULE_FLAG,
  help: { type: "boolean", short: "h", help: "show this help" },
};

/** The help screen, built when printed (registries may have grown since load). */
const help = (): string =>
  formatHelp(
    "deno task farsight serve [--port P] [options]",
    "Serves rewards over HTTP: POST /get_reward (OpenRLHF: {query, prompts, labels} -> {rewards, scores,\n" +
      "extra_logs (numbers only), statuses}), POST /reward (TRL and integrations/verl: {completions,\n" +
      "ground_truth|answer|...} -> {rewards, correct, status}), POST /curriculum with --curriculum\n" +
      "(actions next, report, state), GET /health. Stops gracefully on SIGINT\n" +
      "or SIGTERM, and when the launcher it runs under (npx, deno task) exits, so stopping\n" +
      "`npx … task farsight serve` stops the server.",
    FLAGS,
  );

/** Opens `--curriculum FILE`, creating it from `--family` and `--seed` when it is missing. */
async function openCurriculum(
  file: string,
  flags: Record<string, unknown>,
): Promise<CurriculumEndpoint> {
  const families = ((flags.family as string[] | undefined) ?? []).flatMap((v) => v.split(","))
    .map((f) => f.trim()).filter(Boolean);
  if (!families.length && !existsSync(file)) {
    throw new UsageError(
      `farsight serve: --curriculum ${file} does not exist yet: give --family to create it`,
    );
  }
  try {
    return await openCurriculumEndpoint(file, {
      ...(families.length
        ? { create: { families, seed: intFlag(flags.seed, "seed", 0, 2 ** 53 - 1) } }
        : {}),
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `farsight serve: --curriculum ${file}: ${error instanceof Error ? error.message : error}`,
    );
  }
}

/** `farsight serve`: runs the reward server until SIGINT or SIGTERM. */
export async function runServe(args: readonly string[]): Promise<number> {
  const { flags } = parseFlags(args, FLAGS, "farsight serve");
  await importModules((flags.module as string[] | undefined) ?? []);
  if (flags.help) {
    console.log(help());
    return 0;
  }
  const rewardOptions = rewardFlags.read(flags);
  const curriculum = flags.curriculum
    ? await openCurriculum(String(flags.curriculum), flags)
    : undefined;
  // Signals sent to a launcher (npx, deno task) do not reach this process: watch them instead.
  // Read before starting, while the parent is surely alive.
  const { launchers, parent } = ancestors();
  const server = new RewardServer({
    port: intFlag(flags.port, "port", 0, 65535),
    hostname: String(flags.host),
    workers: intFlag(flags.workers, "workers", 1, 256),
    timeoutMs: intFlag(flags.timeout, "timeout", 1, 3_600_000),
    ...(flags["kill-after"] !== undefined
      ? { killAfterMs: intFlag(flags["kill-after"], "kill-after", 1, 3_600_000) }
      : {}),
    limits: {
      maxItems: intFlag(flags["max-items"], "max-items", 1, 100_000_000),
      maxItemBytes: intFlag(flags["max-item-bytes"], "max-item-bytes", 1, 2 ** 31),
    },
    offloadBytes: intFlag(flags["offload-bytes"], "offload-bytes", 0, 2 ** 31),
    bodyTimeoutMs: intFlag(flags["body-timeout"], "body-timeout", 1, 3_600_000),
    maxHeaders: intFlag(flags["max-headers"], "max-headers", 1, 100_000),
    shutdownGraceMs: intFlag(flags["shutdown-grace"], "shutdown-grace", 0, 3_600_000),
    maxBodyBytes: intFlag(flags["max-body"], "max-body", 1, 2 ** 31),
    ...rewardOptions,
    labelFormat: rewardFlags.labelFormat(flags["label-format"]),
    ...(curriculum ? { curriculum } : {}),
    onListen: (url) =>
      console.log(
        `Listening on ${url} (POST /get_reward, POST /reward${
          curriculum ? ", POST /curriculum" : ""
        }, GET /health; pid ${Deno.pid})`,
      ),
  });
  await server.start();
  const done = Promise.withResolvers<string>();
  const stop = (signal: Deno.Signal) => () => done.resolve(signal);
  const handlers = (["SIGINT", "SIGTERM"] as const).map((s) => [s, stop(s)] as const);
  for (const [s, h] of handlers) Deno.addSignalListener(s, h);
  const watched: ProcessInfo[] = [
    ...launchers,
    ...(flags["exit-with-parent"] && parent ? [parent] : []),
  ];
  const unwatch = (watched.length || flags["exit-with-parent"])
    ? watchProcesses(
      watched,
      (p, why) =>
        done.resolve(
          why === "signalled"
            ? `a signal through the launcher (its ${p.argv[0]} -c wrapper, pid ${p.pid}, woke up)`
            : `the exit of ${p.argv[0] ?? "process"} (pid ${p.pid})`,
        ),
    )
    : () => {};
  if (watched.length) {
    console.log(
      `Stops when any of these exit: ${
        watched.map((p) => `${p.pid} (${p.argv.slice(0, 2).join(" ")})`).join(", ")
      }`,
    );
  }
  const signal = await done.promise;
  console.log(
    `Received ${signal}; finishing requests in flight (at most ${
      intFlag(flags["shutdown-grace"], "shutdown-grace", 0, 3_600_000)
    } ms)…`,
  );
  unwatch();
  await server.shutdown();
  for (const [s, h] of handlers) Deno.removeSignalListener(s, h);
  console.log("Stopped.");
  return 0;
}
