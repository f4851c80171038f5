/**
 * A policy (lib/policy's contract) for models trained by lib/train: it asks in the compact
 * template and hands the verifier its answers as `Problem k: \boxed{…}` lines, so evaluation,
 * the demo and reward code score it like any other policy.
 * @module
 */
import type { ComposedTask } from "../compose/composed_task.ts";
import type { CausalLM } from "../infer/causal_lm.ts";
import type { Policy, PolicyOutput } from "../policy/policy.ts";
import { hashSeed } from "../random/rng.ts";
import type { Task } from "../tasks/task.ts";
import { compactExample } from "./chain_data.ts";
import { PROMPT_FORMAT, PROMPT_FORMAT_KEY } from "./export.ts";
import { maxResponseTokens } from "./sampler.ts";
import { finalAnswersText } from "./score.ts";

/**
 * Whether a loaded model expects lib/train's compact prompts (its `config.json` says
 * `farsight_prompt_format: "compact_labelled"`).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { usesCompactPrompts } from "./compact_policy.ts";
 * assertEquals(usesCompactPrompts({ files: { config: { farsight_prompt_format: "compact_labelled" } } }), true);
assertEquals(usesCompactPrompts({ files: { config: { farsight_prompt_format: "compact" } } }), false);
 * assertEquals(usesCompactPrompts({ files: { config: {} } }), false);
 * ```
 */
export function usesCompactPrompts(model: { files: { config: Record<string, unknown> } }): boolean {
  return model.files.config[PROMPT_FORMAT_KEY] === PROMPT_FORMAT;
}

/**
 * A policy answering with a compact-format model: greedy by default, or seeded sampling per
 * (task, sample) at `temperature`. A prompt the model cannot read (characters outside its
 * alphabet, or longer than its context) gives no answer, with the reason in `error`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compactPolicy } from "./compact_policy.ts";
 * import { sampleChain } from "./chain_data.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { initWeights } from "./model.ts";
 * import { maxResponseTokens, OnnxSampler } from "./sampler.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 32 };
 * await using s = new OnnxSampler(c, charTokenizer());
 * await s.update(initWeights(c, 0));
 * const policy = compactPolicy(s.model);
 * const task = sampleChain(2, 1, 0);
 * const out = await policy.respond(task, { sample: 0 });
 * assert.ok(out.tokens!.length <= maxResponseTokens(2));
 * assert.deepEqual(await policy.respond(task, { sample: 0 }), out); // greedy: the same answer
 * ```
 */
export function compactPolicy(
  model: CausalLM,
  options: { temperature?: number; seed?: number } = {},
): Policy {
  const vocab = new Set(
    Object.keys((model.files.tokenizerJson.model as { vocab: Record<string, number> }).vocab),
  );
  const context = Number(model.files.config.max_position_embeddings ?? Infinity);
  return {
    name: `onnx:${model.files.dir} (compact prompts, ${model.backend.backend})`,
    async respond(task: Task | ComposedTask, { sample }): Promise<PolicyOutput> {
      const ex = compactExample(task);
      const bad = [...ex.prompt].find((ch) => !vocab.has(ch));
      const none = (error: string): PolicyOutput => ({
        text: "",
        tokens: [],
        logprobs: [],
        entropies: [],
        error,
      });
      if (bad !== undefined) {
        return none(`the compact prompt has ${JSON.stringify(bad)}, outside the model's alphabet`);
      }
      const ids = model.encode(ex.prompt);
      if (ids.length >= context) return none(`prompt of ${ids.length} tokens exceeds ${context}`);
      const seed = hashSeed([options.seed ?? 0, task.id, sample])[0]!;
      const [g] = await model.generateIds([ids], {
        maxNewTokens: maxResponseTokens(ex.depth),
        seed,
        ...(options.temperature ? { temperature: options.temperature } : { greedy: true }),
      });
      return {
        text: finalAnswersText(g!.text, ex.depth),
        tokens: g!.tokens,
        logprobs: g!.logprobs,
        entropies: g!.entropies,
      };
    },
  };
}
