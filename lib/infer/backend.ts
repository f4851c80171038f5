/**
 * ONNX Runtime backends in Deno: `webgpu` and `wasm` (onnxruntime-web's WebGPU build) and `cpu`
 * (onnxruntime-node, native). `auto` picks WebGPU on a hardware adapter, else the native CPU,
 * else WASM.
 * @module
 */
import type * as Ort from "onnxruntime-common";

/** A backend name; `auto` resolves to one of the others. */
export type BackendName = "webgpu" | "wasm" | "cpu";

/** What a run used: the backend, the WebGPU adapter and whether it offers `shader-f16`. */
export interface BackendInfo {
  readonly backend: BackendName;
  /** The adapter's description (vendor, architecture, device), or `null` without WebGPU. */
  readonly adapter: string | null;
  /** Whether the adapter reports `shader-f16`. */
  readonly shaderF16: boolean;
  /** True for software adapters such as llvmpipe (WebGPU runs, slowly). */
  readonly fallbackAdapter: boolean;
  /** WASM threads in use (wasm and webgpu backends). */
  readonly wasmThreads?: number;
}

/** The parts of an ONNX Runtime module Farsight uses. */
export interface OrtModule {
  readonly InferenceSession: typeof Ort.InferenceSession;
  readonly Tensor: typeof Ort.Tensor;
}

/** A created session with its runtime and backend details. */
export interface BackendSession {
  readonly session: Ort.InferenceSession;
  readonly ort: OrtModule;
  readonly info: BackendInfo;
}

/** Describes the WebGPU adapter, or `null` when there is none. */
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
  readonly backend?: BackendName | "auto";
  /** External data files: name as stored in the model → bytes (wasm/webgpu). */
  readonly externalData?: readonly { path: string; data: Uint8Array }[];
  /** Threads for the wasm backend. Default 1 (more fail in Deno today). */
  readonly wasmThreads?: number;
}

/**
 * Creates an inference session on a backend. The CPU backend loads from the model's path (so
 * ONNX external data beside it is found); WASM and WebGPU load the bytes plus `externalData`.
 *
 * @example
 * ```ts ignore
 * import { createSession } from "./backend.ts";
 * const { session, info } = await createSession("model/onnx/model.onnx", await Deno.readFile("model/onnx/model.onnx"), { backend: "auto" });
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
  const ort = await import("onnxruntime-web/webgpu") as unknown as OrtModule & {
    env: { wasm: { numThreads: number }; logLevel: string };
  };
  const threads = options.wasmThreads ?? 1;
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = "error";
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [backend],
    ...(options.externalData?.length
      ? { externalData: options.externalData.map((e) => ({ path: e.path, data: e.data })) }
      : {}),
  } as Ort.InferenceSession.SessionOptions);
  return { session, ort, info: { backend, ...base, wasmThreads: threads } };
}
