/**
 * The reward server's request reading and reply building, apart from its HTTP handling:
 * OpenRLHF's `/get_reward` and the TRL / verl-shaped `/reward`. Both score through
 * `scoreResponses`, the one scoring path.
 * @module
 */
import {
  LABEL_FORMATS,
  LabelError,
  type LabelFormat,
  labelFormatFor,
  parseLabel,
} from "../rewards/labels.ts";
import { stripPrompt } from "../rewards/response_text.ts";
import { isRewardName, rewardNames, type RewardSpec } from "../rewards/reward_registry.ts";
import type { ResponseScore, ScoreItem } from "../rewards/score_response.ts";
import { runSteps, type Steps } from "../io/time_slices.ts";

/** Items handled between two possible pauses of the step versions. */
const PER_STEP = 256;

/** A request the server cannot score (answered with 400 and the message). */
export class RewardRequestError extends Error {
  /** Builds the error; `message` names the field that is wrong. */
  constructor(message: string) {
    super(message);
    this.name = "RewardRequestError";
  }
}

/** A parsed reward request: what to score, and how. */
export interface RewardRequest {
  /** One item per response: its gold and the response text. */
  readonly items: ScoreItem[];
  /** A per-request reward name (field `reward`), overriding the server's. */
  readonly reward?: RewardSpec;
}

/**
 * Numeric codes of verdict statuses in OpenRLHF's `extra_logs.status_code` (OpenRLHF turns every
 * `extra_logs` value into a tensor, so strings are not allowed there). Unknown statuses are 99.
 */
export const STATUS_CODES: Readonly<Record<string, number>> = {
  correct: 0,
  wrong: 1,
  no_answer: 2,
  unparseable: 3,
  timeout: 4,
  error: 5,
  undecided: 6,
};

function* texts(
  body: Record<string, unknown>,
  key: string,
  required: boolean,
): Generator<void, string[] | undefined, void> {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value)) throw new RewardRequestError(`field "${key}": expected a list`);
  const out = new Array<string>(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v === "string") out[i] = v;
    // chat messages (TRL's conversational completions): the last message's content
    else if (Array.isArray(v) && v.length && typeof v[v.length - 1]?.content === "string") {
      out[i] = v[v.length - 1].content as string;
    } else {
      throw new RewardRequestError(`${key}[${i}]: expected a string or a list of chat messages`);
    }
    if (i % PER_STEP === PER_STEP - 1) yield;
  }
  return out;
}

function labelFormats(
  body: Record<string, unknown>,
  n: number,
  fallback: LabelFormat,
): LabelFormat[] {
  const f = body.label_format;
  if (f !== undefined && !LABEL_FORMATS.includes(f as LabelFormat)) {
    throw new RewardRequestError(
      `field "label_format": expected one of ${LABEL_FORMATS.join(", ")}, got ${JSON.stringify(f)}`,
    );
  }
  const sources = body.data_sources ?? body.data_source;
  const list = Array.isArray(sources) ? sources : Array(n).fill(sources);
  if (list.length !== n) {
    throw new RewardRequestError(`lists differ in length: data_sources ${list.length}, items ${n}`);
  }
  return list.map((s) =>
    f !== undefined ? f as LabelFormat : typeof s === "string" ? labelFormat(s, fallback) : fallback
  );
}

const labelFormat = (source: string, fallback: LabelFormat) =>
  labelFormatFor(source) === "comma" ? "comma" : fallback;

function readReward(body: Record<string, unknown>): RewardSpec | undefined {
  if (body.reward === undefined) return undefined;
  if (!isRewardName(body.reward)) {
    throw new RewardRequestError(
      `field "reward": expected one of ${rewardNames().join(", ")}, got ${
        JSON.stringify(body.reward)
      }`,
    );
  }
  return body.reward;
}

function* golds(
  labels: readonly unknown[],
  formats: readonly LabelFormat[],
  key: string,
): Generator<void, ScoreItem["gold"][], void> {
  const out = new Array<ScoreItem["gold"]>(labels.length);
  for (let i = 0; i < labels.length; i++) {
    try {
      out[i] = parseLabel(labels[i], { format: formats[i]!, where: `${key}[${i}]` });
    } catch (error) {
      if (error instanceof LabelError) throw new RewardRequestError(error.message);
      throw error;
    }
    if (i % PER_STEP === PER_STEP - 1) yield;
  }
  return out;
}

/**
 * Reads OpenRLHF's remote-reward request `{query, prompts?, labels}` (plus optional
 * `label_format`, `data_source(s)`, `reward`). Each response is `query[i]` with `prompts[i]`
 * stripped tolerantly (whitespace and special tokens may differ: OpenRLHF decodes the query with
 * special tokens).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readOpenRlhfRequest } from "./reward_reply.ts";
 * const r = readOpenRlhfRequest({ query: ["Q?  So #### 4"], prompts: ["Q?"], labels: [4] });
 * assert.deepEqual(r.items, [{ gold: "4", response: "So #### 4" }]);
 * ```
 */
