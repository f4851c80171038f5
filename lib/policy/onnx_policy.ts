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
 * @example A tiny model written by the project's test-model builder, one greedy token
 * ```ts
 * import assert from "node:assert/strict";
 * import { CausalLM } from "../infer/causal_lm.ts";
 * import { writeTinyModel } from "../infer/model_builder/tiny_model.ts";
 * import { generateTask } from "../tasks/generators/registry.ts";
 * import { onnxPolicy } from "./onnx_policy.ts";
 * const dir = await Deno.makeTempDir();
 * await writeTinyModel(dir, {
 *   corpus: ["What is 1 + 2? The answer is 3."],
 *   vocabSize: 300,
 *   variants: ["fp32"],
 *   config: { numLayers: 1, hiddenSize: 16, numHeads: 2, numKvHeads: 1, intermediateSize: 32 },
 * });
 * {
 *   await using lm = await CausalLM.load(dir, { backend: "cpu" });
 *   const policy = onnxPolicy(lm, { maxNewTokens: 1, temperature: 0 });
 *   const out = await policy.respond(generateTask("gcd", 0), { sample: 0 });
 *   assert.equal(out.tokens?.length, 1);
 *   assert.ok(out.logprobs![0]! <= 0);
 * }
 * await Deno.remove(dir, { recursive: true });
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
