/**
 * Trains a small byte-level BPE tokenizer and writes it in Hugging Face's `tokenizer.json`
 * format, so the test models have a real tokenizer.
 * @module
 */

/** GPT-2's byte-to-unicode table: every byte maps to a printable character. */
function bytesToUnicode(): string[] {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const table: string[] = new Array(256);
  bs.forEach((b, i) => (table[b] = String.fromCodePoint(cs[i]!)));
  return table;
}

/** GPT-2's pre-tokenisation pattern (the one ByteLevel with `use_regex` applies). */
const GPT2_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** A trained tokenizer: its `tokenizer.json` object, the ids of its special tokens and its size. */
export interface TrainedTokenizer {
  /** The tokenizer in Hugging Face's `tokenizer.json` format (plain JSON). */
  readonly tokenizer: Record<string, unknown>;
  /** Id of each special token. */
  readonly specialIds: Readonly<Record<string, number>>;
  /** Number of ids, special tokens included. */
  readonly vocabSize: number;
}

/** Options for {@linkcode trainByteLevelBpe}. */
export interface BpeOptions {
  /** Total vocabulary size, special tokens included. */
  readonly vocabSize: number;
  /** Special tokens, appended after the learned vocabulary. */
  readonly specialTokens: readonly string[];
  /**
   * A special token the post-processor puts before every sequence (Llama-3 style:
   * `Sequence[ByteLevel, TemplateProcessing]`). Default none.
   */
  readonly bosToken?: string;
}

/**
 * Trains byte-level BPE on a corpus (deterministic: ties go to the lexicographically smallest
 * pair) and returns a `tokenizer.json` object plus the special tokens' ids.
 *
 * @example
 * ```ts
 * import { trainByteLevelBpe } from "./bpe_tokenizer.ts";
 * import assert from "node:assert/strict";
 * const { specialIds } = trainByteLevelBpe(["the cat sat on the mat"], { vocabSize: 270, specialTokens: ["<|end|>"] });
 * assert.deepEqual(specialIds["<|end|>"], 259); // merges stop when no pair repeats
 * ```
 */
export function trainByteLevelBpe(
  corpus: readonly string[],
  options: BpeOptions,
): TrainedTokenizer {
  const byteChar = bytesToUnicode();
  const encoder = new TextEncoder();
  const words = new Map<string, number>();
  for (const text of corpus) {
    for (const m of text.matchAll(GPT2_PATTERN)) {
      const w = [...encoder.encode(m[0])].map((b) => byteChar[b]).join("");
      words.set(w, (words.get(w) ?? 0) + 1);
    }
  }
  const vocab = new Map<string, number>();
  byteChar.forEach((ch) => vocab.set(ch, vocab.size));
  const merges = learnMerges(words, vocab, options.vocabSize - options.specialTokens.length);
  const specialIds: Record<string, number> = {};
  for (const t of options.specialTokens) {
    specialIds[t] = vocab.size + Object.keys(specialIds).length;
  }
  const byteLevel = {
    type: "ByteLevel",
    add_prefix_space: false,
    trim_offsets: true,
    use_regex: true,
  };
  const postProcessor = options.bosToken
    ? {
      type: "Sequence",
      processors: [
        { ...byteLevel, trim_offsets: false },
        templateProcessing(
          options.bosToken,
          specialIds[options.bosToken]!,
        ),
      ],
    }
    : { ...byteLevel, trim_offsets: false };
  const tokenizer = bpeTokenizerJson({
    specials: options.specialTokens,
    specialIds,
    preTokenizer: byteLevel,
    postProcessor,
    decoder: byteLevel,
    vocab: Object.fromEntries(vocab),
    merges,
  });
  return { tokenizer, specialIds, vocabSize: vocab.size + options.specialTokens.length };
}