export function readOpenRlhfRequest(
  body: Record<string, unknown>,
  options: { labelFormat?: LabelFormat } = {},
): RewardRequest {
  return runSteps(readOpenRlhfRequestSteps(body, options));
}

/**
 * {@linkcode readOpenRlhfRequest} in steps (for `runStepsSliced`, so a 100,000-item request
 * does not hold the server's event loop): the same checks in the same order, the same result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readOpenRlhfRequestSteps } from "./reward_reply.ts";
 * import { runStepsSliced } from "../io/time_slices.ts";
 * const r = await runStepsSliced(readOpenRlhfRequestSteps({ query: ["#### 4"], labels: [4] }));
 * assert.deepEqual(r.items, [{ gold: "4", response: "#### 4" }]);
 * ```
 */
export function* readOpenRlhfRequestSteps(
  body: Record<string, unknown>,
  options: { labelFormat?: LabelFormat } = {},
): Steps<RewardRequest> {
  const query = (yield* texts(body, "query", true))!;
  const prompts = yield* texts(body, "prompts", false);
  if (!Array.isArray(body.labels)) throw new RewardRequestError('field "labels": expected a list');
  const labels = body.labels as unknown[];
  if (labels.length !== query.length || (prompts && prompts.length !== query.length)) {
    throw new RewardRequestError(
      `lists differ in length: query ${query.length}, prompts ${
        prompts?.length ?? "absent"
      }, labels ${labels.length}`,
    );
  }
  const g = yield* golds(
    labels,
    labelFormats(body, query.length, options.labelFormat ?? "auto"),
    "labels",
  );
  const reward = readReward(body);
  const items = new Array<ScoreItem>(query.length);
  for (let i = 0; i < query.length; i++) {
    items[i] = { gold: g[i]!, response: stripPrompt(query[i]!, prompts?.[i]) };
    if (i % PER_STEP === PER_STEP - 1) yield;
  }
  return { items, ...(reward ? { reward } : {}) };
}

/**
 * OpenRLHF's reply: `rewards`, `scores` (clipped to [0, 1] for dynamic filtering) and
 * `extra_logs` holding ONLY numbers (OpenRLHF makes a tensor of each value): `correct`, one 0/1
 * indicator per status, and `status_code` ({@linkcode STATUS_CODES}). Strings go in top-level
 * `statuses` and `extracted`, which OpenRLHF ignores.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openRlhfReply } from "./reward_reply.ts";
 * import { scoreResponse } from "../rewards/score_response.ts";
 * const reply = openRlhfReply([scoreResponse("4", "\\boxed{4}"), scoreResponse("4", "none")]);
 * assert.deepEqual(reply.rewards, [1, 0]);
 * assert.deepEqual(reply.extra_logs.no_answer, [0, 1]);
 * assert.deepEqual(reply.extra_logs.status_code, [0, 2]);
 * ```
 */
export function openRlhfReply(scores: readonly ResponseScore[]): OpenRlhfReply {
  return runSteps(openRlhfReplySteps(scores));
}

/** The body {@linkcode openRlhfReply} builds. */
export interface OpenRlhfReply {
  /** The reward per item. */
  rewards: number[];
  /** The rewards clipped to [0, 1]. */
  scores: number[];
  /** Numbers only, one list per key: `correct`, `problems_correct`, a 0/1 list per status, `status_code`. */
  extra_logs: Record<string, number[]>;
  /** The status per item. */
  statuses: string[];
  /** The extracted answers per item (one per problem). */
  extracted: (string | null)[][];
}

/**
 * {@linkcode openRlhfReply} in steps (see `runStepsSliced`); the same reply.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openRlhfReplySteps } from "./reward_reply.ts";
 * import { scoreResponse } from "../rewards/score_response.ts";
 * import { runStepsSliced } from "../io/time_slices.ts";
 * const reply = await runStepsSliced(openRlhfReplySteps([scoreResponse("4", "\\boxed{4}")]));
 * assert.deepEqual(reply.extra_logs.status_code, [0]);
 * ```
 */
export function* openRlhfReplySteps(scores: readonly ResponseScore[]): Steps<OpenRlhfReply> {
  const n = scores.length;
  const rewards = new Array<number>(n), clipped = new Array<number>(n);
  const statuses = new Array<string>(n), extracted = new Array<(string | null)[]>(n);
  const correct = new Array<number>(n), problems = new Array<number>(n);
  const codes = new Array<number>(n);
  const flags = Object.keys(STATUS_CODES).filter((s) => s !== "correct");
  const perStatus = flags.map(() => new Array<number>(n));
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    rewards[i] = s.reward;
    clipped[i] = Math.min(1, Math.max(0, s.reward));
    statuses[i] = s.status;
    extracted[i] = [...s.extracted];
    correct[i] = s.correct ? 1 : 0;
    problems[i] = s.perProblem.filter(Boolean).length / (s.perProblem.length || 1);
    for (let k = 0; k < flags.length; k++) perStatus[k]![i] = s.status === flags[k] ? 1 : 0;
    codes[i] = STATUS_CODES[s.status] ?? 99;
    if (i % PER_STEP === PER_STEP - 1) yield;
  }
  const extra: Record<string, number[]> = { correct, problems_correct: problems };
  flags.forEach((status, k) => (extra[status] = perStatus[k]!));
  extra.status_code = codes;
  return { rewards, scores: clipped, extra_logs: extra, statuses, extracted };
}

