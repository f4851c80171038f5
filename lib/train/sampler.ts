/**
 * Sampling and evaluation of trained weights through the ONNX runtime: the weights are
 * exported with the project's writer and run by `CausalLM` (KV cache, batched, seeded), and
 * answers are scored by the project's verifier through {@linkcode scoreCompact}.
 * @module
 */
import { join } from "node:path";
import type { ComposedTask } from "../compose/composed_task.ts";
import type { BackendName } from "../infer/backend.ts";
import { CausalLM, type Generation } from "../infer/causal_lm.ts";
import { standaloneProblems } from "../compose/standalone.ts";
import type { Task } from "../tasks/task.ts";
import { chainExamples, type ChainOptions, compactExample } from "./chain_data.ts";
import type { CharTokenizer } from "./char_tokenizer.ts";
import { exportModel, PROMPT_FORMAT, PROMPT_FORMAT_KEY } from "./export.ts";
import type { DecoderConfig, DecoderWeights } from "./model.ts";
import { scoreCompact } from "./score.ts";

/**
 * Owns a `CausalLM` session for weights that change during training: `update(weights)`
 * re-exports them (into a private temporary folder) and reloads the session.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { OnnxSampler } from "./sampler.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { initWeights } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * await using s = new OnnxSampler(c, charTokenizer());
 * await s.update(initWeights(c, 0));
 * assertEquals(s.model.backend.backend, "cpu");
 * ```
 */
export class OnnxSampler implements AsyncDisposable {
  #dir: string | null = null;
  #lm: CausalLM | null = null;
  /** Shape of the model. */
  readonly config: DecoderConfig;
  /** The tokenizer the model reads. */
  readonly tokenizer: CharTokenizer;
  /** Backend the model runs on. */
  readonly backend: BackendName;

  /** A sampler for models of `config`; call {@linkcode update} before sampling. */
  constructor(config: DecoderConfig, tokenizer: CharTokenizer, backend: BackendName = "cpu") {
    this.config = config;
    this.tokenizer = tokenizer;
    this.backend = backend;
  }

