/**
 * Reads the JUnit XML that `deno test --junit-path` writes, for the suite's report of where its
 * time goes. The XML is Deno's own output with a fixed shape (`<testsuite name=MODULE>` holding
 * `<testcase name=… time=…>`), so attributes are read with a small pattern rather than a
 * general XML parser.
 * @module
 */

/** One test's time. */
export interface TestTime {
  readonly module: string;
  readonly name: string;
  readonly seconds: number;
}

const unescape = (s: string) =>
  s.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'").replaceAll("&amp;", "&");

function attribute(tag: string, name: string): string | undefined {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? unescape(m[1]!) : undefined;
}

/** Every test case with its time, in file order. */
export function testTimes(xml: string): TestTime[] {
  const out: TestTime[] = [];
  let module = "";
  for (const m of xml.matchAll(/<(testsuite|testcase)\s[^>]*>/g)) {
    const tag = m[0];
    if (m[1] === "testsuite") module = attribute(tag, "name") ?? "";
    else {
      const seconds = Number(attribute(tag, "time"));
      if (!Number.isFinite(seconds)) throw new Error(`test case without a time: ${tag}`);
      out.push({ module, name: attribute(tag, "name") ?? "", seconds });
    }
  }
  return out;
}

/** The `n` slowest tests, slowest first. */
export function slowestTests(xml: string, n: number): TestTime[] {
  return testTimes(xml).sort((a, b) => b.seconds - a.seconds).slice(0, n);
}
