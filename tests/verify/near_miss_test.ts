/**
 * Near misses and unusual true forms, one table per kind of misreading: decimals at their own
 * precision, identities over the whole domain, collections, percent/units/degrees, notation
 * conventions and the false negatives of common answer forms. Each row is
 * `[gold, answer, expected]`, compared with `compareAnswers` (no extraction).
 * @module
 */
import assert from "node:assert/strict";
import { compareAnswers, type VerifyOptions } from "../../lib/verify/mod.ts";

type Row = readonly [gold: string, answer: string, expected: boolean, options?: VerifyOptions];

const TABLES: Record<string, Row[]> = {
  "decimals at their own precision": [
    ["0", "0.0000001", false],
    ["0", "0.0000000", true],
    ["0.0000004", "-0.0000004", false],
    ["-0.0000004", "-0.0000004", true],
    ["4\\times 10^{-7}", "0.0000004", true],
    ["1.2345678901234567", "1.2345678901234568", false],
    ["1.2345678901234567", "1.2345678901234567", true],
    ["1/3", "0.3333334", false],
    ["1/3", "3.333334\\times 10^{-1}", false],
    ["1/3", "0.3333333", true],
    ["1/3", "3.333333\\times 10^{-1}", true],
    ["1/3", "3.333333e-1", true],
    ["1/3", "0.333", false],
    ["1/3", "0.333", true, { minSignificantDigits: 3 }],
    ["2/3", "0.666666", false],
    ["2/3", "0.666666", true, { decimalMode: "round-or-truncate" }],
    ["2/3", "0.666667", true],
    ["\\sqrt{2}", "1.414214", true],
    ["\\sqrt{2}", "1.414213", false],
    ["\\sqrt{2}", "1.414213", true, { decimalMode: "round-or-truncate" }],
    ["10^{-9}", "0.000000", false],
    ["10^{-9}", "1e-9", true],
    ["10^{-9}", "1e-8", false],
    ["0.001", "1e-3", true],
    ["0.001", "1E-3", true],
    ["-0.001", "-1e-3", true],
    ["2500", "2.5e3", true],
    ["1234567", "1.23457e6", false],
    ["1234567", "1.23457 \\times 10^{6}", false],
    ["1234567", "1234570", false],
    ["1234567", "1.234567e6", true],
    ["1/3", "0.\\overline{3}", true],
    ["1/6", "0.1\\overline{6}", true],
    ["1/3", "0.\\overline{33}", true],
    ["1/3", "0.\\overline{4}", false],
    ["3.14159", "3.14159265", true],
    ["\\pi", "3.141593", true],
    ["\\pi", "3.141592", false],
    ["123456.7", "123456.64", false],
    ["123456.7", "123456.67", true],
  ],
  "identities over the whole domain": [
    ["x", "|x|", false],
    ["|x|", "x", false],
    ["x+y", "|x+y|", false],
    ["1", "\\frac{|x|}{x}", false],
    ["\\frac{|x|}{x}", "1", false],
    ["\\sqrt{x^2}", "|x|", true],
    ["\\sqrt{x^2}", "x", false],
    ["|x-1|", "|1-x|", true],
    ["|x|+|y|", "|x+y|", false],
    ["x^3", "|x|^3", false],
    ["i^2", "-1", true],
    ["i^2", "1", false],
    ["(1+i)^2", "2i", true],
    ["(1+i)^2", "-2i", false],
    ["\\frac{1}{i}", "-i", true],
    ["(x+i)(x-i)", "x^2+1", true],
    ["(x+i)(x-i)", "x^2-1", false],
  ],
  "collections": [
    ["(1, 2)", "2, 1", false],
    ["(1, 2)", "1, 2", true],
    ["(1, 2)", "\\{2, 1\\}", false],
    ["(1, 2)", "\\{1, 2\\}", false],
    ["\\{1, 2\\}", "(1, 2)", false],
    ["1, 1, 2", "1, 2, 2", false],
    ["1, 1, 2", "1, 2", false],
    ["1, 1, 2", "2, 1, 1", true],
    ["1, 2", "2, 1", true],
    ["1, 2", "2, 1", false, { lists: "ordered" }],
    ["1, 2", "1, 2", true, { lists: "ordered" }],
    ["\\{1, 2\\}", "\\{2, 1, 1\\}", true],
    ["\\{1, 2\\}", "1, 2, 2", true],
    ["-2,1", "-2, 1", true],
    ["-2,1", "-2.1", false],
    ["1,-2", "-2, 1", true],
  ],
  "percent, units and degrees": [
    ["0.5", "0.5\\%", false],
    ["0.5\\%", "0.5", false],
    ["0.5\\%", "0.005", true],
    ["28", "28\\%", false],
    ["28", "28\\%", true, { percent: "sign-optional" }],
    ["28\\%", "0.28", false, { percent: "sign-optional" }],
    ["5 \\text{ cm}", "5 \\text{ m}", false],
    ["5 \\text{ cm}", "0.05 \\text{ m}", true],
    ["2 \\text{ km}", "2000 \\text{ m}", true],
    ["2 \\text{ km}", "2000", false],
    ["\\$5", "5 \\text{ cents}", false],
    ["\\$5", "500 \\text{ cents}", true],
    ["3 \\text{ hours}", "180 \\text{ minutes}", true],
    ["3 \\text{ hours}", "3 \\text{ minutes}", false],
    ["2 \\text{ kg}", "2000 \\text{ g}", true],
    ["2 \\text{ kg}", "2 \\text{ m}", false],
    ["12 \\text{ apples}", "12 \\text{ pears}", false],
    ["5 \\text{ cm}, 3 \\text{ cm}", "5 \\text{ m}, 3 \\text{ m}", false],
    ["\\{5 \\text{ cm}, 3 \\text{ cm}\\}", "\\{5 \\text{ cm}, 3 \\text{ cm}\\}", true],
    ["(5 \\text{ kg}, 2)", "(5 \\text{ lb}, 2)", false],
    ["x = 0.3333333", "x = \\frac{1}{3}", true],
    ["x = \\frac{1}{3}", "x = 0.3333334", false],
    ["(\\frac{1}{3}, 1)", "(0.3333334, 1)", false],
    ["\\{\\frac{1}{3}\\}", "\\{0.333\\}", false],
    ["50\\%, 25\\%", "50, 25", false],
    ["y = |x|", "y = x", false],
    ["|x| < 1", "x < 1", false],
    ["\\sin 30^\\circ", "\\sin 30", false],
    ["\\sin 30^\\circ", "\\frac{1}{2}", true],
    ["\\frac{\\pi}{3}", "60^\\circ", true],
    ["60^\\circ", "\\frac{\\pi}{3}", true],
    ["60^\\circ", "60", true],
    ["60^\\circ", "61", false],
  ],
  "notation conventions": [
    ["1", "2 1/2", false],
    ["5/2", "2 1/2", true],
    ["\\cos 2x", "x\\cos 2", false],
    ["\\cos 2x", "\\cos(2x)", true],
    ["\\sin 2x", "2\\sin x\\cos x", true],
    ["3ab^2", "3a(b^2)", true],
    ["ab^2", "a^2b^2", false],
    ["(a+b)^3", "a^3+3a^2b+3ab^2+b^3", true],
    ["(a+b)^3", "a^3+3a^2b+3ab^2+b^3+1", false],
  ],
  "common answer forms": [
    ["10", "\\$10", true],
    ["\\text{odd}", "\\text{odd}", true],
    ["\\text{odd}", "odd", true],
    ["\\text{odd}", "\\text{even}", false],
    ["20:34", "20:34", true],
    ["20:34", "20:43", false],
    ["f(x)=2x+3", "y=2x+3", true],
    ["f(x)=2x+3", "y=2x+4", false],
    ["\\mathcal{B}", "\\mathcal{B}", true],
    ["\\mathcal{B}", "B", true],
    ["f'(x)", "f'(x)", true],
    ["5", "5 \\\\", true],
    ["\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "1 & 2 \\\\ 3 & 4", true],
    ["\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "1 & 2 \\\\ 4 & 3", false],
    ["\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "[[1, 2], [3, 4]]", true],
    ["\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "[[1, 2], [4, 3]]", false],
    [
      "\\begin{cases} x & x \\ge 0 \\\\ -x & x < 0 \\end{cases}",
      "\\begin{cases} x, & \\text{if } x \\geq 0 \\\\ -x, & \\text{if } x<0 \\end{cases}",
      true,
    ],
    [
      "\\begin{cases} x & x \\ge 0 \\\\ -x & x < 0 \\end{cases}",
      "\\begin{cases} x & x \\ge 0 \\\\ x & x < 0 \\end{cases}",
      false,
    ],
    ["f'(x)", "f^\\prime(x)", true],
    ["f'(x) = 2x", "f'(x) = 2x + 1", false],
    ["f(x)=2x+3", "g(x)=2x+3", true],
  ],
};

for (const [name, rows] of Object.entries(TABLES)) {
  Deno.test(`near misses: ${name} (${rows.length} cases)`, () => {
    const failures: string[] = [];
    for (const [gold, answer, expected, options] of rows) {
      const v = compareAnswers(gold, answer, null, options ?? {});
      if (v.correct !== expected) {
        failures.push(
          `${JSON.stringify(gold)} vs ${JSON.stringify(answer)}${
            options ? ` ${JSON.stringify(options)}` : ""
          }: expected ${expected}, got ${v.status} (${v.reason})`,
        );
      }
    }
    assert.deepEqual(failures, []);
  });
}

Deno.test("near misses: two readings that disagree give undecided, and the convention is named", () => {
  const cases: [string, string, string, RegExp][] = [
    ["1", "2 1/2", "undecided", /mixed number is read as a product/],
    ["x\\cos 2", "\\cos 2x", "undecided", /first factor only/],
    ["2e-3", "2e-3", "correct", /identical/],
    ["2e-3", "0.002", "correct", /E-notation/],
    ["2e-3", "2e - 3", "undecided", /Euler's number/],
    ["5/2", "2 1/2", "correct", /mixed number/],
    ["\\cos(2x)", "\\cos 2x", "correct", /function of the product after it/],
    ["4.9", "4,9", "correct", /decimal comma/],
    ["i^2", "-1", "correct", /imaginary unit/],
    ["2 \\text{ km}", "2000 \\text{ m}", "correct", /m converted to km/],
  ];
  for (const [gold, answer, status, reason] of cases) {
    const v = compareAnswers(gold, answer);
    assert.equal(v.status, status, `${gold} vs ${answer}: ${v.reason}`);
    assert.match(v.reason, reason, `${gold} vs ${answer}`);
  }
});
