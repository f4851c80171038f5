/**
 * ONNX Runtime backends in Deno: `webgpu` (onnxruntime-web's WebGPU build), `wasm`
 * (onnxruntime-web's node build, which runs pthreads in Deno through `worker_threads`) and `cpu`
 * (onnxruntime-node, native). `auto` picks WebGPU on a hardware adapter, else the native CPU,
 * else WASM.
 * @module
 */
import type * as Ort from "onnxruntime-common";

import type { BackendName } from "./backend_names.ts";
export type { BackendName };

/** What a run used: the backend, the WebGPU adapter and whether it offers `shader-f16`. */
export interface BackendInfo {
  /** The backend that ran. */
  readonly backend: BackendName;
  /** The adapter's description (vendor, architecture, device), or `null` without WebGPU. */
  readonly adapter: string | null;
  /** Whether the adapter reports `shader-f16`. */
  readonly shaderF16: boolean;
  /** True for software adapters such as llvmpipe (WebGPU runs, slowly). */
  readonly fallbackAdapter: boolean;
  /** WASM threads in use (wasm and webgpu backends). */
  readonly wasmThreads?: number;
  /**
   * Where the session leaves the KV cache (`present.*`) between steps: `gpu-buffer` on WebGPU
   * when ONNX Runtime accepted the preferred output location, else `cpu`.
   */
  readonly kvCacheLocation?: "gpu-buffer" | "cpu";
}

/** An ONNX Runtime inference session (onnxruntime-common's `InferenceSession`). */
export type OrtSession = Ort.InferenceSession;
/** The type of the `onnxruntime-common` module (ONNX Runtime's API, shared by all builds). */
export type OrtCommonModule = typeof import("onnxruntime-common");
/** ONNX Runtime's `InferenceSession` class. */
export type OrtSessionClass = OrtCommonModule["InferenceSession"];
/** ONNX Runtime's `Tensor` class. */
export type OrtTensorClass = OrtCommonModule["Tensor"];

/** The parts of an ONNX Runtime module Farsight uses. */
export interface OrtModule {
  /** Creates sessions. */
  readonly InferenceSession: OrtSessionClass;
  /** Builds input tensors. */
  readonly Tensor: OrtTensorClass;
}

/** A created session with its runtime and backend details. */
export interface BackendSession {
  /** The session. */
  readonly session: OrtSession;
  /** The runtime module that created the session (for its `Tensor`). */
  readonly ort: OrtModule;
  /** What the session runs on. */
  readonly info: BackendInfo;
}

/**
 * Describes the WebGPU adapter, or `null` when there is none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeAdapter } from "./backend.ts";
 * const adapter = await describeAdapter();
 * assert.ok(adapter === null || (adapter.description !== "" && typeof adapter.fallback === "boolean"));
 * ```
 */
export async function describeAdapter(): Promise<
  { description: string; shaderF16: boolean; fallback: boolean } | null
> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter() as
      | null
      | { features: Set<string>; info?: Record<string, unknown>; isFallbackAdapter?: boolean };
    if (!adapter) return null;
    const info = adapter.info ?? {};
    const description =
      [info.vendor, info.architecture, info.device, info.description].filter((x) =>
        typeof x === "string" && x
      )
        .join(" ") || "unknown adapter";
    const fallback = Boolean(adapter.isFallbackAdapter ?? info.isFallbackAdapter) ||
      /llvmpipe|swiftshader|software/i.test(description);
    return { description, shaderF16: adapter.features.has("shader-f16"), fallback };
  } catch {
    return null;
  }
}

/**
 * Resolves `auto`: WebGPU on a hardware adapter, else the native CPU (onnxruntime-node), else
 * WASM. A software adapter (llvmpipe) does not count: WebGPU works there but is slower than the
 * CPU paths; ask for `webgpu` explicitly to use it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveBackend } from "./backend.ts";
 * assert.equal(await resolveBackend("wasm"), "wasm");
 * assert.ok(["webgpu", "cpu", "wasm"].includes(await resolveBackend("auto")));
 * ```
 */
export async function resolveBackend(name: BackendName | "auto"): Promise<BackendName> {
  if (name !== "auto") return name;
  const adapter = await describeAdapter();
  if (adapter && !adapter.fallback) return "webgpu";
  try {
    await import("onnxruntime-node");
    return "cpu";
  } catch {
    return "wasm";
  }
}

/** Options for {@linkcode createSession}. */
export interface CreateSessionOptions {
  /** The backend to run on; `auto` picks one (see {@linkcode resolveBackend}). Default `auto`. */
  readonly backend?: BackendName | "auto";
  /** External data files: name as stored in the model → bytes (wasm/webgpu). */
  readonly externalData?: readonly { path: string; data: Uint8Array }[];
  /**
   * Threads for the wasm backend. Default: the cores available (`navigator.hardwareConcurrency`).
   * ONNX Runtime Web fixes its thread count when its WASM first initialises, so the first wasm
   * session of a process decides it; asking for a different count later is an error.
   */
  readonly wasmThreads?: number;
  /**
   * Outputs to leave on the GPU (webgpu only): ONNX Runtime's `preferredOutputLocation`
   * `gpu-buffer`, used for `present.*` so the KV cache stays on the GPU. If the session cannot be
   * created with them, it is created without them and `kvCacheLocation` says `cpu`.
   */
  readonly gpuOutputs?: readonly string[];
}

