import { type CurriculumEndpoint, CurriculumRequestError } from "./curriculum_endpoint.ts";
import type { LabelFormat } from "../rewards/labels.ts";
import type { RewardParams, RewardSpec } from "../rewards/reward_registry.ts";
import { type ResponseScore, type ScoreItem, scoreResponses } from "../rewards/score_response.ts";
import type { VerifyOptions } from "../verify/verify.ts";
import { VerifierPool } from "../verify/worker_pool.ts";
import type { VerifyItem } from "../verify/verify_worker.ts";
import { FairScheduler } from "./fair_scheduler.ts";
import {
  DEFAULT_REQUEST_LIMITS,
  newItemScan,
  RequestLimitError,
  type RequestLimits,
  scanItemCounts,
} from "./limits.ts";
import { runStepsSliced } from "../io/time_slices.ts";
import { parseJsonSteps } from "../io/json_slices.ts";
import {
  answerRewardRequest,
  EndpointError,
  errorMessage,
  errorStatus,
  type RewardEndpointOptions,
  type RewardPath,
} from "./reward_endpoint.ts";
import { RequestWorker } from "./request_worker.ts";

/** Options for {@linkcode RewardServer}. */
export interface RewardServerOptions {
  /** Port; 0 picks a free one. Default 5000 (OpenRLHF's example server). */
  readonly port?: number;
  /** Default 127.0.0.1 (loopback). */
  readonly hostname?: string;
  /** Largest request body; larger requests get 413. Default 16 MiB. */
  readonly maxBodyBytes?: number;
  /** Verification workers. Default: the number of CPU cores. */
  readonly workers?: number;
  /** Cooperative time limit per verification (the verifier answers `timeout`). Default 5,000 ms. */
  readonly timeoutMs?: number;
  /** The reward: a registry name or a function. Default `"all"` (R_all). */
  readonly reward?: RewardSpec;
  /** Parameters of shaped rewards. */
  readonly params?: RewardParams;
  /** How label strings are read (see `parseLabel`). Default `"auto"`. */
  readonly labelFormat?: LabelFormat;
  /** Hard limit per item, past which a worker is killed. Default `max(2 × timeoutMs, timeoutMs + 1000)`. */
  readonly killAfterMs?: number;
  /** Items per request and bytes per item (413 above); see `RequestLimits`. */
  readonly limits?: RequestLimits;
  /**
   * Most items per scheduling chunk: big requests are split and interleaved with others.
   * Default 64.
   */
  readonly chunkSize?: number;
  /**
   * How long one scheduling chunk should take: chunks are sized from each request's measured
   * time per item, and a request whose items each take longer holds at most all workers but
   * one (see `FairScheduler`). Default 10 ms.
   */
  readonly targetChunkMs?: number;
  /**
   * Longest stretch the server's event loop spends on one request's reading, checking or reply
   * writing before it lets other requests in (a 100,000-item body takes a few hundred ms of
   * such work in all). Default 3 ms.
   */
  readonly sliceMs?: number;
  /**
   * Bodies of at least this many bytes are answered by a request worker: reading them, building
   * the reply and the garbage collection that causes happen in its own thread and heap, so the
   * event loop stays free for other clients (verification still shares the fair scheduler).
   * Default 1 MiB; `Infinity` keeps every request on the event loop (in time slices).
   */
  readonly offloadBytes?: number;
  /**
   * A request body must arrive in full within this long of its head, or the request is
   * answered 408 and its connection closed. Default 60,000 ms.
   */
  readonly bodyTimeoutMs?: number;
  /** Most header fields (distinct names) per request (431 above). Default 100. */
  readonly maxHeaders?: number;
  /**
   * On `shutdown()`, requests being scored get this long to finish before the workers are
   * stopped (their unfinished items then answer `timeout`). Default 10,000 ms.
   */
  readonly shutdownGraceMs?: number;
  /** Verification options. */
  readonly verify?: VerifyOptions;
  /** A custom verifier's worker module (see `serveVerifyJobs`); default the built-in verifier. */
  readonly workerUrl?: URL | string;
  /** Called once listening, with the base URL. */
  readonly onListen?: (url: string) => void;
  /** Serves `POST /curriculum` (next batch, report scores) from this curriculum. */
  readonly curriculum?: CurriculumEndpoint;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

/** The methods each endpoint answers (the `Allow` header of a 405 and of `OPTIONS`). */
const ALLOW: Record<string, string> = {
  "/health": "GET, HEAD, OPTIONS",
  "/get_reward": "POST, OPTIONS",
  "/reward": "POST, OPTIONS",
  "/curriculum": "POST, OPTIONS",
};

/**
 * A Host header is `host[:port]` (RFC 9110 §7.2): a name, an IPv4 address or a bracketed IPv6
 * address, and a port up to 65535. Anything else is refused, so it cannot bend the request URL
 * the route is read from.
 */
function validHost(host: string): boolean {
  const m = host.match(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(?::(\d{1,5}))?$/);
  return m !== null && (m[2] === undefined || Number(m[2]) <= 65535);
}

/** A body may arrive in this many pieces of any size; past it, pieces average this size. */
const MAX_SMALL_PIECES = 1024;
const MIN_PIECE_BYTES = 256;

const JSON_HEADERS = { "content-type": "application/json" };

/**
 * An HTTP reward server for RL trainers, on loopback by default.
 *
 * - `POST /get_reward`: OpenRLHF's remote reward protocol. Body `{query, prompts, labels}` where
 *   `query[i]` is prompt plus response (decoded with special tokens; the prompt is stripped
 *   tolerantly) and `labels[i]` the gold (see `parseLabel`). Returns `{rewards, scores,
 *   extra_logs, statuses, extracted}`, with only numbers in `extra_logs` (see `openRlhfReply`).
 * - `POST /reward`: TRL's and the verl integration's shape. Body `{completions, ground_truth |
 *   answers | answer | solution | labels}`. Returns `{rewards, correct, status, extracted,
 *   per_problem}` (see `trlReply`).
 * - `GET /health`: `{status: "ok", …}`.
 *
 * Every response is scored by `scoreResponses`, the one scoring path.
 * Bodies over `maxBodyBytes` get 413; malformed JSON or lists of different lengths get 400 with a
 * message, and never stop the server. Requests over the item limits get 413 before any work is
 * queued. Verification runs in a worker pool with a cooperative deadline (and a hard kill limit
 * as the last resort); big requests are split into chunks interleaved round-robin with other
 * requests, so one client cannot stall the others.
 *
 * HTTP is parsed by `Deno.serve` (hyper); around it the server adds a body deadline (408),
 * byte and item limits checked as the body arrives (413), a header-count bound (431), a strict
 * Host check (400), 415 for compressed bodies and 501 for transfer codings other than chunked,
 * 405 with `Allow`, and a shutdown with a grace period (see `shutdown`). A request head that
 * arrives slowly cannot be bounded here: on an untrusted network put a reverse proxy in front
 * (see the server documentation).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RewardServer } from "./reward_server.ts";
 * const server = new RewardServer({ port: 0, workers: 1 });
 * await server.start();
 * assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
 * const reply = await fetch(`${server.url}/get_reward`, {
 *   method: "POST",
 *   body: JSON.stringify({ query: ["Q? \\boxed{4}", "Q? 5"], prompts: ["Q?", "Q?"], labels: ["4", "4"] }),
 * });
 * assert.deepEqual((await reply.json()).rewards, [1, 0]);
 * await server.shutdown();
 * ```
 */
export class RewardServer {
  /** The options it was made with. */
  readonly options: RewardServerOptions;
  #pool: VerifierPool | null = null;
  #scheduler: FairScheduler<unknown, unknown> | null = null;
  #server: Deno.HttpServer<Deno.NetAddr> | null = null;
  /** Requests being answered, and the ones still reading their body (aborted on shutdown). */
  #inFlight = 0;
  #uploads = new Set<AbortController>();
  #closing = false;
  /** The shutdown grace ran out: answers still being scored are refused (503). */
  #cutShort = false;
  #requestWorker: RequestWorker | null = null;
  #started = 0;
  #requests = 0;
  #url = "";

