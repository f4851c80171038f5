import { defineFamily, drawIn, parseIntAnswer } from "./family.ts";

interface ShoppingParams {
  [key: string]: string | number | (string | number)[][];
  shopper: string;
  /** Items as [name, count, unit price in dollars]. */
  items: (string | number)[][];
  /** Denomination of the bills paid with. */
  bill: number;
}

const SHOPPERS = ["Maya", "Omar", "Lena", "Tariq", "Sofia", "Ivan", "Priya", "Kenji"];
const GOODS: [string, number][] = [
  ["notebooks", 4],
  ["pens", 2],
  ["apples", 1],
  ["sandwiches", 7],
  ["movie tickets", 12],
  ["plant pots", 9],
  ["batteries", 3],
  ["mugs", 8],
];

function total(p: ShoppingParams): bigint {
  return p.items.reduce((s, [, count, price]) => s + BigInt(count!) * BigInt(price!), 0n);
}

/**
 * A shopping word problem: buy several items, pay with the fewest bills of one denomination
 * that cover the total, and find the change. Attributes: `items` (1–5). Chain input: the count
 * of the first item.
 *
 * @example
 * ```ts
 * import { shoppingChange } from "./shopping_change.ts";
 * shoppingChange.answer({ shopper: "Maya", items: [["pens", 3, 2]], bill: 10 }); // "4"
 * ```
 */
export const shoppingChange = defineFamily<ShoppingParams>({
  name: "shopping_change",
  category: "word_problems",
  description: "Change after a purchase paid in bills",
  answerKind: "integer",
  attributes: {
    items: {
      description: "kinds of items bought",
      levels: [1, 2, 3, 4, 5],
      default: [1, 3],
      min: 1,
      max: 5,
    },
  },
  sample(rng, config) {
    const n = drawIn(rng, config.items!);
    const goods = rng.sample(GOODS, n);
    return {
      shopper: rng.pick(SHOPPERS),
      items: goods.map(([name, base]) => [name, rng.int(1, 9), base + rng.int(0, 3)]),
      bill: rng.pick([10, 20, 50, 100]),
    };
  },
  difficulty: (p) => ({ items: p.items.length }),
  question(p, inputSymbol) {
    const parts = p.items.map(([name, count, price], i) =>
      `${i === 0 && inputSymbol ? inputSymbol : count} ${name} at $${price} each`
    );
    const list = parts.length === 1
      ? parts[0]
      : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
    return `${p.shopper} buys ${list}. ${p.shopper} pays with the smallest number of $${p.bill} bills that ` +
      `covers the total. How many dollars of change does ${p.shopper} get?`;
  },
  answer(p) {
    const t = total(p), bill = BigInt(p.bill);
    const bills = (t + bill - 1n) / bill;
    return (bills * bill - t).toString();
  },
  check(p, answer) {
    // Independent route: the change is below one bill and makes the payment a multiple of it.
    const change = parseIntAnswer(answer);
    const bill = BigInt(p.bill);
    return change !== null && change >= 0n && change < bill && (total(p) + change) % bill === 0n;
  },
  input: {
    describe: "the count of the first item",
    min: 0n,
    max: 10n ** 9n,
    get: (p) => BigInt(p.items[0]![1]!),
    set: (p, v) => ({
      ...p,
      items: [[p.items[0]![0]!, Number(v), p.items[0]![2]!], ...p.items.slice(1)],
    }),
  },
});
