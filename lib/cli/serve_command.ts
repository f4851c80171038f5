import type { ComposedRewardKind } from "../rewards/score_response.ts";
import { RewardServer } from "../serve/reward_server.ts";
import { openCurriculumEndpoint } from "../serve/curriculum_endpoint.ts";
import { type FlagSpec, formatHelp, intFlag, parseFlags, UsageError } from "./args.ts";

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
    help: "wall-clock limit per verification",
  },
  "max-body": {
    type: "string",
    value: "BYTES",
    default: String(16 * 2 ** 20),
    help: "largest request body (413 above)",
  },
  reward: {
    type: "string",
    value: "KIND",
    default: "all",
    help: "composed labels: all (R_all), last (R_last) or fraction",
  },
  curriculum: {
    type: "string",
    value: "FILE",
    help: "serve POST /curriculum from this per-family curriculum state (saved back on change)",
  },
  help: { type: "boolean", short: "h", help: "show this help" },
};

const HELP = formatHelp(
  "deno task farsight serve [--port P] [options]",
  "Serves rewards over HTTP: POST /get_reward (OpenRLHF: {query, prompts, labels} -> {rewards, scores,\n" +
    "extra_logs}), POST /reward (TRL: {completions, answer} -> {rewards}), GET /health. Stops\n" +
    "gracefully on SIGINT or SIGTERM.",
  FLAGS,
);

/** `farsight serve`: runs the reward server until SIGINT or SIGTERM. */
export async function runServe(args: readonly string[]): Promise<number> {
  const { flags } = parseFlags(args, FLAGS, "farsight serve");
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  const reward = flags.reward as ComposedRewardKind;
  if (!["all", "last", "fraction"].includes(reward)) {
    throw new UsageError(`--reward: expected all, last or fraction, got "${reward}"`);
  }
  const server = new RewardServer({
    port: intFlag(flags.port, "port", 0, 65535),
    hostname: String(flags.host),
    workers: intFlag(flags.workers, "workers", 1, 256),
    timeoutMs: intFlag(flags.timeout, "timeout", 1, 3_600_000),
    maxBodyBytes: intFlag(flags["max-body"], "max-body", 1, 2 ** 31),
    reward,
    ...(flags.curriculum
      ? { curriculum: await openCurriculumEndpoint(String(flags.curriculum)) }
      : {}),
    onListen: (url) =>
      console.log(`Listening on ${url} (POST /get_reward, POST /reward, GET /health)`),
  });
  await server.start();
  const done = Promise.withResolvers<string>();
  const stop = (signal: Deno.Signal) => () => done.resolve(signal);
  const handlers = (["SIGINT", "SIGTERM"] as const).map((s) => [s, stop(s)] as const);
  for (const [s, h] of handlers) Deno.addSignalListener(s, h);
  const signal = await done.promise;
  console.log(`Received ${signal}; finishing requests in flight…`);
  await server.shutdown();
  for (const [s, h] of handlers) Deno.removeSignalListener(s, h);
  console.log("Stopped.");
  return 0;
}
