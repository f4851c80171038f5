/**
 * Reads the JUnit XML that `deno test --junit-path` writes, for the suite's report of where its
 * time goes. The XML is Deno's own output with a fixed shape (`<testsuite name=MODULE>` holding
 * `<testcase name=… time=…>`), so attributes are read with a small pattern rather than a
 * general XML parser.
 * @module
 */

/** One test's time, and whether it failed. */
export interface TestTime {
  readonly module: string;
  readonly name: string;
  readonly seconds: number;
  /** The failure's message (first line) when the test failed. */
  readonly failure?: string;
}

const unescape = (s: string) =>
  s.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'").replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replaceAll("&amp;", "&");

function attribute(tag: string, name: string): string | undefined {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? unescape(m[1]!) : undefined;
}

/**
 * Every test case with its time, in file order; a case holding a `<failure>` carries its
 * message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { testTimes } from "./junit.ts";
 * const xml = `<testsuites><testsuite name="./a_test.ts" tests="2">
 * <testcase name="adds" classname="adds" time="0.5"></testcase>
 * <testcase name="parses &quot;x&quot;" classname="p" time="1.25">
 * <failure message="Uncaught AssertionError: 1 !== 2&#10;more">detail</failure>
 * </testcase></testsuite></testsuites>`;
 * assert.deepEqual(testTimes(xml), [
 *   { module: "./a_test.ts", name: "adds", seconds: 0.5 },
 *   { module: "./a_test.ts", name: 'parses "x"', seconds: 1.25, failure: "Uncaught AssertionError: 1 !== 2" },
 * ]);
 * ```
 */
export function testTimes(xml: string): TestTime[] {
  const out: TestTime[] = [];
  let module = "";
  for (const m of xml.matchAll(/<(testsuite|testcase|failure)\b[^>]*>/g)) {
    const tag = m[0];
    if (m[1] === "testsuite") module = attribute(tag, "name") ?? "";
    else if (m[1] === "failure") {
      const last = out.pop();
      if (!last) throw new Error(`a failure outside a test case: ${tag}`);
      const message = attribute(tag, "message") ?? "failed";
      out.push({ ...last, failure: message.split("\n")[0]! });
    } else {
      const seconds = Number(attribute(tag, "time"));
      if (!Number.isFinite(seconds)) throw new Error(`test case without a time: ${tag}`);
      out.push({ module, name: attribute(tag, "name") ?? "", seconds });
    }
  }
  return out;
}

/** The failed tests, in file order (see {@linkcode testTimes}). */
export function failedTests(xml: string): TestTime[] {
  return testTimes(xml).filter((t) => t.failure !== undefined);
}

/** The `n` slowest tests, slowest first. */
export function slowestTests(xml: string, n: number): TestTime[] {
  return testTimes(xml).sort((a, b) => b.seconds - a.seconds).slice(0, n);
}