  /** Exports `weights` and loads them. */
  async update(weights: DecoderWeights): Promise<void> {
    this.#dir ??= await Deno.makeTempDir({ prefix: "farsight-rl-policy-" });
    await exportModel(this.#dir, this.config, weights, this.tokenizer);
    await this.#lm?.dispose();
    this.#lm = await CausalLM.load(this.#dir, { backend: this.backend });
  }

  /** The loaded model (after {@linkcode update}). */
  get model(): CausalLM {
    if (!this.#lm) throw new Error("OnnxSampler: call update(weights) before sampling");
    return this.#lm;
  }

  /** Releases the model and removes its temporary folder. */
  async dispose(): Promise<void> {
    await this.#lm?.dispose();
    this.#lm = null;
    if (this.#dir) await Deno.remove(this.#dir, { recursive: true }).catch(() => {});
    this.#dir = null;
  }

  /** Same as {@linkcode dispose}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}

/**
 * Longest compact response of a chain of `depth` (a label and two digits per answer, EOS), plus slack.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { maxResponseTokens } from "./sampler.ts";
 * assertEquals(maxResponseTokens(8), 26);
 * ```
 */
export function maxResponseTokens(depth: number): number {
  return 3 * depth + 2;
}

/**
 * Generates compact responses to tasks with a model: prompts in the compact template, greedy
 * unless `temperature` is given, seeded.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { generateCompact, OnnxSampler } from "./sampler.ts";
 * import { sampleChain } from "./chain_data.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { initWeights } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * await using s = new OnnxSampler({ ...c, maxPositions: 32 }, charTokenizer());
 * await s.update(initWeights({ ...c, maxPositions: 32 }, 0));
 * const [g] = await generateCompact(s.model, [sampleChain(2, 1, 0)]);
 * assertEquals(g!.tokens.length <= 8, true);
 * ```
 */
export async function generateCompact(
  lm: CausalLM,
  tasks: readonly (Task | ComposedTask)[],
  options: { temperature?: number; seed?: number; maxNewTokens?: number } = {},
): Promise<Generation[]> {
  if (tasks.length === 0) return [];
  const examples = tasks.map(compactExample);
  const depth = Math.max(...examples.map((e) => e.depth));
  return await lm.generate(examples.map((e) => e.prompt), {
    maxNewTokens: options.maxNewTokens ?? maxResponseTokens(depth),
    seed: options.seed ?? 0,
    ...(options.temperature === undefined
      ? { greedy: true }
      : { temperature: options.temperature }),
  });
}

/** Accuracy of a model at one horizon. */
export interface DepthAccuracy {
  /** Chain depth. */
  readonly depth: number;
  /** Chains evaluated. */
  readonly n: number;
  /** R_all: every answer of the chain right. */
  readonly accuracy: number;
  /** R_last: the final answer right. */
  readonly lastAccuracy: number;
  /** Mean fraction of answers right. */
  readonly fraction: number;
  /**
   * With `perChain`: for each chain in order, the fraction of its samples with every answer
   * right (0 or 1 when greedy), so intervals can be drawn over chains.
   */
  readonly chains?: readonly number[];
}

/** The result of {@linkcode evaluateByDepth}. */
export interface HorizonEvaluation {
  /** Accuracy at each depth evaluated. */
  readonly byDepth: readonly DepthAccuracy[];
  /** Accuracy on every constituent problem asked alone (the family's pass rate). */
  readonly singlePassRate: number;
  /** R-Horizon's independence expectation `p^n` from that pass rate, by depth. */
  readonly expected: readonly { depth: number; expected: number }[];
}

/**
 * Accuracy by horizon on held-out chains (`perDepth` per depth, from `seed`, in the
 * `"heldout"` stream that training never draws from), scored by
 * the project's verifier, beside R-Horizon's independence expectation: every constituent
 * problem is also asked alone, and `p^n` is computed from that pass rate `p`.
 *
 * Decoding is greedy unless `sampling` is given: then every chain (and every problem asked
 * alone) is sampled `samples` times at `temperature`, and each accuracy is the mean over all
 * samples, R-Horizon's Avg@k (the paper samples at temperature 1.0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { evaluateByDepth, OnnxSampler } from "./sampler.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { initWeights } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 32 };
 * await using s = new OnnxSampler(c, charTokenizer());
 * await s.update(initWeights(c, 0));
 * const r = await evaluateByDepth(s.model, { depths: [1, 2], perDepth: 2, seed: 9 });
 * assert.deepEqual(r.byDepth.map((d) => [d.depth, d.n]), [[1, 2], [2, 2]]);
 * assert.ok(r.byDepth.every((d) => d.accuracy >= 0 && d.accuracy <= d.lastAccuracy + 1));
 * assert.deepEqual(r.expected.map((e) => e.depth), [1, 2]);
 * const sampled = await evaluateByDepth(s.model, { depths: [1], perDepth: 2, seed: 9, sampling: { samples: 3, temperature: 1 } });
 * assert.equal(sampled.byDepth[0]!.n, 2);
 * const each = await evaluateByDepth(s.model, { depths: [1], perDepth: 2, seed: 9, perChain: true, sampling: { samples: 4, temperature: 1 } });
 * const chains = each.byDepth[0]!.chains!;
 * assert.equal(chains.length, 2);
 * assert.equal((chains[0]! + chains[1]!) / 2, each.byDepth[0]!.accuracy);
 * ```
 */
export async function evaluateByDepth(
  lm: CausalLM,
  options: {
    depths?: readonly number[];
    perDepth?: number;
    seed?: number;
    chain?: ChainOptions;
    /** Skip the standalone pass (no expectation). Default false. */
    skipStandalone?: boolean;
    /** Also return each chain's R_all score (`DepthAccuracy.chains`). Default false. */
    perChain?: boolean;
    /** Sample instead of decoding greedily: `samples` per chain at `temperature` (seeded). */
    sampling?: { samples: number; temperature: number; seed?: number };
  } = {},
): Promise<HorizonEvaluation> {
  const depths = options.depths ?? [1, 2, 3, 4, 5, 6, 7, 8];
  const n = options.perDepth ?? 50, seed = options.seed ?? 777;
  const k = options.sampling?.samples ?? 1;
  if (!(Number.isInteger(k) && k >= 1)) {
    throw new RangeError(`sampling.samples must be an integer >= 1, got ${k}`);
  }
  const repeat = <T>(xs: readonly T[]): T[] => xs.flatMap((x) => Array<T>(k).fill(x));
  const decode = (ts: readonly (Task | ComposedTask)[]) =>
    generateCompact(
      lm,
      ts,
      options.sampling
        ? { temperature: options.sampling.temperature, seed: options.sampling.seed ?? seed }
        : {},
    );
  const byDepth: DepthAccuracy[] = [];
  const singles: Task[] = [];
  for (const depth of depths) {
    const mix = Array.from({ length: depth }, (_, i) => (i === depth - 1 ? 1 : 0));
    const tasks = chainExamples(n, mix, seed + depth, { split: "heldout", ...options.chain }).map((
      e,
    ) => e.task as ComposedTask);
    const asked = repeat(tasks);
    const gens = await decode(asked);
    const scored = asked.map((t, i) => scoreCompact(t, gens[i]!.text));
    const m = scored.length;
    byDepth.push({
      depth,
      n,
      accuracy: scored.filter((s) => s.correct).length / m,
      lastAccuracy: scored.filter((s) => s.perProblem[s.perProblem.length - 1]).length / m,
      fraction: scored.reduce(
        (s, x) => s + x.perProblem.filter(Boolean).length / x.perProblem.length,
        0,
      ) / m,
      ...(options.perChain
        ? {
          chains: tasks.map((_, c) =>
            scored.slice(c * k, (c + 1) * k).filter((s) => s.correct).length / k
          ),
        }
        : {}),
    });
    if (!options.skipStandalone) singles.push(...tasks.flatMap(standaloneProblems));
  }
  let p = Number.NaN;
  if (singles.length) {
    let right = 0;
    const all = repeat(singles);
    for (let i = 0; i < all.length; i += 256) {
      const chunk = all.slice(i, i + 256);
      const gens = await decode(chunk);
      right += chunk.filter((t, j) => scoreCompact(t, gens[j]!.text).correct).length;
    }
    p = right / all.length;
  }
  return {
    byDepth,
    singlePassRate: p,
    expected: depths.map((depth) => ({ depth, expected: p ** depth })),
  };
}

/**
 * Loads a model directory written by `exportModel` (e.g. `data/model`) on a backend.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { loadTrainedModel } from "./sampler.ts";
 * import { exportModel } from "./export.ts";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * import { initWeights } from "./model.ts";
 * const c = { vocabSize: 26, hiddenSize: 8, numLayers: 1, numHeads: 2, numKvHeads: 1, intermediateSize: 16, maxPositions: 16 };
 * const dir = await Deno.makeTempDir();
 * await exportModel(dir, c, initWeights(c, 0), charTokenizer());
 * await using lm = await loadTrainedModel(dir);
 * assertEquals(lm.encode("1+2:").length, 4);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadTrainedModel(
  dir: string,
  backend: BackendName | "auto" = "cpu",
): Promise<CausalLM> {
  const config = JSON.parse(await Deno.readTextFile(join(dir, "config.json")));
  if (config[PROMPT_FORMAT_KEY] !== PROMPT_FORMAT) {
    throw new Error(
      `${join(dir, "config.json")}: farsight_prompt_format is ${
        JSON.stringify(config.farsight_prompt_format)
      }, expected ${
        JSON.stringify(PROMPT_FORMAT)
      } (a model trained by lib/train with its labelled compact template)`,
    );
  }
  return await CausalLM.load(dir, { backend });
}