const LABEL_KEYS = ["answers", "answer", "solution", "ground_truth", "labels", "label"] as const;

/**
 * Reads the `/reward` request (TRL's reward-function shape, also what the verl integration
 * sends): `{completions, <labels>}` where completions are strings or chat-message lists and the
 * labels come under the first present of `answers`, `answer`, `solution`, `ground_truth`,
 * `labels`, `label`; optional `label_format`, `data_source(s)` and `reward`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTrlRequest } from "./reward_reply.ts";
 * const r = readTrlRequest({
 *   completions: [[{ role: "assistant", content: "\\boxed{540}" }]],
 *   ground_truth: ["540,321"],
 *   data_source: "math-multi-query",
 * });
 * assert.deepEqual(r.items[0]!.gold, ["540", "321"]);
 * ```
 */
export function readTrlRequest(
  body: Record<string, unknown>,
  options: { labelFormat?: LabelFormat } = {},
): RewardRequest {
  return runSteps(readTrlRequestSteps(body, options));
}

/**
 * {@linkcode readTrlRequest} in steps (see `runStepsSliced`): the same checks, the same result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTrlRequestSteps } from "./reward_reply.ts";
 * import { runStepsSliced } from "../io/time_slices.ts";
 * const r = await runStepsSliced(readTrlRequestSteps({ completions: ["#### 4"], answer: [4] }));
 * assert.deepEqual(r.items, [{ gold: "4", response: "#### 4" }]);
 * ```
 */
export function* readTrlRequestSteps(
  body: Record<string, unknown>,
  options: { labelFormat?: LabelFormat } = {},
): Steps<RewardRequest> {
  const completions = (yield* texts(body, "completions", true))!;
  const key = LABEL_KEYS.find((k) => body[k] !== undefined);
  const labels = key ? body[key] : undefined;
  if (!key || !Array.isArray(labels)) {
    throw new RewardRequestError(
      `field "${key ?? "answer"}" (or ${LABEL_KEYS.join(", ")}): expected a list`,
    );
  }
  if (labels.length !== completions.length) {
    throw new RewardRequestError(
      `lists differ in length: completions ${completions.length}, ${key} ${labels.length}`,
    );
  }
  const g = yield* golds(
    labels,
    labelFormats(body, completions.length, options.labelFormat ?? "auto"),
    key,
  );
  const reward = readReward(body);
  const items = new Array<ScoreItem>(completions.length);
  for (let i = 0; i < completions.length; i++) {
    items[i] = { gold: g[i]!, response: completions[i]! };
    if (i % PER_STEP === PER_STEP - 1) yield;
  }
  return { items, ...(reward ? { reward } : {}) };
}

/**
 * The `/reward` reply: `rewards`, and per item `correct`, `status`, `extracted` and
 * `per_problem`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trlReply } from "./reward_reply.ts";
 * import { scoreResponse } from "../rewards/score_response.ts";
 * assert.deepEqual(trlReply([scoreResponse("4", "#### 4")]).status, ["correct"]);
 * ```
 */
export function trlReply(scores: readonly ResponseScore[]): TrlReply {
  return runSteps(trlReplySteps(scores));
}

/** The body {@linkcode trlReply} builds. */
export interface TrlReply {
  /** The reward per item. */
  rewards: number[];
  /** Every problem right, per item. */
  correct: boolean[];
  /** The status per item. */
  status: string[];
  /** The extracted answers per item (one per problem). */
  extracted: (string | null)[][];
  /** Correctness per problem, per item. */
  per_problem: boolean[][];
}

/**
 * {@linkcode trlReply} in steps (see `runStepsSliced`); the same reply.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trlReplySteps } from "./reward_reply.ts";
 * import { scoreResponse } from "../rewards/score_response.ts";
 * import { runStepsSliced } from "../io/time_slices.ts";
 * assert.deepEqual((await runStepsSliced(trlReplySteps([scoreResponse("4", "#### 5")]))).status, ["wrong"]);
 * ```
 */
export function* trlReplySteps(scores: readonly ResponseScore[]): Steps<TrlReply> {
  const n = scores.length;
  const reply: TrlReply = {
    rewards: new Array(n),
    correct: new Array(n),
    status: new Array(n),
    extracted: new Array(n),
    per_problem: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    reply.rewards[i] = s.reward;
    reply.correct[i] = s.correct;
    reply.status[i] = s.status;
    reply.extracted[i] = [...s.extracted];
    reply.per_problem[i] = [...s.perProblem];
    if (i % PER_STEP === PER_STEP - 1) yield;
  }
  return reply;
}
