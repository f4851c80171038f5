/**
 * The `--reward`, `--reward-params` and `--label-format` flags shared by `score`, `eval` and
 * `serve`, read against the reward registry.
 * @module
 */
import { LABEL_FORMATS, type LabelFormat } from "../rewards/labels.ts";
import { isRewardName, rewardNames, type RewardParams } from "../rewards/reward_registry.ts";
import { type FlagSpec, UsageError } from "./args.ts";

const FLAGS: Record<string, FlagSpec> = {
  reward: {
    type: "string",
    value: "NAME",
    default: "all",
    help: () => `reward from the registry: ${rewardNames().join(", ")}`,
  },
  "reward-params": {
    type: "string",
    value: "JSON",
    help: 'parameters of shaped rewards, e.g. \'{"maxLength":4096,"buffer":512}\'',
  },
};

/** Reads `--reward` and `--reward-params`, with errors naming the flag. */
function read(flags: Record<string, unknown>): { reward: string; params?: RewardParams } {
  const reward = flags.reward ?? "all";
  if (!isRewardName(reward)) {
    throw new UsageError(`--reward: expected one of ${rewardNames().join(", ")}, got "${reward}"`);
  }
  if (flags["reward-params"] === undefined) return { reward };
  let params: unknown;
  try {
    params = JSON.parse(String(flags["reward-params"]));
  } catch {
    throw new UsageError(`--reward-params: expected a JSON object, got ${flags["reward-params"]}`);
  }
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new UsageError(`--reward-params: expected a JSON object`);
  }
  return { reward, params: params as RewardParams };
}

/** Reads `--label-format`. */
function labelFormat(value: unknown): LabelFormat {
  if (!LABEL_FORMATS.includes(value as LabelFormat)) {
    throw new UsageError(
      `--label-format: expected one of ${LABEL_FORMATS.join(", ")}, got "${value}"`,
    );
  }
  return value as LabelFormat;
}

/**
 * The shared reward flags: specs to spread into a command's flags, and their readers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rewardFlags } from "./reward_flags.ts";
 * assert.deepEqual(rewardFlags.read({ reward: "last" }), { reward: "last" });
 * assert.deepEqual(rewardFlags.labelFormat("comma"), "comma");
 * ```
 */
export const rewardFlags = { flags: FLAGS, read, labelFormat };
