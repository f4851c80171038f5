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
  type LayerWeights,
} from "./decoder_weights.ts";

/** A weight matrix quantized for `MatMulNBits` (4 bits, symmetric, zero point 8). */
export interface Q4Matrix {
  /** `[N, blocks, blockSize / 2]` packed nibbles, low nibble first. */
  readonly packed: Uint8Array;
  /** `[N * blocks]` scales. */
  readonly scales: Float32Array;
  /** The dequantized `[K, N]` matrix the quantized one stands for. */
  readonly dequantized: Float32Array;
}

/**
 * Quantizes a row-major `[K, N]` matrix into `MatMulNBits`' 4-bit layout: each output column is
 * cut into blocks of `blockSize` along K, with one scale per block (max |x| / 7) and the default
 * zero point 8. With `scaleDtype: "float16"` (q4f16 exports) the scales are rounded to float16
 * first, so `dequantized` is what a float16-scale `MatMulNBits` computes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quantizeQ4 } from "./contrib_decoder.ts";
 * const q = quantizeQ4(Float32Array.from({ length: 64 }, (_, i) => i / 64 - 0.5), 32, 2);
 * assert.deepEqual(q.scales.length, 2);
 * ```
 */
export function quantizeQ4(
  w: Float32Array,
  k: number,
  n: number,
  blockSize = 32,
  options: { scaleDtype?: "float32" | "float16" } = {},
): Q4Matrix {
  const round = options.scaleDtype === "float16" ? Math.f16round : (x: number) => x;
  if (k % blockSize !== 0) {
    throw new RangeError(`K = ${k} must be a multiple of the block size ${blockSize}`);
  }
  const blocks = k / blockSize;
  const packed = new Uint8Array(n * blocks * (blockSize / 2));
  const scales = new Float32Array(n * blocks);
  const dequantized = new Float32Array(k * n);
  for (let col = 0; col < n; col++) {
    for (let b = 0; b < blocks; b++) {
      let max = 0;
      for (let i = 0; i < blockSize; i++) {
        max = Math.max(max, Math.abs(w[(b * blockSize + i) * n + col]!));
      }
      const scale = round(max / 7) || 1;
      scales[col * blocks + b] = scale;
      for (let i = 0; i < blockSize; i++) {
        const row = b * blockSize + i;
        const q = Math.max(0, Math.min(15, Math.round(w[row * n + col]! / scale) + 8));
        dequantized[row * n + col] = (q - 8) * scale;
        const byte = (col * blocks + b) * (blockSize / 2) + (i >> 1);
        packed[byte] = packed[byte]! | (i % 2 === 0 ? q : q << 4);
      }
    }
  }
  return { packed, scales, dequantized };
}

/** Options for {@linkcode buildContribDecoder}. */
export interface ContribDecoderOptions extends ExportIoOptions {
  /** Rotary inside GroupQueryAttention and no `position_ids` input (ORT-GenAI). Default false. */
  readonly rotaryInAttention?: boolean;
}

/**
 * Builds the same decoder with the contrib ops of onnx-community / ORT-GenAI exports:
 * `SimplifiedLayerNormalization` (RMSNorm), `MatMulNBits` (4-bit weights, block 32),
 * `RotaryEmbedding` and `GroupQueryAttention` (com.microsoft). Returns the graph and the weights
 * it actually computes with (projections dequantized), for comparison with the standard graph.
 *
 * With `ioDtype: "float16"` it copies `model_q4f16` / ORT-GenAI fp16 builds: float16 scales,
 * activations into `MatMulNBits`, rotary and attention in float16, float16 KV cache and logits
 * (norms, residuals and the MLP's activation stay float32). With `rotaryInAttention` it copies
 * ORT-GenAI's default: no `position_ids` input, rotary inside `GroupQueryAttention`
 * (`do_rotary`, positions from the attention mask).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildContribDecoder } from "./contrib_decoder.ts";
 * import { randomDecoderWeights } from "./decoder_weights.ts";
 * import { readOnnxModelInfo } from "../onnx/model_info.ts";
 * // MatMulNBits quantizes in blocks of 32 inputs: widths are multiples of 32
 * const c = {
 *   vocabSize: 16, hiddenSize: 32, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 32, maxPositions: 32,
 * };
 * const { graph, effective } = buildContribDecoder(c, randomDecoderWeights(c, 0));
 * const { model } = graph.toModel({ opset: 17, extraOpsets: { "com.microsoft": 1 } });
 * const { ops } = readOnnxModelInfo(model);
 * assert.ok(ops.includes("com.microsoft:GroupQueryAttention"));
 * assert.ok(ops.includes("com.microsoft:MatMulNBits"));
 * assert.equal(effective.layers.length, 1);
 * ```
 */
