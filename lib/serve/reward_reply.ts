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

function texts(
  body: Record<string, unknown>,
  key: string,
  required: boolean,
): string[] | undefined {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value)) throw new RewardRequestError(`field "${key}": expected a list`);
  return value.map((v, i) => {
    if (typeof v === "string") return v;
    // chat messages (TRL's conversational completions): the last message's content
    if (Array.isArray(v) && v.length && typeof v[v.length - 1]?.content === "string") {
      return v[v.length - 1].content as string;
    }
    throw new RewardRequestError(`${key}[${i}]: expected a string or a list of chat messages`);
  });
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

function golds(labels: readonly unknown[], formats: readonly LabelFormat[], key: string) {
  return labels.map((label, i) => {
    try {
      return parseLabel(label, { format: formats[i]!, where: `${key}[${i}]` });
    } catch (error) {
      if (error instanceof LabelError) throw new RewardRequestError(error.message);
      throw error;
    }
  });
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
  const query = texts(body, "query", true)!;
  const prompts = texts(body, "prompts", false);
  if (!Array.isArray(body.labels)) throw new RewardRequestError('field "labels": expected a list');
  const labels = body.labels as unknown[];
  if (labels.length !== query.length || (prompts && prompts.length !== query.length)) {
    throw new RewardRequestError(
      `lists differ in length: query ${query.length}, prompts ${
        prompts?.length ?? "absent"
      }, labels ${labels.length}`,
    );
  }
  const g = golds(
    labels,
    labelFormats(body, query.length, options.labelFormat ?? "auto"),
    "labels",
  );
  const reward = readReward(body);
  return {
    items: query.map((q, i) => ({ gold: g[i]!, response: stripPrompt(q, prompts?.[i]) })),
    ...(reward ? { reward } : {}),
  };
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
export function openRlhfReply(scores: readonly ResponseScore[]): {
  rewards: number[];
  scores: number[];
  extra_logs: Record<string, number[]>;
  statuses: string[];
  extracted: (string | null)[][];
} {
  const rewards = scores.map((s) => s.reward);
  const extra: Record<string, number[]> = {
    correct: scores.map((s) => (s.correct ? 1 : 0)),
    problems_correct: scores.map((s) =>
      s.perProblem.filter(Boolean).length / (s.perProblem.length || 1)
    ),
  };
  for (const status of Object.keys(STATUS_CODES)) {
    if (status !== "correct") extra[status] = scores.map((s) => (s.status === status ? 1 : 0));
  }
  extra.status_code = scores.map((s) => STATUS_CODES[s.status] ?? 99);
  return {
    rewards,
    scores: rewards.map((r) => Math.min(1, Math.max(0, r))),
    extra_logs: extra,
    statuses: scores.map((s) => s.status),
    extracted: scores.map((s) => [...s.extracted]),
  };
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
  const completions = texts(body, "completions", true)!;
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
  const g = golds(
    labels,
    labelFormats(body, completions.length, options.labelFormat ?? "auto"),
    key,
  );
  const reward = readReward(body);
  return {
    items: completions.map((c, i) => ({ gold: g[i]!, response: c })),
    ...(reward ? { reward } : {}),
  };
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
export function trlReply(scores: readonly ResponseScore[]): {
  rewards: number[];
  correct: boolean[];
  status: string[];
  extracted: (string | null)[][];
  per_problem: boolean[][];
} {
  return {
    rewards: scores.map((s) => s.reward),
    correct: scores.map((s) => s.correct),
    status: scores.map((s) => s.status),
    extracted: scores.map((s) => [...s.extracted]),
    per_problem: scores.map((s) => [...s.perProblem]),
  };
}
