import { DataType, GraphBuilder } from "../onnx/graph_builder.ts";
import {
  declarePresentOutputs,
  type ExportIoOptions,
  ioElementType,
  pastKeyValueInputs,
  presentNames,
} from "./kv_cache_io.ts";
import {
  type DecoderConfig,
  type DecoderWeights,
  headDim,
  kvHeadsOf,
  rotaryTables,
} from "./decoder_weights.ts";

/** Options for {@linkcode buildStandardDecoder}. */
export interface StandardDecoderOptions extends ExportIoOptions {
  /** A sequence-classification head instead of the language-model head. */
  readonly classifier?: { numLabels: number; weights: Float32Array };
  /**
   * Store the weight matrices and embeddings as float16 (as `model_fp16` exports do; the graph
   * casts them to float32 before use). Default `"float32"`. The weights the graph computes with
   * are then {@linkcode roundWeightsToHalf} of the given ones.
   */
  readonly weightDtype?: "float32" | "float16";
  /**
   * Extra optional inputs (an input with a default initializer of the same name) that the graph
   * declares but nothing feeds, as some exports carry. Each is a float scalar added times zero.
   */
  readonly optionalInputs?: readonly string[];
}

/**
 * The weights rounded to float16 precision (what a graph storing them as float16 computes with).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { roundWeightsToHalf } from "./standard_decoder.ts";
 * const w = { embed: Float32Array.of(0.1), layers: [], finalNorm: Float32Array.of(1), lmHead: Float32Array.of(1) };
 * assert.deepEqual(roundWeightsToHalf(w).embed[0], Math.fround(Math.f16round(0.1)));
 * ```
 */
export function roundWeightsToHalf(w: DecoderWeights): DecoderWeights {
  const r = (a: Float32Array) => a.map((x) => Math.f16round(x));
  return {
    embed: r(w.embed),
    layers: w.layers.map((l) => ({
      ...l,
      q: r(l.q),
      k: r(l.k),
      v: r(l.v),
      o: r(l.o),
      gate: r(l.gate),
      up: r(l.up),
      down: r(l.down),
    })),
    finalNorm: w.finalNorm,
    lmHead: r(w.lmHead),
  };
}

/**
 * Builds a Llama/Qwen-style decoder-only ONNX graph from standard ONNX ops only (opset 17), with
 * Hugging Face export I/O: inputs `input_ids`, `attention_mask`, `position_ids` and
 * `past_key_values.{i}.key/value` (`[batch, kv_heads, past, head_dim]`), outputs `logits` and
 * `present.{i}.key/value`. RMSNorm, rotary positions (HF's rotate-half layout), grouped-query
 * attention with fewer KV heads than heads (broadcast in the attention MatMuls), SwiGLU.
 * Options copy real exports' I/O: float16 KV cache and logits (`ioDtype`), symbolic KV dims
 * (`kvDimNames`), float16 weights (`weightDtype`), per-layer KV heads (the config's
 * `kvHeadsPerLayer`) and optional inputs nothing feeds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildStandardDecoder } from "./standard_decoder.ts";
 * import { randomDecoderWeights } from "./decoder_weights.ts";
 * import { readOnnxModelInfo } from "../onnx/model_info.ts";
 * const c = { vocabSize: 16, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 32 };
 * const { model } = buildStandardDecoder(c, randomDecoderWeights(c, 0)).toModel({ opset: 17 });
 * const info = readOnnxModelInfo(model);
 * assert.deepEqual(info.inputs.map((i) => i.name), [
 *   "input_ids", "attention_mask", "position_ids", "past_key_values.0.key", "past_key_values.0.value",
 * ]);
 * assert.deepEqual(info.outputs.map((o) => o.name), ["logits", "present.0.key", "present.0.value"]);
 * assert.ok(info.ops.every((op) => op.startsWith(":"))); // standard ONNX ops only
 * ```
 */
