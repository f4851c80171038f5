/**
 * Text normalisation of an extracted answer before parsing, following Math-Verify's
 * `NormalizationConfig` steps (basic LaTeX, units, malformed operators) in our own code.
 * @module
 */
import { currencyUnit, readUnit, type Unit } from "./units.ts";

/** Unit words stripped after a number (singular; plurals with s/es are matched too). */
const UNITS = [
  "mm",
  "cm",
  "m",
  "km",
  "meter",
  "metre",
  "centimeter",
  "centimetre",
  "kilometer",
  "kilometre",
  "millimeter",
  "inch",
  "inche",
  "foot",
  "feet",
  "ft",
  "yard",
  "mile",
  "mi",
  "g",
  "kg",
  "gram",
  "kilogram",
  "pound",
  "lb",
  "ounce",
  "oz",
  "ton",
  "l",
  "ml",
  "liter",
  "litre",
  "gallon",
  "second",
  "sec",
  "s",
  "minute",
  "min",
  "hour",
  "hr",
  "h",
  "day",
  "week",
  "month",
  "year",
  "radian",
  "unit",
  "square",
  "sq",
  "cubic",
  "dollar",
  "cent",
  "euro",
  "yuan",
  "point",
  "student",
  "people",
  "person",
  "apple",
  "book",
  "page",
  "item",
  "way",
  "time",
  "mph",
  "kmh",
  "km/h",
  "m/s",
  "percent",
  "percentage",
  "times",
];
const UNIT_PATTERN = new RegExp(
  `(?<=[\\d}\\s])\\s*(?:${
    UNITS.map((u) => u.replace(/\//g, "\\/")).sort((a, b) => b.length - a.length).join("|")
  })(?:e?s)?(?:\\^?\\s*\\{?[23]\\}?|²|³)?\\s*$`,
  "i",
);

const UNIT_INNER = new RegExp(
  `(?<=\\d)\\s*(?:${
    UNITS.filter((u) => u.length >= 2).map((u) => u.replace(/\//g, "\\/")).sort((a, b) =>
      b.length - a.length
    ).join("|")
  })(?:e?s)?(?=\\s*(?:[,;)\\]]|\\\\?\\}))`,
  "gi",
);

const PLAIN_NUMBER = /^[-+]?\d+(?:\.\d+)?$/;
/** Cheap pre-checks: a unit can only be stripped from a string ending in a letter (or ²/³/^2). */
const UNIT_TAIL = /[A-Za-z](?:e?s)?\s*(?:\^?\s*\{?[23]\}?|²|³)?\s*$/;
const UNIT_INNER_HINT = /\d\s*[A-Za-z]{2,}\s*(?:[,;)\]]|\\?\})/;

/** Options for {@linkcode normalizeAnswer}. */
export interface NormalizeOptions {
  /** Strip trailing unit words and `\text{…}` units. Default true. */
  readonly units?: boolean;
  /** Repair `\frac12`, `\sqrt3`, `sqrt(x)`, `^(…)`, `a/b`. Default true (Math-Verify's extraction default). */
  readonly malformedOperators?: boolean;
}

/**
 * Normalises an answer string: strips `$`, `\left`/`\right`, `\!`, `\,`, `\displaystyle`, text
 * style commands, degree marks, currency, trailing units and punctuation; maps `\dfrac`/`\tfrac`
 * to `\frac`, `{,}` and `,\!` digit groups to plain digits, words "and"/"or" to commas, and
 * repairs malformed operators.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeAnswer } from "./normalize.ts";
 * assert.equal(normalizeAnswer("\\$1{,}234.50"), "1234.50");
 * assert.equal(normalizeAnswer("\\dfrac12 \\text{ cm}"), "\\frac{1}{2}");
 * ```
 */
export function normalizeAnswer(raw: string, options: NormalizeOptions = {}): string {
  return normalizeWithUnit(raw, options).text;
}

