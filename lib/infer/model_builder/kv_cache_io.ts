import { DataType, type DataTypeCode, type Dim, type GraphBuilder } from "../onnx/graph_builder.ts";

/**
 * How a synthetic export declares its KV cache and logits, copying real exports: fp16 exports
 * (`model_fp16`, `model_q4f16`, ORT-GenAI GPU builds) use float16 for `past_key_values.*`,
 * `present.*` and `logits`; ORT-GenAI builds name the KV dims symbolically (`kv_cache_dim`).
 */
export interface ExportIoOptions {
  /** Element type of the KV cache and the logits. Default `"float32"`. */
  readonly ioDtype?: "float32" | "float16";
  /**
   * Symbolic names for the KV-cache dims instead of numbers, e.g. `{ headDim: "kv_cache_dim" }`
   * as ORT-GenAI builds declare the head dimension. Default: numbers.
   */
  readonly kvDimNames?: { readonly heads?: string; readonly headDim?: string };
}

/**
 * The ONNX element type of an {@linkcode ExportIoOptions.ioDtype}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataType } from "../onnx/graph_builder.ts";
 * import { ioElementType } from "./kv_cache_io.ts";
 * assert.deepEqual(ioElementType({ ioDtype: "float16" }), DataType.FLOAT16);
 * assert.deepEqual(ioElementType({}), DataType.FLOAT);
 * ```
 */
export function ioElementType(io: ExportIoOptions = {}): DataTypeCode {
  return io.ioDtype === "float16" ? DataType.FLOAT16 : DataType.FLOAT;
}

function kvShape(
  kvHeads: number,
  headDim: number,
  seq: string,
  io: ExportIoOptions,
): Dim[] {
  return ["batch_size", io.kvDimNames?.heads ?? kvHeads, seq, io.kvDimNames?.headDim ?? headDim];
}

/**
 * The names of layer `layer`'s KV-cache outputs, as Hugging Face ONNX exports spell them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { presentNames } from "./kv_cache_io.ts";
 * assert.deepEqual(presentNames(0), ["present.0.key", "present.0.value"]);
 * ```
 */
export function presentNames(layer: number): [string, string] {
  return [`present.${layer}.key`, `present.${layer}.value`];
}

/**
 * Declares layer `layer`'s KV-cache inputs `past_key_values.{layer}.key/value`
 * (`[batch_size, kvHeads, past_sequence_length, headDim]`, float32 unless `io` says float16)
 * and returns their names.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GraphBuilder } from "../onnx/graph_builder.ts";
 * import { pastKeyValueInputs } from "./kv_cache_io.ts";
 * assert.deepEqual(pastKeyValueInputs(new GraphBuilder("doc"), 1, 2, 8), [
 *   "past_key_values.1.key",
 *   "past_key_values.1.value",
 * ]);
 * ```
 */
export function pastKeyValueInputs(
  g: GraphBuilder,
  layer: number,
  kvHeads: number,
  headDim: number,
  io: ExportIoOptions = {},
): [string, string] {
  const shape = kvShape(kvHeads, headDim, "past_sequence_length", io);
  const type = ioElementType(io);
  return [
    g.input(`past_key_values.${layer}.key`, type, shape),
    g.input(`past_key_values.${layer}.value`, type, shape),
  ];
}

/**
 * Declares layer `layer`'s KV-cache outputs (see {@linkcode presentNames}) as graph outputs of
 * shape `[batch_size, kvHeads, total_sequence_length, headDim]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GraphBuilder } from "../onnx/graph_builder.ts";
 * import { declarePresentOutputs } from "./kv_cache_io.ts";
 * import { readOnnxModelInfo } from "../onnx/model_info.ts";
 * const g = new GraphBuilder("doc");
 * declarePresentOutputs(g, 0, 2, 8, { kvDimNames: { headDim: "kv_cache_dim" } });
 * const info = readOnnxModelInfo(g.toModel({ opset: 17 }).model);
 * assert.deepEqual(info.outputs[0]!.shape, ["batch_size", 2, "total_sequence_length", "kv_cache_dim"]);
 * ```
 */
export function declarePresentOutputs(
  g: GraphBuilder,
  layer: number,
  kvHeads: number,
  headDim: number,
  io: ExportIoOptions = {},
): void {
  for (const name of presentNames(layer)) {
    g.output(name, ioElementType(io), kvShape(kvHeads, headDim, "total_sequence_length", io));
  }
}
