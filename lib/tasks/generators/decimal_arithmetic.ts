import { formatDecimal, parseRational, rational } from "../../exact/rational.ts";
import { defineFamily, drawIn } from "./family.ts";

interface DecimalParams {
  [key: string]: string[] | number;
  /** Signed terms as decimal strings with `places` digits after the point. */
  terms: string[];
  places: number;
}

function toScaled(term: string, places: number): bigint {
  const [whole, frac = ""] = term.replace("-", "").split(".");
  const v = BigInt(whole! + frac.padEnd(places, "0"));
  return term.startsWith("-") ? -v : v;
}

/**
 * Sums and differences of decimals (`3.25 - 0.7 + 12.05`), exact (scaled BigInt), answered as
 * a terminating decimal without trailing zeros. Attributes: `terms` (2–8), `places` (1–6).
 * Links use the floor of the answer. Chain input: the whole part of the first term.
 *
 * @example
 * ```ts
 * import { decimalArithmetic } from "./decimal_arithmetic.ts";
 * decimalArithmetic.answer({ terms: ["1.25", "-0.75"], places: 2 }); // "0.5"
 * ```
 */
export const decimalArithmetic = defineFamily<DecimalParams>({
  name: "decimal_arithmetic",
  category: "arithmetic",
  description: "Add and subtract decimals exactly",
  answerKind: "decimal",
  attributes: {
    terms: {
      description: "number of terms",
      levels: [2, 3, 4, 5, 6, 8],
      default: [2, 4],
      min: 2,
      max: 8,
    },
    places: {
      description: "digits after the decimal point",
      levels: [1, 2, 3, 4, 6],
      default: [1, 2],
      min: 1,
      max: 6,
    },
  },
  sample(rng, config) {
    const n = drawIn(rng, config.terms!);
    const places = drawIn(rng, config.places!);
    const terms = Array.from({ length: n }, (_, i) => {
      const whole = rng.int(0, 999);
      const frac = String(rng.int(1, 10 ** places - 1)).padStart(places, "0");
      return `${i > 0 && rng.chance(0.5) ? "-" : ""}${whole}.${frac}`;
    });
    return { terms, places };
  },
  difficulty: (p) => ({ terms: p.terms.length, places: p.places }),
  question(p, inputSymbol) {
    const [head, ...rest] = p.terms;
    const first = inputSymbol ? `(${inputSymbol} + 0.${head!.split(".")[1]})` : head;
    return `Calculate ${first}${
      rest.map((t) => (t.startsWith("-") ? ` - ${t.slice(1)}` : ` + ${t}`)).join("")
    }.`;
  },
  answer(p) {
    const total = p.terms.reduce((s, t) => s + toScaled(t, p.places), 0n);
    return formatDecimal(rational(total, 10n ** BigInt(p.places)))!;
  },
  check(p, answer) {
    if (!/^-?\d+(\.\d*[1-9])?$/.test(answer.trim())) return false; // canonical: no trailing zeros
    const r = parseRational(answer);
    if (!r) return false;
    const sum = p.terms.reduce(
      (s, t) => s + parseRational(t)!.num * (10n ** 6n) / parseRational(t)!.den,
      0n,
    );
    return r.num * 10n ** 6n === sum * r.den;
  },
  input: {
    describe: "the whole part of the first term",
    min: 0n,
    max: 10n ** 12n,
    get: (p) => BigInt(p.terms[0]!.split(".")[0]!),
    set: (p, v) => ({ ...p, terms: [`${v}.${p.terms[0]!.split(".")[1]}`, ...p.terms.slice(1)] }),
  },
});