  /** Makes a server; workers start with `start()` or the first request. */
  constructor(options: RewardServerOptions = {}) {
    this.options = options;
  }

  /** The base URL once started, e.g. `http://127.0.0.1:5000`. */
  get url(): string {
    return this.#url;
  }

  /**
   * Starts the workers and the listener (on `port`; 0 picks a free one).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RewardServer } from "./reward_server.ts";
   * const server = new RewardServer({ port: 0, workers: 1 });
   * await server.start();
   * assert.equal((await (await fetch(`${server.url}/health`)).json()).status, "ok");
   * await server.shutdown();
   * ```
   */
  async start(): Promise<void> {
    if (this.#server) return;
    this.#ensurePool();
    if (Number.isFinite(this.options.offloadBytes ?? 0)) {
      // loads the verifier's modules in its thread now, not with the first big request
      (this.#requestWorker ??= new RequestWorker()).warm();
    }
    this.#started = performance.now();
    this.#closing = false;
    const o = this.options;
    const listening = Promise.withResolvers<void>();
    this.#server = Deno.serve({
      port: o.port ?? 5000,
      hostname: o.hostname ?? "127.0.0.1",
      onListen: () => listening.resolve(),
      onError: (error) => json({ error: errorMessage(error) }, 500),
    }, (request) => this.#serveHttp(request));
    await listening.promise;
    const { hostname, port } = this.#server.addr;
    this.#url = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
    o.onListen?.(this.#url);
  }

  /** What `Deno.serve` hands over: the checks HTTP needs before `handle`. */
  async #serveHttp(request: Request): Promise<Response> {
    const close = { connection: "close" };
    if (this.#closing) return json({ error: "the server is shutting down" }, 503, close);
    const host = request.headers.get("host");
    if (host !== null && !validHost(host)) {
      return json({ error: `malformed Host header ${JSON.stringify(host)}` }, 400, close);
    }
    const maxHeaders = this.options.maxHeaders ?? 100;
    let headers = 0;
    for (const _ of request.headers) headers++;
    if (headers > maxHeaders) {
      return json(
        { error: `${headers} header fields, over the limit of ${maxHeaders}` },
        431,
        close,
      );
    }
    const te = request.headers.get("transfer-encoding");
    if (te !== null && te.trim().toLowerCase() !== "chunked") {
      return json(
        { error: `Transfer-Encoding "${te}" is not supported (only chunked)` },
        501,
        close,
      );
    }
    const ce = request.headers.get("content-encoding");
    if (ce !== null && ce.trim().toLowerCase() !== "identity") {
      return json(
        { error: `Content-Encoding "${ce}" is not supported: send the JSON uncompressed` },
        415,
        close,
      );
    }
    this.#inFlight++;
    try {
      return await this.handle(request);
    } finally {
      this.#inFlight--;
    }
  }

  #ensurePool(): FairScheduler<unknown, unknown> {
    if (this.#scheduler) return this.#scheduler;
    const pool = new VerifierPool({
      ...(this.options.workers ? { size: this.options.workers } : {}),
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
      ...(this.options.killAfterMs ? { killAfterMs: this.options.killAfterMs } : {}),
      ...(this.options.workerUrl ? { workerUrl: this.options.workerUrl } : {}),
    });
    this.#pool = pool;
    // A chunk is scored whole (its verification in a worker, its rewards here), so the event
    // loop's share of a big request comes in pieces too. One chunk per worker: nothing queues
    // inside the pool, so a chunk's time is its own (it sizes the next) and a new request waits
    // at most for one chunk of the workers not held by slow items.
    const scheduler = new FairScheduler<unknown, unknown>(
      (chunk) => pool.verifyBatch(chunk as VerifyItem[]),
      {
        chunkSize: this.options.chunkSize ?? 64,
        maxInFlight: pool.size,
        targetChunkMs: this.options.targetChunkMs ?? 10,
      },
    );
    this.#scheduler = scheduler;
    return scheduler;
  }

  /**
   * Stops accepting connections and answers 503 to requests still uploading their body (and
   * to new requests on open connections); requests already being scored finish. Those not
   * finished within `shutdownGraceMs` (default 10 s) are answered 503 (never rewards for items
   * not verified) and the workers stop. Resolves once every answer is out or, past the grace
   * and one more second for the last replies to be written, regardless.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RewardServer } from "./reward_server.ts";
   * const server = new RewardServer({ port: 0, workers: 1 });
   * await server.start();
   * await server.shutdown();
   * await assert.rejects(fetch(`${server.url}/health`));
   * ```
   */
  async shutdown(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    this.#closing = true;
    for (const upload of this.#uploads) upload.abort();
    if (server) {
      const grace = this.options.shutdownGraceMs ?? 10_000;
      const stopped = server.shutdown();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = await Promise.race([
        stopped.then(() => false),
        new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(true), grace)),
      ]);
      clearTimeout(timer);
      if (late) {
        // Past the grace: requests still being scored are answered 503 (not rewards of 0 for
        // items never verified), and stopping the workers ends their verification.
        this.#cutShort = true;
        this.#closeWorkers();
        await Promise.race([
          stopped,
          new Promise((resolve) => timer = setTimeout(resolve, 1000)),
        ]);
        clearTimeout(timer);
      }
    }
    this.#closeWorkers();
  }

  #closeWorkers(): void {
    this.#pool?.close();
    this.#pool = null;
    this.#requestWorker?.close();
    this.#requestWorker = null;
    this.#scheduler = null;
  }

