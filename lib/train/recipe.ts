/**
 * The recipe of the model shipped in `data/model/`: one place for its shape, data and
 * optimiser settings, used by `deno task train` and recorded in `data/model/training.json`.
 * @module
 */
import type { AdamOptions } from "./adam.ts";
import type { DepthMix } from "./chain_data.ts";
import { CHAIN_ALPHABET, charTokenizer } from "./char_tokenizer.ts";
import type { DecoderConfig } from "./model.ts";

/** A supervised training recipe for a chain model. */
export interface ChainRecipe {
  /** Characters the tokenizer knows. */
  readonly alphabet: string;
  /** Shape of the model. */
  readonly config: DecoderConfig;
  /** Training steps. */
  readonly steps: number;
  /** Examples per batch. */
  readonly batchSize: number;
  /** Kinds of batch: weight, depth mixture (index 0 is depth 1) and width. */
  readonly batches: readonly { weight: number; mix: DepthMix; width: number }[];
  /** Optimiser settings. */
  readonly adam: AdamOptions;
  /** Seed of the weights and the data. */
  readonly seed: number;
}

const tok = charTokenizer(CHAIN_ALPHABET);

/**
 * The shipped model's recipe: a 3-layer decoder (hidden 64, 4 heads, 2 KV heads, SwiGLU 192,
 * 64 positions) trained on compact recomputed `chain_sum` chains (seed 0): 75% of batches are
 * short chains (depth 1 to 3, width 24), 25% long ones (depth 4 to 8, width 56). Long chains
 * get a quarter of the data spread over five depths, so the model is reliable on short chains,
 * weaker on long ones, and never at zero there (RL needs some successes to learn from).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { SHIPPED_RECIPE } from "./recipe.ts";
 * assertEquals(SHIPPED_RECIPE.config.vocabSize, 26);
 * ```
 */
export const SHIPPED_RECIPE: ChainRecipe = {
  alphabet: CHAIN_ALPHABET,
  config: {
    vocabSize: tok.vocabSize,
    hiddenSize: 64,
    numLayers: 3,
    numHeads: 4,
    numKvHeads: 2,
    intermediateSize: 192,
    maxPositions: 64,
    ropeTheta: 10000,
    rmsEps: 1e-6,
  },
  steps: 1200,
  batchSize: 64,
  batches: [
    { weight: 0.75, mix: [0.4, 0.3, 0.3], width: 24 },
    { weight: 0.25, mix: [0, 0, 0, 1, 1, 1, 1, 1], width: 52 },
  ],
  adam: {
    lr: 3e-3,
    warmupSteps: 100,
    totalSteps: 1200,
    minLrRatio: 0.05,
    clipNorm: 1,
    weightDecay: 0.01,
  },
  seed: 0,
};
