import assert from "node:assert/strict";
import { type VerdictStatus, verifyAnswer } from "../../lib/verify/mod.ts";

const box = (s: string) => `So the final value is \\boxed{${s}}.`;

/** Huge and near-equal values: every example with the verdict it must get. */
const HUGE_VALUE_EXAMPLES: [gold: string, answer: string, status: VerdictStatus][] = [
  ["10^{2100}", "10^{2100}+1", "wrong"],
  ["2^{1000000}", "2^{999999}", "wrong"],
  ["171!", "172!", "wrong"],
  ["9^{9^9}", "8^{8^8}", "wrong"],
  ["100000!", "100001!", "wrong"],
  ["e^{1000}", "e^{1000}+1", "wrong"],
  ["\\frac{1}{10^{3000}}", "0", "wrong"],
  ["(x+1)^{60}", "(x+1)^{60}+1", "wrong"],
  ["x^{100}", "x^{100}+10^{-30}", "wrong"],
  ["\\frac{10^{3000}}{10^{2999}}", "10", "correct"],
  ["(x+1)^{1000}", "(1+x)^{1000}", "correct"],
];

for (const [gold, answer, status] of HUGE_VALUE_EXAMPLES) {
  Deno.test(`huge values: ${gold} vs ${answer} is ${status}`, () => {
    const v = verifyAnswer(gold, box(answer));
    assert.equal(v.status, status, v.reason);
  });
}

/**
 * Near misses: each gold with answers that are wrong by a hair. Every wrong answer must be
 * rejected; the right one (first) must be accepted.
 */
const NEAR_MISSES: { gold: string; right: string | null; wrong: string[] }[] = [
  // large powers
  {
    gold: "7^{3001}",
    right: "7^{3000}\\cdot 7",
    wrong: ["7^{3001}+1", "7^{3001}-1", "7^{3000}", "2\\cdot 7^{3000}"],
  },
  { gold: "2^{4096}", right: "4^{2048}", wrong: ["4^{2048}+1", "2^{4095}", "2^{4096}-2^{4095}"] },
  { gold: "10^{5000}-1", right: "\\frac{10^{5000}-1}{1}", wrong: ["10^{5000}", "10^{5000}-2"] },
  // towers
  {
    gold: "3^{3^{3^3}}",
    right: "3^{3^{27}}",
    wrong: ["3^{3^{3^3}}+1", "3^{3^{26}}", "2^{3^{3^3}}"],
  },
  { gold: "7^{7^7}", right: "7^{823543}", wrong: ["7^{823542}", "7^{7^7}-7", "6^{7^7}"] },
  { gold: "2^{2^{2^{2^2}}}", right: "2^{65536}", wrong: ["2^{65536}-1", "2^{65535}"] },
  // factorials
  { gold: "300!", right: "300\\cdot 299!", wrong: ["301!", "299!", "300!+1", "300!-300"] },
  { gold: "50000!", right: "50000\\cdot 49999!", wrong: ["50001!", "49999!", "50000!+1"] },
  {
    gold: "\\binom{2000}{1000}",
    right: "\\binom{2000}{1000}",
    wrong: ["\\binom{2000}{999}", "\\binom{2000}{1000}+1"],
  },
  // long integers
  {
    gold: "1" + "0".repeat(400) + "7",
    right: "1" + "0".repeat(400) + "7",
    wrong: ["1" + "0".repeat(400) + "8", "1" + "0".repeat(399) + "7", "1" + "0".repeat(401) + "7"],
  },
  {
    gold: "9".repeat(1500),
    right: "10^{1500}-1",
    wrong: ["10^{1500}", "10^{1500}-2", "9".repeat(1499) + "8"],
  },
  // tiny values
  {
    gold: "10^{-4000}",
    right: "\\frac{1}{10^{4000}}",
    wrong: ["0", "10^{-3999}", "10^{-4000}+10^{-8000}"],
  },
  { gold: "0", right: "1-1", wrong: ["10^{-50}", "2^{-200}", "\\frac{1}{10^{3000}}"] },
  { gold: "e^{-1000}", right: "\\frac{1}{e^{1000}}", wrong: ["0", "e^{-999}"] },
  // transcendental near misses
  {
    gold: "e^{1000}",
    right: "e^{500}\\cdot e^{500}",
    wrong: ["e^{1000}+1", "e^{1000}-10^{-6}", "e^{999}"],
  },
  {
    gold: "\\pi",
    right: "4\\arctan(1)",
    wrong: ["\\frac{355}{113}", "\\pi+10^{-40}", "\\frac{314159265358979}{10^{14}}"],
  },
  {
    gold: "\\sqrt{2}",
    right: "2^{1/2}",
    wrong: ["\\frac{141421356237310}{10^{14}}", "\\frac{99}{70}", "\\sqrt{2}+10^{-60}"],
  },
  // symbolic near misses
  { gold: "(x+1)^{60}", right: "(1+x)^{60}", wrong: ["(x+1)^{60}+1", "(x+1)^{59}", "(x-1)^{60}"] },
  {
    gold: "x^{100}",
    right: "x^{50}\\cdot x^{50}",
    wrong: ["x^{100}+10^{-30}", "x^{99}", "1.0000001x^{100}"],
  },
  {
    gold: "(a+b)^{20}",
    right: "(b+a)^{20}",
    wrong: ["a^{20}+b^{20}", "(a+b)^{20}-a^{20}b^{0}\\cdot 10^{-9}"],
  },
  {
    gold: "\\frac{x^2-1}{x-1}",
    right: "\\frac{(x+1)(x-1)}{x-1}",
    wrong: ["x-1", "\\frac{x^2+1}{x-1}"],
  },
  { gold: "\\sin^2 x + \\cos^2 x", right: "1", wrong: ["1+10^{-30}", "\\sin^2 x"] },
];

