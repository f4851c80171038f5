/**
 * Tokenizer fidelity for real Hugging Face exports: which special tokens encoding adds (the
 * post-processor, overridden by `tokenizer_config.json`'s `add_bos_token` / `add_eos_token`),
 * and incremental decoding for streaming (decode the sequence, emit the new suffix).
 * @module
 */

/** The special tokens encoding puts before and after a sequence. */
export interface SpecialTokenPlan {
  /** Ids put before the sequence (e.g. BOS). */
  readonly prefix: readonly number[];
  /** Ids put after the sequence (e.g. EOS). */
  readonly suffix: readonly number[];
}

type Json = Record<string, unknown>;

function tokenContent(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && "content" in v) return String((v as Json).content);
  return null;
}

function templateOf(post: unknown): Json | null {
  if (!post || typeof post !== "object") return null;
  const p = post as Json;
  if (p.type === "TemplateProcessing") return p;
  if (p.type === "Sequence" && Array.isArray(p.processors)) {
    for (const inner of p.processors) {
      const t = templateOf(inner);
      if (t) return t;
    }
  }
  return null;
}

/**
 * Works out the special tokens encoding adds, as Hugging Face's tokenizers do by default
 * (`add_special_tokens=True`): the `single` template of a `TemplateProcessing` post-processor
 * (directly or inside a `Sequence`, as in Llama 3), or `cls`/`sep` of a Bert/Roberta processor;
 * then `tokenizer_config.json`'s `add_bos_token` / `add_eos_token`, when present, decide whether
 * the BOS / EOS token is there (as Llama's and Gemma's tokenizer classes rebuild their
 * post-processor from them). `tokenId` maps a token's text to its id.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { specialTokenPlan } from "./tokenization.ts";
 * const tokenizerJson = {
 *   post_processor: {
 *     type: "TemplateProcessing",
 *     single: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
 *     special_tokens: { "<s>": { id: "<s>", ids: [1], tokens: ["<s>"] } },
 *   },
 * };
 * const ids: Record<string, number> = { "<s>": 1, "</s>": 2 };
 * const id = (t: string) => ids[t] ?? null;
 * assert.deepEqual(specialTokenPlan(tokenizerJson, {}, id), { prefix: [1], suffix: [] });
 * assert.deepEqual(
 *   specialTokenPlan(tokenizerJson, { add_bos_token: false, bos_token: "<s>", add_eos_token: true, eos_token: "</s>" }, id),
 *   { prefix: [], suffix: [2] },
 * );
 * ```
 */
export function specialTokenPlan(
  tokenizerJson: Json,
  tokenizerConfig: Json,
  tokenId: (token: string) => number | null,
): SpecialTokenPlan {
  let prefix: number[] = [], suffix: number[] = [];
  const post = tokenizerJson.post_processor as Json | null | undefined;
  const template = templateOf(post);
  if (template && Array.isArray(template.single)) {
    const specials = (template.special_tokens ?? {}) as Record<string, { ids?: number[] }>;
    let seenSequence = false;
    for (const piece of template.single as Json[]) {
      if ("Sequence" in piece) {
        seenSequence = true;
        continue;
      }
      const name = (piece.SpecialToken as Json | undefined)?.id;
      if (typeof name !== "string") continue;
      const ids = specials[name]?.ids ?? [tokenId(name)].filter((x): x is number => x !== null);
      (seenSequence ? suffix : prefix).push(...ids);
    }
  } else if (post && (post.type === "BertProcessing" || post.type === "RobertaProcessing")) {
    const cls = post.cls as [string, number] | undefined,
      sep = post.sep as
        | [string, number]
        | undefined;
    if (cls) prefix = [cls[1]];
    if (sep) suffix = [sep[1]];
  }
  const override = (
    key: "add_bos_token" | "add_eos_token",
    tokenKey: string,
    list: number[],
    atStart: boolean,
  ): number[] => {
    const flag = tokenizerConfig[key];
    if (typeof flag !== "boolean") return list;
    const text = tokenContent(tokenizerConfig[tokenKey]);
    const id = text === null ? null : tokenId(text);
    if (id === null) return list;
    const without = list.filter((x) => x !== id);
    return flag ? (atStart ? [id, ...without] : [...without, id]) : without;
  };
  prefix = override("add_bos_token", "bos_token", prefix, true);
  suffix = override("add_eos_token", "eos_token", suffix, false);
  return { prefix, suffix };
}

