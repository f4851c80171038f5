/**
 * `--module FILE`, shared by `compose`, `score`, `eval` and `serve`: imports user modules before
 * the command reads its other flags, so whatever they register (families with `registerFamily`
 * or exported as objects, rewards with `registerReward`, export formats, dataset adapters,
 * policies) is usable by name in the command's flags and listed in its help.
 * @module
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { adapterNames } from "../datasets/adapter_registry.ts";
import { exportFormatNames } from "../export/format_registry.ts";
import { policyNames } from "../policy/policy_spec.ts";
import { rewardNames } from "../rewards/reward_registry.ts";
import type { Family } from "../tasks/generators/family.ts";
import { listFamilies, registerFamily } from "../tasks/generators/registry.ts";
import { type FlagSpec, UsageError } from "./args.ts";

/** The `--module` flag spec. */
export const MODULE_FLAG: Record<string, FlagSpec> = {
  module: {
    type: "string",
    multiple: true,
    value: "FILE",
    help:
      "a TypeScript module to import first: its exported families, and whatever it registers (rewards, formats, adapters, policies), become usable by name",
  },
};

function registeredNames(): string[] {
  return [
    ...listFamilies().map((f) => `family:${f.name}`),
    ...rewardNames().map((n) => `reward:${n}`),
    ...exportFormatNames().map((n) => `format:${n}`),
    ...adapterNames().map((n) => `adapter:${n}`),
    ...policyNames().map((n) => `policy:${n}`),
  ];
}

/**
 * Imports user modules and registers every exported family (an object with `name`, `sample`,
 * `question`, `answer` and `check`; replacing an earlier registration of the same module).
 * A module that exports no family and registers nothing is an error naming it. Returns what
 * became usable, as `kind:name` (e.g. `"family:my_family"`, `"reward:all+think"`).
 */
export async function importModules(paths: readonly string[]): Promise<string[]> {
  const added: string[] = [];
  for (const path of paths) {
    const before = new Set(registeredNames());
    let mod: Record<string, unknown>;
    try {
      mod = await import(pathToFileURL(resolve(path)).href);
    } catch (error) {
      throw new UsageError(
        `--module ${path}: cannot import (${error instanceof Error ? error.message : error})`,
      );
    }
    const families = Object.values(mod).filter((v): v is Family =>
      typeof v === "object" && v !== null && typeof (v as Family).sample === "function" &&
      typeof (v as Family).answer === "function"
    );
    for (const f of families) {
      try {
        registerFamily(f, { override: true });
      } catch (error) {
        throw new UsageError(`--module ${path}: ${error instanceof Error ? error.message : error}`);
      }
    }
    const now = registeredNames().filter((n) => !before.has(n));
    const names = [...new Set([...families.map((f) => `family:${f.name}`), ...now])];
    if (names.length === 0) {
      throw new UsageError(`--module ${path}: exports no family and registers nothing`);
    }
    added.push(...names);
  }
  return added;
}
