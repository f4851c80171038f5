// A verification worker for VerifierPool's tests: the response "hang" never returns (as a
// verifier that cannot check its deadline); "slow:N" busy-waits N ms but honours the
// cooperative deadline (answering `timeout` at it, as the verifier does); anything else is
// verified normally.
import { runItem, serveVerifyJobs, type VerifyItem } from "../../lib/verify/verify_worker.ts";

serveVerifyJobs((item: VerifyItem, timeoutMs?: number) => {
  if (item.response === "hang") { while (true) { /* stuck, as Math-Verify on 5^(5^(5^5)) */ } }
  const slow = item.response.match(/^slow:(\d+)$/);
  if (slow && typeof item.gold === "string") {
    const start = performance.now();
    const wanted = Number(slow[1]);
    while (performance.now() - start < wanted) {
      if (timeoutMs !== undefined && performance.now() - start >= timeoutMs) {
        return {
          correct: false,
          status: "timeout",
          extracted: { gold: item.gold, response: null, source: null },
          reason: `cooperative deadline of ${timeoutMs} ms`,
        };
      }
    }
    return runItem({ gold: item.gold, response: `\\boxed{${item.gold}}` });
  }
  return runItem(item, timeoutMs);
});