/**
 * Adds a plan's special tokens to encoded ids, except where the text already carries them: a
 * prompt rendered by a chat template that writes `{{ bos_token }}` starts with the BOS already,
 * and a second one is not added (Hugging Face would add it and warn; a doubled BOS is never
 * wanted).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withSpecialTokens } from "./tokenization.ts";
 * const plan = { prefix: [1], suffix: [] };
 * assert.deepEqual(withSpecialTokens([5, 6], plan), [1, 5, 6]);
 * assert.deepEqual(withSpecialTokens([1, 5, 6], plan), [1, 5, 6]);
 * ```
 */
export function withSpecialTokens(
  ids: readonly number[],
  plan: SpecialTokenPlan,
  options: { suffix?: boolean } = {},
): number[] {
  const startsWith = plan.prefix.every((t, i) => ids[i] === t);
  const endsWith = plan.suffix.every((t, i) => ids[ids.length - plan.suffix.length + i] === t);
  return [
    ...(startsWith ? [] : plan.prefix),
    ...ids,
    ...(options.suffix === false || endsWith ? [] : plan.suffix),
  ];
}

/**
 * Streams the text of a growing token sequence: each `push` decodes the whole sequence and
 * returns the text not yet emitted, so decoders that look at neighbours (SentencePiece's Strip of
 * a leading space, byte fallback, cleanup) give the same text as decoding at the end. Text that
 * ends in an incomplete UTF-8 character (U+FFFD) is held back until it completes; `flush`
 * returns whatever is left. The concatenation of everything emitted equals `decode(tokens)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TextStreamer } from "./tokenization.ts";
 * const pieces: Record<number, string> = { 1: "▁Hello", 2: "▁world" };
 * // a SentencePiece-style decode: ▁ becomes a space and one leading space is stripped
 * const decode = (ids: readonly number[]) => ids.map((i) => pieces[i]).join("").replaceAll("▁", " ").replace(/^ /, "");
 * const s = new TextStreamer(decode);
 * assert.deepEqual([s.push(1), s.push(2), s.flush()], ["Hello", " world", ""]);
 * ```
 */
export class TextStreamer {
  readonly #decode: (ids: readonly number[]) => string;
  readonly #tokens: number[] = [];
  #emitted = "";

  /** A streamer over `decode`, the tokenizer's decoding of a whole id sequence. */
  constructor(decode: (ids: readonly number[]) => string) {
    this.#decode = decode;
  }

  /** Adds a token and returns the new text it completes (possibly empty). */
  push(token: number): string {
    this.#tokens.push(token);
    const text = this.#decode(this.#tokens);
    if (text.endsWith("\uFFFD")) return "";
    return this.#emit(text);
  }

  /** Returns the text not yet emitted (an incomplete character included). */
  flush(): string {
    return this.#emit(this.#decode(this.#tokens));
  }

  /**
   * Emits the rest of `finalText` (the sequence's final text, e.g. cut at a stop string): the
   * part beyond what was already emitted, or nothing when that much was emitted already.
   */
  finish(finalText: string): string {
    return this.#emit(finalText);
  }

  /** Emitted text is never retracted: only text beyond the emitted length comes out. */
  #emit(text: string): string {
    if (text.length <= this.#emitted.length) return "";
    const delta = text.slice(this.#emitted.length);
    this.#emitted = text;
    return delta;
  }
}

/** What {@linkcode unencodableCharacters} needs of a tokenizer: encoding and decoding. */
export interface TextCodec {
  /** Token ids of a text, without added special tokens when asked. */
  encode(text: string, options?: { addSpecialTokens?: boolean }): number[];
  /** Text of token ids. */
  decode(ids: readonly number[], options?: { skipSpecialTokens?: boolean }): string;
}

/**
 * The distinct characters of `text` that the tokenizer cannot encode: encoding the character
 * alone and decoding the ids does not give it back (a character-level vocabulary without an
 * unknown token drops it; one with an unknown token turns it into that token), in order of
 * first appearance.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unencodableCharacters } from "./tokenization.ts";
 * const vocab = [..."0123456789+"];
 * const codec = {
 *   encode: (t: string) => [...t].map((c) => vocab.indexOf(c)).filter((i) => i >= 0),
 *   decode: (ids: readonly number[]) => ids.map((i) => vocab[i]).join(""),
 * };
 * assert.deepEqual(unencodableCharacters(codec, "2 + 3 = ?"), [" ", "=", "?"]);
 * assert.deepEqual(unencodableCharacters(codec, "2+3"), []);
 * ```
 */
export function unencodableCharacters(codec: TextCodec, text: string): string[] {
  const out: string[] = [];
  for (const c of new Set(text)) {
    const ids = codec.encode(c, { addSpecialTokens: false });
    if (!ids.length || !codec.decode(ids, { skipSpecialTokens: true }).includes(c)) out.push(c);
  }
  return out;
}
