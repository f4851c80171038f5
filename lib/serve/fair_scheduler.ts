/** Options for {@linkcode FairScheduler}. */
export interface FairSchedulerOptions {
  /** Most items per chunk: a request is split into chunks of at most this size. Default 64. */
  readonly chunkSize?: number;
  /** Chunks running at once (across all requests). Default 4. */
  readonly maxInFlight?: number;
  /**
   * How long one chunk should take, in milliseconds: chunks are sized from each client's
   * measured time per item so that a chunk takes about this long (between 1 item and
   * `chunkSize`). A client whose single item takes longer is "slow": its chunks are one item
   * each, and slow chunks may hold at most `maxInFlight - 1` of the slots, so one stays for
   * everyone else. Default 10 ms; `Infinity` turns the sizing off (always `chunkSize` items).
   */
  readonly targetChunkMs?: number;
  /**
   * The clock chunks are timed with, in milliseconds. Default `performance.now`; a test gives
   * a clock of its own so that chunk sizing does not depend on the machine's load.
   */
  readonly clock?: () => number;
}

/** Runs one chunk of a submission; results in input order, one per item. */
export type ChunkRunner<T, R> = (chunk: readonly T[]) => Promise<readonly R[]>;

interface Submission<T, R> {
  readonly items: readonly T[];
  readonly run: ChunkRunner<T, R>;
  readonly results: R[];
  next: number;
  running: number;
  failed: boolean;
  readonly resolve: (results: R[]) => void;
  readonly reject: (error: unknown) => void;
}

/** Submissions that share one turn of the round-robin, served in arrival order. */
interface Group<T, R> {
  readonly key: unknown;
  readonly queue: Submission<T, R>[];
  readonly pace: Pace;
}

/** A client's measured pace: milliseconds per item (a moving average), chunks out now. */
interface Pace {
  msPerItem: number | null;
  running: number;
}

/** Options for {@linkcode FairScheduler.submit}. */
export interface SubmitOptions<T, R> {
  /** Runs this submission's chunks instead of the scheduler's runner (per-request options). */
  readonly run?: ChunkRunner<T, R>;
  /**
   * Submissions with the same group share one turn of the round-robin (first come, first
   * served among them): a client that streams its work as many small submissions still gets
   * one client's share. Default: a group of its own.
   */
  readonly group?: unknown;
}

/**
 * Runs many callers' work fairly through one batch runner: each submission is split into
 * chunks, and chunks are taken round-robin from the submissions waiting, with at most
 * `maxInFlight` chunks running. A request for 100,000 items therefore shares the runner with a
 * 1-item request that arrives after it instead of making it wait for all 100,000: the small
 * one waits at most for the chunks already running. Chunks are sized per client from its
 * measured time per item, so each takes about `targetChunkMs`; a client whose items each take
 * longer than that gets one item per chunk and at most `maxInFlight - 1` slots, so a request of
 * slow items leaves a slot free and a newcomer waits at most for one chunk of a fast client. A
 * client not yet measured sends one probe chunk, sized from the pace of recent chunks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FairScheduler } from "./fair_scheduler.ts";
 * const order: string[] = [];
 * const scheduler = new FairScheduler(async (chunk: readonly string[]) => {
 *   order.push(chunk[0]!);
 *   await new Promise((r) => setTimeout(r, 1));
 *   return chunk.map((s) => s.toUpperCase());
 * }, { chunkSize: 2, maxInFlight: 1, targetChunkMs: Infinity });
 * const big = scheduler.submit(["a1", "a2", "a3", "a4", "a5", "a6"]);
 * const small = scheduler.submit(["b1"]);
 * assert.deepEqual(await small, ["B1"]);
 * assert.deepEqual(await big, ["A1", "A2", "A3", "A4", "A5", "A6"]);
 * assert.deepEqual(order, ["a1", "b1", "a3", "a5"]); // the small request did not wait for the big one
 * ```
 */
export class FairScheduler<T, R> {
  readonly chunkSize: number;
  readonly maxInFlight: number;
  readonly targetChunkMs: number;
  #run: ChunkRunner<T, R>;
  /** Paces of clients that come back (their groups outlive a turn with nothing queued). */
  #paces = new WeakMap<object, Pace>();
  #slowInFlight = 0;
  /** Milliseconds per item over recent chunks of every client (a moving average). */
  #recentMsPerItem: number | null = null;
  /** Groups with chunks not yet started, in round-robin order. */
  #waiting: Group<T, R>[] = [];
  #cursor = 0;
  #inFlight = 0;
  readonly #clock: () => number;

