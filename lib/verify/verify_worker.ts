/**
 * The Web Worker behind `VerifierPool`: receives verification jobs and posts verdicts back.
 * A custom worker for the pool must answer the same messages.
 * @module
 */
import { verifyAnswer, verifyComposed, type VerifyOptions } from "./verify.ts";

/** A job sent to a verification worker. */
export type VerifyJob =
  | {
    readonly id: number;
    readonly kind: "answer";
    readonly gold: string;
    readonly response: string;
    readonly options?: VerifyOptions;
  }
  | {
    readonly id: number;
    readonly kind: "composed";
    readonly golds: readonly string[];
    readonly response: string;
    readonly options?: VerifyOptions;
  }
  | { readonly id: number; readonly kind: "batch"; readonly items: readonly VerifyItem[] };

/** One item of a batch: a single gold (a `Verdict`) or a list of golds (a `ComposedVerdict`). */
export interface VerifyItem {
  readonly gold: string | readonly string[];
  readonly response: string;
  readonly options?: VerifyOptions;
}

/** Verifies one item in this thread. */
export function runItem(item: VerifyItem): unknown {
  return typeof item.gold === "string"
    ? verifyAnswer(item.gold, item.response, item.options)
    : verifyComposed(item.gold, item.response, item.options);
}

/** Runs one job (shared by the worker and by in-process fallbacks). */
export function runJob(job: VerifyJob): unknown {
  if (job.kind === "batch") return job.items.map(runItem);
  return job.kind === "answer"
    ? verifyAnswer(job.gold, job.response, job.options)
    : verifyComposed(job.golds, job.response, job.options);
}

// deno-lint-ignore no-explicit-any
const scope = globalThis as any;
if (typeof scope.WorkerGlobalScope !== "undefined" && scope instanceof scope.WorkerGlobalScope) {
  scope.onmessage = (event: MessageEvent<VerifyJob>) => {
    const job = event.data;
    try {
      scope.postMessage({ id: job.id, result: runJob(job) });
    } catch (error) {
      scope.postMessage({
        id: job.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  scope.postMessage({ ready: true });
}
