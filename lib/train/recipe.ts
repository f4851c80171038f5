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
  readonly alphabet: string;
  readonly config: DecoderConfig;
  readonly steps: number;
  readonly batchSize: number;
  readonly width: number;
  /** Depth mixture of the training chains (index 0 is depth 1). */
  readonly mix: DepthMix;
  readonly adam: AdamOptions;
  readonly seed: number;
}

const tok = charTokenizer(CHAIN_ALPHABET);

/**
 * The shipped model's recipe: a 3-layer decoder (hidden 64, 4 heads, 2 KV heads, SwiGLU 192,
 * 64 positions) trained on compact recomputed `chain_sum` chains of depth 1 to 3 (seed 0).
 * Depths 4 to 8 are never seen in training: they measure how the model's accuracy decays with
 * the horizon, and what RL with a curriculum can add.
 *
 * @example
 * ```ts
 * import { assertEquals } from "node:assert/strict";
 * import { SHIPPED_RECIPE } from "./recipe.ts";
 * assertEquals(SHIPPED_RECIPE.config.vocabSize, 16);
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
  steps: 3000,
  batchSize: 64,
  width: 24,
  mix: [0.4, 0.3, 0.3],
  adam: { lr: 3e-3, warmupSteps: 100, minLrRatio: 0.05, clipNorm: 1, weightDecay: 0.01 },
  seed: 0,
};
