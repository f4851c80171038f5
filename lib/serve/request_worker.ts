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

/** A request for the request worker. */
export interface RequestJob {
  readonly path: RewardPath;
  /** The request body (transferred to the worker: unusable here afterwards). */
  readonly bytes: Uint8Array;
  readonly options: RewardEndpointOptions;
  /** Items per verification chunk sent back for verifying. */
  readonly chunkSize: number;
  /** Chunks of one request out at once: the most of the scheduler it can hold. */
  readonly window: number;
}

/** Messages to the request worker. */
type ToWorker =
  | { readonly type: "request"; readonly job: number; readonly request: RequestJob }
  | { readonly type: "verdicts"; readonly id: number; readonly verdicts: unknown[] }
  | { readonly type: "failed"; readonly id: number; readonly error: string };

/** Messages from the request worker: a chunk to verify, or a request's answer. */
type FromWorker =
  | {
    readonly type: "verify";
    readonly job: number;
    readonly id: number;
    readonly items: readonly VerifyItem[];
  }
  | {
    readonly type: "answer";
    readonly job: number;
    readonly status: number;
    readonly body: Uint8Array;
  };

/** Verifies one chunk of a request's items (the server's fair scheduler, say). */
export type ChunkVerifier = (items: readonly VerifyItem[]) => Promise<readonly unknown[]>;

/**
 * A worker thread that answers big reward requests, each through `answerRewardRequest` like
 * the server's event loop would, but in its own heap: reading a 100,000-item body, building the
 * reply and the garbage collection all that causes never pause the server's event loop.
 * Verification does not happen there: the worker sends each chunk of items back to the
 * request's `verify` (at most `window` chunks at once), so it shares the server's fair scheduler
 * and verifier pool with everyone else. One worker serves every request (started once: it loads
 * the verifier's modules); a crash answers the requests in it with 500 and the next request
 * starts a fresh worker.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RequestWorker } from "./request_worker.ts";
 * import { VerifierPool } from "../verify/worker_pool.ts";
 * await using pool = new VerifierPool({ size: 1 });
 * using worker = new RequestWorker();
 * const answer = await worker.answer({
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
export class RequestWorker implements Disposable {
  #worker: Worker | null = null;
  #jobs = new Map<
    number,
    { verify: ChunkVerifier; resolve: (a: { status: number; body: Uint8Array }) => void }
  >();
  #nextJob = 1;

  /** Requests being answered now. */
  get busy(): number {
    return this.#jobs.size;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL("./request_worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      const job = this.#jobs.get(m.job);
      if (!job) return;
      if (m.type === "answer") {
        this.#jobs.delete(m.job);
        return job.resolve({ status: m.status, body: m.body });
      }
      job.verify(m.items).then(
        (verdicts) => worker.postMessage({ type: "verdicts", id: m.id, verdicts: [...verdicts] }),
        (error) => worker.postMessage({ type: "failed", id: m.id, error: errorMessage(error) }),
      );
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      if (this.#worker === worker) this.#worker = null;
      const body = new TextEncoder().encode(
        JSON.stringify({ error: `internal error: the request worker crashed: ${event.message}` }),
      );
      for (const job of this.#jobs.values()) job.resolve({ status: 500, body });
      this.#jobs.clear();
    };
    return this.#worker = worker;
  }

  /** Starts the worker now rather than with the first request (it takes a moment to load). */
  warm(): void {
    this.#start();
  }

  /**
   * Answers one request: its status and JSON body (UTF-8). Rejects, with nothing sent, when
   * the options cannot be copied to the worker (a `DataCloneError`).
   */
  answer(
    request: RequestJob,
    verify: ChunkVerifier,
  ): Promise<{ status: number; body: Uint8Array }> {
    // Options that cannot be copied (a function among the parameters) fail here, before the
    // body is transferred (a failed postMessage may leave it detached).
    try {
      structuredClone(request.options);
    } catch (error) {
      return Promise.reject(error);
    }
    const worker = this.#start();
    const job = this.#nextJob++;
    return new Promise((resolve, reject) => {
      this.#jobs.set(job, { verify, resolve });
      const message: ToWorker = { type: "request", job, request };
      try {
        worker.postMessage(message, [request.bytes.buffer as ArrayBuffer]);
      } catch (error) {
        // options that cannot be copied (a function among the parameters): nothing was sent
        this.#jobs.delete(job);
        reject(error);
      }
    });
  }

  /** Ends the worker; requests still in it are answered with 503. */
  close(): void {
    this.#worker?.terminate();
    this.#worker = null;
    const body = new TextEncoder().encode(JSON.stringify({ error: "the server is shutting down" }));
    for (const job of this.#jobs.values()) job.resolve({ status: 503, body });
    this.#jobs.clear();
  }

  /** `using` support: {@linkcode close}. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/** In the worker: verification through the server, `window` chunks of one job out at a time. */
function remotePool(
  post: (m: FromWorker) => void,
  pending: Map<number, { resolve: (v: unknown[]) => void; reject: (e: Error) => void }>,
  ids: { next: number },
  job: number,
  chunkSize: number,
  window: number,
) {
  const ask = (items: readonly VerifyItem[]) =>
    new Promise<unknown[]>((resolve, reject) => {
      const id = ids.next++;
      pending.set(id, { resolve, reject });
      post({ type: "verify", job, id, items });
    });
  return {
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
  const post = (m: FromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
  const pending = new Map<
    number,
    { resolve: (v: unknown[]) => void; reject: (e: Error) => void }
  >();
  const ids = { next: 1 };
  scope.onmessage = async (event: MessageEvent<ToWorker>) => {
    const m = event.data;
    if (m.type !== "request") {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.type === "verdicts") p.resolve(m.verdicts);
      else p.reject(new Error(m.error));
      return;
    }
    const r = m.request;
    const remote = remotePool(post, pending, ids, m.job, r.chunkSize, r.window);
    // Blocking here is the point: this thread serves no one else while it reads or writes.
    const answer: EndpointAnswer = await answerRewardRequest(r.path, r.bytes, r.options, {
      run: (steps) => Promise.resolve(runSteps(steps)),
      score: (items, options) => scoreResponses(items, { ...options, pool: remote }),
    });
    const body = new TextEncoder().encode(answer.body);
    post({ type: "answer", job: m.job, status: answer.status, body }, [body.buffer]);
  };
}
