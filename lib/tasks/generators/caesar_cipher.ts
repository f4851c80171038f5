import { defineFamily, drawIn } from "./family.ts";

interface CaesarParams {
  [key: string]: string | number;
  plaintext: string;
  shift: number;
}

const WORDS = (
  "river stone cloud garden market lantern violin orbit harbor meadow pencil copper " +
  "winter candle forest signal planet silver thunder window basket mirror rocket tiger " +
  "anchor bridge castle desert engine falcon glacier island jungle kettle ladder magnet"
).split(" ");

function shiftText(text: string, shift: number): string {
  return text.replace(
    /[a-z]/g,
    (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + shift) % 26 + 26) % 26 + 97),
  );
}

/**
 * Decode a Caesar cipher given the shift; the answer is the lower-case plaintext. Attributes:
 * `words` (1–12). Chain input: the shift (any integer; applied mod 26).
 *
 * @example
 * ```ts
 * import { caesarCipher } from "./caesar_cipher.ts";
 * caesarCipher.question({ plaintext: "abc", shift: 1 }); // mentions "bcd"
 * caesarCipher.answer({ plaintext: "abc", shift: 1 }); // "abc"
 * ```
 */
export const caesarCipher = defineFamily<CaesarParams>({
  name: "caesar_cipher",
  category: "algorithmic",
  description: "Decode a Caesar cipher",
  answerKind: "string",
  attributes: {
    words: {
      description: "words in the message",
      levels: [1, 2, 3, 4, 6, 8, 12],
      default: [2, 4],
      min: 1,
      max: 12,
    },
  },
  sample(rng, config) {
    const n = drawIn(rng, config.words!);
    return {
      plaintext: Array.from({ length: n }, () => rng.pick(WORDS)).join(" "),
      shift: rng.int(1, 25),
    };
  },
  difficulty: (p) => ({ words: p.plaintext.split(" ").length }),
  question: (p, inputSymbol) =>
    `The message "${
      shiftText(p.plaintext, p.shift)
    }" was encrypted by shifting every letter forward by ` +
    `${
      inputSymbol ?? p.shift
    } places in the alphabet (wrapping from z to a). What is the original message, in lower case?`,
  answer: (p) => p.plaintext,
  check: (p, answer) =>
    shiftText(answer.trim().toLowerCase(), p.shift) === shiftText(p.plaintext, p.shift),
  input: {
    describe: "the shift",
    min: -(10n ** 9n),
    max: 10n ** 9n,
    get: (p) => BigInt(p.shift),
    set: (p, v) => ({ ...p, shift: Number(v) }),
  },
});