  /** Makes a scheduler whose chunks go to `run` (unless a submission brings its own runner). */
  constructor(
    run: ChunkRunner<T, R>,
    options: FairSchedulerOptions = {},
  ) {
    this.#run = run;
    this.chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 64));
    this.maxInFlight = Math.max(1, Math.floor(options.maxInFlight ?? 4));
    this.targetChunkMs = options.targetChunkMs ?? 10;
    this.#clock = options.clock ?? (() => performance.now());
  }

  /** Submissions with chunks not yet started. */
  get waiting(): number {
    let n = 0;
    for (const g of this.#waiting) n += g.queue.length;
    return n;
  }

  /** Chunks running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Runs `items` in chunks, interleaved with other submissions; results in input order. A
   * `run` option replaces the scheduler's runner for this submission's chunks, which still take
   * their turn with everyone else's; a `group` option shares one turn between submissions. The
   * first chunk that fails rejects the submission, and its chunks not yet started are dropped.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { FairScheduler } from "./fair_scheduler.ts";
   * const scheduler = new FairScheduler(async (chunk: readonly number[]) => chunk.map((x) => x + 1));
   * assert.deepEqual(await scheduler.submit([1, 2]), [2, 3]);
   * const tenfold = async (c: readonly number[]) => c.map((x) => x * 10);
   * assert.deepEqual(await scheduler.submit([1, 2], { run: tenfold }), [10, 20]);
   * ```
   */
  submit(items: readonly T[], options: SubmitOptions<T, R> = {}): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<R[]>((resolve, reject) => {
      const key = options.group ?? {};
      let group = this.#waiting.find((g) => g.key === key);
      if (!group) {
        const known = typeof key === "object" && key !== null ? this.#paces.get(key) : undefined;
        const pace = known ?? { msPerItem: null, running: 0 };
        if (!known && typeof key === "object" && key !== null) this.#paces.set(key, pace);
        this.#waiting.push(group = { key, queue: [], pace });
      }
      group.queue.push({
        items,
        run: options.run ?? this.#run,
        results: new Array(items.length),
        next: 0,
        running: 0,
        failed: false,
        resolve,
        reject,
      });
      this.#pump();
    });
  }

  /** Items in a client's next chunk, and whether it counts as slow. */
  #plan(pace: Pace): { size: number; slow: boolean } {
    if (!Number.isFinite(this.targetChunkMs)) return { size: this.chunkSize, slow: false };
    // Unmeasured: a probe, counted as slow until it comes back, sized from the pace of recent
    // chunks of all clients (one item when there are none).
    const ms = pace.msPerItem ?? this.#recentMsPerItem;
    if (ms === null) return { size: 1, slow: true };
    const size = Math.floor(this.targetChunkMs / Math.max(ms, 1e-3));
    const clamped = Math.max(1, Math.min(this.chunkSize, size));
    return { size: clamped, slow: pace.msPerItem === null || size < 1 };
  }

  /** May this client start a chunk of `size` now? */
  #mayStart(pace: Pace, size: number, slow: boolean): boolean {
    if (!slow) return true;
    const spare = this.#slowInFlight < Math.max(1, this.maxInFlight - 1);
    // An unmeasured client has one probe out at a time; a one-item probe may take any slot
    // (a newcomer is never kept waiting by slow clients), a bigger one only a slot slow chunks
    // leave free. A slow client starts chunks only while slow chunks leave a slot free.
    if (pace.msPerItem === null) return pace.running === 0 && (size === 1 || spare);
    return spare;
  }

  #pump(): void {
    let passed = 0;
    while (this.#inFlight < this.maxInFlight && this.#waiting.length) {
      if (this.#cursor >= this.#waiting.length) this.#cursor = 0;
      const group = this.#waiting[this.#cursor]!;
      const { size, slow } = this.#plan(group.pace);
      const head = group.queue[0]!;
      if (!this.#mayStart(group.pace, Math.min(size, head.items.length - head.next), slow)) {
        // its turn passes; stop once every client waiting has been passed over
        this.#cursor++;
        if (++passed >= this.#waiting.length) return;
        continue;
      }
      passed = 0;
      const s = group.queue[0]!;
      const start = s.next;
      // What is left of a small submission is spread over the free slots, not run on one (a
      // probe goes whole: it is the only chunk its client has out).
      const free = this.maxInFlight - this.#inFlight;
      const share = group.pace.msPerItem === null
        ? size
        : Math.ceil((s.items.length - start) / free);
      const end = Math.min(s.items.length, start + Math.max(1, Math.min(size, share)));
      s.next = end;
      if (end >= s.items.length) group.queue.shift();
      if (group.queue.length === 0) this.#waiting.splice(this.#cursor, 1);
      else this.#cursor++;
      s.running++;
      this.#inFlight++;
      const pace = group.pace;
      pace.running++;
      if (slow) this.#slowInFlight++;
      const began = this.#clock();
      // A runner that throws synchronously fails its submission like a rejected chunk.
      Promise.resolve().then(() => s.run(s.items.slice(start, end))).then((out) => {
        const ms = (this.#clock() - began) / (end - start);
        pace.msPerItem = pace.msPerItem === null ? ms : (pace.msPerItem + ms) / 2;
        this.#recentMsPerItem = this.#recentMsPerItem === null
          ? ms
          : 0.8 * this.#recentMsPerItem + 0.2 * ms;
        if (out.length !== end - start) {
          throw new Error(
            `the batch runner returned ${out.length} results for ${end - start} items`,
          );
        }
        for (let i = 0; i < out.length; i++) s.results[start + i] = out[i]!;
      }).then(() => {
        s.running--;
        if (!s.failed && s.running === 0 && s.next >= s.items.length) s.resolve(s.results);
      }, (error) => {
        s.running--;
        if (s.failed) return;
        s.failed = true;
        const at = this.#waiting.findIndex((g) => g.queue.includes(s));
        if (at >= 0) {
          const queue = this.#waiting[at]!.queue;
          queue.splice(queue.indexOf(s), 1);
          if (queue.length === 0) this.#waiting.splice(at, 1);
        }
        s.reject(error);
      }).finally(() => {
        this.#inFlight--;
        pace.running--;
        if (slow) this.#slowInFlight--;
        this.#pump();
      });
    }
  }
}
