/**
 * Text normalisation of an extracted answer before parsing, following Math-Verify's
 * `NormalizationConfig` steps (basic LaTeX, units, malformed operators) in our own code.
 * @module
 */

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
  "degree",
  "deg",
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
  let s = raw.trim();
  if (PLAIN_NUMBER.test(s)) return s;
  const has = (x: string) => s.includes(x);
  const slash = has("\\");
  // doubled backslashes before command names (an escaped string), unless a matrix uses `\\` rows
  if (has("\\\\") && !/matrix|array/.test(s)) s = s.replace(/\\\\(?=[a-zA-Z{}()[\]%$ ])/g, "\\");
  if (has("mathrm")) s = s.replace(/\\mathrm\{\s*e\s*\}/g, "e");
  if (has("\\ ")) s = s.replace(/(?<!\\)\\ /g, " ");
  if (has(")")) s = s.replace(/\)\s*(?:and|or)\s*\(/g, "), (");
  if (slash) s = s.replace(/^\\\(|\\\)$/g, "").replace(/^\\\[|\\\]$/g, "");
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
  }
  if (has("circ") || has("°") || has("degree")) s = s.replace(/\^\s*\{?\\circ\}?|°|\\degree/g, "");
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
    s = s.replace(/^(?:[$€£¥₹]|\\\$|USD|EUR|Rs\.?)\s*/i, "").replace(/\s*(?:[$€£¥₹]|\\\$)$/, "");
    s = s.replace(/\\\$/g, "");
  }
  if ((options.units ?? true) && /[A-Za-z]/.test(s)) {
    if (has("\\text")) {
      s = s.replace(/(?<=\S)\s*\\text\{\s*[A-Za-z][A-Za-z\s/.^0-9]*\}\s*(\^\s*\{?\d\}?)?$/, "");
    }
    for (let i = 0; i < 2 && UNIT_TAIL.test(s); i++) {
      const stripped = s.replace(UNIT_PATTERN, "");
      if (stripped.trim() && /\d|\}/.test(stripped)) s = stripped;
    }
    // multi-letter units before a separator inside lists and sets: `{35 cm, 4}`
    if (UNIT_INNER_HINT.test(s)) s = s.replace(UNIT_INNER, "");
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
  return s;
}
