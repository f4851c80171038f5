/**
 * Cases written for Farsight (our own strings) for every kind of case that Math-Verify's test
 * suite checks (test_all, test_numina_cases, test_open_thoughts, test_yujianll, test_boxed,
 * test_strict, test_configs, test_string_extraction), and for the extraction and parsing kinds
 * listed in issue 9. `[gold, response, expected, options?, note?]`.
 * @module
 */
import type { VerifyOptions } from "../../lib/verify/mod.ts";

export type PeerCase = readonly [
  gold: string,
  response: string,
  expected: boolean,
  options?: VerifyOptions,
  note?: string,
];

const box = (s: string) => `Putting it together, \\boxed{${s}}.`;

/** Every category, by name. */
export const PEER_CASES: Record<string, PeerCase[]> = {
  "bare answers": [
    ["-7", "-7", true],
    ["-7", "7", false],
    ["\\frac{3}{8}", "$\\frac{3}{8}$", true],
    ["\\frac{3}{8}", "\\frac{6}{16}", true],
    ["52000", "52,000", true],
    ["2500", "2 500", true],
    ["3.75", "3,75", true, {}, "a decimal comma when the gold is a number"],
    ["0.25", ".25", true],
    ["45\\%", "45 percent", true],
    ["12", "We get\n$12$", true],
    ["12", "After checking the cases the count is twelve", false, {}, "prose is not an answer"],
    ["9", "nine", false],
    ["0.5", "it is 0.5", false, {}, "a short sentence is prose, not a bare answer"],
    ["0.5", "it is 0.5", true, { lastNumber: true }],
  ],
  "answer sentences": [
    ["41", "Final Answer: The smallest such prime is 41.", true],
    ["41", "Final Answer: The smallest such prime is 43.", false],
    ["6", "Answer: Mia needs 6 more boxes to finish.", true],
    ["\\frac{2}{5}", "Answer: the probability that both are red is $\\frac{2}{5}$.", true],
    ["250", "Answer: so the tank holds 250 liters in total", true],
    ["blue", "Answer: blue", true],
  ],
  "final answer is": [
    ["4500012", "The final answer is 4,500,012. I hope it is correct.", true],
    ["4500012", "The final answer is 4,500,021. I hope it is correct.", false],
    ["(2, -3)", "Final Answer: The final answer is \\((2, -3)\\). I hope it is correct.", true],
    ["\\frac{7}{2}", "The final answer is $\\frac{7}{2}$. I hope it is correct.", true],
    ["17", "The final answer is $17$, and \\boxed{3} was a typo", true],
  ],
  "number formats": [
    ["8450000", box("8,450,000"), true],
    ["31.05", box("31,05"), true],
    ["0.217", box("0,217"), true],
    ["0,217", box("0.217"), true],
    ["12003004", box("12,\\!003,\\!004"), true],
    ["27815", "The final answer is $27{, }815$. I hope it is correct.", true],
    ["56.7", box("\\$56.70"), true],
    ["4", box("AQ4Z"), false],
  ],
  "list vs decimal comma": [
    ["4 \\text{ and } 9", box("4,9"), true, {}, "the gold is a list, so 4,9 is a list"],
    ["4, 9", box("4,9"), true],
    ["4.9", box("4,9"), true, {}, "the gold is a number, so 4,9 is a decimal"],
    ["4, 9", box("4.9"), false],
    ["-3, 5", box("-3,5"), true],
  ],
  "spacing": [
    ["(5, 12)", box("(5,\\ 12)"), true],
    ["(5, 12), (12, 5)", box("(12,\\ 5),\\ (5,\\ 12)"), true],
    ["\\{2, 4\\}", box("\\{2,\\ 4\\}"), true],
  ],
  "matrices": [
    [
      "\\begin{pmatrix}2 & 0 \\\\ 1 & 3\\end{pmatrix}",
      box("\\begin{bmatrix}2 & 0 \\\\ 1 & 3\\end{bmatrix}"),
      true,
    ],
    [
      "\\begin{pmatrix}2 & 0 \\\\ 1 & 3\\end{pmatrix}",
      box("\\begin{pmatrix}2 & 0 \\\\ 1 & 4\\end{pmatrix}"),
      false,
    ],
    [
      "\\begin{pmatrix}2 & 0 \\\\ 1 & 3\\end{pmatrix}",
      box("\\begin{pmatrix}2 & 1 \\\\ 0 & 3\\end{pmatrix}"),
      false,
    ],
    [
      "\\begin{pmatrix}1 & 2\\end{pmatrix}",
      box("\\begin{pmatrix}1 \\\\ 2\\end{pmatrix}"),
      false,
      {},
      "shapes differ",
    ],
    [
      "\\begin{pmatrix}\\frac{1}{2} & 1 \\\\ 0 & \\frac{3}{4}\\end{pmatrix}",
      box("\\begin{pmatrix}0.5 & 1 \\\\ 0 & 0.75\\end{pmatrix}"),
      true,
    ],
    [
      "\\begin{pmatrix}3 & 5 \\\\ 7 & 9\\end{pmatrix}",
      "$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix} + \\begin{pmatrix}2 & 3 \\\\ 4 & 5\\end{pmatrix}$",
      true,
    ],
    [
      "\\begin{pmatrix}2 & 1 \\\\ 4 & 3\\end{pmatrix}",
      "$\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}\\begin{pmatrix}0 & 1 \\\\ 1 & 0\\end{pmatrix}$",
      true,
    ],
    [
      "\\begin{pmatrix}1 & 4\\\\ 9 & 16\\end{pmatrix}",
      "$\\left[\\begin{array}{cc}1 & 4 \\\\ 9 & 16\\end{array}\\right]$",
      true,
    ],
    [
      "\\begin{pmatrix}x & 0 \\\\ 0 & x^2\\end{pmatrix}",
      box("\\begin{pmatrix}x & 0 \\\\ 0 & x\\cdot x\\end{pmatrix}"),
      true,
    ],
  ],
  "subscripts": [
    ["b_4 = 11, b_{20} = 59", box("b_{20} = 59, \\quad b_4 = 11"), true],
    ["b_4 = 11, b_{20} = 59", box("b_{20} = 58, \\quad b_4 = 11"), false],
    ["T_{ABC}:T=3:11", box("3:11"), true],
    ["T_{ABC}:T=3:11", box("3:10"), false],
    ["y_{1}=x+2, y_{2}=2x-1", box("y_1 = 2 + x,\\ y_2 = -1 + 2x"), true],
    ["G_n = \\sum_{j=1}^{n} G_{j-1} G_{n-j}", box("G_n = \\sum_{j=1}^{n} G_{n-j} G_{j-1}"), true],
    ["G_n = \\sum_{j=1}^{n} G_{j-1} G_{n-j}", box("G_n = \\sum_{j=0}^{n} G_{j-1} G_{n-j}"), false],
    ["204_5", box("204_5"), true],
  ],
  "tuple assignments": [
    ["(m,n)=(4,1)", box("(4,1)"), true],
    ["(m,n)=(4,1)", box("(1,4)"), false],
    ["(a,b,c)=(2,5,9)", "$(2, 5, 9)$", true],
    ["m=3,n=1;m=5,n=1", box("(3,1),(5,1)"), true],
    ["m=3,n=1;m=5,n=1", box("(3,1),(5,2)"), false],
    ["(4,1)", box("(m,n)=(4,1)"), true],
  ],
  "equations with name-like left sides": [
    ["|PQ|=5", "$$5$$", true],
    ["|PQ|=5", "$$6$$", false],
    ["\\frac{AE}{EC}=\\frac{2}{3}", box("\\frac{2}{3}"), true],
    ["P:Q=4", box("4"), true],
    ["x+2y=0", box("0"), false, {}, "an expression left side is not a name"],
    ["f(3) = 10", box("10"), true],
  ],
  "relations around f(x) and |z|": [
    ["-1<g(t)<4", box("(-1,4)"), true],
    ["-1<g(t)<4", box("[-1,4)"), false],
    ["2\\leq|w|\\leq 5", box("w \\in [-5,-2] \\cup [2,5]"), true],
    ["2\\leq|w|\\leq 5", box("[2,5]"), false],
    ["2<|w|<5", box("(-5,-2) \\cup (2,5)"), true],
    ["-9<b<12", box("(-9,12)"), true],
  ],
  "approximately": [
    ["\\frac{2}{7}", box("\\frac{2}{7} \\approx 0.29"), true, {}, "the value before \\approx"],
    ["y = \\frac{2}{7}", box("y = 2/7 \\approx 0.3"), true],
    ["0.29", box("\\frac{2}{7} \\approx 0.29"), false, {}, "2/7 is not 0.29 at 6 decimals"],
    ["13", box("y \\approx 13"), true],
  ],
  "sets with repeats": [
    ["(2,3,5),(3,2,5)", box("(3,2,5),(2,3,5),(3,2,5)"), false, {}, "a list counts repeats"],
    ["\\{(2,3,5),(3,2,5)\\}", box("(3,2,5),(2,3,5),(3,2,5)"), true, {}, "a set drops them"],
    ["\\{4, 6\\}", box("\\{6, 4, 6, 4\\}"), true],
    ["\\{4, 6, 8\\}", box("\\{4, 6, 6\\}"), false],
  ],
  "identical strings": [
    ["2 + \\frac{1}{\\mathrm{e}}", box("2 + \\frac{1}{\\mathrm{e}}"), true],
    [
      "2 + \\frac{1}{\\mathrm{e}}",
      box("2 - \\frac{1}{\\mathrm{e}}"),
      false,
      {},
      "Math-Verify pins a quirk here; we do not",
    ],
    ["13:30", box("13:30"), true],
    ["13:30", box("1:30"), false],
    ["\\mathbb{Z}^+", box("\\mathbb{Z}^+"), true],
  ],
  "several boxes": [
    ["5, 8", "\\boxed{5} and \\boxed{8}", true],
    ["5, 8", "\\boxed{5}, \\boxed{8}", true],
    ["(1, 2), (4, 3)", "\\boxed{(4, 3)} \\quad \\text{and} \\quad \\boxed{(1, 2)}", true],
    ["c = 9, d = 4", "$$\\boxed{c = 9} \\quad \\text{and} \\quad \\boxed{d = 4}$$", true],
    ["8", "First \\boxed{5}, but that was wrong; redoing it gives \\boxed{8}", true],
    ["5, 8", "First \\boxed{5}, but that was wrong; redoing it gives \\boxed{8}", false],
    [
      "3, 4",
      "\\boxed{3} cats and \\boxed{4} dogs",
      false,
      {},
      "prose between boxes: only the last counts",
    ],
    [
      "\\boxed{3} cats and \\boxed{4} dogs",
      box("3, 4"),
      true,
      {},
      "a gold's boxes joined by 'and'",
    ],
    [
      "\\boxed{3} far far away text \\boxed{4}",
      box("4"),
      true,
      {},
      "a gold's distant boxes: the last",
    ],
    ["\\boxed{20 cm} +++ \\boxed{6}", box("\\{20 cm, 6\\}"), true],
  ],
  "latex environments": [
    ["$2$ and $5$ and $11$", box("2,5,11"), true],
    ["$7,4$ or $2$", "$7,4,2$", true],
    ["6", "\\[6\\]", true],
    ["6", "$$\n6\n$$", true],
    ["6", "$\n6\n$", false, {}, "inline math does not span lines"],
    ["\\frac{4}{9}", "so $ \\frac{1}{3} \\$ = \\frac{4}{9} $", true],
  ],
  "percent": [
    ["35\\%", box("35 percent"), true],
    ["35\\%", "35 %", true],
    ["35\\%", box("0.35"), true],
    ["35\\%", box("3.5\\%"), false],
  ],
  "precision": [
    ["\\frac{1}{6}", box("0.167"), true, { floatRounding: 3 }],
    ["\\frac{1}{6}", box("0.167"), false, { floatRounding: 4 }],
    ["\\frac{5}{6}", box("0.8333"), true, { floatRounding: 4 }],
    ["(\\frac{1}{4}, \\frac{2}{3}]", box("(0.25, 0.67]"), true, { floatRounding: 2 }],
    ["\\sqrt{5}", box("2.236068"), true],
    ["\\sqrt{5}", box("2.2361"), true, { floatRounding: 4 }],
  ],
  "relations": [
    ["t \\geq 2", box("t >= 2"), true],
    ["t \\geq 2", box("2 \\le t"), true],
    ["t \\geq 2", box("t > 2"), false],
    ["y = 3 - 2x", box("2x + y - 3 = 0"), true],
    ["y = 3 - 2x", box("2x + y + 3 = 0"), false],
    ["u = 2 + 3 = 5", box("u = 5"), true],
  ],
  "set and relation asymmetry": [
    ["-4 \\le q \\le 1", box("q \\in [-4, 1]"), true],
    ["[-4, 1]", box("-4 \\le q \\le 1"), false],
    ["[-4, 1]", box("-4 \\le q \\le 1"), true, { allowSetRelation: true }],
  ],
  "strict": [
    ["g(t)", box("g(s)"), false],
    ["g(t)", box("g(s)"), true, { strict: false }],
  ],
  "configs": [
    ["\\frac{1}{3}", "$\\frac13$", true],
    ["\\frac{1}{3}", "$\\frac13$", false, { malformedOperators: false }],
    ["5, 8", "\\boxed{5} then \\boxed{8}", true, { boxed: "all" }],
  ],
  "choices": [
    ["B", "The answer is B.", true],
    ["B", "Final answer is B", true],
    ["B", "B. Because A is ruled out", true],
    ["B", "Because A is ruled out", false],
    ["D", "No option fits", false],
  ],
};
