/**
 * The fixed verification mix of the benchmark: integers, fractions, LaTeX expressions and
 * tuples, half right and half wrong, as full responses with a boxed answer.
 * @module
 */
import { createRng } from "../../lib/random/rng.ts";

/** One benchmark item. */
export interface MixItem {
  readonly gold: string;
  readonly response: string;
  readonly expected: boolean;
  readonly kind: "integer" | "fraction" | "latex" | "tuple";
}

/** `count` items, a quarter of each kind, alternating right and wrong (seeded). */
export function verificationMix(count: number, seed = 0): MixItem[] {
  const rng = createRng(["verify_mix", seed]);
  const items: MixItem[] = [];
  const say = (answer: string) =>
    `Let me think step by step. After simplifying, the answer is \\boxed{${answer}}.`;
  for (let i = 0; items.length < count; i++) {
    const right = i % 2 === 0;
    const kind = (["integer", "fraction", "latex", "tuple"] as const)[Math.floor(i / 2) % 4]!;
    if (kind === "integer") {
      const v = rng.int(-100000, 100000);
      const shown = Math.abs(v) >= 1000 && rng.chance(0.5) ? v.toLocaleString("en-US") : String(v);
      items.push({
        gold: String(v),
        response: say(right ? shown : String(v + rng.int(1, 9))),
        expected: right,
        kind,
      });
    } else if (kind === "fraction") {
      const a = rng.int(1, 99), b = rng.int(2, 99), k = rng.int(1, 5);
      items.push({
        gold: `\\frac{${a}}{${b}}`,
        response: say(right ? `\\dfrac{${a * k}}{${b * k}}` : `\\frac{${a + 1}}{${b}}`),
        expected: right,
        kind,
      });
    } else if (kind === "latex") {
      const n = rng.int(2, 9), m = rng.int(2, 30);
      items.push({
        gold: `${n}\\sqrt{${m}} + \\frac{\\pi}{${n}}`,
        response: say(
          right
            ? `\\frac{\\pi}{${n}} + \\sqrt{${n * n * m}}`
            : `\\frac{\\pi}{${n}} + \\sqrt{${n * n * m + 1}}`,
        ),
        expected: right,
        kind,
      });
    } else {
      const x = rng.int(-20, 20), y = rng.int(-20, 20);
      items.push({
        gold: `(${x}, ${y})`,
        response: say(right ? `\\left(${x},${y}\\right)` : `(${y}, ${x + 1})`),
        expected: right,
        kind,
      });
    }
  }
  return items;
}