/**
 * The WASM thread count ONNX Runtime Web's node build was initialised with in this process (it
 * cannot change afterwards), or null before the first wasm session.
 */
let wasmThreadsInitialised: number | null = null;

/**
 * The cores available to this process, the default WASM thread count.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { availableCores } from "./backend.ts";
 * assert.ok(availableCores() >= 1);
 * ```
 */
export function availableCores(): number {
  return Math.max(1, navigator.hardwareConcurrency || 1);
}

/**
 * Creates an inference session on a backend. The CPU backend loads from the model's path (so
 * ONNX external data beside it is found); WASM and WebGPU load the bytes plus `externalData`.
 *
 * @example A one-node graph (`y = x + 1`) on the native CPU backend
 * ```ts
 * import assert from "node:assert/strict";
 * import { join } from "node:path";
 * import { createSession } from "./backend.ts";
 * import { DataType, floatBytes, GraphBuilder } from "./onnx/graph_builder.ts";
 * const g = new GraphBuilder("add_one");
 * g.input("x", DataType.FLOAT, ["n"]);
 * g.initializer({ name: "one", type: DataType.FLOAT, dims: [], data: floatBytes([1]) });
 * g.output(g.node("Add", ["x", "one"], { name: "y" })[0]!, DataType.FLOAT, ["n"]);
 * const bytes = g.toModel({ opset: 17 }).model;
 * const dir = await Deno.makeTempDir();
 * const path = join(dir, "add_one.onnx");
 * await Deno.writeFile(path, bytes);
 * const { session, ort, info } = await createSession(path, bytes, { backend: "cpu" });
 * assert.equal(info.backend, "cpu");
 * const { y } = await session.run({ x: new ort.Tensor("float32", Float32Array.from([1, 2]), [2]) });
 * assert.deepEqual([...(y!.data as Float32Array)], [2, 3]);
 * await session.release();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function createSession(
  path: string,
  bytes: Uint8Array,
  options: CreateSessionOptions = {},
): Promise<BackendSession> {
  const backend = await resolveBackend(options.backend ?? "auto");
  const adapter = await describeAdapter();
  const base = {
    adapter: adapter?.description ?? null,
    shaderF16: adapter?.shaderF16 ?? false,
    fallbackAdapter: adapter?.fallback ?? false,
  };
  if (backend === "cpu") {
    const ort = await import("onnxruntime-node") as unknown as OrtModule;
    const session = await ort.InferenceSession.create(path, { executionProviders: ["cpu"] });
    return { session, ort, info: { backend, ...base } };
  }
  if (backend === "webgpu" && !adapter) {
    throw new Error("Cannot use the webgpu backend: navigator.gpu has no adapter on this machine");
  }
  const external = options.externalData?.length
    ? { externalData: options.externalData.map((e) => ({ path: e.path, data: e.data })) }
    : {};
  if (backend === "wasm") {
    // The node build: the browser bundles cannot start their pthread workers in Deno.
    const ort = await import("onnxruntime-web") as unknown as OrtModule & {
      env: { wasm: { numThreads: number }; logLevel: string };
    };
    const threads = options.wasmThreads ?? wasmThreadsInitialised ?? availableCores();
    if (wasmThreadsInitialised !== null && threads !== wasmThreadsInitialised) {
      throw new RangeError(
        `Cannot use ${threads} wasm threads: ONNX Runtime Web was initialised with ${wasmThreadsInitialised} in this process, and the count cannot change (use a new process)`,
      );
    }
    ort.env.wasm.numThreads = threads;
    ort.env.logLevel = "error";
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ["wasm"],
      ...external,
    } as Ort.InferenceSession.SessionOptions);
    wasmThreadsInitialised = threads;
    return { session, ort, info: { backend, ...base, wasmThreads: threads } };
  }
  const ort = await import("onnxruntime-web/webgpu") as unknown as OrtModule & {
    env: { wasm: { numThreads: number }; logLevel: string };
  };
  // The WebGPU build's WASM part (CPU fallback ops) runs one thread: its workers cannot start in Deno.
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = "error";
  const create = (gpu: readonly string[]) =>
    ort.InferenceSession.create(bytes, {
      executionProviders: ["webgpu"],
      ...external,
      ...(gpu.length
        ? { preferredOutputLocation: Object.fromEntries(gpu.map((n) => [n, "gpu-buffer"])) }
        : {}),
    } as Ort.InferenceSession.SessionOptions);
  const gpu = options.gpuOutputs ?? [];
  let session: Ort.InferenceSession, kvCacheLocation: "gpu-buffer" | "cpu" = "cpu";
  try {
    session = await create(gpu);
    if (gpu.length) kvCacheLocation = "gpu-buffer";
  } catch (error) {
    if (!gpu.length) throw error;
    session = await create([]);
  }
  return { session, ort, info: { backend, ...base, wasmThreads: 1, kvCacheLocation } };
}
