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
export {
  availableCores,
  type BackendInfo,
  type BackendName,
  type BackendSession,
  createSession,
  type CreateSessionOptions,
  describeAdapter,
  type OrtCommonModule,
  type OrtModule,
  type OrtSession,
  type OrtSessionClass,
  type OrtTensorClass,
  resolveBackend,
} from "./backend.ts";
export { chooseToken, entropyOf, logSoftmax, type SamplingOptions } from "./sampling.ts";
export {
  checkBackendSupport,
  configFromGenai,
  DTYPE_SUFFIX,
  type ModelDtype,
  type ModelFiles,
  type ModelLayout,
  ModelLoadError,
  readModelFiles,
  variantOf,
  WASM_MODEL_LIMIT_BYTES,
} from "./model_files.ts";
export {
  CausalLM,
  type GenerateOptions,
  type Generation,
  type HfTokenizer,
  type LoadModelOptions,
  type TargetScore,
} from "./causal_lm.ts";
export {
  type SpecialTokenPlan,
  type TextCodec,
  TextStreamer,
  unencodableCharacters,
} from "./tokenization.ts";
export {
  type AttributeValue,
  DataType,
  type DataTypeCode,
  type Dim,
  float16Bytes,
  floatBytes,
  GraphBuilder,
  int64Bytes,
  type TensorInit,
} from "./onnx/graph_builder.ts";
export { type OnnxModelInfo, type OnnxValueInfo, readOnnxModelInfo } from "./onnx/model_info.ts";
export { type ExportIoOptions } from "./model_builder/kv_cache_io.ts";
export {
  type DecoderConfig,
  type DecoderWeights,
  type LayerWeights,
  randomDecoderWeights,
  referenceFinalStates,
  referenceLogits,
} from "./model_builder/decoder_weights.ts";
export {
  buildStandardDecoder,
  roundWeightsToHalf,
  type StandardDecoderOptions,
} from "./model_builder/standard_decoder.ts";
export {
  type BpeOptions,
  type MetaspaceBpeOptions,
  trainByteLevelBpe,
  type TrainedTokenizer,
  trainMetaspaceBpe,
} from "./model_builder/bpe_tokenizer.ts";
export {
  CHAT_TEMPLATE,
  INST_CHAT_TEMPLATE,
  scoreHeadWeights,
  type TinyModelOptions,
  type TinyVariant,
  writeTinyModel,
} from "./model_builder/tiny_model.ts";
export {
  buildContribDecoder,
  type ContribDecoderOptions,
  type Q4Matrix,
  quantizeQ4,
} from "./model_builder/contrib_decoder.ts";
export { RewardModel } from "./reward_model.ts";
export {
  BACKEND_CHOICES,
  type BackendChoice,
  backendChoicesText,
  BACKENDS,
  parseBackendChoice,
} from "./backend_names.ts";
