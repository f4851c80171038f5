import { charTokenizer } from "../../lib/train/char_tokenizer.ts";
import type { DecoderConfig } from "../../lib/train/model.ts";

/** The chain tokenizer the train tests use. */
export const tok = charTokenizer();

/** A one-layer decoder over {@linkcode tok}: small enough for a test to train it. */
export const micro: DecoderConfig = {
  vocabSize: tok.vocabSize,
  hiddenSize: 16,
  numLayers: 1,
  numHeads: 2,
  numKvHeads: 1,
  intermediateSize: 32,
  maxPositions: 64,
};
