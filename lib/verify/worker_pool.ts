import type { VerifyItem, VerifyJob } from "./verify_worker.ts";
import type { ComposedVerdict, Verdict, VerifyOptions } from "./verify.ts";
import { goldAnswer } from "./verify.ts";

/** Options for {@linkcode VerifierPool}. */
export interface VerifierPoolOptions {
  /** Workers. Default: the number of CPU cores. */
  readonly size?: number;
  /** Wall-clock limit per verification; past it the worker is killed and replaced. Default 5,000 ms. */
  readonly timeoutMs?: number;
  /** A worker module answering the same messages as `verify_worker.ts` (for custom verifiers). */
  readonly workerUrl?: URL | string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

type Pending = {
  job: VerifyJob;
  resolve: (value: unknown) => void;
  timeoutResult: () => unknown;
};

interface Slot {
  worker: Worker;
  /** Set when the worker has loaded and posted `{ready: true}`; the clock starts only then. */
  ready: boolean;
  busy: Pending | null;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A pool of Web Workers that verify answers in parallel. Every verification has a wall-clock
 * limit (counted from when a loaded worker takes the job): a worker that does not answer in time
 * is terminated and replaced, and the caller gets a `timeout` verdict. A custom worker posts
 * `{ready: true}` once loaded, then answers `{id, result}` per job. The pool owns its workers;
 * `close()` ends them.
 *
 * @example
 * ```ts ignore
 * import { VerifierPool } from "./worker_pool.ts";
 * await using pool = new VerifierPool({ size: 2 });
 * const verdict = await pool.verify("42", "\\boxed{42}");
 * ```
 */
export class VerifierPool implements AsyncDisposable {
  readonly size: number;
  readonly timeoutMs: number;
  #url: string;
  #slots: Slot[] = [];
  #queue: Pending[] = [];
  #nextId = 1;
  #closed = false;
  /** How many workers were killed for running past the limit. */
  restarts = 0;

  constructor(options: VerifierPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? navigator.hardwareConcurrency ?? 2);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.#url = String(options.workerUrl ?? new URL("./verify_worker.ts", import.meta.url));
    for (let i = 0; i < this.size; i++) this.#slots.push(this.#spawn());
  }

  #spawn(): Slot {
    const slot: Slot = {
      worker: new Worker(this.#url, { type: "module" }),
      ready: false,
      busy: null,
      timer: undefined,
    };
    slot.worker.onmessage = (
      event: MessageEvent<{ id: number; result?: unknown; error?: string; ready?: boolean }>,
    ) => {
      if (event.data.ready) {
        slot.ready = true;
        this.#dispatch();
        return;
      }
      const pending = slot.busy;
      if (!pending || pending.job.id !== event.data.id) return;
      clearTimeout(slot.timer);
      slot.busy = null;
      pending.resolve(
        event.data.error !== undefined ? errorResult(pending, event.data.error) : event.data.result,
      );
      this.#dispatch();
    };
    slot.worker.onerror = (event) => {
      event.preventDefault();
      this.#replace(slot, (p) => errorResult(p, `worker crashed: ${event.message}`));
    };
    return slot;
  }

  #replace(slot: Slot, result: (p: Pending) => unknown): void {
    clearTimeout(slot.timer);
    slot.worker.terminate();
    const pending = slot.busy;
    const index = this.#slots.indexOf(slot);
    if (index >= 0 && !this.#closed) this.#slots[index] = this.#spawn();
    if (pending) pending.resolve(result(pending));
    this.#dispatch();
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (!slot.ready || slot.busy || this.#queue.length === 0) continue;
      const pending = this.#queue.shift()!;
      slot.busy = pending;
      slot.timer = setTimeout(() => {
        this.restarts++;
        this.#replace(slot, (p) => p.timeoutResult());
      }, this.timeoutMs);
      slot.worker.postMessage(pending.job);
    }
  }

  #submit<T>(job: DistributiveOmit<VerifyJob, "id">, timeoutResult: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("Cannot verify: the pool is closed"));
    return new Promise<T>((resolve) => {
      this.#queue.push({
        job: { ...job, id: this.#nextId++ } as VerifyJob,
        resolve: resolve as (v: unknown) => void,
        timeoutResult,
      });
      this.#dispatch();
    });
  }

  /** Verifies one response (see `verifyAnswer`), in a worker, within the time limit. */
  verify(gold: string, response: string, options?: VerifyOptions): Promise<Verdict> {
    return this.#submit(
      { kind: "answer", gold, response, ...(options ? { options } : {}) },
      () => timeoutVerdict(gold, this.timeoutMs),
    );
  }

  /** Verifies a composed-task response (see `verifyComposed`), within the time limit. */
  verifyComposed(
    golds: readonly string[],
    response: string,
    options?: VerifyOptions,
  ): Promise<ComposedVerdict> {
    return this.#submit(
      { kind: "composed", golds, response, ...(options ? { options } : {}) },
      () => ({
        correct: false,
        perProblem: golds.map(() => false),
        verdicts: golds.map((g) => timeoutVerdict(g, this.timeoutMs)),
        missing: [],
        method: "none" as const,
      }),
    );
  }

  /**
   * Verifies many items, in batches of `batchSize` per message (message passing costs more than
   * a typical verification, so batching is what lets the pool use every core). Results come
   * back in input order. A batch that runs past the limit is retried item by item, so only the
   * stuck item gets a `timeout` verdict.
   */
  async verifyMany(
    items: readonly VerifyItem[],
    options: { batchSize?: number } = {},
  ): Promise<(Verdict | ComposedVerdict)[]> {
    const size = Math.max(1, options.batchSize ?? 128);
    const chunks: VerifyItem[][] = [];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    const TIMED_OUT = Symbol("timeout");
    const results = await Promise.all(chunks.map(async (chunk) => {
      const r = await this.#submit<unknown[] | typeof TIMED_OUT>(
        { kind: "batch", items: chunk },
        () => TIMED_OUT,
      );
      if (r !== TIMED_OUT) return r as (Verdict | ComposedVerdict)[];
      return await Promise.all(
        chunk.map((item) =>
          typeof item.gold === "string"
            ? this.verify(item.gold, item.response, item.options)
            : this.verifyComposed(item.gold, item.response, item.options)
        ),
      );
    }));
    return results.flat();
  }

  /** Ends every worker. Pending verifications resolve as timeouts. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of this.#slots) {
      clearTimeout(slot.timer);
      slot.worker.terminate();
      if (slot.busy) slot.busy.resolve(slot.busy.timeoutResult());
    }
    for (const p of this.#queue.splice(0)) p.resolve(p.timeoutResult());
  }

  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }
}

function timeoutVerdict(gold: string, ms: number): Verdict {
  return {
    correct: false,
    status: "timeout",
    extracted: { gold: goldAnswer(gold), response: null, source: null },
    reason: `verification did not finish within ${ms} ms; the worker was replaced`,
  };
}

function errorResult(p: Pending, message: string): unknown {
  if (p.job.kind === "batch") return p.timeoutResult();
  const v = (gold: string): Verdict => ({
    correct: false,
    status: "error",
    extracted: { gold, response: null, source: null },
    reason: message,
  });
  return p.job.kind === "answer" ? v(p.job.gold) : {
    correct: false,
    perProblem: p.job.golds.map(() => false),
    verdicts: p.job.golds.map(v),
    missing: [],
    method: "none",
  };
}
