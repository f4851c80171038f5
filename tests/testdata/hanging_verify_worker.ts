// A verification worker that hangs on the response "hang" and otherwise verifies normally,
// used to test that VerifierPool kills and replaces stuck workers.
import { runJob, type VerifyJob } from "../../lib/verify/verify_worker.ts";

// deno-lint-ignore no-explicit-any
const scope = globalThis as any;
scope.onmessage = (event: MessageEvent<VerifyJob>) => {
  const data = event.data;
  if (
    (data.kind !== "batch" && data.response === "hang") ||
    (data.kind === "batch" && data.items.some((i) => i.response === "hang"))
  ) {
    while (true) { /* stuck, as Math-Verify on 5^(5^(5^5)) */ }
  }
  scope.postMessage({ id: event.data.id, result: runJob(event.data) });
};
scope.postMessage({ ready: true });