export function buildContribDecoder(
  c: DecoderConfig,
  w: DecoderWeights,
  options: ContribDecoderOptions = {},
): { graph: GraphBuilder; effective: DecoderWeights } {
  if (c.kvHeadsPerLayer) {
    throw new RangeError(
      "buildContribDecoder: kvHeadsPerLayer is only supported by the standard decoder",
    );
  }
  const g = new GraphBuilder("farsight_tiny_decoder_q4");
  const h = c.hiddenSize, d = headDim(c), nh = c.numHeads, kv = c.numKvHeads;
  const eps = c.rmsEps ?? 1e-6;
  const F = DataType.FLOAT, I64 = DataType.INT64;
  const MS = "com.microsoft";
  const half = options.ioDtype === "float16";
  const A = ioElementType(options); // activations into MatMulNBits and attention
  const toA = (x: string) => (half ? g.node("Cast", [x], { attributes: { to: A } })[0]! : x);
  const toF = (x: string) => (half ? g.node("Cast", [x], { attributes: { to: F } })[0]! : x);

  const inputIds = g.input("input_ids", I64, ["batch_size", "sequence_length"]);
  const attentionMask = g.input("attention_mask", I64, ["batch_size", "total_sequence_length"]);
  const positionIds = options.rotaryInAttention
    ? null
    : g.input("position_ids", I64, ["batch_size", "sequence_length"]);
  g.output("logits", A, ["batch_size", "sequence_length", c.vocabSize]);

  // GroupQueryAttention's sequence lengths: valid tokens per row − 1, and the total length.
  const seqlensK = g.node("Cast", [
    g.node("Sub", [
      g.node("ReduceSum", [attentionMask, g.ints("axis1", [1], [1])], {
        attributes: { keepdims: 0 },
      })[0]!,
      g.ints("one", [], [1]),
    ])[0]!,
  ], { attributes: { to: DataType.INT32 } })[0]!;
  const totalLength = g.node("Cast", [
    g.node("Squeeze", [
      g.node("Shape", [attentionMask], { attributes: { start: 1, end: 2 } })[0]!,
    ])[0]!,
  ], { attributes: { to: DataType.INT32 } })[0]!;

  // rotary caches [maxPositions, d/2]
  const theta = c.ropeTheta ?? 10000;
  const cosCache = new Float32Array(c.maxPositions * (d / 2)),
    sinCache = new Float32Array(c.maxPositions * (d / 2));
  for (let p = 0; p < c.maxPositions; p++) {
    for (let j = 0; j < d / 2; j++) {
      const angle = p / theta ** ((2 * j) / d);
      cosCache[p * (d / 2) + j] = Math.cos(angle);
      sinCache[p * (d / 2) + j] = Math.sin(angle);
    }
  }
  if (half) {
    g.halves("cos_cache", [c.maxPositions, d / 2], cosCache);
    g.halves("sin_cache", [c.maxPositions, d / 2], sinCache);
  } else {
    g.floats("cos_cache", [c.maxPositions, d / 2], cosCache);
    g.floats("sin_cache", [c.maxPositions, d / 2], sinCache);
  }

  const norm = (x: string, weight: string) =>
    g.node("SimplifiedLayerNormalization", [x, weight], {
      attributes: { axis: -1, epsilon: { float: eps }, stash_type: 1 },
    })[0]!;
  const q4 = (x: string, name: string, m: Float32Array, k: number, n: number) => {
    const q = quantizeQ4(m, k, n, 32, { scaleDtype: half ? "float16" : "float32" });
    g.initializer({
      name: `${name}.qweight`,
      type: DataType.UINT8,
      dims: [n, k / 32, 16],
      data: q.packed,
    });
    if (half) g.halves(`${name}.scales`, [n * (k / 32)], q.scales);
    else g.floats(`${name}.scales`, [n * (k / 32)], q.scales);
    return {
      out: g.node("MatMulNBits", [x, `${name}.qweight`, `${name}.scales`], {
        domain: MS,
        attributes: { K: k, N: n, bits: 4, block_size: 32 },
      })[0]!,
      dequantized: q.dequantized,
    };
  };
  const rotary = (x: string, heads: number) =>
    positionIds === null
      ? x
      : g.node("RotaryEmbedding", [x, positionIds, "cos_cache", "sin_cache"], {
        domain: MS,
        attributes: { interleaved: 0, num_heads: heads },
      })[0]!;

  g.floats("embed", [c.vocabSize, h], w.embed);
  let hidden = g.node("Gather", ["embed", inputIds])[0]!;
  const layers: LayerWeights[] = [];
  w.layers.forEach((layer, i) => {
    const p = `layers.${i}`;
    g.floats(`${p}.input_norm`, [h], layer.inputNorm);
    g.floats(`${p}.post_norm`, [h], layer.postNorm);
    const [pastK, pastV] = pastKeyValueInputs(g, i, kv, d, options);
    const x = toA(norm(hidden, `${p}.input_norm`));
    const q = q4(x, `${p}.q`, layer.q, h, nh * d),
      k = q4(x, `${p}.k`, layer.k, h, kv * d),
      v = q4(x, `${p}.v`, layer.v, h, kv * d);
    const [attn] = g.node("GroupQueryAttention", [
      rotary(q.out, nh),
      rotary(k.out, kv),
      v.out,
      pastK,
      pastV,
      seqlensK,
      totalLength,
      ...(positionIds === null ? ["cos_cache", "sin_cache"] : []),
    ], {
      domain: MS,
      outputs: [g.fresh("gqa"), ...presentNames(i)],
      attributes: {
        num_heads: nh,
        kv_num_heads: kv,
        scale: { float: 1 / Math.sqrt(d) },
        do_rotary: positionIds === null ? 1 : 0,
        rotary_interleaved: 0,
      },
    });
    declarePresentOutputs(g, i, kv, d, options);
    const o = q4(attn!, `${p}.o`, layer.o, nh * d, h);
    hidden = g.node("Add", [hidden, toF(o.out)])[0]!;
    const y = toA(norm(hidden, `${p}.post_norm`));
    const gate = q4(y, `${p}.gate`, layer.gate, h, c.intermediateSize),
      up = q4(y, `${p}.up`, layer.up, h, c.intermediateSize);
    const gateF = toF(gate.out);
    const act = g.node("Mul", [
      g.node("Mul", [gateF, g.node("Sigmoid", [gateF])[0]!])[0]!,
      toF(up.out),
    ])[0]!;
    const down = q4(toA(act), `${p}.down`, layer.down, c.intermediateSize, h);
    hidden = g.node("Add", [hidden, toF(down.out)])[0]!;
    layers.push({
      ...layer,
      q: q.dequantized,
      k: k.dequantized,
      v: v.dequantized,
      o: o.dequantized,
      gate: gate.dequantized,
      up: up.dequantized,
      down: down.dequantized,
    });
  });
  g.floats("final_norm", [h], w.finalNorm);
  const lm = q4(toA(norm(hidden, "final_norm")), "lm_head", w.lmHead, h, c.vocabSize);
  g.node("Identity", [lm.out], { name: "logits" });
  return { graph: g, effective: { ...w, layers, lmHead: lm.dequantized } };
}