  /**
   * Handles one request (also usable without a listener, e.g. in tests).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RewardServer } from "./reward_server.ts";
   * const server = new RewardServer({ workers: 1 });
   * const reply = await server.handle(
   *   new Request("http://localhost/reward", {
   *     method: "POST",
   *     body: JSON.stringify({ completions: ["\\boxed{12}"], ground_truth: ["12"] }),
   *   }),
   * );
   * assert.equal(reply.status, 200);
   * assert.deepEqual((await reply.json()).rewards, [1]);
   * await server.shutdown();
   * ```
   */
  async handle(request: Request): Promise<Response> {
    this.#requests++;
    const path = new URL(request.url).pathname;
    const allow = ALLOW[path];
    try {
      if (request.method === "OPTIONS") {
        if (path !== "/*" && !allow) throw new EndpointError(404, `no endpoint ${path}`);
        return new Response(null, {
          status: 204,
          headers: { allow: allow ?? "GET, HEAD, POST, OPTIONS" },
        });
      }
      if (path === "/health") {
        if (request.method !== "GET" && request.method !== "HEAD") {
          return json({ error: "use GET" }, 405, { allow: allow! });
        }
        return json({
          status: "ok",
          workers: this.#pool?.size ?? 0,
          restarts: this.#pool?.restarts ?? 0,
          queued_requests: this.#scheduler?.waiting ?? 0,
          requests_in_flight: this.#inFlight,
          requests: this.#requests,
          uptime_s: Math.round((performance.now() - this.#started) / 1000),
        });
      }
      if (path === "/curriculum" && this.options.curriculum) {
        if (request.method !== "POST") return json({ error: "use POST" }, 405, { allow: allow! });
        const body = await this.#readJson(request);
        try {
          return json(await this.options.curriculum.handle(body));
        } catch (error) {
          if (error instanceof CurriculumRequestError) throw new EndpointError(400, error.message);
          throw error;
        }
      }
      if (path !== "/get_reward" && path !== "/reward") {
        throw new EndpointError(404, `no endpoint ${path} (try /get_reward, /reward or /health)`);
      }
      if (request.method !== "POST") return json({ error: "use POST" }, 405, { allow: allow! });
      const bytes = await this.#readBody(request, true);
      const answer = await this.#answer(path, bytes).catch((error) => {
        if (this.#cutShort) return null;
        throw error;
      });
      if (answer === null || this.#cutShort) {
        throw new EndpointError(
          503,
          `the server stopped before this request was scored (shutdown grace ${
            this.options.shutdownGraceMs ?? 10_000
          } ms): send it again to a running server`,
        );
      }
      return new Response(answer.body, { status: answer.status, headers: JSON_HEADERS });
    } catch (error) {
      const status = errorStatus(error);
      // The body was not read to its end: the connection cannot carry another request.
      const close = status === 408 || status === 413 || status === 503;
      return json({ error: errorMessage(error) }, status, close ? { connection: "close" } : {});
    }
  }

  /** The endpoint's options, as plain data. */
  #endpoint(): RewardEndpointOptions {
    const o = this.options;
    return {
      ...(o.reward !== undefined ? { reward: o.reward } : {}),
      ...(o.params ? { params: o.params } : {}),
      ...(o.labelFormat ? { labelFormat: o.labelFormat } : {}),
      ...(o.limits ? { limits: o.limits } : {}),
      ...(o.verify ? { verify: o.verify } : {}),
    };
  }

