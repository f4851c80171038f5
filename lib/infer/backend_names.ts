/**
 * The one table of ONNX Runtime backends. The `BackendName` type, `auto`'s alternatives, the
 * CLIs' `--backend` help and their validation all derive from {@linkcode BACKENDS}; a new
 * backend is one entry here plus its session code in `backend.ts`.
 *
 * This registry is closed on purpose, unlike the open ones (families, rewards, export formats,
 * dataset adapters, policies, advantage estimators, shaping methods): those entries are a name
 * and a pure function, while a backend is runtime code, i.e. an ONNX Runtime build to import,
 * its execution providers, its tensor and dtype handling, device probing and session disposal.
 * A `registerBackend` would have to accept a whole session implementation and every caller
 * would have to trust it; nobody outside `lib/infer` can write one without those internals.
 * To run a model some other way, implement `Policy` (`lib/policy`) and register it with
 * `registerPolicy`, which every entry point that takes a model spec accepts.
 * @module
 */

/** Every backend, with what runs it. `auto` (not listed) resolves to one of these. */
export const BACKENDS = {
  webgpu: "onnxruntime-web's WebGPU build",
  wasm: "onnxruntime-web's node build (multi-threaded WASM)",
  cpu: "onnxruntime-node (native CPU)",
} as const satisfies Record<string, string>;

/** A backend name; `auto` resolves to one of these. */
export type BackendName = keyof typeof BACKENDS;

/** A backend name or `auto`, the choice every `--backend` flag takes. */
export type BackendChoice = BackendName | "auto";

/** `auto` and every backend name, in table order. */
export const BACKEND_CHOICES: readonly BackendChoice[] = [
  "auto",
  ...Object.keys(BACKENDS) as BackendName[],
];

/**
 * The backend choices as an English list, for help texts and errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { backendChoicesText } from "./backend_names.ts";
 * assert.equal(backendChoicesText(), "auto, webgpu, wasm or cpu");
 * ```
 */
export function backendChoicesText(): string {
  return `${BACKEND_CHOICES.slice(0, -1).join(", ")} or ${BACKEND_CHOICES.at(-1)}`;
}

/**
 * Checks a backend choice (a CLI flag, a config field), naming the field and the choices.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseBackendChoice } from "./backend_names.ts";
 * assert.equal(parseBackendChoice("wasm"), "wasm");
 * assert.throws(() => parseBackendChoice("cuda", "--backend"), /--backend: expected auto, webgpu, wasm or cpu, got "cuda"/);
 * ```
 */
export function parseBackendChoice(name: string, field = "backend"): BackendChoice {
  if ((BACKEND_CHOICES as readonly string[]).includes(name)) return name as BackendChoice;
  throw new Error(`${field}: expected ${backendChoicesText()}, got "${name}"`);
}
