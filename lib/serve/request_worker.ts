/**
 * The request worker: answers one big reward request in its own thread and heap, so that
 * reading a 100,000-item body, building its reply and the garbage collection all that
 * allocates never pause the server's event loop. Verification still goes through the server's
 * fair scheduler and worker pool: this worker sends the items over a few chunks at a time, and
 * the server interleaves them with everyone else's (see {@linkcode answerInWorker}).
 * @module
 */
import { scoreResponses } from "../rewards/score_response.ts";
import type { Verdict } from "../verify/verify.ts";
import type { ComposedVerdict } from "../verify/verify.ts";
import type { VerifyItem } from "../verify/verify_worker.ts";
import { runSteps } from "../io/time_slices.ts";
import {
  answerRewardRequest,
  type EndpointAnswer,
  errorMessage,
  type RewardEndpointOptions,
  type RewardPath,
} from "./reward_endpoint.ts";

/** The message that starts a request worker's one request. */
export interface RequestJob {
  readonly type: "request";
  readonly path: RewardPath;
  /** The request body (transferred). */
  readonly bytes: Uint8Array;
  readonly options: RewardEndpointOptions;
  /** Items per verification chunk sent to the server. */
  readonly chunkSize: number;
  /** Chunks the worker has out at once: the most of the server's scheduler it can hold. */
  readonly window: number;
}

/** Messages from a request worker: a chunk to verify, or the answer. */
export type RequestWorkerMessage =
  | { readonly type: "verify"; readonly id: number; readonly items: readonly VerifyItem[] }
  | { readonly type: "answer"; readonly status: number; readonly body: Uint8Array };

/** Messages to a request worker besides the job: a chunk's verdicts, or why it failed. */
export type RequestWorkerReply =
  | { readonly type: "verdicts"; readonly id: number; readonly verdicts: unknown[] }
  | { readonly type: "failed"; readonly id: number; readonly error: string };

/**
 * Answers `job` in a request worker that `spawn()` starts: the worker reads the body, sends
 * each chunk of items to `verify` (at most `job.window` at once), and returns the status and
 * the encoded body. The worker is ended afterwards, which frees its heap at once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { answerInWorker } from "./request_worker.ts";
 * import { VerifierPool } from "../verify/worker_pool.ts";
 * await using pool = new VerifierPool({ size: 1 });
 * const answer = await answerInWorker({
 *   type: "request",
 *   path: "/reward",
 *   bytes: new TextEncoder().encode('{"completions": ["#### 4", "#### 5"], "answer": [4, 4]}'),
 *   options: {},
 *   chunkSize: 1,
 *   window: 2,
 * }, (items) => pool.verifyBatch(items));
 * assert.equal(answer.status, 200);
 * assert.deepEqual(JSON.parse(new TextDecoder().decode(answer.body)).rewards, [1, 0]);
 * ```
 */
export function answerInWorker(
  job: RequestJob,
  verify: (items: readonly VerifyItem[]) => Promise<readonly unknown[]>,
): Promise<{ status: number; body: Uint8Array }> {
  const worker = new Worker(new URL("./request_worker.ts", import.meta.url), { type: "module" });
  return new Promise<{ status: number; body: Uint8Array }>((resolve) => {
    worker.onmessage = (event: MessageEvent<RequestWorkerMessage>) => {
      const m = event.data;
      if (m.type === "answer") return resolve({ status: m.status, body: m.body });
      verify(m.items).then(
        (verdicts) => worker.postMessage({ type: "verdicts", id: m.id, verdicts: [...verdicts] }),
        (error) => worker.postMessage({ type: "failed", id: m.id, error: errorMessage(error) }),
      );
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const body = JSON.stringify({ error: `internal error: request worker: ${event.message}` });
      resolve({ status: 500, body: new TextEncoder().encode(body) });
    };
    worker.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
  }).finally(() => worker.terminate());
}

/** In the worker: verification through the server, `window` chunks out at a time. */
function remotePool(post: (m: RequestWorkerMessage) => void, chunkSize: number, window: number) {
  const pending = new Map<
    number,
    { resolve: (v: unknown[]) => void; reject: (e: Error) => void }
  >();
  let nextId = 1;
  const ask = (items: readonly VerifyItem[]) =>
    new Promise<unknown[]>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      post({ type: "verify", id, items });
    });
  return {
    settle(reply: RequestWorkerReply) {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.type === "verdicts") p.resolve(reply.verdicts);
      else p.reject(new Error(reply.error));
    },
    async verifyMany(items: readonly VerifyItem[]): Promise<(Verdict | ComposedVerdict)[]> {
      const out = new Array<Verdict | ComposedVerdict>(items.length);
      let next = 0;
      const lane = async () => {
        while (next < items.length) {
          const start = next;
          next += chunkSize;
          const verdicts = await ask(items.slice(start, start + chunkSize));
          for (let i = 0; i < verdicts.length; i++) {
            out[start + i] = verdicts[i] as Verdict | ComposedVerdict;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, window) }, lane));
      return out;
    },
  };
}

// deno-lint-ignore no-explicit-any
const scope = globalThis as any;
// Only as a worker's entry module (importing this file elsewhere, even in a worker, does nothing).
if (
  import.meta.main && typeof scope.WorkerGlobalScope !== "undefined" &&
  scope instanceof scope.WorkerGlobalScope
) {
  const post = (m: RequestWorkerMessage, transfer: Transferable[] = []) =>
    scope.postMessage(m, transfer);
  let pool: ReturnType<typeof remotePool> | null = null;
  scope.onmessage = async (event: MessageEvent<RequestJob | RequestWorkerReply>) => {
    const m = event.data;
    if (m.type !== "request") return pool?.settle(m);
    const remote = remotePool(post, m.chunkSize, m.window);
    pool = remote;
    // Blocking here is the point: this thread has nothing else to serve.
    const answer: EndpointAnswer = await answerRewardRequest(m.path, m.bytes, m.options, {
      run: (steps) => Promise.resolve(runSteps(steps)),
      score: (items, options) => scoreResponses(items, { ...options, pool: remote }),
    });
    const body = new TextEncoder().encode(answer.body);
    post({ type: "answer", status: answer.status, body }, [body.buffer]);
  };
}
