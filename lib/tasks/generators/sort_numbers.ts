import { defineFamily, drawIn } from "./family.ts";

interface SortParams {
  [key: string]: string[] | number;
  numbers: string[];
  magnitude: number;
}

/** Parses `"(1, -2, 3)"` into integers; `null` if it is not a tuple of integers. */
export function parseIntegerTuple(text: string): bigint[] | null {
  const m = text.trim().match(/^\(\s*(.*?)\s*\)$/);
  if (!m) return null;
  if (m[1] === "") return [];
  const items = m[1]!.split(",").map((s) => s.trim());
  return items.every((s) => /^-?\d+$/.test(s)) ? items.map(BigInt) : null;
}

/**
 * Sort a list of integers ascending; the answer is a tuple `"(-3, 5, 9)"`. Attributes:
 * `count` (2–30), `magnitude` (digits, 1–12). Chain input: the first number in the list.
 *
 * @example
 * ```ts
 * import { sortNumbers } from "./sort_numbers.ts";
 * sortNumbers.answer({ numbers: ["5", "-3", "9"], magnitude: 1 }); // "(-3, 5, 9)"
 * ```
 */
export const sortNumbers = defineFamily<SortParams>({
  name: "sort_numbers",
  category: "algorithmic",
  description: "Sort integers in ascending order",
  answerKind: "tuple",
  projection: "first_integer",
  attributes: {
    count: {
      description: "how many numbers",
      levels: [3, 5, 8, 12, 20, 30],
      default: [3, 8],
      min: 2,
      max: 30,
    },
    magnitude: {
      description: "digits per number",
      levels: [1, 2, 3, 4, 6, 9, 12],
      default: [1, 3],
      min: 1,
      max: 12,
    },
  },
  sample(rng, config) {
    const count = drawIn(rng, config.count!);
    const magnitude = drawIn(rng, config.magnitude!);
    const top = 10n ** BigInt(magnitude) - 1n;
    return {
      numbers: Array.from({ length: count }, () => rng.bigint(-top, top).toString()),
      magnitude,
    };
  },
  difficulty: (p) => ({ count: p.numbers.length, magnitude: p.magnitude }),
  question(p, inputSymbol) {
    const shown = p.numbers.map((v, i) => (i === 0 && inputSymbol ? inputSymbol : v));
    return `Sort these numbers in ascending order and answer as a tuple like (1, 2, 3): ${
      shown.join(", ")
    }.`;
  },
  answer: (p) =>
    `(${p.numbers.map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(", ")})`,
  check(p, answer) {
    const items = parseIntegerTuple(answer);
    if (!items || items.length !== p.numbers.length) return false;
    for (let i = 1; i < items.length; i++) if (items[i - 1]! > items[i]!) return false;
    // Same multiset: count occurrences.
    const counts = new Map<string, number>();
    for (const v of p.numbers) {
      counts.set(BigInt(v).toString(), (counts.get(BigInt(v).toString()) ?? 0) + 1);
    }
    for (const v of items) {
      const c = counts.get(v.toString());
      if (!c) return false;
      counts.set(v.toString(), c - 1);
    }
    return true;
  },
  input: {
    describe: "the first number in the list",
    min: -(10n ** 15n),
    max: 10n ** 15n,
    get: (p) => BigInt(p.numbers[0]!),
    set: (p, v) => ({ ...p, numbers: [v.toString(), ...p.numbers.slice(1)] }),
  },
});