for (const { gold, right, wrong } of NEAR_MISSES) {
  Deno.test(`near misses of ${gold.slice(0, 40)}`, () => {
    if (right) {
      const v = verifyAnswer(gold, box(right));
      assert.equal(v.status, "correct", `${right}: ${v.reason}`);
    }
    for (const w of wrong) {
      const v = verifyAnswer(gold, box(w));
      assert.equal(v.correct, false, `${w.slice(0, 60)} was accepted: ${v.reason}`);
      assert.ok(v.status === "wrong" || v.status === "undecided", `${w}: ${v.status}`);
    }
  });
}

Deno.test("a written decimal is compared at floatRounding decimals (Math-Verify's rule)", () => {
  assert.equal(verifyAnswer("\\pi", box("3.14159265358979")).status, "correct");
  assert.equal(
    verifyAnswer("\\pi", box("3.14159265358979"), { floatRounding: 30 }).status,
    "wrong",
  );
  assert.equal(verifyAnswer("\\sqrt{2}", box("1.414214")).status, "correct");
  assert.equal(verifyAnswer("\\sqrt{2}", box("1.414213")).status, "wrong");
});

Deno.test("adversarial inputs all get a verdict (none correct)", () => {
  const nestedSqrt = "\\sqrt{".repeat(1000) + "2" + "}".repeat(1000);
  const inputs = [
    "5^{5^{5^{5^5}}}",
    "9^{9^{9^{9}}}",
    "(10^{100})!",
    "((10^{100})!)!",
    "x".repeat(100_000),
    "9".repeat(100_000),
    "{".repeat(3000) + "3" + "}".repeat(3000),
    nestedSqrt,
    "e^{e^{e^{e^{10}}}}",
    "\\sin(10^{10^{10}})",
    "2000000!",
    "\\frac{1}{(10^{100})! - (10^{100})!}",
  ];
  for (const input of inputs) {
    const v = verifyAnswer("3", box(input));
    assert.equal(v.correct, false, `${input.slice(0, 40)}: ${v.reason}`);
    assert.ok(
      ["wrong", "undecided", "unparseable", "no_answer"].includes(v.status),
      `${input.slice(0, 40)}: ${v.status} ${v.reason}`,
    );
  }
  // the same huge value on both sides is identical text
  assert.equal(verifyAnswer("(10^{100})!", box("(10^{100})!")).status, "correct");
  assert.equal(verifyAnswer("(10^{100})!", box("(10^{100})!+1")).status, "wrong");
});

Deno.test("what cannot be decided is undecided, never correct", () => {
  const v = verifyAnswer("(10^{100})!", box("(10^{100}+1)!"));
  assert.equal(v.status, "undecided");
  assert.equal(v.correct, false);
});

Deno.test("timeoutMs stops a long verification with status timeout", () => {
  const v = verifyAnswer("249999!", box("250000!"), { timeoutMs: 1 });
  assert.equal(v.status, "timeout", v.reason);
  assert.equal(v.correct, false);
  // without a limit the same pair is decided
  const [gold, answer] = ["1999!", "2000!"];
  assert.equal(verifyAnswer(gold, box(answer)).status, "wrong");
});

Deno.test("the reason names the method that decided", () => {
  const method = (gold: string, answer: string) => verifyAnswer(gold, box(answer)).reason;
  assert.match(method("\\frac{1}{2}", "\\frac{2}{4}"), /^exact/);
  assert.match(
    method("10^{2100}", "10^{2100}+1"),
    /^fingerprint: residues differ mod the prime \d+/,
  );
  assert.match(
    method("2^{65536}", "4^{32768}"),
    /^fingerprint: equal mod \d+ random 62-bit primes \(error ≤/,
  );
  assert.match(method("(x+1)^2", "x^2+2x+1"), /^identity test over F_p/);
  assert.match(method("e^{1000}", "e^{1000}+1"), /^intervals: separated at \d+ bits/);
  assert.match(method("\\sqrt{8}", "2\\sqrt{2}"), /^exact: equal normal forms/);
  assert.match(method("\\sqrt{\\pi}", "\\pi^{1/2}"), /^intervals: overlap at .* bits/);
  assert.match(method("\\text{Evelyn}", "\\text{Evelyn}"), /^text/);
});

Deno.test("the seed changes the primes, not the verdicts", () => {
  for (const seed of [0, 1, 7]) {
    assert.equal(verifyAnswer("3^{3^{27}}", box("3^{3^{3^3}}"), { seed }).status, "correct");
    assert.equal(verifyAnswer("3^{3^{27}}", box("3^{3^{3^3}}+1"), { seed }).status, "wrong");
  }
});
