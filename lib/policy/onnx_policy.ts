import type { ComposedTask } from "../compose/composed_task.ts";
import type { CausalLM, GenerateOptions } from "../infer/causal_lm.ts";
import { hashSeed } from "../random/rng.ts";
import type { Task } from "../tasks/task.ts";
import { type Policy, type PolicyOutput, promptOf } from "./policy.ts";

/** Options for {@linkcode onnxPolicy}. */
export interface OnnxPolicyOptions
  extends Omit<GenerateOptions, "seed" | "onToken" | "onProgress"> {
  /** A system message before the task's prompt. */
  readonly system?: string;
  /** Use the model's chat template (default true when it has one). */
  readonly chat?: boolean;
  /** Base seed; each (task, sample) gets its own stream. Default 0. */
  readonly seed?: number;
}

/**
 * A policy backed by an ONNX language model: renders the task's prompt with the chat template
 * (encoded as rendered, without added special tokens, as Hugging Face's `apply_chat_template`)
 * or, with `chat: false`, encodes the raw prompt with the tokenizer's special tokens (BOS);
 * generates (seeded per task and sample), and returns the text with its tokens,
 * log-probabilities and entropies.
 *
 * @example
 * ```ts ignore
 * import { CausalLM } from "../infer/causal_lm.ts";
 * import { onnxPolicy } from "./onnx_policy.ts";
 * const policy = onnxPolicy(await CausalLM.load("models/tiny"), { maxNewTokens: 128, temperature: 0.7 });
 * ```
 */
export function onnxPolicy(model: CausalLM, options: OnnxPolicyOptions = {}): Policy {
  const chat = options.chat ?? model.files.chatTemplate !== null;
  return {
    name: `onnx:${model.files.dir} (${model.files.dtype}, ${model.backend.backend})`,
    async respond(task: Task | ComposedTask, { sample }): Promise<PolicyOutput> {
      const seed = hashSeed([options.seed ?? 0, task.id, sample])[0]!;
      const ids = model.encodePrompt(promptOf(task), {
        chat,
        ...(options.system ? { system: options.system } : {}),
      });
      const context = Number(model.files.config.max_position_embeddings ?? Infinity);
      if (ids.length >= context) {
        // An answer cannot be produced; the evaluation scores it as "no answer" and says why.
        return {
          text: "",
          tokens: [],
          logprobs: [],
          entropies: [],
          error: `prompt of ${ids.length} tokens exceeds the context of ${context}`,
        };
      }
      const [g] = await model.generateIds([ids], { ...options, seed });
      return { text: g!.text, tokens: g!.tokens, logprobs: g!.logprobs, entropies: g!.entropies };
    },
  };
}
