import { type CurriculumEndpoint, CurriculumRequestError } from "./curriculum_endpoint.ts";
import { type ComposedRewardKind } from "../rewards/score_response.ts";
import { fractionCorrect, rewardAll, rewardLast } from "../rewards/outcome.ts";
import type { ComposedVerdict, VerifyOptions } from "../verify/verify.ts";
import { VerifierPool } from "../verify/worker_pool.ts";

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
  /** Wall-clock limit per verification. Default 5,000 ms. */
  readonly timeoutMs?: number;
  /** Reward for composed labels (lists of answers). Default `"all"` (R_all). */
  readonly reward?: ComposedRewardKind;
  /** Verification options. */
  readonly verify?: VerifyOptions;
  /** Called once listening, with the base URL. */
  readonly onListen?: (url: string) => void;
  /** Serves `POST /curriculum` (next batch, report scores) from this curriculum. */
  readonly curriculum?: CurriculumEndpoint;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A gold label: a string, a number, or a list of them (or a JSON-array string) for a composed task. */
function golds(label: unknown, index: number): string[] {
  if (Array.isArray(label)) {
    if (label.length === 0 || !label.every((x) => typeof x === "string" || typeof x === "number")) {
      throw new HttpError(400, `labels[${index}]: expected a non-empty list of strings or numbers`);
    }
    return label.map(String);
  }
  if (typeof label === "number") return [String(label)];
  if (typeof label !== "string") {
    throw new HttpError(400, `labels[${index}]: expected a string, a number or a list`);
  }
  const trimmed = label.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed = JSON.parse(trimmed);
      if (
        Array.isArray(parsed) && parsed.length > 0 &&
        parsed.every((x) => typeof x === "string" || typeof x === "number")
      ) {
        return parsed.map(String);
      }
    } catch { /* a label that merely starts with "[" (an interval) */ }
  }
  return [label];
}

function stringList(
  body: Record<string, unknown>,
  key: string,
  required: boolean,
): string[] | undefined {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value)) throw new HttpError(400, `field "${key}": expected a list`);
  return value.map((v, i) => {
    if (typeof v === "string") return v;
    // chat messages: take the content of the last message
    if (Array.isArray(v) && v.length && typeof v[v.length - 1]?.content === "string") {
      return v[v.length - 1].content;
    }
    throw new HttpError(400, `${key}[${i}]: expected a string or a list of chat messages`);
  });
}

/**
 * An HTTP reward server for RL trainers, on loopback by default.
 *
 * - `POST /get_reward`: OpenRLHF's remote reward protocol. Body `{query, prompts, labels}` where
 *   `query[i]` is prompt plus response and `labels[i]` the gold answer (a list, or a JSON array
 *   string, for a composed task). Returns `{rewards, scores, extra_logs}`.
 * - `POST /reward`: TRL's reward-function shape. Body `{completions, answer}` (or `answers`, one
 *   list per completion; `prompts` optional). Returns `{rewards}`.
 * - `GET /health`: `{status: "ok", …}`.
 *
 * Bodies over `maxBodyBytes` get 413; malformed JSON or lists of different lengths get 400 with a
 * message, and never stop the server. Verification runs in a worker pool with a time limit.
 *
 * @example
 * ```ts ignore
 * import { RewardServer } from "./reward_server.ts";
 * const server = new RewardServer({ port: 5000 });
 * await server.start();
 * // … later
 * await server.shutdown();
 * ```
 */
export class RewardServer {
  readonly options: RewardServerOptions;
  #pool: VerifierPool | null = null;
  #server: Deno.HttpServer | null = null;
  #started = 0;
  #requests = 0;
  #url = "";

  constructor(options: RewardServerOptions = {}) {
    this.options = options;
  }

  /** The base URL once started, e.g. `http://127.0.0.1:5000`. */
  get url(): string {
    return this.#url;
  }

