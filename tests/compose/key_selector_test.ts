import assert from "node:assert/strict";
import {
  findIntegerCandidates,
  offsetLinkIssues,
  prepareSeedPool,
  selectKeyInteger,
} from "../../lib/compose/mod.ts";

const texts = (q: string) => findIntegerCandidates(q).map((c) => c.text);

Deno.test("findIntegerCandidates() skips decimals, zero, glued digits and digit groups", () => {
  assert.deepEqual(texts("Pay 12.50 or .5 or 3 dollars."), ["3"]);
  assert.deepEqual(texts("x2 + 3rd place + a_1 + 0 + 7"), ["7"]);
  assert.deepEqual(texts("There are 1,234 apples and 5 pears."), ["5"]);
  assert.deepEqual(texts("He counted to 12."), ["12"], "a sentence-final dot is not a decimal");
});

Deno.test("findIntegerCandidates() flags math environments and complex positions", () => {
  const c = findIntegerCandidates("Find $\\sqrt{16} + 2^3 + 7$ and 3/4 of 20, and f(9).");
  const by = Object.fromEntries(c.map((x) => [x.text + "@" + x.start, x]));
  const flags = c.map((x) => [x.text, x.inMath, x.independent, x.priority]);
  assert.deepEqual(flags, [
    ["16", true, false, 4],
    ["2", true, false, 4],
    ["3", true, false, 4],
    ["7", true, true, 2],
    ["3", false, false, 3],
    ["4", false, false, 3],
    ["20", false, true, 1],
    ["9", false, false, 3],
  ]);
  assert.ok(Object.keys(by).length === 8);
  assert.equal(findIntegerCandidates("\\[ x = 5 \\] and \\(y = 6\\)").every((x) => x.inMath), true);
});

Deno.test("selectKeyInteger() follows R-Horizon's priorities, then the tie-break", () => {
  assert.equal(selectKeyInteger("Find $\\frac{1}{2}$ of 30 apples.")?.text, "30");
  assert.equal(selectKeyInteger("Compute $2^5 + 9$.")?.text, "9", "independent math beats a power");
  assert.equal(selectKeyInteger("Compute $2^5$.")?.text, "2", "complex only when nothing else");
  assert.equal(selectKeyInteger("Take 4 then 9 then 2.", { tieBreak: "last" })?.text, "2");
  assert.equal(selectKeyInteger("Take 4 then 9 then 2.", { tieBreak: "largest" })?.text, "9");
  assert.equal(selectKeyInteger("No numbers at all, or 0."), null);
});

Deno.test("findIntegerCandidates() skips what R-Horizon's rule filter skips", () => {
  assert.deepEqual(texts("Step 2: add 5. Problem 3 asks for 6."), ["5", "6"]);
  assert.deepEqual(texts("(1) Buy 4 pens. [2] Sell 3. (iii) keep 8."), ["4", "3", "8"]);
  assert.deepEqual(texts("1. Take 7 beads.\n2) Give 2 away."), ["7", "2"]);
  assert.deepEqual(texts("The point (3, 4) and (-1,2,5) lie 9 units apart."), ["9"]);
  assert.deepEqual(
    findIntegerCandidates("Let $x_2 = 11$ and $y^{3} = 27$ and $a_{12} + 2^{10}$.").map((c) => [
      c.text,
      c.priority,
    ]),
    [["11", 2], ["3", 4], ["27", 2], ["2", 4], ["10", 4]],
    "subscripts dropped, exponents complex",
  );
  assert.deepEqual(texts("A car costs $20{,}000, a bike 1\\,500 and a hat 12,\\!345 or 40."), [
    "40",
  ]);
  assert.deepEqual(texts("f(9) is not an enumerator"), ["9"]);
  assert.equal(selectKeyInteger("Step 1: Ann has (1) 12 apples and eats 5.")?.text, "12");
});

Deno.test("integers written with leading zeros are never linked (0801 is not the integer 801)", () => {
  assert.deepEqual(texts("Flight 0801 leaves gate 7 at 09:05."), ["7"]);
  assert.equal(selectKeyInteger("Agent 007 reads file 0042."), null);
  assert.equal(
    selectKeyInteger("There are 10 rooms and 0 halls.")?.text,
    "10",
    "10 keeps its zero",
  );
  const base = {
    family: "d",
    answer_kind: "integer",
    difficulty: {},
    source: { kind: "dataset", dataset: "d", row: 0 },
  } as const;
  const { seeds, excluded } = prepareSeedPool([
    { ...base, id: "a", question: "What is 0801 + 0005?", answer: "806" },
    { ...base, id: "b", question: "What is 801 + 5?", answer: "806" },
  ]);
  assert.deepEqual(seeds.map((s) => s.id), ["b"]);
  assert.deepEqual(excluded, [{ id: "a", reason: "no linkable integer in the question" }]);
  assert.deepEqual(offsetLinkIssues({ question: "Code 0801.", answer: "3" }), [
    { field: "question", expected: "an integer in the question to link" },
  ]);
});
