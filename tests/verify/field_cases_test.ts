import assert from "node:assert/strict";
import { compareAnswers, goldAnswer, verifyAnswer } from "../../lib/verify/mod.ts";
import { FIELD_CASES } from "./field_cases.ts";

/** Agreement with mathematical truth, per source. */
function bySource() {
  const out = new Map<
    string,
    {
      total: number;
      agree: number;
      free: number;
      freeAgree: number;
      falsePositives: string[];
      misses: string[];
    }
  >();
  for (const [gold, answer, truth, convention, source, options] of FIELD_CASES) {
    const s = out.get(source) ??
      { total: 0, agree: 0, free: 0, freeAgree: 0, falsePositives: [], misses: [] };
    out.set(source, s);
    // Math-Verify's cases and full responses go through extraction; the other graders compare
    // answers already taken out of a response
    const v = source === "Math-Verify" || /\\boxed|<think>|Answer/.test(answer)
      ? verifyAnswer(gold, answer, options ?? {})
      : compareAnswers(goldAnswer(gold), answer, null, options ?? {});
    const ok = v.correct === truth;
    s.total++;
    if (ok) s.agree++;
    if (!convention) {
      s.free++;
      if (ok) s.freeAgree++;
    }
    const line = `${JSON.stringify(gold)} vs ${
      JSON.stringify(answer.slice(-120))
    }: ${v.status} (${v.reason})`;
    if (v.correct && !truth) s.falsePositives.push(line);
    else if (!ok) s.misses.push(`${convention ? "[convention] " : ""}${line}`);
  }
  return out;
}

const results = bySource();

for (const [source, s] of results) {
  Deno.test(`field graders' cases: ${source} (${s.total} cases, ${s.free} convention-free)`, () => {
    console.log(
      `${source}: ${s.agree}/${s.total} agree with the truth (${
        (100 * s.agree / s.total).toFixed(1)
      }%), ${s.freeAgree}/${s.free} convention-free (${
        (100 * s.freeAgree / Math.max(1, s.free)).toFixed(1)
      }%), ${s.falsePositives.length} false positives`,
    );
    for (const m of s.misses) console.log(`  miss: ${m}`);
    assert.deepEqual(s.falsePositives, [], "no false positive");
    assert.ok(
      s.freeAgree >= 0.95 * s.free,
      `${s.freeAgree}/${s.free} convention-free cases agree (need 95%)`,
    );
  });
}
