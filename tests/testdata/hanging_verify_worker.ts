// A verification worker for VerifierPool's tests: the response "hang" never returns (as a
// verifier that cannot check its deadline); "slow:N" busy-waits N ms but honours the
// cooperative deadline (answering `timeout` at it, as the verifier does); anything else is
// verified normally.
import { runItem, serveVerifyJobs, type VerifyItem } from "../../lib/verify/verify_worker.ts";

serveVerifyJobs((item: VerifyItem, timeoutMs?: number) => {
  if (item.response === "hang") { while (true) { /* stuck, as Math-Verify on 5^(5^(5^5)) */ } }
  const slow = item.response.match(/^slow:(\d+)$/);
  if (slow) {
    const start = performance.now();
    const wanted = Number(slow[1]);
    const golds = typeof item.gold === "string" ? [item.gold] : item.gold;
    while (performance.now() - start < wanted) {
      if (timeoutMs !== undefined && performance.now() - start >= timeoutMs) {
        const verdicts = golds.map((gold) => ({
          correct: false,
          status: "timeout",
          extracted: { gold, response: null, source: null },
          reason: `cooperative deadline of ${timeoutMs} ms`,
        }));
        return typeof item.gold === "string" ? verdicts[0] : {
          correct: false,
          perProblem: golds.map(() => false),
          verdicts,
          missing: [],
          method: "none",
        };
      }
    }
    return runItem({ gold: item.gold, response: golds.map((g) => `\\boxed{${g}}`).join(" ") });
  }
  return runItem(item, timeoutMs);
});