  /** Starts the workers and the listener. */
  start(): Promise<void> {
    if (this.#server) return Promise.resolve();
    this.#pool = new VerifierPool({
      ...(this.options.workers ? { size: this.options.workers } : {}),
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    });
    this.#started = performance.now();
    return new Promise((resolve) => {
      this.#server = Deno.serve({
        port: this.options.port ?? 5000,
        hostname: this.options.hostname ?? "127.0.0.1",
        onListen: ({ hostname, port }) => {
          this.#url = `http://${hostname}:${port}`;
          this.options.onListen?.(this.#url);
          resolve();
        },
      }, (request) => this.handle(request));
    });
  }

  /** Stops accepting requests, lets the ones in flight finish, and ends the workers. */
  async shutdown(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await server.shutdown();
    this.#pool?.close();
    this.#pool = null;
  }

  /** Handles one request (also usable without a listener, e.g. in tests). */
  async handle(request: Request): Promise<Response> {
    this.#requests++;
    const path = new URL(request.url).pathname;
    try {
      if (path === "/health") {
        if (request.method !== "GET") throw new HttpError(405, "use GET");
        return json({
          status: "ok",
          workers: this.#pool?.size ?? 0,
          restarts: this.#pool?.restarts ?? 0,
          requests: this.#requests,
          uptime_s: Math.round((performance.now() - this.#started) / 1000),
        });
      }
      if (path === "/curriculum" && this.options.curriculum) {
        if (request.method !== "POST") throw new HttpError(405, "use POST");
        const body = await this.#readJson(request);
        try {
          return json(await this.options.curriculum.handle(body));
        } catch (error) {
          if (error instanceof CurriculumRequestError) throw new HttpError(400, error.message);
          throw error;
        }
      }
      if (path !== "/get_reward" && path !== "/reward") {
        throw new HttpError(404, `no endpoint ${path} (try /get_reward, /reward or /health)`);
      }
      if (request.method !== "POST") throw new HttpError(405, "use POST");
      const body = await this.#readJson(request);
      return json(path === "/get_reward" ? await this.#openrlhf(body) : await this.#trl(body));
    } catch (error) {
      if (error instanceof HttpError) return json({ error: error.message }, error.status);
      return json({
        error: `internal error: ${error instanceof Error ? error.message : String(error)}`,
      }, 500);
    }
  }

  async #readJson(request: Request): Promise<Record<string, unknown>> {
    const limit = this.options.maxBodyBytes ?? 16 * 2 ** 20;
    const declared = Number(request.headers.get("content-length") ?? "NaN");
    if (declared > limit) {
      throw new HttpError(413, `request body of ${declared} bytes is over the ${limit}-byte limit`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (request.body) {
      for await (const chunk of request.body) {
        size += chunk.length;
        if (size > limit) throw new HttpError(413, `request body is over the ${limit}-byte limit`);
        chunks.push(chunk);
      }
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) (bytes.set(c, at), at += c.length);
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(bytes));
    } catch (error) {
      throw new HttpError(400, `malformed JSON: ${error instanceof Error ? error.message : error}`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new HttpError(400, "expected a JSON object");
    }
    return value as Record<string, unknown>;
  }

  async #score(responses: readonly string[], labels: readonly unknown[]) {
    const kind = this.options.reward ?? "all";
    const pool = this.#pool ?? (this.#pool = new VerifierPool({ size: this.options.workers ?? 1 }));
    const items = responses.map((response, i) => ({
      gold: golds(labels[i], i),
      response,
      ...(this.options.verify ? { options: this.options.verify } : {}),
    }));
    const verdicts = await pool.verifyMany(items) as ComposedVerdict[];
    return verdicts.map((v) => {
      const reward = kind === "last"
        ? rewardLast(v.perProblem)
        : kind === "fraction"
        ? fractionCorrect(v.perProblem)
        : rewardAll(v.perProblem);
      const failed = v.verdicts.find((x) => !x.correct);
      return {
        reward,
        correct: v.correct,
        status: v.correct ? "correct" : failed?.status ?? "wrong",
        extracted: v.verdicts.map((x) => x.extracted.response),
      };
    });
  }

  async #openrlhf(body: Record<string, unknown>) {
    const query = stringList(body, "query", true)!;
    const prompts = stringList(body, "prompts", false);
    if (!Array.isArray(body.labels)) throw new HttpError(400, 'field "labels": expected a list');
    const labels = body.labels as unknown[];
    if (labels.length !== query.length || (prompts && prompts.length !== query.length)) {
      throw new HttpError(
        400,
        `lists differ in length: query ${query.length}, prompts ${
          prompts?.length ?? "absent"
        }, labels ${labels.length}`,
      );
    }
    const responses = query.map((
      q,
      i,
    ) => (prompts && q.startsWith(prompts[i]!) ? q.slice(prompts[i]!.length) : q));
    const results = await this.#score(responses, labels);
    const rewards = results.map((r) => r.reward);
    return {
      rewards,
      scores: rewards.map((r) => Math.min(1, Math.max(0, r))),
      extra_logs: {
        correct: results.map((r) => (r.correct ? 1 : 0)),
        status: results.map((r) => r.status),
      },
    };
  }

  async #trl(body: Record<string, unknown>) {
    const completions = stringList(body, "completions", true)!;
    const labels = (body.answers ?? body.answer ?? body.solution) as unknown;
    if (!Array.isArray(labels)) {
      throw new HttpError(400, 'field "answer" (or "answers", "solution"): expected a list');
    }
    if (labels.length !== completions.length) {
      throw new HttpError(
        400,
        `lists differ in length: completions ${completions.length}, answers ${labels.length}`,
      );
    }
    const results = await this.#score(completions, labels);
    return { rewards: results.map((r) => r.reward), status: results.map((r) => r.status) };
  }
}