export function buildStandardDecoder(
  c: DecoderConfig,
  w: DecoderWeights,
  options: StandardDecoderOptions = {},
): GraphBuilder {
  const g = new GraphBuilder("farsight_tiny_decoder");
  const h = c.hiddenSize, d = headDim(c), nh = c.numHeads;
  const eps = c.rmsEps ?? 1e-6;
  const F = DataType.FLOAT, I64 = DataType.INT64;
  const IO = ioElementType(options);
  const half = options.ioDtype === "float16";
  /** A weight constant; stored as float16 and cast to float32 when `weightDtype` says so. */
  const weight = (name: string, dims: readonly number[], values: Float32Array) => {
    if (options.weightDtype !== "float16") return g.floats(name, dims, values);
    g.halves(`${name}.fp16`, dims, values);
    return g.node("Cast", [`${name}.fp16`], { name, attributes: { to: F } })[0]!;
  };

  const inputIds = g.input("input_ids", I64, ["batch_size", "sequence_length"]);
  const attentionMask = g.input("attention_mask", I64, ["batch_size", "total_sequence_length"]);
  const positionIds = g.input("position_ids", I64, ["batch_size", "sequence_length"]);
  if (options.classifier) g.output("logits", F, ["batch_size", options.classifier.numLabels]);
  else g.output("logits", IO, ["batch_size", "sequence_length", c.vocabSize]);
  const extras = (options.optionalInputs ?? []).map((name) =>
    g.optionalInput({ name, type: F, dims: [], data: new Uint8Array(4) })
  );

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

  weight("embed", [c.vocabSize, h], w.embed);
  let hidden = g.node("Gather", ["embed", inputIds])[0]!;
  for (const extra of extras) {
    hidden = g.node("Add", [hidden, g.node("Mul", [extra, zeroF])[0]!])[0]!;
  }
  w.layers.forEach((layer, i) => {
    const p = `layers.${i}`;
    const kv = kvHeadsOf(c, i), rep = nh / kv;
    g.floats(`${p}.input_norm`, [h], layer.inputNorm);
    weight(`${p}.q`, [h, nh * d], layer.q);
    weight(`${p}.k`, [h, kv * d], layer.k);
    weight(`${p}.v`, [h, kv * d], layer.v);
    weight(`${p}.o`, [nh * d, h], layer.o);
    g.floats(`${p}.post_norm`, [h], layer.postNorm);
    weight(`${p}.gate`, [h, c.intermediateSize], layer.gate);
    weight(`${p}.up`, [h, c.intermediateSize], layer.up);
    weight(`${p}.down`, [c.intermediateSize, h], layer.down);
    let [pastK, pastV] = pastKeyValueInputs(g, i, kv, d, options);
    if (half) {
      pastK = g.node("Cast", [pastK], { attributes: { to: F } })[0]!;
      pastV = g.node("Cast", [pastV], { attributes: { to: F } })[0]!;
    }

    const x = rmsNorm(hidden, `${p}.input_norm`);
    const q = rope(toHeads(g.node("MatMul", [x, `${p}.q`])[0]!, nh));
    const k = rope(toHeads(g.node("MatMul", [x, `${p}.k`])[0]!, kv));
    const v = toHeads(g.node("MatMul", [x, `${p}.v`])[0]!, kv);
    const [presentK, presentV] = presentNames(i);
    const kAll = g.node("Concat", [pastK, k], {
      ...(half ? {} : { name: presentK }),
      attributes: { axis: 2 },
    })[0]!;
    const vAll = g.node("Concat", [pastV, v], {
      ...(half ? {} : { name: presentV }),
      attributes: { axis: 2 },
    })[0]!;
    if (half) {
      g.node("Cast", [kAll], { name: presentK, attributes: { to: IO } });
      g.node("Cast", [vAll], { name: presentV, attributes: { to: IO } });
    }
    declarePresentOutputs(g, i, kv, d, options);

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
    weight("lm_head", [h, c.vocabSize], w.lmHead);
    if (half) {
      g.node("Cast", [g.node("MatMul", [final, "lm_head"])[0]!], {
        name: "logits",
        attributes: { to: IO },
      });
    } else g.node("MatMul", [final, "lm_head"], { name: "logits" });
  }
  return g;
}
