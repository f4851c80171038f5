/**
 * Builds ONNX models in TypeScript: tensors, nodes, inputs and outputs, encoded as an ONNX
 * `ModelProto` (with optional external data for the weights).
 * @module
 */
import { ProtoWriter } from "./protobuf.ts";

/** ONNX tensor element types used here (TensorProto.DataType). */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
} as const;

/** An ONNX element type code. */
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** A dimension: a fixed size or a symbolic name such as `"batch_size"`. */
export type Dim = number | string;

/** A constant tensor (initializer). */
export interface TensorInit {
  /** The initializer's name. */
  readonly name: string;
  /** Element type. */
  readonly type: DataTypeCode;
  /** Dimensions (`[]` for a scalar). */
  readonly dims: readonly number[];
  /** Raw little-endian bytes. */
  readonly data: Uint8Array;
}

/** An attribute value. */
export type AttributeValue = number | string | readonly number[] | { readonly float: number } | {
  readonly floats: readonly number[];
};

interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly domain: string;
  readonly name: string;
}

interface ValueSpec {
  readonly name: string;
  readonly type: DataTypeCode;
  readonly shape: readonly Dim[];
}

/**
 * Float32 values as raw tensor bytes (little-endian, as ONNX stores them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatBytes } from "./graph_builder.ts";
 * assert.deepEqual([...floatBytes([1])], [0x00, 0x00, 0x80, 0x3f]);
 * ```
 */
export function floatBytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/**
 * Float values as raw float16 tensor bytes (IEEE half precision, rounded to nearest even).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { float16Bytes } from "./graph_builder.ts";
 * assert.deepEqual([...float16Bytes([1, -2])], [0x00, 0x3c, 0x00, 0xc0]);
 * ```
 */
export function float16Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat16(i * 2, values[i]!, true);
  return out;
}

/**
 * Int64 values as raw tensor bytes (little-endian).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { int64Bytes } from "./graph_builder.ts";
 * assert.deepEqual([...int64Bytes([1, -1n])], [1, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255]);
 * ```
 */
export function int64Bytes(values: readonly (number | bigint)[]): Uint8Array {
  return new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer);
}

/**
 * An ONNX graph under construction. `node()` returns its output names, so graphs read like
 * expressions: `const y = g.node("Add", [a, b])[0]`.
 *
 * @example
 * ```ts
 * import { DataType, floatBytes, GraphBuilder } from "./graph_builder.ts";
 * const g = new GraphBuilder("add_one");
 * g.input("x", DataType.FLOAT, ["n"]);
 * g.initializer({ name: "one", type: DataType.FLOAT, dims: [], data: floatBytes([1]) });
 * g.output(g.node("Add", ["x", "one"], { name: "y" })[0]!, DataType.FLOAT, ["n"]);
 * const bytes = g.toModel({ opset: 17 }).model; // an .onnx file
 * ```
 */
export class GraphBuilder {
  /** The graph's name. */
  readonly name: string;
  #nodes: NodeSpec[] = [];
  #inits: TensorInit[] = [];
  #inputs: ValueSpec[] = [];
  #outputs: ValueSpec[] = [];
  #counter = 0;

  /** An empty graph called `name`. */
  constructor(name: string) {
    this.name = name;
  }

  /** Declares a graph input. */
  input(name: string, type: DataTypeCode, shape: readonly Dim[]): string {
    this.#inputs.push({ name, type, shape });
    return name;
  }

  /** Declares a graph output. */
  output(name: string, type: DataTypeCode, shape: readonly Dim[]): string {
    this.#outputs.push({ name, type, shape });
    return name;
  }

  /** Adds a constant tensor and returns its name. */
  initializer(tensor: TensorInit): string {
    this.#inits.push(tensor);
    return tensor.name;
  }

  /** A float32 constant (any shape). */
  floats(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    return this.initializer({ name, type: DataType.FLOAT, dims, data: floatBytes(values) });
  }

  /** A float16 constant (any shape) from float values. */
  halves(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    return this.initializer({ name, type: DataType.FLOAT16, dims, data: float16Bytes(values) });
  }

  /**
   * Declares an optional input: a graph input with an initializer of the same name, which ONNX
   * Runtime uses when the input is not fed.
   */
  optionalInput(tensor: TensorInit): string {
    this.input(tensor.name, tensor.type, tensor.dims);
    return this.initializer(tensor);
  }

  /** An int64 constant (any shape). */
  ints(name: string, dims: readonly number[], values: readonly (number | bigint)[]): string {
    return this.initializer({ name, type: DataType.INT64, dims, data: int64Bytes(values) });
  }

  /** A unique name with a prefix. */
  fresh(prefix: string): string {
    return `${prefix}_${this.#counter++}`;
  }

