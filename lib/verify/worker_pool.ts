import type { VerifyItem } from "./verify_worker.ts";
import type { ComposedVerdict, Verdict, VerifyOptions } from "./verify.ts";
import { goldAnswer } from "./verify.ts";

/** Options for {@linkcode VerifierPool}. */
export interface VerifierPoolOptions {
  /** Workers. Default: the number of CPU cores. */
  readonly size?: number;
  /**
   * Cooperative time limit per verification, in milliseconds: handed to the verifier (as
   * `options.timeoutMs`), which stops and answers `timeout` past it, without losing the worker.
   * Default 5,000 ms.
   */
  readonly timeoutMs?: number;
  /**
   * Hard limit per item, the last resort: a worker stuck on one item this long (e.g. in a
   * verifier that cannot check its deadline) is terminated and replaced; only that item gets a
   * `timeout` verdict, and the rest of its batch is redone on another worker. Default
   * `max(2 × timeoutMs, timeoutMs + 1000)`.
   */
  readonly killAfterMs?: number;
  /** A worker module answering the same messages as `verify_worker.ts` (for custom verifiers). */
  readonly workerUrl?: URL | string;
}

type Outcome =
  | { readonly results: unknown[] }
  | { readonly failedAt: number; readonly status: "timeout" | "error"; readonly reason: string };

interface Job {
  readonly id: number;
  readonly items: readonly VerifyItem[];
  readonly resolve: (outcome: Outcome) => void;
}

interface Slot {
  worker: Worker;
  /** Set when the worker has loaded and posted `{ready: true}`; the clock starts only then. */
  ready: boolean;
  job: Job | null;
  /** Index of the item the worker is on (written by the worker). */
  readonly progress: Int32Array;
  lastIndex: number;
  lastChange: number;
}

/**
 * A pool of Web Workers that verify answers in parallel. Each verification gets a cooperative
 * deadline (`timeoutMs`, checked inside the verifier) and, as a last resort, a hard limit
 * (`killAfterMs`): a worker stuck on one item that long is terminated and replaced. Workers
 * report which item they are on through shared memory, so only the stuck item gets a
 * `timeout` verdict; the other items of its batch go back to the front of the queue, once.
 * A custom worker uses `serveVerifyJobs` from `verify_worker.ts`. The pool owns its workers;
 * `close()` ends them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VerifierPool } from "./worker_pool.ts";
 * await using pool = new VerifierPool({ size: 1 });
 * assert.equal((await pool.verify("42", "\\boxed{42}")).correct, true);
 * ```
 */
export class VerifierPool implements AsyncDisposable {
  /** Number of workers. */
  readonly size: number;
  /** The cooperative deadline per verification. */
  readonly timeoutMs: number;
  /** The hard limit per item past which a worker is killed. */
  readonly killAfterMs: number;
  #url: string;
  #slots: Slot[] = [];
  #queue: Job[] = [];
  #nextId = 1;
  #closed = false;
  #watchdog: ReturnType<typeof setInterval> | undefined;
  /** How many workers were killed for running past the hard limit. */
  restarts = 0;