/**
 * {@linkcode normalizeAnswer}, also returning the unit it took off the answer (a trailing unit
 * word or `\text{…}`, or a currency sign), read by {@linkcode readUnit}; `null` when none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeWithUnit } from "./normalize.ts";
 * const { text, unit } = normalizeWithUnit("2 \\text{ km}");
 * assert.equal(text, "2");
 * assert.equal(unit!.name, "km");
 * assert.equal(normalizeWithUnit("\\$5").unit!.name, "dollar");
 * ```
 */
export function normalizeWithUnit(
  raw: string,
  options: NormalizeOptions = {},
): { text: string; unit: Unit | null } {
  let s = raw.trim();
  let unit: Unit | null = null;
  if (PLAIN_NUMBER.test(s)) return { text: s, unit };
  // a trailing `\\` (a line break left after the answer)
  s = s.replace(/(?:\s*\\\\)+\s*$/, "");
  // a matrix written without its environment: rows by \\, columns by &
  if (s.includes("&") && s.includes("\\\\") && !s.includes("\\begin")) {
    s = `\\begin{pmatrix}${s}\\end{pmatrix}`;
  }
  const has = (x: string) => s.includes(x);
  const slash = has("\\");
  // doubled backslashes before command names (an escaped string), unless a matrix uses `\\` rows
  if (has("\\\\") && !/matrix|array|cases/.test(s)) {
    s = s.replace(/\\\\(?=[a-zA-Z{}()[\]%$ ])/g, "\\");
  }
  if (has("mathrm")) s = s.replace(/\\mathrm\{\s*e\s*\}/g, "e");
  if (has("\\ ")) s = s.replace(/(?<!\\)\\ /g, " ");
  if (has(")")) s = s.replace(/\)\s*(?:and|or)\s*\(/g, "), (");
  if (slash) s = s.replace(/^\\\(|\\\)$/g, "").replace(/^\\\[|\\\]$/g, "");
  if (has("\\$")) unit = currencyUnit("$");
  else if (/^\$\s*\d[^$]*$/.test(s)) unit = currencyUnit("$"); // a lone dollar sign before a number
  if (has("$")) s = s.replace(/\\\$/g, "").replace(/\$/g, "");
  if (slash) {
    s = s.replace(/\\(?:left|right|mleft|mright|big|Big|bigg|Bigg)(?=[()[\]|.{}\\])/g, "");
  }
  if (has(",")) {
    s = s.replace(/(\d)\s*,\s*\\!\s*(?=\d{3}(?!\d))/g, "$1").replace(
      /(\d)\s*\{\s*,\s*\}\s*(?=\d{3})/g,
      "$1",
    );
  }
  if (slash || has("~")) s = s.replace(/\\displaystyle|\\!|\\,|\\;|\\:|\\quad|\\qquad|~/g, " ");
  if (slash) {
    s = s.replace(/\\(?:d|t|c)frac/g, "\\frac").replace(
      /\\(?:mathrm|mathbf|mathit|textbf|textit|textrm|textnormal|operatorname)\{/g,
      "\\text{",
    );
    s = s.replace(/\\mbox\{/g, "\\text{");
    // font commands around a name: \mathcal{B} is the name B
    s = s.replace(/\\(?:mathcal|mathbb|mathscr|mathfrak|mathsf|mathtt|boldsymbol|bm)\s*\{/g, "{");
  }
  // degree marks are kept, in one spelling (`^\circ`, read as a factor π/180 by the parser)
  if (has("°") || has("degree") || /\bdeg\b/.test(s)) {
    s = s.replace(/\s*(?:°|\\degree\b)/g, "^\\circ").replace(
      /(?<=\d)\s*(?:\\text\{\s*(?:degrees?|deg)\s*\}|\b(?:degrees?|deg)\b)/g,
      "^\\circ",
    );
  }
  if (has(",")) {
    s = s.replace(/(\d)\s*\{\s*,\s*\}\s*(?=\d{3})/g, "$1").replace(
      /(\d),\\?!?\s*(?=\d{3}(?!\d))/g,
      (m, d) => (m.includes("!") || m.includes("\\") ? d : m),
    );
  }
  if (has("%") || /pct|percent/i.test(s)) {
    s = s.replace(
      /\\%|%|\\text\{\s*(?:percent|percentage|pct)\s*\}|\b(?:percent|percentage|pct)\b/gi,
      "\\%",
    );
  }
  if (has("and") || has("or")) {
    s = s.replace(/\\text\{\s*(and|or)\s*\}|\s+\b(?:and|or)\b\s+/g, ", ");
  }
  if (/[$€£¥₹]|USD|EUR|Rs/i.test(s)) {
    const sign = s.match(/^(?:[$€£¥₹]|\\\$|USD|EUR|Rs\.?)(?=\s*[\d.-])|(?:[$€£¥₹]|\\\$)$/i);
    if (sign) unit = currencyUnit(sign[0]) ?? unit;
    s = s.replace(/^(?:[$€£¥₹]|\\\$|USD|EUR|Rs\.?)\s*/i, "").replace(/\s*(?:[$€£¥₹]|\\\$)$/, "");
    s = s.replace(/\\\$/g, "");
  }
  if ((options.units ?? true) && /[A-Za-z]/.test(s)) {
    if (has("\\text")) {
      s = s.replace(
        /(?<=\S)\s*\\text\{\s*[A-Za-z][A-Za-z\s/.^0-9]*\}\s*(\^\s*\{?\d\}?)?$/,
        (m) => {
          unit = readUnit(m) ?? unit;
          return "";
        },
      );
    }
    for (let i = 0; i < 2 && UNIT_TAIL.test(s); i++) {
      let taken = "";
      const stripped = s.replace(UNIT_PATTERN, (m, at: number, whole: string) => {
        // a one-letter unit needs a space before it (`3s^2` is 3s², `3 s` is three seconds),
        // unless it follows a decimal or grouped number (`1,000.99m^2`)
        if (
          !/^\s/.test(m) && /^[A-Za-z](?![A-Za-z])/.test(m) &&
          !/(?:\.\d+|,\d{3})$/.test(whole.slice(0, at))
        ) return m;
        taken = m;
        return "";
      });
      if (stripped.trim() && /\d|\}/.test(stripped)) {
        s = stripped;
        unit = readUnit(taken) ?? unit;
      }
    }
    // multi-letter units before a separator inside lists and sets: `{35 cm, 4}`
    if (UNIT_INNER_HINT.test(s)) {
      s = s.replace(UNIT_INNER, (m) => {
        // one unit for the whole list; different units inside one answer are kept apart
        const inner = readUnit(m);
        if (inner) unit = unit && unit.name !== inner.name ? { name: "mixed units" } : inner;
        return "";
      });
    }
  }
  if ((options.malformedOperators ?? true) && (has("frac") || has("sqrt") || has("^"))) {
    s = s.replace(/\\frac\s*(\d)\s*(\d)/g, "\\frac{$1}{$2}").replace(
      /\\frac\s*\{([^{}]*)\}\s*(\d)/g,
      "\\frac{$1}{$2}",
    )
      .replace(/\\frac\s*(\d)\s*\{/g, "\\frac{$1}{").replace(
        /\\sqrt\s*(\d+|[a-zA-Z])/g,
        "\\sqrt{$1}",
      )
      .replace(/(?<!\\)\bsqrt\s*\(([^()]*)\)/g, "\\sqrt{$1}").replace(
        /\^\s*\(([^()]*)\)/g,
        "^{$1}",
      );
  }
  if (has("\\text{")) s = s.replace(/\\text\{\s*\}/g, "");
  if (has(",")) s = s.replace(/,(\s*,)+/g, ",");
  s = s.replace(/\s+/g, " ").trim();
  s = s.replace(/[.。;,:\s]+$/, "").replace(/^[:\s]+/, "");
  return { text: s, unit };
}
