/**
 * Units read, not deleted: the unit written after an answer (or a currency sign before it) is
 * identified by dimension, and two answers with units are compared after converting the
 * answer's unit to the gold's. Length, mass, time, money (dollars and cents), angle, area,
 * volume and speed convert; any other unit (count nouns such as "apples", months, other
 * currencies) must be the same word on both sides.
 * @module
 */

/** A unit as read: its canonical name, and for a known unit its dimension and SI factor. */
export interface Unit {
  /** Canonical name (`m`, `cm^2`, `dollar`, `apple`). */
  readonly name: string;
  /** Dimension (`length`, `length^2`, `mass`, `money:USD`, …), absent for unknown words. */
  readonly dimension?: string;
  /** Size in the dimension's base unit, as LaTeX (`\frac{1}{100}` for a centimetre). */
  readonly factor?: string;
}

type Base = readonly [dimension: string, factor: string];

const LENGTH: Record<string, Base> = {
  mm: ["length", "\\frac{1}{1000}"],
  millimeter: ["length", "\\frac{1}{1000}"],
  millimetre: ["length", "\\frac{1}{1000}"],
  cm: ["length", "\\frac{1}{100}"],
  centimeter: ["length", "\\frac{1}{100}"],
  centimetre: ["length", "\\frac{1}{100}"],
  m: ["length", "1"],
  meter: ["length", "1"],
  metre: ["length", "1"],
  km: ["length", "1000"],
  kilometer: ["length", "1000"],
  kilometre: ["length", "1000"],
  inch: ["length", "\\frac{254}{10000}"],
  in: ["length", "\\frac{254}{10000}"],
  foot: ["length", "\\frac{3048}{10000}"],
  feet: ["length", "\\frac{3048}{10000}"],
  ft: ["length", "\\frac{3048}{10000}"],
  yard: ["length", "\\frac{9144}{10000}"],
  yd: ["length", "\\frac{9144}{10000}"],
  mile: ["length", "\\frac{1609344}{1000}"],
  mi: ["length", "\\frac{1609344}{1000}"],
};

const OTHER: Record<string, Base> = {
  mg: ["mass", "\\frac{1}{1000000}"],
  milligram: ["mass", "\\frac{1}{1000000}"],
  g: ["mass", "\\frac{1}{1000}"],
  gram: ["mass", "\\frac{1}{1000}"],
  kg: ["mass", "1"],
  kilogram: ["mass", "1"],
  lb: ["mass", "\\frac{45359237}{100000000}"],
  pound: ["mass", "\\frac{45359237}{100000000}"],
  oz: ["mass", "\\frac{45359237}{1600000000}"],
  ounce: ["mass", "\\frac{45359237}{1600000000}"],
  s: ["time", "1"],
  sec: ["time", "1"],
  second: ["time", "1"],
  min: ["time", "60"],
  minute: ["time", "60"],
  h: ["time", "3600"],
  hr: ["time", "3600"],
  hour: ["time", "3600"],
  day: ["time", "86400"],
  week: ["time", "604800"],
  dollar: ["money:USD", "1"],
  cent: ["money:USD", "\\frac{1}{100}"],
  euro: ["money:EUR", "1"],
  gbp: ["money:GBP", "1"],
  rupee: ["money:INR", "1"],
  yuan: ["money:CNY", "1"],
  ml: ["length^3", "\\frac{1}{1000000}"],
  milliliter: ["length^3", "\\frac{1}{1000000}"],
  millilitre: ["length^3", "\\frac{1}{1000000}"],
  l: ["length^3", "\\frac{1}{1000}"],
  liter: ["length^3", "\\frac{1}{1000}"],
  litre: ["length^3", "\\frac{1}{1000}"],
  mph: ["speed", "\\frac{1609344}{3600000}"],
  "km/h": ["speed", "\\frac{1000}{3600}"],
  kmh: ["speed", "\\frac{1000}{3600}"],
  "m/s": ["speed", "1"],
  degree: ["angle", "\\frac{\\pi}{180}"],
  radian: ["angle", "1"],
  rad: ["angle", "1"],
};

/** Words that are no unit at all (dropped). */
const NO_UNIT = new Set(["unit", "units"]);

function singular(word: string): string {
  if (word in LENGTH || word in OTHER) return word;
  if (word === "feet") return word;
  if (word === "inches") return "inch";
  for (const cut of [/ies$/, /es$/, /s$/]) {
    const w = word.replace(cut, cut.source === "ies$" ? "y" : "");
    if (w in LENGTH || w in OTHER) return w;
  }
  return word.replace(/(?<=[a-z]{3})s$/, "");
}

