import { DataType, type DataTypeCode, type GraphBuilder } from "../onnx/graph_builder.ts";

const F: DataTypeCode = DataType.FLOAT;

/**
 * The names of layer `layer`'s KV-cache outputs, as Hugging Face ONNX exports spell them.
 *
 * @example
 * ```ts
 * import { presentNames } from "./kv_cache_io.ts";
 * presentNames(0); // ["present.0.key", "present.0.value"]
 * ```
 */
export function presentNames(layer: number): [string, string] {
  return [`present.${layer}.key`, `present.${layer}.value`];
}

/**
 * Declares layer `layer`'s KV-cache inputs `past_key_values.{layer}.key/value`
 * (`[batch_size, kvHeads, past_sequence_length, headDim]`, float) and returns their names.
 *
 * @example
 * ```ts
 * import { GraphBuilder } from "../onnx/graph_builder.ts";
 * import { pastKeyValueInputs } from "./kv_cache_io.ts";
 * pastKeyValueInputs(new GraphBuilder("doc"), 1, 2, 8); // ["past_key_values.1.key", "past_key_values.1.value"]
 * ```
 */
export function pastKeyValueInputs(
  g: GraphBuilder,
  layer: number,
  kvHeads: number,
  headDim: number,
): [string, string] {
  const shape = ["batch_size", kvHeads, "past_sequence_length", headDim];
  return [
    g.input(`past_key_values.${layer}.key`, F, shape),
    g.input(`past_key_values.${layer}.value`, F, shape),
  ];
}

/**
 * Declares layer `layer`'s KV-cache outputs (see {@linkcode presentNames}) as graph outputs of
 * shape `[batch_size, kvHeads, total_sequence_length, headDim]`.
 *
 * @example
 * ```ts
 * import { GraphBuilder } from "../onnx/graph_builder.ts";
 * import { declarePresentOutputs } from "./kv_cache_io.ts";
 * declarePresentOutputs(new GraphBuilder("doc"), 0, 2, 8);
 * ```
 */
export function declarePresentOutputs(
  g: GraphBuilder,
  layer: number,
  kvHeads: number,
  headDim: number,
): void {
  for (const name of presentNames(layer)) {
    g.output(name, F, ["batch_size", kvHeads, "total_sequence_length", headDim]);
  }
}