/** The parts of a BPE `tokenizer.json` that differ between tokenizers. */
export interface BpeTokenizerJsonParts {
  /** Special tokens, in id order. */
  readonly specials: readonly string[];
  /** Each special token's id. */
  readonly specialIds: Readonly<Record<string, number>>;
  /** The `normalizer` section. Default `null`. */
  readonly normalizer?: unknown;
  /** The `pre_tokenizer` section. Default `null`. */
  readonly preTokenizer?: unknown;
  /** The `post_processor` section. Default `null`. */
  readonly postProcessor?: unknown;
  /** The `decoder` section. */
  readonly decoder: unknown;
  /** Token to id. */
  readonly vocab: Readonly<Record<string, number>>;
  /** Merges, in rank order. */
  readonly merges: readonly (string | readonly string[])[];
  /** The unknown token. Default `null`. */
  readonly unkToken?: string | null;
  /** Fuse runs of unknown tokens / fall back to bytes. Default `false`. */
  readonly fuseUnk?: boolean;
  /** Fall back to `<0xNN>` byte tokens. Default `false`. */
  readonly byteFallback?: boolean;
}

/**
 * A Hugging Face `tokenizer.json` for a BPE model, in the field order the `tokenizers` library
 * writes: the one skeleton every tokenizer the project writes shares.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bpeTokenizerJson } from "./bpe_tokenizer.ts";
 * const t = bpeTokenizerJson({
 *   specials: ["<pad>"], specialIds: { "<pad>": 0 }, decoder: { type: "Fuse" },
 *   vocab: { "<pad>": 0, a: 1 }, merges: [],
 * });
 * assert.equal((t.model as { type: string }).type, "BPE");
 * assert.deepEqual((t.added_tokens as { content: string }[]).map((x) => x.content), ["<pad>"]);
 * ```
 */
