/**
 * Verification throughput: Farsight's verifier in one process and in the worker pool, against a
 * naive CAS-only baseline (every pair parsed and compared with mathjs `simplify(a − b) == 0`, no
 * exact fast paths), measured in the same run. Prints one JSON line.
 * @module
 */
import { simplify } from "mathjs";
import { VerifierPool } from "../../lib/verify/worker_pool.ts";
import { extractAnswer } from "../../lib/verify/extract.ts";
import { normalizeAnswer } from "../../lib/verify/normalize.ts";
import { parseMath } from "../../lib/verify/parse.ts";
import { toMathjs } from "../../lib/verify/evaluate.ts";
import { goldAnswer, type Verdict, verifyAnswer } from "../../lib/verify/verify.ts";
import { verificationMix } from "./verify_mix.ts";

const count = Number(Deno.args[0] ?? 4000);
const workers = Number(Deno.args[1] ?? navigator.hardwareConcurrency ?? 2);
const mix = verificationMix(count, 1);

function naive(gold: string, response: string): boolean {
  try {
    const answer = extractAnswer(response)?.text;
    if (!answer) return false;
    const g = parseMath(normalizeAnswer(goldAnswer(gold)));
    const p = parseMath(normalizeAnswer(answer));
    if (g.t === "seq" || p.t === "seq") {
      if (g.t !== "seq" || p.t !== "seq" || g.items.length !== p.items.length) return false;
      return g.items.every((x, i) =>
        simplify(`(${toMathjs(x)}) - (${toMathjs(p.items[i]!)})`).toString() === "0"
      );
    }
    return simplify(`(${toMathjs(g)}) - (${toMathjs(p)})`).toString() === "0";
  } catch {
    return false;
  }
}

function timed(run: () => number): { seconds: number; correct: number } {
  const t0 = performance.now();
  const correct = run();
  return { seconds: (performance.now() - t0) / 1000, correct };
}

// Warm up the JIT (steady-state throughput is what a training run sees).
const warm = verificationMix(2000, 99);
for (const m of warm) verifyAnswer(m.gold, m.response);
const single = timed(() =>
  mix.filter((m) => verifyAnswer(m.gold, m.response).correct === m.expected).length
);
const naiveCount = Math.min(count, 400);
const naiveRun = timed(() =>
  mix.slice(0, naiveCount).filter((m) => naive(m.gold, m.response) === m.expected).length
);

const pool = new VerifierPool({ size: workers });
await pool.verifyMany(warm.map((m) => ({ gold: m.gold, response: m.response }))); // workers loaded and warm
const t0 = performance.now();
const verdicts = await pool.verifyMany(
  mix.map((m) => ({ gold: m.gold, response: m.response })),
) as Verdict[];
const poolSeconds = (performance.now() - t0) / 1000;
pool.close();

console.log(JSON.stringify({
  count,
  workers,
  single: { perSecond: count / single.seconds, agreement: single.correct / count },
  pool: {
    perSecond: count / poolSeconds,
    agreement: verdicts.filter((v, i) => v.correct === mix[i]!.expected).length / count,
  },
  naive: { perSecond: naiveCount / naiveRun.seconds, agreement: naiveRun.correct / naiveCount },
}));
