import { CausalLM, type LoadModelOptions } from "./causal_lm.ts";

/**
 * A sequence-classification reward model in ONNX (Hugging Face's `*ForSequenceClassification`
 * export): scores (prompt, response) pairs, rendered with the chat template as a user turn and an
 * assistant turn when the model has one. Owns its session: call `dispose()` (or `await using`).
 *
 * @example
 * ```ts ignore
 * import { RewardModel } from "./reward_model.ts";
 * await using rm = await RewardModel.load("models/reward", { backend: "cpu" });
 * const [score] = await rm.score([{ prompt: "2+2?", response: "4" }]);
 * ```
 */
export class RewardModel implements AsyncDisposable {
  /** The underlying sequence-classification model. */
  readonly model: CausalLM;

  private constructor(model: CausalLM) {
    this.model = model;
  }

  /** Loads a reward-model directory. */
  static async load(dir: string, options: LoadModelOptions = {}): Promise<RewardModel> {
    const model = await CausalLM.load(dir, options);
    const arch = model.files.config.architectures;
    if (
      !Array.isArray(arch) || !arch.some((a) => String(a).endsWith("ForSequenceClassification"))
    ) {
      await model.dispose();
      throw new TypeError(
        `Cannot use ${dir} as a reward model: config.json's architectures is not a *ForSequenceClassification`,
      );
    }
    return new RewardModel(model);
  }

  /** The text a pair is scored on. */
  render(pair: { prompt: string; response: string }): string {
    return this.model.files.chatTemplate
      ? this.model.applyChatTemplate([{ role: "user", content: pair.prompt }, {
        role: "assistant",
        content: pair.response,
      }], {
        addGenerationPrompt: false,
      })
      : `${pair.prompt}${pair.response}`;
  }

  /** Scores pairs in one batch: the first label's logit per pair (or every label with `allLabels`). */
  async score(pairs: readonly { prompt: string; response: string }[]): Promise<number[]>;
  /** Scores pairs in one batch: every label's logit per pair. */
  async score(
    pairs: readonly { prompt: string; response: string }[],
    options: { allLabels: true },
  ): Promise<number[][]>;
  async score(
    pairs: readonly { prompt: string; response: string }[],
    options: { allLabels?: boolean } = {},
  ): Promise<number[] | number[][]> {
    if (pairs.length === 0) return [];
    const { data, dims } = await this.model.forward(
      pairs.map((p) => this.model.encode(this.render(p))),
    );
    const labels = dims[dims.length - 1]!;
    const rows = pairs.map((_, i) => Array.from(data.subarray(i * labels, (i + 1) * labels)));
    return options.allLabels ? rows : rows.map((r) => r[0]!);
  }

  /** Releases the session. */
  dispose(): Promise<void> {
    return this.model.dispose();
  }

  /** Same as {@linkcode dispose}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