  /** Makes a pool and starts its workers. */
  constructor(options: VerifierPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? navigator.hardwareConcurrency ?? 2);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.killAfterMs = options.killAfterMs ??
      Math.max(2 * this.timeoutMs, this.timeoutMs + 1000);
    this.#url = String(options.workerUrl ?? new URL("./verify_worker.ts", import.meta.url));
    for (let i = 0; i < this.size; i++) this.#slots.push(this.#spawn());
  }

  /** Jobs waiting for a worker (not counting the ones being verified). */
  get queued(): number {
    return this.#queue.length;
  }

  #spawn(): Slot {
    const slot: Slot = {
      worker: new Worker(this.#url, { type: "module" }),
      ready: false,
      job: null,
      progress: new Int32Array(new SharedArrayBuffer(4)),
      lastIndex: 0,
      lastChange: 0,
    };
    slot.worker.onmessage = (
      event: MessageEvent<{ id: number; result?: unknown; error?: string; ready?: boolean }>,
    ) => {
      if (event.data.ready) {
        slot.ready = true;
        this.#dispatch();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== event.data.id) return;
      slot.job = null;
      if (event.data.error !== undefined) {
        job.resolve({
          failedAt: this.#current(slot, job),
          status: "error",
          reason: event.data.error,
        });
      } else {
        const result = event.data.result;
        job.resolve({ results: Array.isArray(result) ? result : [result] });
      }
      this.#dispatch();
    };
    slot.worker.onerror = (event) => {
      event.preventDefault();
      this.#replace(slot, "error", `worker crashed: ${event.message}`);
    };
    return slot;
  }

  #current(slot: Slot, job: Job): number {
    return Math.min(Math.max(0, Atomics.load(slot.progress, 0)), job.items.length - 1);
  }

  #replace(slot: Slot, status: "timeout" | "error", reason: string): void {
    slot.worker.terminate();
    const job = slot.job;
    const index = this.#slots.indexOf(slot);
    if (index >= 0 && !this.#closed) this.#slots[index] = this.#spawn();
    if (job) job.resolve({ failedAt: this.#current(slot, job), status, reason });
    this.#dispatch();
  }

  #dispatch(): void {
    if (this.#closed) return;
    for (const slot of this.#slots) {
      if (!slot.ready || slot.job || this.#queue.length === 0) continue;
      const job = this.#queue.shift()!;
      slot.job = job;
      Atomics.store(slot.progress, 0, 0);
      slot.lastIndex = 0;
      slot.lastChange = performance.now();
      slot.worker.postMessage({
        id: job.id,
        kind: "batch",
        items: job.items,
        timeoutMs: this.timeoutMs,
        progress: slot.progress,
      });
    }
    this.#watch();
  }

  /** Checks busy workers for an item running past the hard limit, while any are busy. */
  #watch(): void {
    const busy = this.#slots.some((s) => s.job);
    if (!busy) {
      if (this.#watchdog !== undefined) clearInterval(this.#watchdog);
      this.#watchdog = undefined;
      return;
    }
    if (this.#watchdog !== undefined) return;
    const tick = Math.min(250, Math.max(5, Math.floor(this.killAfterMs / 10)));
    const watchdog = setInterval(() => {
      const now = performance.now();
      for (const slot of [...this.#slots]) {
        if (!slot.job) continue;
        const at = Atomics.load(slot.progress, 0);
        if (at !== slot.lastIndex) {
          slot.lastIndex = at;
          slot.lastChange = now;
        } else if (now - slot.lastChange > this.killAfterMs) {
          this.restarts++;
          this.#replace(
            slot,
            "timeout",
            `verification did not finish within the ${this.killAfterMs} ms hard limit; the worker was replaced`,
          );
        }
      }
      this.#watch();
    }, tick);
    this.#watchdog = watchdog;
    Deno.unrefTimer(watchdog);
  }

  #enqueue(items: readonly VerifyItem[], front: boolean): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const job = { id: this.#nextId++, items, resolve };
      if (front) this.#queue.unshift(job);
      else this.#queue.push(job);
      this.#dispatch();
    });
  }

  async #run(items: readonly VerifyItem[], front = false): Promise<unknown[]> {
    if (this.#closed) throw new Error("Cannot verify: the pool is closed");
    const outcome = await this.#enqueue(items, front);
    if ("results" in outcome) return outcome.results;
    const i = outcome.failedAt;
    const failed = failedResult(items[i]!, outcome.status, outcome.reason);
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    // The rest of the batch goes to the front of the queue: it was already waited for.
    const results = rest.length && !this.#closed
      ? await this.#run(rest, true)
      : rest.map((item) => failedResult(item, "timeout", "the pool was closed"));
    results.splice(i, 0, failed);
    return results;
  }

  /**
   * Verifies one response (see `verifyAnswer`), in a worker, within the time limits.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { VerifierPool } from "./worker_pool.ts";
   * await using pool = new VerifierPool({ size: 1 });
   * assert.equal((await pool.verify("\\frac{1}{2}", "\\boxed{0.5}")).status, "correct");
   * ```
   */
  async verify(gold: string, response: string, options?: VerifyOptions): Promise<Verdict> {
    const [v] = await this.#run([{ gold, response, ...(options ? { options } : {}) }]);
    return v as Verdict;
  }

  /**
   * Verifies a composed-task response (see `verifyComposed`), within the time limits.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { VerifierPool } from "./worker_pool.ts";
   * await using pool = new VerifierPool({ size: 1 });
   * const verdict = await pool.verifyComposed(["3", "5"], "Problem 1: \\boxed{3}\nProblem 2: \\boxed{6}");
   * assert.deepEqual(verdict.perProblem, [true, false]);
   * ```
   */
  async verifyComposed(
    golds: readonly string[],
    response: string,
    options?: VerifyOptions,
  ): Promise<ComposedVerdict> {
    const [v] = await this.#run([{ gold: golds, response, ...(options ? { options } : {}) }]);
    return v as ComposedVerdict;
  }

  /**
   * Verifies a list of items as one job on one worker (message passing costs more than a
   * typical verification, so batches are what let the pool use every core). Results come back
   * in input order; a stuck item costs one hard limit and one worker restart, and only that
   * item gets `timeout`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { VerifierPool } from "./worker_pool.ts";
   * await using pool = new VerifierPool({ size: 1 });
   * const verdicts = await pool.verifyBatch([
   *   { gold: "4", response: "\\boxed{4}" },
   *   { gold: ["1", "2"], response: "Problem 1: \\boxed{1}\nProblem 2: \\boxed{2}" },
   * ]);
   * assert.deepEqual(verdicts.map((v) => v.correct), [true, true]);
   * ```
   */
  async verifyBatch(items: readonly VerifyItem[]): Promise<(Verdict | ComposedVerdict)[]> {
    if (items.length === 0) return [];
    return await this.#run(items) as (Verdict | ComposedVerdict)[];
  }

  /**
   * Verifies many items, in batches of `batchSize` (default 128) spread over the workers.
   * Results come back in input order.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { VerifierPool } from "./worker_pool.ts";
   * await using pool = new VerifierPool({ size: 2 });
   * const items = [1, 2, 3, 4, 5].map((n) => ({ gold: String(n), response: `\\boxed{${n % 2 ? n : 0}}` }));
   * const verdicts = await pool.verifyMany(items, { batchSize: 2 });
   * assert.deepEqual(verdicts.map((v) => v.correct), [true, false, true, false, true]);
   * ```
   */
  async verifyMany(
    items: readonly VerifyItem[],
    options: { batchSize?: number } = {},
  ): Promise<(Verdict | ComposedVerdict)[]> {
    const size = Math.max(1, options.batchSize ?? 128);
    const chunks: VerifyItem[][] = [];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    return (await Promise.all(chunks.map((chunk) => this.verifyBatch(chunk)))).flat();
  }

  /**
   * Ends every worker. Pending verifications resolve as timeouts.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { VerifierPool } from "./worker_pool.ts";
   * const pool = new VerifierPool({ size: 1 });
   * const pending = pool.verify("4", "\\boxed{4}");
   * pool.close();
   * assert.equal((await pending).status, "timeout");
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#watchdog !== undefined) clearInterval(this.#watchdog);
    const closed = (job: Job) =>
      job.resolve({
        results: job.items.map((item) => failedResult(item, "timeout", "the pool was closed")),
      });
    for (const slot of this.#slots) {
      slot.worker.terminate();
      if (slot.job) closed(slot.job);
      slot.job = null;
    }
    for (const job of this.#queue.splice(0)) closed(job);
  }

  /** Closes the pool (for `await using`). */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }
}

function failedVerdict(gold: string, status: "timeout" | "error", reason: string): Verdict {
  return {
    correct: false,
    status,
    extracted: { gold: goldAnswer(gold), response: null, source: null },
    reason,
  };
}

function failedResult(
  item: VerifyItem,
  status: "timeout" | "error",
  reason: string,
): Verdict | ComposedVerdict {
  if (typeof item.gold === "string") return failedVerdict(item.gold, status, reason);
  return {
    correct: false,
    perProblem: item.gold.map(() => false),
    verdicts: item.gold.map((g) => failedVerdict(g, status, reason)),
    missing: [],
    method: "none",
  };
}
