/**
 * The Web Worker behind `VerifierPool`: receives verification jobs and posts verdicts back.
 * A custom worker for the pool answers the same messages; {@linkcode serveVerifyJobs} does it
 * for any per-item function.
 * @module
 */
import { verifyAnswer, verifyComposed, type VerifyOptions } from "./verify.ts";

/** Fields every job message may carry besides its items. */
interface JobCommon {
  readonly id: number;
  /**
   * Cooperative deadline per item, in milliseconds, handed to the verifier as
   * `options.timeoutMs` (the verifier stops and answers `timeout` past it); the pool's value
   * overrides any per-item `timeoutMs`.
   */
  readonly timeoutMs?: number;
  /**
   * Shared progress cell: the worker stores the index of the item it is working on, so the
   * pool, when it must kill a stuck worker, knows which item was stuck.
   */
  readonly progress?: Int32Array;
}

/** A job sent to a verification worker. */
export type VerifyJob =
  | JobCommon & {
    readonly kind: "answer";
    readonly gold: string;
    readonly response: string;
    readonly options?: VerifyOptions;
  }
  | JobCommon & {
    readonly kind: "composed";
    readonly golds: readonly string[];
    readonly response: string;
    readonly options?: VerifyOptions;
  }
  | JobCommon & { readonly kind: "batch"; readonly items: readonly VerifyItem[] };

/** One item of a batch: a single gold (a `Verdict`) or a list of golds (a `ComposedVerdict`). */
export interface VerifyItem {
  /** The gold answer, or one gold per problem of a composed task. */
  readonly gold: string | readonly string[];
  /** The response text to verify. */
  readonly response: string;
  /** Verification options for this item. */
  readonly options?: VerifyOptions;
}

/**
 * Verifies one item in this thread; `timeoutMs`, when given, is passed to the verifier as its
 * cooperative deadline (`options.timeoutMs`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runItem } from "./verify_worker.ts";
 * assert.equal((runItem({ gold: "4", response: "\\boxed{4}" }) as { correct: boolean }).correct, true);
 * ```
 */
export function runItem(item: VerifyItem, timeoutMs?: number): unknown {
  const options = timeoutMs === undefined ? item.options : { ...item.options, timeoutMs };
  return typeof item.gold === "string"
    ? verifyAnswer(item.gold, item.response, options)
    : verifyComposed(item.gold, item.response, options);
}

function itemsOf(job: VerifyJob): VerifyItem[] {
  if (job.kind === "batch") return [...job.items];
  if (job.kind === "answer") {
    return [{
      gold: job.gold,
      response: job.response,
      ...(job.options ? { options: job.options } : {}),
    }];
  }
  return [{
    gold: job.golds,
    response: job.response,
    ...(job.options ? { options: job.options } : {}),
  }];
}

/**
 * Runs one job (shared by the worker and by in-process fallbacks): a batch gives a list of
 * results, a single job one result. `run` verifies one item (default {@linkcode runItem}); the
 * index of the item being verified is stored in `job.progress` before each item.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runJob } from "./verify_worker.ts";
 * const out = runJob({ id: 1, kind: "batch", items: [{ gold: "1", response: "\\boxed{1}" }] });
 * assert.equal((out as { correct: boolean }[])[0]!.correct, true);
 * ```
 */
export function runJob(
  job: VerifyJob,
  run: (item: VerifyItem, timeoutMs?: number) => unknown = runItem,
): unknown {
  const items = itemsOf(job);
  const results = items.map((item, i) => {
    if (job.progress) Atomics.store(job.progress, 0, i);
    return run(item, job.timeoutMs);
  });
  return job.kind === "batch" ? results : results[0];
}

/**
 * Makes the current Web Worker answer `VerifierPool` jobs with `run` (one item at a time):
 * posts `{ready: true}` once loaded, then `{id, result}` per job, or `{id, error}` if `run`
 * throws. Does nothing outside a worker. A custom verifier's worker module calls this once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { serveVerifyJobs } from "./verify_worker.ts";
 * assert.equal(serveVerifyJobs(), false); // not in a worker here
 * ```
 */
export function serveVerifyJobs(
  run: (item: VerifyItem, timeoutMs?: number) => unknown = runItem,
): boolean {
  // deno-lint-ignore no-explicit-any
  const scope = globalThis as any;
  if (
    typeof scope.WorkerGlobalScope === "undefined" || !(scope instanceof scope.WorkerGlobalScope)
  ) return false;
  scope.onmessage = (event: MessageEvent<VerifyJob>) => {
    const job = event.data;
    try {
      scope.postMessage({ id: job.id, result: runJob(job, run) });
    } catch (error) {
      scope.postMessage({
        id: job.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  scope.postMessage({ ready: true });
  return true;
}

// Only as a worker's entry module: custom workers import this file and call serveVerifyJobs.
if (import.meta.main) serveVerifyJobs();
