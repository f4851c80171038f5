/**
 * ONNX inference in Deno: backends (WebGPU, WASM, native CPU), Hugging Face-style model
 * directories, generation with the KV cache, log-probabilities and entropies, teacher-forced
 * scoring, and a builder for small test models.
 *
 * @example
 * ```ts ignore
 * import { CausalLM } from "./mod.ts";
 * await using lm = await CausalLM.load("models/tiny", { backend: "auto" });
 * console.log(lm.backend);
 * ```
 * @module
 */
export * from "./backend.ts";
export * from "./backend_names.ts";
export * from "./sampling.ts";
export * from "./model_files.ts";
export * from "./causal_lm.ts";
export * from "./tokenization.ts";
export * from "./onnx/graph_builder.ts";
export * from "./onnx/model_info.ts";
export * from "./model_builder/kv_cache_io.ts";
export * from "./model_builder/decoder_weights.ts";
export * from "./model_builder/standard_decoder.ts";
export * from "./model_builder/bpe_tokenizer.ts";
export * from "./model_builder/tiny_model.ts";
export * from "./model_builder/contrib_decoder.ts";
export * from "./reward_model.ts";