/**
 * Reads a unit from the text an answer's normalisation took off it (`\text{ cm}^2`, `square
 * feet`, `dollars`, `\$`); `null` when it names no unit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readUnit } from "./units.ts";
 * assert.deepEqual(readUnit("\\text{ cm}^2"), {
 *   name: "cm^2",
 *   dimension: "length^2",
 *   factor: "(\\frac{1}{100})^{2}",
 * });
 * assert.equal(readUnit("apples")!.name, "apple");
 * assert.equal(readUnit("units"), null);
 * ```
 */
export function readUnit(raw: string): Unit | null {
  let s = raw.replace(/\\(?:text|mathrm|mbox|textnormal|operatorname)\s*\{([^{}]*)\}/g, "$1")
    .replace(/[{}]/g, "").replace(/\\,|\\ |~/g, " ").trim().toLowerCase();
  let power = 1;
  const pow = s.match(/\s*(?:\^\s*([23])|([²³]))\s*$/);
  if (pow) {
    power = pow[1] ? Number(pow[1]) : pow[2] === "²" ? 2 : 3;
    s = s.slice(0, pow.index).trim();
  }
  const lead = s.match(/^(square|sq\.?|cubic)\s+/);
  if (lead) {
    power = lead[1] === "cubic" ? 3 : 2;
    s = s.slice(lead[0].length);
  }
  s = s.replace(/\s+/g, " ").replace(/\.$/, "");
  if (!s || NO_UNIT.has(s)) return null;
  const word = singular(s);
  const base = LENGTH[word] ?? OTHER[word];
  const name = power === 1 ? word : `${word}^${power}`;
  if (!base) return { name };
  if (power === 1) return { name, dimension: base[0], factor: base[1] };
  if (base[0] !== "length") return { name };
  return { name, dimension: `length^${power}`, factor: `(${base[1]})^{${power}}` };
}

/**
 * The currency a sign or code before an amount names, or `null`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { currencyUnit } from "./units.ts";
 * assert.equal(currencyUnit("\\$")?.name, "dollar");
 * assert.equal(currencyUnit("EUR")?.name, "euro");
 * assert.equal(currencyUnit("x"), null);
 * ```
 */
export function currencyUnit(sign: string): Unit | null {
  const s = sign.replace(/\\/g, "").trim().toUpperCase();
  const word = s === "$" || s === "USD"
    ? "dollar"
    : s === "€" || s === "EUR"
    ? "euro"
    : s === "£"
    ? "gbp"
    : s === "₹" || s.startsWith("RS")
    ? "rupee"
    : null;
  return word ? readUnit(word) : null;
}

/** How an answer's unit relates to the gold's. */
export type UnitRelation =
  | { readonly kind: "none" }
  | { readonly kind: "convert"; readonly factor: string; readonly note: string }
  | { readonly kind: "mismatch"; readonly reason: string };

/**
 * Relates the units of a gold and an answer: no unit on either side (or on one side: the
 * numbers are compared as written), a conversion factor that turns the answer's number into
 * the gold's unit, or a mismatch (different dimensions, or different unknown words).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readUnit, relateUnits } from "./units.ts";
 * assert.equal(relateUnits(readUnit("km"), readUnit("m")).kind, "convert");
 * assert.equal(relateUnits(readUnit("cm"), readUnit("kg")).kind, "mismatch");
 * assert.equal(relateUnits(readUnit("apples"), readUnit("pears")).kind, "mismatch");
 * assert.equal(relateUnits(null, readUnit("m")).kind, "none");
 * ```
 */
export function relateUnits(gold: Unit | null, answer: Unit | null): UnitRelation {
  if (!gold || !answer || gold.name === answer.name) return { kind: "none" };
  if (gold.dimension && gold.dimension === answer.dimension) {
    return {
      kind: "convert",
      factor: `\\frac{${answer.factor}}{${gold.factor}}`,
      note: `${answer.name} converted to ${gold.name}`,
    };
  }
  return {
    kind: "mismatch",
    reason: gold.dimension && answer.dimension
      ? `units of different dimensions: ${answer.name} (${answer.dimension}) against ${gold.name} (${gold.dimension})`
      : `different units: ${answer.name} against ${gold.name}`,
  };
}