  async #answer(path: RewardPath, bytes: Uint8Array): Promise<{ status: number; body: BodyInit }> {
    const scheduler = this.#ensurePool();
    const pool = this.#pool!;
    const options = this.#endpoint();
    // A reward function cannot travel to a worker; such a server keeps every request here.
    if (
      bytes.length >= (this.options.offloadBytes ?? 2 ** 20) && typeof options.reward !== "function"
    ) {
      // The worker streams its chunks as submissions of one group: one client's turn, and
      // enough of them out (two rounds of the scheduler) that no verifier waits on a round trip.
      const group = {};
      this.#requestWorker ??= new RequestWorker();
      try {
        const answer = await this.#requestWorker.answer({
          path,
          bytes,
          options,
          chunkSize: scheduler.chunkSize,
          window: 2 * scheduler.maxInFlight,
        }, (items) => scheduler.submit(items, { group }));
        return { status: answer.status, body: answer.body as Uint8Array<ArrayBuffer> };
      } catch (error) {
        // parameters that cannot travel to a worker: answered here instead
        if (!(error instanceof DOMException && error.name === "DataCloneError")) throw error;
      }
    }
    // Here, in time slices. Every request's items go through the fair scheduler, 64 at a time,
    // so a big request is interleaved with other clients' work rather than ahead of it; each
    // chunk is scored whole by `scoreResponses`, the one scoring path (item by item, so chunks
    // score as the whole would), so the event loop's share comes in pieces too.
    return await answerRewardRequest(path, bytes, options, {
      run: (steps) => this.#sliced(steps),
      score: (items, o) =>
        scheduler.submit(items, {
          run: (chunk) => scoreResponses(chunk as ScoreItem[], { ...o, pool }),
        }) as Promise<ResponseScore[]>,
    });
  }

  /**
   * Reads a body as it arrives: over `maxBodyBytes` (declared or counted) is 413 at once, and
   * so is a list past `maxItems` (with `items`); a body not complete within `bodyTimeoutMs` is
   * 408; a shutdown while it uploads is 503.
   */
  async #readBody(request: Request, items = false): Promise<Uint8Array> {
    const limit = this.options.maxBodyBytes ?? 16 * 2 ** 20;
    const declared = Number(request.headers.get("content-length") ?? "NaN");
    if (declared > limit) {
      throw new EndpointError(
        413,
        `request body of ${declared} bytes is over the ${limit}-byte limit`,
      );
    }
    if (!request.body) return new Uint8Array(0);
    const maxItems = this.options.limits?.maxItems ?? DEFAULT_REQUEST_LIMITS.maxItems;
    const scan = items ? newItemScan() : null;
    const upload = new AbortController();
    this.#uploads.add(upload);
    const timeoutMs = this.options.bodyTimeoutMs ?? 60_000;
    const timer = setTimeout(() => upload.abort("timeout"), timeoutMs);
    const reader = request.body.getReader();
    // An abort (deadline or shutdown) cancels the stream: the pending read then ends.
    const stop = () => reader.cancel().catch(() => {});
    upload.signal.addEventListener("abort", stop);
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      if (this.#closing) upload.abort();
      for (;;) {
        const { done, value } = await reader.read();
        if (upload.signal.aborted) {
          throw upload.signal.reason === "timeout"
            ? new EndpointError(408, `the request body did not arrive within ${timeoutMs} ms`)
            : new EndpointError(503, "the server is shutting down");
        }
        if (done) break;
        size += value.length;
        if (size > limit) {
          throw new EndpointError(413, `request body is over the ${limit}-byte limit`);
        }
        // Each piece costs the event loop a turn, whatever its size: a body sent as many tiny
        // chunks would cost others time out of proportion to its bytes.
        if (chunks.length >= MAX_SMALL_PIECES && size < chunks.length * MIN_PIECE_BYTES) {
          throw new EndpointError(
            413,
            `the request body came in over ${MAX_SMALL_PIECES} pieces of under ` +
              `${MIN_PIECE_BYTES} bytes on average: send it in larger chunks`,
          );
        }
        if (scan) scanItemCounts(scan, value, maxItems);
        chunks.push(value);
      }
    } catch (error) {
      stop();
      if (error instanceof RequestLimitError) throw error;
      throw error instanceof EndpointError
        ? error
        : new EndpointError(400, `the request body could not be read: ${errorMessage(error)}`);
    } finally {
      clearTimeout(timer);
      upload.signal.removeEventListener("abort", stop);
      this.#uploads.delete(upload);
    }
    if (chunks.length === 1) return chunks[0]!;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) (bytes.set(c, at), at += c.length);
    return bytes;
  }

  async #readJson(request: Request): Promise<Record<string, unknown>> {
    const text = new TextDecoder().decode(await this.#readBody(request));
    let value: unknown;
    try {
      value = await this.#sliced(parseJsonSteps(text));
    } catch (error) {
      throw new EndpointError(
        400,
        `malformed JSON: ${error instanceof Error ? error.message : error}`,
      );
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new EndpointError(400, "expected a JSON object");
    }
    return value as Record<string, unknown>;
  }

  /** Runs work in slices of `sliceMs`, so other requests are served in between. */
  #sliced<T>(steps: Generator<void, T, void>): Promise<T> {
    return runStepsSliced(steps, { sliceMs: this.options.sliceMs ?? 3 });
  }
}
