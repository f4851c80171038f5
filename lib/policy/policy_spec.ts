/**
 * The policy-spec grammar and the policy registry, one table for every entry point that takes a
 * policy by name (the `eval` CLI's `--model`, scripts, notebooks):
 * `sim:p=0.9[,recall=0.5][,seed=1]` is the seeded simulated policy, `NAME[:key=value,…]` a
 * policy added with {@linkcode registerPolicy}, anything else a model directory.
 * {@linkcode SIM_SPEC_FIELDS} is the table the `sim:` parser, its errors and the help text
 * derive from. A `Policy` object is accepted wherever a spec is ({@linkcode policyFromSpec}).
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

/** A policy added with {@linkcode registerPolicy}, named in a spec with its fields. */
export interface RegisteredPolicySpec {
  /** Always `"registered"`. */
  readonly kind: "registered";
  /** The registered name. */
  readonly name: string;
  /** The spec as written. */
  readonly text: string;
  /** The spec's `key=value` fields, as written. */
  readonly fields: Readonly<Record<string, string>>;
}

/** A parsed policy spec. */
export type PolicySpec = SimPolicySpec | ModelPolicySpec | RegisteredPolicySpec;

/** What a registered policy is made from. */
export interface PolicyFactoryInput {
  /** The spec's `key=value` fields (`NAME:k=v,…`), as written. */
  readonly fields: Readonly<Record<string, string>>;
  /** The run's seed. */
  readonly seed: number;
  /** The spec as written (a good policy name). */
  readonly text: string;
}

/** A registered policy: one line of help and how to make it. */
export interface PolicyEntry {
  /** One line for help texts. */
  readonly description: string;
  /** Makes the policy; throw an error naming the field for a bad one. */
  readonly create: (input: PolicyFactoryInput) => Policy;
}

const POLICIES = new Map<string, PolicyEntry>();

const POLICY_NAME = /^[a-z][a-z0-9_-]*$/;

/**
 * Adds a policy under a name, so that `NAME` or `NAME:key=value,…` selects it in `eval
 * --model` (after `--module FILE` imported the module that registers it), in
 * {@linkcode parsePolicySpec} and {@linkcode policyFromSpec}. A name in use is refused unless
 * `override` is set; `sim` is the grammar's own and cannot be registered.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { policyFromSpec, policyNames, registerPolicy } from "./policy_spec.ts";
 * registerPolicy("echo", {
 *   description: "answers every problem with a fixed text",
 *   create: ({ fields, text }) => ({
 *     name: text,
 *     respond: () => Promise.resolve({ text: fields.text ?? "" }),
 *   }),
 * });
 * assert.ok(policyNames().includes("echo"));
 * assert.equal(policyFromSpec("echo:text=7", 0).name, "echo:text=7");
 * assert.throws(() => registerPolicy("echo", () => ({ name: "", respond: () => Promise.resolve({ text: "" }) })), /already registered/);
 * assert.throws(() => registerPolicy("sim", () => ({ name: "", respond: () => Promise.resolve({ text: "" }) }), { override: true }), /sim/);
 * ```
 */
export function registerPolicy(
  name: string,
  policy: PolicyEntry | PolicyEntry["create"],
  options: { readonly override?: boolean } = {},
): void {
  if (typeof name !== "string" || !POLICY_NAME.test(name)) {
    throw new TypeError(
      `Invalid policy name ${JSON.stringify(name)}: expected lower-case letters, digits, _ and -`,
    );
  }
  if (name === "sim") {
    throw new Error('Cannot register policy "sim": the simulated policy\'s grammar owns the name');
  }
  const entry = typeof policy === "function" ? { description: name, create: policy } : policy;
  if (typeof entry?.create !== "function") {
    throw new TypeError(`Invalid policy "${name}": expected a function or { description, create }`);
  }
  if (POLICIES.has(name) && !options.override) {
    throw new Error(
      `Policy "${name}" is already registered; pass { override: true } to replace it`,
    );
  }
  POLICIES.set(name, entry);
}

/**
 * The registered policy names (not `sim`, which is the grammar's), in registration order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { policyNames } from "./policy_spec.ts";
 * assert.ok(Array.isArray(policyNames()) && !policyNames().includes("sim"));
 * ```
 */
export function policyNames(): string[] {
  return [...POLICIES.keys()];
}

/**
 * The grammar in one line, for help texts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { policySpecHelp } from "./policy_spec.ts";
 * // registered policies, if any, are listed after the built-in grammar
 * assert.match(
 *   policySpecHelp(),
 *   /^a model directory, or sim:p=0\.9\[,recall=0\]\[,seed=N\] for the simulated policy(, or a registered policy NAME\[:key=value,…\]: .+)?$/,
 * );
 * ```
 */
export function policySpecHelp(): string {
  const [first, ...rest] = Object.entries(SIM_SPEC_FIELDS);
  const shown = (k: string, d: number | undefined) => `${k}=${d ?? "N"}`;
  const registered = policyNames();
  return `a model directory, or sim:${shown(first![0], first![1].default)}${
    rest.map(([k, f]) => `[,${shown(k, f.default)}]`).join("")
  } for the simulated policy${
    registered.length ? `, or a registered policy NAME[:key=value,…]: ${registered.join(", ")}` : ""
  }`;
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
  const registered = /^([a-z][a-z0-9_-]*)(?::(.*))?$/.exec(spec);
  if (registered && POLICIES.has(registered[1]!)) {
    const fields: Record<string, string> = {};
    for (const part of (registered[2] ?? "").split(",").filter(Boolean)) {
      const eq = part.indexOf("=");
      if (eq <= 0) {
        throw new Error(`policy "${spec}": expected key=value fields, got "${part}"`);
      }
      fields[part.slice(0, eq)] = part.slice(eq + 1);
    }
    return { kind: "registered", name: registered[1]!, text: spec, fields };
  }
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

/**
 * The policy a spec names: a `sim:` spec's simulated policy, a registered policy made from its
 * fields, or the `Policy` itself when one is given. A model directory needs its model loaded
 * first (`CausalLM.load`, then `onnxPolicy`), so it is an error here naming the directory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { policyFromSpec } from "./policy_spec.ts";
 * assert.equal(policyFromSpec("sim:p=0.5", 1).name, "sim:p=0.5");
 * const mine = { name: "mine", respond: () => Promise.resolve({ text: "1" }) };
 * assert.equal(policyFromSpec(mine, 0), mine);
 * assert.throws(() => policyFromSpec("models/tiny", 0), /models\/tiny.*load the model/);
 * ```
 */
export function policyFromSpec(spec: string | PolicySpec | Policy, seed: number): Policy {
  if (typeof spec === "object" && "respond" in spec) return spec;
  const parsed = typeof spec === "string" ? parsePolicySpec(spec) : spec;
  if (parsed.kind === "sim") return simPolicyFromSpec(parsed, seed);
  if (parsed.kind === "registered") {
    const entry = POLICIES.get(parsed.name);
    if (!entry) {
      throw new Error(
        `Unknown policy "${parsed.name}": expected one of ${
          policyNames().join(", ") || "(none registered)"
        }`,
      );
    }
    return entry.create({ fields: parsed.fields, seed, text: parsed.text });
  }
  throw new Error(
    `policy "${parsed.dir}" is a model directory: load the model (CausalLM.load) and use onnxPolicy`,
  );
}
