/**
 * Policies: one interface for anything that answers tasks (an ONNX model or a simulated
 * policy), so evaluations and reward experiments run with or without a model.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { simulatedPolicy } from "./mod.ts";
 * const policy = simulatedPolicy({ successProbability: 0.8, seed: 1 });
 * assert.equal(policy.name, "sim:p=0.8");
 * ```
 * @module
 */
export { type Policy, type PolicyOutput, promptOf } from "./policy.ts";
export {
  type ErrorMode,
  type ProblemContext,
  simulatedPolicy,
  type SimulatedPolicyOptions,
} from "./simulated_policy.ts";
export { onnxPolicy, type OnnxPolicyOptions } from "./onnx_policy.ts";
export {
  type ModelPolicySpec,
  parsePolicySpec,
  type PolicyEntry,
  type PolicyFactoryInput,
  policyFromSpec,
  policyNames,
  type PolicySpec,
  policySpecHelp,
  type RegisteredPolicySpec,
  registerPolicy,
  SIM_SPEC_FIELDS,
  simPolicyFromSpec,
  type SimPolicySpec,
} from "./policy_spec.ts";
