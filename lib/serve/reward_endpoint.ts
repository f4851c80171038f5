/**
 * What the reward endpoints do with a request body, apart from HTTP and from where the work
 * runs: read the JSON, check the limits, read the request, score it, write the reply. The
 * server runs it on its event loop in time slices for ordinary bodies, and in a request worker
 * for big ones (see `request_worker.ts`); both run this one function.
 * @module
 */
import type { LabelFormat } from "../rewards/labels.ts";
import type { RewardParams, RewardSpec } from "../rewards/reward_registry.ts";
import type { ResponseScore, ScoreItem } from "../rewards/score_response.ts";
import type { VerifyOptions } from "../verify/verify.ts";
import type { Steps } from "../io/time_slices.ts";
import { parseJsonBytesSteps, stringifyJsonSteps } from "../io/json_slices.ts";
import { checkRequestLimitsSteps, RequestLimitError, type RequestLimits } from "./limits.ts";
import {
  openRlhfReplySteps,
  readOpenRlhfRequestSteps,
  readTrlRequestSteps,
  RewardRequestError,
  trlReplySteps,
} from "./reward_reply.ts";

/** The reward endpoints. */
export type RewardPath = "/get_reward" | "/reward";

/**
 * A request the server answers with an error status and a message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EndpointError } from "./reward_endpoint.ts";
 * assert.equal(new EndpointError(405, "use POST").status, 405);
 * ```
 */
export class EndpointError extends Error {
  /** Builds the error: the HTTP status and a message naming what is wrong. */
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "EndpointError";
  }
}

/** How a reward endpoint reads and scores (plain data: it is sent to request workers). */
export interface RewardEndpointOptions {
  /** The server's reward; a request's `reward` field overrides it. */
  readonly reward?: RewardSpec;
  /** Parameters of shaped rewards. */
  readonly params?: RewardParams;
  /** How label strings are read. */
  readonly labelFormat?: LabelFormat;
  /** Items per request and bytes per item. */
  readonly limits?: RequestLimits;
  /** Verification options. */
  readonly verify?: VerifyOptions;
}

/** Where the endpoint's work runs. */
export interface RewardEndpointRuntime {
  /** Runs one piece of stepped work (at once, or in time slices). */
  readonly run: <T>(steps: Steps<T>) => Promise<T>;
  /** Scores items with `scoreResponses`, the one scoring path, wherever it verifies. */
  readonly score: (
    items: readonly ScoreItem[],
    options: { reward?: RewardSpec; params?: RewardParams; verify?: VerifyOptions },
  ) => Promise<ResponseScore[]>;
}

/** A finished answer: status and JSON text. */
export interface EndpointAnswer {
  /** HTTP status. */
  readonly status: number;
  /** The JSON body. */
  readonly body: string;
}

/**
 * Answers a `/get_reward` or `/reward` body: malformed JSON, a body that is not an object or
 * a request the server cannot score gets 400, one over the limits 413, each with a message
 * naming the field and item; otherwise 200 and the reply (`openRlhfReply`, `trlReply`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { answerRewardRequest } from "./reward_endpoint.ts";
 * import { scoreResponses } from "../rewards/score_response.ts";
 * import { runSteps } from "../io/time_slices.ts";
 * const runtime = {
 *   run: <T>(steps: Generator<void, T, void>) => Promise.resolve(runSteps(steps)),
 *   score: scoreResponses, // here verified in this thread
 * };
 * const body = new TextEncoder().encode('{"completions": ["#### 4"], "answer": [4]}');
 * const answer = await answerRewardRequest("/reward", body, {}, runtime);
 * assert.deepEqual([answer.status, JSON.parse(answer.body).rewards], [200, [1]]);
 * const bad = await answerRewardRequest("/reward", new TextEncoder().encode("[1]"), {}, runtime);
 * assert.deepEqual([bad.status, JSON.parse(bad.body).error], [400, "expected a JSON object"]);
 * ```
 */
export async function answerRewardRequest(
  path: RewardPath,
  bytes: Uint8Array,
  options: RewardEndpointOptions,
  runtime: RewardEndpointRuntime,
): Promise<EndpointAnswer> {
  try {
    let body: unknown;
    try {
      body = await runtime.run(parseJsonBytesSteps(bytes));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new EndpointError(400, `malformed JSON: ${error.message}`);
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new EndpointError(400, "expected a JSON object");
    }
    const fields = body as Record<string, unknown>;
    await runtime.run(checkRequestLimitsSteps(fields, options.limits));
    const labels = options.labelFormat ? { labelFormat: options.labelFormat } : {};
    const request = await runtime.run(
      path === "/get_reward"
        ? readOpenRlhfRequestSteps(fields, labels)
        : readTrlRequestSteps(fields, labels),
    );
    const reward = request.reward ?? options.reward;
    let scores: ResponseScore[];
    try {
      scores = await runtime.score(request.items, {
        ...(reward ? { reward } : {}),
        ...(options.params ? { params: options.params } : {}),
        ...(options.verify ? { verify: options.verify } : {}),
      });
    } catch (error) {
      // a shaped reward without its parameters: the request's fault, not the server's
      if (error instanceof RangeError && /^Reward "/.test(error.message)) {
        throw new RewardRequestError(error.message);
      }
      throw error;
    }
    const reply = path === "/get_reward"
      ? await runtime.run(openRlhfReplySteps(scores))
      : await runtime.run(trlReplySteps(scores));
    return { status: 200, body: await runtime.run(stringifyJsonSteps(reply)) };
  } catch (error) {
    return { status: errorStatus(error), body: JSON.stringify({ error: errorMessage(error) }) };
  }
}

/**
 * The status a failure is answered with: its own, 400 for a bad request, else 500.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EndpointError, errorStatus } from "./reward_endpoint.ts";
 * import { RewardRequestError } from "./reward_reply.ts";
 * assert.equal(errorStatus(new EndpointError(413, "too big")), 413);
 * assert.equal(errorStatus(new RewardRequestError('field "labels": expected a list')), 400);
 * assert.equal(errorStatus(new TypeError("a bug")), 500);
 * ```
 */
export function errorStatus(error: unknown): number {
  if (error instanceof EndpointError || error instanceof RequestLimitError) return error.status;
  if (error instanceof RewardRequestError) return 400;
  return 500;
}

/**
 * The message a failure is answered with (an unexpected one is an internal error).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorMessage } from "./reward_endpoint.ts";
 * import { RewardRequestError } from "./reward_reply.ts";
 * assert.equal(errorMessage(new RewardRequestError("labels[3]: empty answer")), "labels[3]: empty answer");
 * assert.equal(errorMessage(new TypeError("x is undefined")), "internal error: x is undefined");
 * ```
 */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return errorStatus(error) === 500 ? `internal error: ${message}` : message;
}
