/**
 * Reads what a runner needs to know from an ONNX `ModelProto` without decoding its weights: the
 * graph's inputs and outputs (element type and dims, symbolic names kept), the operators used
 * (domain-qualified), the initializers that give inputs a default (optional inputs), and the
 * external data files the weights live in.
 * @module
 */
import type { Dim } from "./graph_builder.ts";

/** A declared graph input or output. */
export interface OnnxValueInfo {
  /** The input's or output's name. */
  readonly name: string;
  /** ONNX element type code (1 float, 7 int64, 10 float16, …); 0 when not a tensor. */
  readonly elemType: number;
  /** Dims: numbers, symbolic names, or `null` for a dim with neither. */
  readonly shape: readonly (Dim | null)[];
}

/** What {@linkcode readOnnxModelInfo} returns. */
export interface OnnxModelInfo {
  /** The graph's inputs, in order. */
  readonly inputs: readonly OnnxValueInfo[];
  /** The graph's outputs, in order. */
  readonly outputs: readonly OnnxValueInfo[];
  /** Operators of the main graph as `domain:op` (`:MatMul`, `com.microsoft:GroupQueryAttention`). */
  readonly ops: readonly string[];
  /** Inputs that also have an initializer (optional: ONNX Runtime uses the default). */
  readonly optionalInputs: readonly string[];
  /** External data locations named by the initializers, in first-use order. */
  readonly externalData: readonly string[];
}

class Reader {
  pos: number;
  readonly end: number;
  constructor(readonly bytes: Uint8Array, start = 0, end = bytes.length) {
    this.pos = start;
    this.end = end;
  }
  varint(): number {
    let result = 0, scale = 1;
    for (;;) {
      if (this.pos >= this.end) throw new RangeError("truncated varint");
      const b = this.bytes[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
  }
  /** Calls `visit(field, wire, reader-for-length-delimited | value)` for each field. */
  fields(visit: (field: number, value: number | Reader) => void): void {
    while (this.pos < this.end) {
      const tag = this.varint();
      const field = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) visit(field, this.varint());
      else if (wire === 1) this.pos += 8;
      else if (wire === 5) this.pos += 4;
      else if (wire === 2) {
        const length = this.varint();
        const start = this.pos;
        this.pos += length;
        if (this.pos > this.end) throw new RangeError("truncated field");
        visit(field, new Reader(this.bytes, start, start + length));
      } else throw new RangeError(`unsupported protobuf wire type ${wire}`);
    }
  }
  text(): string {
    return new TextDecoder().decode(this.bytes.subarray(this.pos, this.end));
  }
}

function valueInfo(r: Reader): OnnxValueInfo {
  let name = "", elemType = 0;
  const shape: (Dim | null)[] = [];
  r.fields((f, v) => {
    if (f === 1 && v instanceof Reader) name = v.text();
    if (f === 2 && v instanceof Reader) {
      v.fields((tf, tensor) => {
        if (tf !== 1 || !(tensor instanceof Reader)) return;
        tensor.fields((ff, x) => {
          if (ff === 1 && typeof x === "number") elemType = x;
          if (ff === 2 && x instanceof Reader) {
            x.fields((df, dim) => {
              if (df !== 1 || !(dim instanceof Reader)) return;
              let d: Dim | null = null;
              dim.fields((kf, k) => {
                if (kf === 1 && typeof k === "number") d = k;
                if (kf === 2 && k instanceof Reader) d = k.text();
              });
              shape.push(d);
            });
          }
        });
      });
    }
  });
  return { name, elemType, shape };
}

/**
 * Reads an ONNX model's interface, operators and external data locations (see the module doc).
 * Weights are skipped, not decoded, so this is fast on large files.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataType, GraphBuilder } from "./graph_builder.ts";
 * import { readOnnxModelInfo } from "./model_info.ts";
 * const g = new GraphBuilder("doc");
 * g.input("x", DataType.FLOAT16, ["batch", 4]);
 * g.output(g.node("Identity", ["x"], { name: "y" })[0]!, DataType.FLOAT16, ["batch", 4]);
 * const info = readOnnxModelInfo(g.toModel({ opset: 17 }).model);
 * assert.deepEqual(info.inputs, [{ name: "x", elemType: DataType.FLOAT16, shape: ["batch", 4] }]);
 * assert.deepEqual(info.ops, [":Identity"]);
 * ```
 */
export function readOnnxModelInfo(bytes: Uint8Array): OnnxModelInfo {
  const inputs: OnnxValueInfo[] = [], outputs: OnnxValueInfo[] = [];
  const ops = new Set<string>(), initializers = new Set<string>(), external = new Set<string>();
  try {
    new Reader(bytes).fields((field, graph) => {
      if (field !== 7 || !(graph instanceof Reader)) return;
      graph.fields((gf, v) => {
        if (!(v instanceof Reader)) return;
        if (gf === 1) {
          let op = "", domain = "";
          v.fields((nf, x) => {
            if (nf === 4 && x instanceof Reader) op = x.text();
            if (nf === 7 && x instanceof Reader) domain = x.text();
          });
          ops.add(`${domain}:${op}`);
        } else if (gf === 5) {
          v.fields((tf, x) => {
            if (tf === 8 && x instanceof Reader) initializers.add(x.text());
            if (tf === 13 && x instanceof Reader) {
              let key = "", value = "";
              x.fields((kf, kv) => {
                if (kf === 1 && kv instanceof Reader) key = kv.text();
                if (kf === 2 && kv instanceof Reader) value = kv.text();
              });
              if (key === "location") external.add(value);
            }
          });
        } else if (gf === 11) inputs.push(valueInfo(v));
        else if (gf === 12) outputs.push(valueInfo(v));
      });
    });
  } catch (error) {
    throw new RangeError(
      `Not a readable ONNX model (${error instanceof Error ? error.message : error})`,
    );
  }
  return {
    inputs,
    outputs,
    ops: [...ops],
    optionalInputs: inputs.filter((i) => initializers.has(i.name)).map((i) => i.name),
    externalData: [...external],
  };
}
