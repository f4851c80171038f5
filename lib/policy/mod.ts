/**
 * Policies: one interface for anything that answers tasks (an ONNX model or a simulated
 * policy), so evaluations and reward experiments run with or without a model.
 *
 * @example
 * ```ts
 * import { simulatedPolicy } from "./mod.ts";
 * const policy = simulatedPolicy({ successProbability: 0.8, seed: 1 });
 * policy.name; // "sim:p=0.8"
 * ```
 * @module
 */
export * from "./policy.ts";
export * from "./simulated_policy.ts";
export * from "./onnx_policy.ts";
export * from "./policy_spec.ts";
