import { DataType, GraphBuilder } from "../onnx/graph_builder.ts";
import { declarePresentOutputs, pastKeyValueInputs, presentNames } from "./kv_cache_io.ts";
import {
  type DecoderConfig,
  type DecoderWeights,
  headDim,
  rotaryTables,
} from "./decoder_weights.ts";

/**
 * Builds a Llama/Qwen-style decoder-only ONNX graph from standard ONNX ops only (opset 17), with
 * Hugging Face export I/O: inputs `input_ids`, `attention_mask`, `position_ids` and
 * `past_key_values.{i}.key/value` (`[batch, kv_heads, past, head_dim]`), outputs `logits` and
 * `present.{i}.key/value`. RMSNorm, rotary positions (HF's rotate-half layout), grouped-query
 * attention with fewer KV heads than heads (broadcast in the attention MatMuls), SwiGLU.
 *
 * @example
 * ```ts ignore
 * import { buildStandardDecoder } from "./standard_decoder.ts";
 * const { model } = buildStandardDecoder(config, weights).toModel({ opset: 17 });
 * ```
 */
export function buildStandardDecoder(
  c: DecoderConfig,
  w: DecoderWeights,
  options: { classifier?: { numLabels: number; weights: Float32Array } } = {},
): GraphBuilder {
  const g = new GraphBuilder("farsight_tiny_decoder");
  const h = c.hiddenSize, d = headDim(c), nh = c.numHeads, kv = c.numKvHeads, rep = nh / kv;
  const eps = c.rmsEps ?? 1e-6;
  const F = DataType.FLOAT, I64 = DataType.INT64;

  const inputIds = g.input("input_ids", I64, ["batch_size", "sequence_length"]);
  const attentionMask = g.input("attention_mask", I64, ["batch_size", "total_sequence_length"]);
  const positionIds = g.input("position_ids", I64, ["batch_size", "sequence_length"]);
  if (options.classifier) g.output("logits", F, ["batch_size", options.classifier.numLabels]);
  else g.output("logits", F, ["batch_size", "sequence_length", c.vocabSize]);

  // constants
  const eps_ = g.floats("eps", [], [eps]);
  const scale = g.floats("attn_scale", [], [1 / Math.sqrt(d)]);
  const zeroF = g.floats("zero_f", [], [0]);
  const negBig = g.floats("neg_big", [], [-1e9]);
  const zero = g.ints("zero_i", [], [0]);
  const one = g.ints("one_i", [], [1]);
  const { cos, sin } = rotaryTables(c);
  g.floats("rope_cos", [c.maxPositions, d], cos);
  g.floats("rope_sin", [c.maxPositions, d], sin);

  // attention bias [B,1,1,S,T] from the causal structure and the padding mask
  const T1 = g.node("Shape", [attentionMask], { attributes: { start: 1, end: 2 } })[0]!;
  const S1 = g.node("Shape", [inputIds], { attributes: { start: 1, end: 2 } })[0]!;
  const T = g.node("Squeeze", [T1])[0]!;
  const P = g.node("Squeeze", [g.node("Sub", [T1, S1])[0]!])[0]!;
  const kIdx = g.node("Range", [zero, T, one])[0]!;
  const qIdx = g.node("Range", [P, T, one])[0]!;
  const causal = g.node("LessOrEqual", [
    g.node("Unsqueeze", [kIdx, g.ints("ax0", [1], [0])])[0]!,
    g.node("Unsqueeze", [qIdx, g.ints("ax1", [1], [1])])[0]!,
  ])[0]!; // [S,T]
  const pad = g.node("Cast", [attentionMask], { attributes: { to: DataType.BOOL } })[0]!; // [B,T]
  const allowed = g.node("And", [
    g.node("Unsqueeze", [causal, "ax0"])[0]!, // [1,S,T]
    g.node("Unsqueeze", [pad, "ax1"])[0]!, // [B,1,T]
  ])[0]!; // [B,S,T]
  const bias = g.node("Where", [
    g.node("Unsqueeze", [allowed, g.ints("ax12", [2], [1, 2])])[0]!,
    zeroF,
    negBig,
  ])[0]!;

  // rotary tables gathered at the positions: [B,1,S,D]
  const cosP = g.node("Unsqueeze", [g.node("Gather", ["rope_cos", positionIds])[0]!, "ax1"])[0]!;
  const sinP = g.node("Unsqueeze", [g.node("Gather", ["rope_sin", positionIds])[0]!, "ax1"])[0]!;
  g.ints("half_start", [1], [0]);
  g.ints("half_mid", [1], [d / 2]);
  g.ints("half_end", [1], [d]);
  g.ints("ax3", [1], [3]);
  const rope = (x: string) => {
    const x1 = g.node("Slice", [x, "half_start", "half_mid", "ax3"])[0]!;
    const x2 = g.node("Slice", [x, "half_mid", "half_end", "ax3"])[0]!;
    const rotated = g.node("Concat", [g.node("Neg", [x2])[0]!, x1], {
      attributes: { axis: 3 },
    })[0]!;
    return g.node("Add", [g.node("Mul", [x, cosP])[0]!, g.node("Mul", [rotated, sinP])[0]!])[0]!;
  };
  const rmsNorm = (x: string, weight: string) => {
    const ms = g.node("ReduceMean", [g.node("Mul", [x, x])[0]!], {
      attributes: { axes: [-1], keepdims: 1 },
    })[0]!;
    const inv = g.node("Reciprocal", [g.node("Sqrt", [g.node("Add", [ms, eps_])[0]!])[0]!])[0]!;
    return g.node("Mul", [g.node("Mul", [x, inv])[0]!, weight])[0]!;
  };
  const toHeads = (x: string, heads: number) =>
    g.node("Transpose", [
      g.node("Reshape", [x, g.ints(g.fresh("shape"), [4], [0, 0, heads, d])])[0]!,
    ], {
      attributes: { perm: [0, 2, 1, 3] },
    })[0]!;

  g.floats("embed", [c.vocabSize, h], w.embed);
  let hidden = g.node("Gather", ["embed", inputIds])[0]!;
  w.layers.forEach((layer, i) => {
    const p = `layers.${i}`;
    g.floats(`${p}.input_norm`, [h], layer.inputNorm);
    g.floats(`${p}.q`, [h, nh * d], layer.q);
    g.floats(`${p}.k`, [h, kv * d], layer.k);
    g.floats(`${p}.v`, [h, kv * d], layer.v);
    g.floats(`${p}.o`, [nh * d, h], layer.o);
    g.floats(`${p}.post_norm`, [h], layer.postNorm);
    g.floats(`${p}.gate`, [h, c.intermediateSize], layer.gate);
    g.floats(`${p}.up`, [h, c.intermediateSize], layer.up);
    g.floats(`${p}.down`, [c.intermediateSize, h], layer.down);
    const [pastK, pastV] = pastKeyValueInputs(g, i, kv, d);

    const x = rmsNorm(hidden, `${p}.input_norm`);
    const q = rope(toHeads(g.node("MatMul", [x, `${p}.q`])[0]!, nh));
    const k = rope(toHeads(g.node("MatMul", [x, `${p}.k`])[0]!, kv));
    const v = toHeads(g.node("MatMul", [x, `${p}.v`])[0]!, kv);
    const [presentK, presentV] = presentNames(i);
    const kAll = g.node("Concat", [pastK, k], { name: presentK, attributes: { axis: 2 } })[0]!;
    const vAll = g.node("Concat", [pastV, v], { name: presentV, attributes: { axis: 2 } })[0]!;
    declarePresentOutputs(g, i, kv, d);

    const q5 = g.node("Reshape", [q, g.ints(g.fresh("shape"), [5], [0, kv, rep, -1, d])])[0]!;
    const k5 = g.node("Transpose", [
      g.node("Unsqueeze", [kAll, g.ints(g.fresh("ax"), [1], [2])])[0]!,
    ], {
      attributes: { perm: [0, 1, 2, 4, 3] },
    })[0]!;
    const v5 = g.node("Unsqueeze", [vAll, g.ints(g.fresh("ax"), [1], [2])])[0]!;
    const scores = g.node("Add", [
      g.node("Mul", [g.node("MatMul", [q5, k5])[0]!, scale])[0]!,
      bias,
    ])[0]!;
    const probs = g.node("Softmax", [scores], { attributes: { axis: -1 } })[0]!;
    const ctx = g.node("Reshape", [
      g.node("MatMul", [probs, v5])[0]!,
      g.ints(g.fresh("shape"), [4], [0, nh, -1, d]),
    ])[0]!;
    const merged = g.node("Reshape", [
      g.node("Transpose", [ctx], { attributes: { perm: [0, 2, 1, 3] } })[0]!,
      g.ints(g.fresh("shape"), [3], [0, 0, nh * d]),
    ])[0]!;
    hidden = g.node("Add", [hidden, g.node("MatMul", [merged, `${p}.o`])[0]!])[0]!;

    const y = rmsNorm(hidden, `${p}.post_norm`);
    const gate = g.node("MatMul", [y, `${p}.gate`])[0]!;
    const act = g.node("Mul", [
      g.node("Mul", [gate, g.node("Sigmoid", [gate])[0]!])[0]!,
      g.node("MatMul", [y, `${p}.up`])[0]!,
    ])[0]!;
    hidden = g.node("Add", [hidden, g.node("MatMul", [act, `${p}.down`])[0]!])[0]!;
  });
  g.floats("final_norm", [h], w.finalNorm);
  const final = rmsNorm(hidden, "final_norm");
  if (options.classifier) {
    // Sequence classification (Hugging Face's *ForSequenceClassification): score the last
    // position, which is the last real token of every row under left padding.
    g.floats("score", [h, options.classifier.numLabels], options.classifier.weights);
    const last = g.node("Gather", [final, g.ints("last_index", [], [-1])], {
      attributes: { axis: 1 },
    })[0]!;
    g.node("MatMul", [last, "score"], { name: "logits" });
  } else {
    g.floats("lm_head", [h, c.vocabSize], w.lmHead);
    g.node("MatMul", [final, "lm_head"], { name: "logits" });
  }
  return g;
}
