/**
 * The policy-spec grammar, one table for every entry point that takes a policy by name (the
 * `eval` CLI's `--model`, scripts, notebooks): `sim:p=0.9[,recall=0.5][,seed=1]` is the seeded
 * simulated policy, anything else a model directory. {@linkcode SIM_SPEC_FIELDS} is the table
 * the parser, its errors and the help text derive from.
 * @module
 */
import type { Policy } from "./policy.ts";
import { simulatedPolicy } from "./simulated_policy.ts";

/** The fields of a `sim:` spec: what each means, its default, and the range it must lie in. */
export const SIM_SPEC_FIELDS = {
  p: { help: "probability of solving a problem on its own", default: 0.9, min: 0, max: 1 },
  recall: { help: "probability of recalling an R-Horizon original", default: 0, min: 0, max: 1 },
  seed: { help: "seed (default: the run's --seed)", default: undefined, min: 0, max: 2 ** 32 - 1 },
} as const;

/** A parsed `sim:` spec. */
export interface SimPolicySpec {
  /** Always `"sim"`. */
  readonly kind: "sim";
  /** The spec as written (the policy's name). */
  readonly text: string;
  /** Probability of answering each problem right. */
  readonly p: number;
  /** Probability of answering with the original problem's answer (see `simulatedPolicy`). */
  readonly recall?: number;
  /** The policy's own seed, when the spec gives one. */
  readonly seed?: number;
}

/** A model directory (an ONNX model for `onnxPolicy`). */
export interface ModelPolicySpec {
  /** Always `"model"`. */
  readonly kind: "model";
  /** The model directory. */
  readonly dir: string;
}

/** A parsed policy spec. */
export type PolicySpec = SimPolicySpec | ModelPolicySpec;

/**
 * The grammar in one line, for help texts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { policySpecHelp } from "./policy_spec.ts";
 * assert.equal(policySpecHelp(), "a model directory, or sim:p=0.9[,recall=0][,seed=N] for the simulated policy");
 * ```
 */
export function policySpecHelp(): string {
  const [first, ...rest] = Object.entries(SIM_SPEC_FIELDS);
  const shown = (k: string, d: number | undefined) => `${k}=${d ?? "N"}`;
  return `a model directory, or sim:${shown(first![0], first![1].default)}${
    rest.map(([k, f]) => `[,${shown(k, f.default)}]`).join("")
  } for the simulated policy`;
}

/**
 * Parses a policy spec; a bad `sim:` field throws an error naming the spec, the field and what
 * was expected.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePolicySpec } from "./policy_spec.ts";
 * assert.deepEqual(parsePolicySpec("sim:p=0.7,seed=3"), { kind: "sim", text: "sim:p=0.7,seed=3", p: 0.7, seed: 3 });
 * assert.deepEqual(parsePolicySpec("models/tiny"), { kind: "model", dir: "models/tiny" });
 * assert.throws(() => parsePolicySpec("sim:q=1"), /policy "sim:q=1": unknown field "q" \(expected p, recall, seed\)/);
 * assert.throws(() => parsePolicySpec("sim:p=2"), /field "p": expected a number in \[0, 1\], got "2"/);
 * ```
 */
export function parsePolicySpec(spec: string): PolicySpec {
  if (!spec.startsWith("sim:")) return { kind: "model", dir: spec };
  const values: Partial<Record<keyof typeof SIM_SPEC_FIELDS, number>> = {};
  for (const part of spec.slice(4).split(",").filter(Boolean)) {
    const [key = "", raw = ""] = part.split("=");
    if (!(key in SIM_SPEC_FIELDS)) {
      throw new Error(
        `policy "${spec}": unknown field "${key}" (expected ${
          Object.keys(SIM_SPEC_FIELDS).join(", ")
        })`,
      );
    }
    const field = SIM_SPEC_FIELDS[key as keyof typeof SIM_SPEC_FIELDS];
    const value = Number(raw);
    if (raw === "" || !(value >= field.min && value <= field.max)) {
      throw new Error(
        `policy "${spec}": field "${key}": expected a number in [${field.min}, ${field.max}], got "${raw}"`,
      );
    }
    if (key === "seed" && !Number.isInteger(value)) {
      throw new Error(`policy "${spec}": field "seed": expected an integer, got "${raw}"`);
    }
    values[key as keyof typeof SIM_SPEC_FIELDS] = value;
  }
  return {
    kind: "sim",
    text: spec,
    p: values.p ?? SIM_SPEC_FIELDS.p.default,
    ...(values.recall !== undefined ? { recall: values.recall } : {}),
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
  };
}

/**
 * The simulated policy a `sim:` spec names; `seed` is used when the spec gives none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePolicySpec, simPolicyFromSpec } from "./policy_spec.ts";
 * const spec = parsePolicySpec("sim:p=0.8");
 * assert.equal(spec.kind === "sim" && simPolicyFromSpec(spec, 1).name, "sim:p=0.8");
 * ```
 */
export function simPolicyFromSpec(spec: SimPolicySpec, seed: number): Policy {
  return simulatedPolicy({
    successProbability: spec.p,
    ...(spec.recall !== undefined ? { recallOriginal: spec.recall } : {}),
    seed: spec.seed ?? seed,
    name: spec.text,
  });
}