  /**
   * Adds a node. Output names default to fresh names (`count` of them); pass `name` for a single
   * named output or `outputs` for several.
   */
  node(
    op: string,
    inputs: readonly string[],
    options: {
      name?: string;
      outputs?: readonly string[];
      count?: number;
      domain?: string;
      attributes?: Readonly<Record<string, AttributeValue>>;
    } = {},
  ): string[] {
    const outputs = options.outputs ??
      (options.name
        ? [options.name]
        : Array.from({ length: options.count ?? 1 }, () => this.fresh(op.toLowerCase())));
    this.#nodes.push({
      op,
      inputs,
      outputs,
      attributes: options.attributes ?? {},
      domain: options.domain ?? "",
      name: this.fresh(`n_${op}`),
    });
    return [...outputs];
  }

  /** Total bytes of initializer data. */
  get weightBytes(): number {
    return this.#inits.reduce((s, t) => s + t.data.length, 0);
  }

  /**
   * Encodes the model. With `externalData`, initializers of at least `externalThreshold` bytes
   * (default 1 KiB) are stored in a separate file of that name (ONNX external data), returned as
   * `data`.
   */
  toModel(options: {
    opset: number;
    extraOpsets?: Readonly<Record<string, number>>;
    externalData?: string;
    externalThreshold?: number;
    producer?: string;
  }): { model: Uint8Array; data?: Uint8Array } {
    const external: Uint8Array[] = [];
    let offset = 0;
    const threshold = options.externalThreshold ?? 1024;
    const model = new ProtoWriter()
      .int(1, 8) // ir_version
      .string(2, options.producer ?? "farsight")
      .message(7, (graph) => {
        for (const n of this.#nodes) {
          graph.message(1, (w) => {
            for (const i of n.inputs) w.string(1, i);
            for (const o of n.outputs) w.string(2, o);
            w.string(3, n.name).string(4, n.op);
            for (const [name, value] of Object.entries(n.attributes)) {
              w.message(5, (a) => encodeAttribute(a, name, value));
            }
            if (n.domain) w.string(7, n.domain);
          });
        }
        graph.string(2, this.name);
        for (const t of this.#inits) {
          graph.message(5, (w) => {
            w.packedInts(1, t.dims).int(2, t.type).string(8, t.name);
            if (options.externalData && t.data.length >= threshold) {
              const aligned = Math.ceil(offset / 64) * 64;
              if (aligned > offset) external.push(new Uint8Array(aligned - offset));
              external.push(t.data);
              for (
                const [key, value] of [["location", options.externalData], [
                  "offset",
                  String(aligned),
                ], ["length", String(t.data.length)]]
              ) {
                w.message(13, (kv) => kv.string(1, key!).string(2, value!));
              }
              w.int(14, 1); // data_location = EXTERNAL
              offset = aligned + t.data.length;
            } else {
              w.bytes(9, t.data);
            }
          });
        }
        for (const v of this.#inputs) graph.message(11, (w) => encodeValueInfo(w, v));
        for (const v of this.#outputs) graph.message(12, (w) => encodeValueInfo(w, v));
      })
      .message(8, (w) => w.string(1, "").int(2, options.opset));
    for (const [domain, version] of Object.entries(options.extraOpsets ?? {})) {
      model.message(8, (w) => w.string(1, domain).int(2, version));
    }
    const result: { model: Uint8Array; data?: Uint8Array } = { model: model.finish() };
    if (options.externalData) {
      const data = new Uint8Array(external.reduce((s, c) => s + c.length, 0));
      let at = 0;
      for (const c of external) (data.set(c, at), at += c.length);
      result.data = data;
    }
    return result;
  }
}

function encodeValueInfo(w: ProtoWriter, v: ValueSpec): void {
  w.string(1, v.name).message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.type).message(2, (shape) => {
        for (const d of v.shape) {
          shape.message(1, (dim) => (typeof d === "number" ? dim.int(1, d) : dim.string(2, d)));
        }
      });
    }));
}

function encodeAttribute(w: ProtoWriter, name: string, value: AttributeValue): void {
  w.string(1, name);
  if (typeof value === "number") {
    w.int(3, value).int(20, 2); // INT
  } else if (typeof value === "string") {
    w.string(4, value).int(20, 3); // STRING
  } else if (Array.isArray(value)) {
    w.packedInts(8, value as number[]).int(20, 7); // INTS
  } else if ("float" in (value as object)) {
    w.float(2, (value as { float: number }).float).int(20, 1); // FLOAT
  } else {
    w.packedFloats(7, (value as { floats: number[] }).floats).int(20, 6); // FLOATS
  }
}
