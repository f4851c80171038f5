/**
 * A character-level tokenizer for small models: one id per character of a fixed alphabet,
 * after two special tokens (padding and end of sequence). It writes itself as a Hugging Face
 * `tokenizer.json` (a BPE model without merges, so every character is its own token, and a
 * `Fuse` decoder), so exported models load in `CausalLM` and any HF-compatible runtime.
 * @module
 */
import { bpeTokenizerJson } from "../infer/model_builder/bpe_tokenizer.ts";

/** A character-level vocabulary. */
export interface CharTokenizer {
  /** The characters, in id order after the specials. */
  readonly alphabet: string;
  /** Id 0: padding (`<|endoftext|>`). */
  readonly padId: number;
  /** Id 1: end of sequence (`<|im_end|>`). */
  readonly eosId: number;
  /** Number of ids: the special tokens and the alphabet. */
  readonly vocabSize: number;
}

/**
 * The special tokens, in id order.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { SPECIAL_TOKENS } from "./char_tokenizer.ts";
 * assertEquals(SPECIAL_TOKENS.length, 2);
 * ```
 */
export const SPECIAL_TOKENS = ["<|endoftext|>", "<|im_end|>"] as const;

/**
 * The alphabet of the compact chain template: digits, signs, `,` and `:`, and the problem
 * labels `a` to `j`.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { CHAIN_ALPHABET } from "./char_tokenizer.ts";
 * assertEquals(CHAIN_ALPHABET.length, 24);
 * ```
 */
export const CHAIN_ALPHABET = "0123456789+-,:abcdefghij";

/**
 * A tokenizer over `alphabet` (characters must be distinct).
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { charTokenizer } from "./char_tokenizer.ts";
 * assertEquals(charTokenizer("ab").vocabSize, 4);
 * ```
 */
export function charTokenizer(alphabet: string = CHAIN_ALPHABET): CharTokenizer {
  const chars = [...alphabet];
  if (new Set(chars).size !== chars.length) {
    throw new RangeError(`Tokenizer alphabet "${alphabet}" repeats a character`);
  }
  return { alphabet, padId: 0, eosId: 1, vocabSize: SPECIAL_TOKENS.length + chars.length };
}

/**
 * Token ids of a text; a character outside the alphabet is an error that names it.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { charTokenizer, encodeChars } from "./char_tokenizer.ts";
 * assertEquals(encodeChars(charTokenizer("ab"), "ba"), [3, 2]);
 * ```
 */
export function encodeChars(tok: CharTokenizer, text: string): number[] {
  const chars = [...tok.alphabet];
  return [...text].map((ch, i) => {
    const id = chars.indexOf(ch);
    if (id < 0) {
      throw new RangeError(
        `Cannot encode character ${JSON.stringify(ch)} at offset ${i} of ${
          JSON.stringify(text)
        }: the alphabet is ${JSON.stringify(tok.alphabet)}`,
      );
    }
    return id + SPECIAL_TOKENS.length;
  });
}

/**
 * Text of token ids, stopping at end of sequence; padding and specials are skipped.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { charTokenizer, decodeChars } from "./char_tokenizer.ts";
 * assertEquals(decodeChars(charTokenizer("ab"), [2, 3, 1, 2]), "ab");
 * ```
 */
export function decodeChars(tok: CharTokenizer, ids: readonly number[]): string {
  const chars = [...tok.alphabet];
  let out = "";
  for (const id of ids) {
    if (id === tok.eosId) break;
    if (id >= SPECIAL_TOKENS.length) out += chars[id - SPECIAL_TOKENS.length] ?? "";
  }
  return out;
}

/**
 * The tokenizer as Hugging Face `tokenizer.json`: a BPE model without merges over the alphabet
 * (each character one token), no normaliser or pre-tokeniser, a `Fuse` decoder, and the two
 * specials as added tokens.
 *
 * @example
 * ```ts
 * import { deepEqual as assertEquals } from "node:assert/strict";
 * import { charTokenizer, hfTokenizerJson } from "./char_tokenizer.ts";
 * const json = hfTokenizerJson(charTokenizer("ab")) as { model: { vocab: Record<string, number> } };
 * assertEquals(json.model.vocab, { "<|endoftext|>": 0, "<|im_end|>": 1, a: 2, b: 3 });
 * ```
 */
export function hfTokenizerJson(tok: CharTokenizer): Record<string, unknown> {
  const vocab: Record<string, number> = {};
  SPECIAL_TOKENS.forEach((t, i) => (vocab[t] = i));
  [...tok.alphabet].forEach((ch, i) => (vocab[ch] = i + SPECIAL_TOKENS.length));
  return bpeTokenizerJson({
    specials: SPECIAL_TOKENS,
    specialIds: vocab,
    decoder: { type: "Fuse" },
    vocab,
    merges: [],
  });
}