export function bpeTokenizerJson(parts: BpeTokenizerJsonParts): Record<string, unknown> {
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: parts.specials.map((content) => ({
      id: parts.specialIds[content]!,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: parts.normalizer ?? null,
    pre_tokenizer: parts.preTokenizer ?? null,
    post_processor: parts.postProcessor ?? null,
    decoder: parts.decoder,
    model: {
      type: "BPE",
      dropout: null,
      unk_token: parts.unkToken ?? null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: parts.fuseUnk ?? false,
      byte_fallback: parts.byteFallback ?? false,
      ignore_merges: false,
      vocab: parts.vocab,
      merges: parts.merges,
    },
  };
}

/** A TemplateProcessing post-processor that puts `bos` before every sequence. */
function templateProcessing(bos: string, id: number) {
  return {
    type: "TemplateProcessing",
    single: [{ SpecialToken: { id: bos, type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
    pair: [
      { SpecialToken: { id: bos, type_id: 0 } },
      { Sequence: { id: "A", type_id: 0 } },
      { SpecialToken: { id: bos, type_id: 1 } },
      { Sequence: { id: "B", type_id: 1 } },
    ],
    special_tokens: { [bos]: { id: bos, ids: [id], tokens: [bos] } },
  };
}

/**
 * Learns BPE merges over word counts (each word a string of base symbols already in `vocab`)
 * until `vocab` has `target` entries; adds the merged symbols to `vocab`.
 */
function learnMerges(
  words: ReadonlyMap<string, number>,
  vocab: Map<string, number>,
  target: number,
): string[] {
  const merges: string[] = [];
  let splits = [...words.entries()].map(([w, count]) => ({ parts: [...w], count }));
  while (vocab.size < target) {
    const pairs = new Map<string, number>();
    for (const { parts, count } of splits) {
      for (let i = 0; i + 1 < parts.length; i++) {
        const key = `${parts[i]} ${parts[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + count);
      }
    }
    let best: string | null = null, bestCount = 1;
    for (const [key, count] of pairs) {
      if (count > bestCount || (count === bestCount && best !== null && key < best)) {
        [best, bestCount] = [key, count];
      }
    }
    if (!best) break;
    const [a, b] = best.split(" ") as [string, string];
    const joined = a + b;
    merges.push(best);
    if (!vocab.has(joined)) vocab.set(joined, vocab.size);
    splits = splits.map(({ parts, count }) => {
      const out: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i + 1 < parts.length && parts[i] === a && parts[i + 1] === b) {
          out.push(joined);
          i++;
        } else out.push(parts[i]!);
      }
      return { parts: out, count };
    });
  }
  return merges;
}

/** Options for {@linkcode trainMetaspaceBpe}. */
export interface MetaspaceBpeOptions {
  /** Total vocabulary size, the special and byte-fallback tokens included. */
  readonly vocabSize: number;
  /** Put `<s>` before every sequence (the post-processor; Llama-2's default). Default true. */
  readonly addBos?: boolean;
}

/**
 * Trains a Llama-2-style SentencePiece-BPE tokenizer and returns its `tokenizer.json`: the
 * normalizer prepends `▁` and turns spaces into `▁`, the model is BPE with byte fallback
 * (`<0x00>` … `<0xFF>`), the post-processor puts `<s>` first, and the decoder is
 * `Replace(▁ → space), ByteFallback, Fuse, Strip(1 leading space)`. Ids: `<unk>` 0, `<s>` 1,
 * `</s>` 2, bytes 3–258, then the learned pieces. Such tokenizers are why a target encoded on its
 * own gains a spurious `▁`, and why per-token decoding drops spaces (the Strip decoder).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Tokenizer } from "@huggingface/tokenizers";
 * import { trainMetaspaceBpe } from "./bpe_tokenizer.ts";
 * const { tokenizer } = trainMetaspaceBpe(["the cat sat on the mat"], { vocabSize: 300 });
 * const tok = new Tokenizer(tokenizer as never, {});
 * const ids = tok.encode("the mat", { add_special_tokens: false }).ids;
 * assert.deepEqual(tok.decode(ids), "the mat");
 * assert.deepEqual(tok.decode(ids.slice(1)), "mat"); // the Strip decoder drops the leading space
 * ```
 */
export function trainMetaspaceBpe(
  corpus: readonly string[],
  options: MetaspaceBpeOptions,
): TrainedTokenizer {
  const words = new Map<string, number>();
  const chars = new Set<string>();
  for (const text of corpus) {
    const normalized = "\u2581" + text.replaceAll(" ", "\u2581");
    for (const m of normalized.matchAll(/\u2581*[^\u2581]+|\u2581+/gu)) {
      words.set(m[0], (words.get(m[0]) ?? 0) + 1);
      for (const ch of m[0]) chars.add(ch);
    }
  }
  const vocab = new Map<string, number>([["<unk>", 0], ["<s>", 1], ["</s>", 2]]);
  for (let b = 0; b < 256; b++) {
    vocab.set(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`, vocab.size);
  }
  for (const ch of [...chars].sort()) vocab.set(ch, vocab.size);
  const merges = learnMerges(words, vocab, options.vocabSize);
  const specialIds = { "<unk>": 0, "<s>": 1, "</s>": 2 };
  const tokenizer = bpeTokenizerJson({
    specials: ["<unk>", "<s>", "</s>"],
    specialIds,
    normalizer: {
      type: "Sequence",
      normalizers: [{ type: "Prepend", prepend: "\u2581" }, {
        type: "Replace",
        pattern: { String: " " },
        content: "\u2581",
      }],
    },
    postProcessor: (options.addBos ?? true) ? templateProcessing("<s>", 1) : null,
    decoder: {
      type: "Sequence",
      decoders: [
        { type: "Replace", pattern: { String: "\u2581" }, content: " " },
        { type: "ByteFallback" },
        { type: "Fuse" },
        { type: "Strip", content: " ", start: 1, stop: 0 },
      ],
    },
    vocab: Object.fromEntries(vocab),
    merges,
    unkToken: "<unk>",
    fuseUnk: true,
    byteFallback: true,
  });
  return { tokenizer, specialIds, vocabSize: vocab.size };
}
