/**
 * Trains a small byte-level BPE tokenizer and writes it in Hugging Face's `tokenizer.json`
 * format, so the test models have a real tokenizer.
 * @module
 */

/** GPT-2's byte-to-unicode table: every byte maps to a printable character. */
export function bytesToUnicode(): string[] {
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
export const GPT2_PATTERN =
  /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Options for {@linkcode trainByteLevelBpe}. */
export interface BpeOptions {
  /** Total vocabulary size, special tokens included. */
  readonly vocabSize: number;
  /** Special tokens, appended after the learned vocabulary. */
  readonly specialTokens: readonly string[];
}

/**
 * Trains byte-level BPE on a corpus (deterministic: ties go to the lexicographically smallest
 * pair) and returns a `tokenizer.json` object plus the special tokens' ids.
 *
 * @example
 * ```ts
 * import { trainByteLevelBpe } from "./bpe_tokenizer.ts";
 * const { tokenizer, specialIds } = trainByteLevelBpe(["the cat sat on the mat"], { vocabSize: 270, specialTokens: ["<|end|>"] });
 * specialIds["<|end|>"]; // 269
 * ```
 */
export function trainByteLevelBpe(corpus: readonly string[], options: BpeOptions) {
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
  const merges: string[] = [];
  let splits = [...words.entries()].map(([w, count]) => ({ parts: [...w], count }));
  const target = options.vocabSize - options.specialTokens.length;
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
  const tokenizer = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: options.specialTokens.map((content) => ({
      id: specialIds[content]!,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: { ...byteLevel, trim_offsets: false },
    decoder: byteLevel,
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(vocab),
      merges,
    },
  };
  return { tokenizer, specialIds, vocabSize: vocab.size + options.specialTokens.length };
}
