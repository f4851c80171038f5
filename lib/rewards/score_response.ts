/**
 * The one scoring path: every entry point (library, `verify`, `score`, `eval`, the reward
 * server, the demo, the notebooks, RL training) decides correctness and reward here.
 * @module
 */
import type { ComposedTask } from "../compose/composed_task.ts";
import type { Task } from "../tasks/task.ts";
import {
  type ComposedVerdict,
  type Verdict,
  verifyAnswer,
  verifyComposed,
  type VerifyOptions,
} from "../verify/verify.ts";
import type { VerifierPool } from "../verify/worker_pool.ts";
import type { ExtractionSource } from "../verify/extract.ts";
import { maskPlaceholders } from "./response_text.ts";
import { resolveReward, type RewardParams, type RewardSpec } from "./reward_registry.ts";

/** A gold answer, or the per-problem gold answers of a composed task. */
export type Gold = string | readonly string[];

/** @deprecated Use {@linkcode RewardSpec}: every registered name, or a function. */
export type ComposedRewardKind = "all" | "last" | "fraction";

/** Options for {@linkcode scoreResponse}. */
export interface ScoreOptions {
  /** The reward: a registered name (see `rewardNames`) or a function. Default `"all"` (R_all). */
  readonly reward?: RewardSpec;
  /** Parameters of shaped rewards (`maxLength`, `references`, …). */
  readonly params?: RewardParams;
  /** Verification options. */
  readonly verify?: VerifyOptions;
  /** Response length for length-shaped rewards (e.g. in tokens). Default: characters. */
  readonly length?: number;
}

/** The score of one response. */
export interface ResponseScore {
  /** Every problem right. */
  readonly correct: boolean;
  /** `correct`, or the status of the first problem that is not (`wrong`, `no_answer`, …). */
  readonly status: string;
  /** The reward the chosen reward function gave. */
  readonly reward: number;
  /** Correctness per problem (one entry for a single answer). */
  readonly perProblem: readonly boolean[];
  /** Verdict status per problem (`correct`, `wrong`, `no_answer`, …). */
  readonly statuses: readonly string[];
  /** Extracted answer per problem (`null` where none). */
  readonly extracted: readonly (string | null)[];
  /** Why, in words (the first failing problem's reason when not correct). */
  readonly reason: string;
  /** Problems (1-based) with no extracted answer. */
  readonly missing: readonly number[];
  /** How each answer was found (`boxed`, `gsm8k`, …; `null` where none). */
  readonly sources: readonly (ExtractionSource | null)[];
}

/** A single gold, or a list of one, is scored with the full extraction ladder. */
function single(gold: Gold): string | null {
  if (typeof gold === "string") return gold;
  return gold.length === 1 ? gold[0]! : null;
}

function checkGold(gold: Gold): void {
  if (typeof gold !== "string" && (!Array.isArray(gold) || gold.length === 0)) {
    throw new TypeError("Invalid gold: expected a string or a non-empty list of strings");
  }
}

/**
 * The verdict behind a score: `verifyAnswer` (the full extraction ladder: boxes, `####`,
 * "answer is", …) for a single gold, `verifyComposed` (per-problem extraction) for a list.
 * The response should already have its placeholders masked.
 */
function verifyGold(
  gold: Gold,
  response: string,
  options?: VerifyOptions,
): Verdict | ComposedVerdict {
  const one = single(gold);
  return one !== null
    ? verifyAnswer(one, response, options)
    : verifyComposed(gold as readonly string[], response, options);
}

const PLACEHOLDER_ONLY = /^[\s…$.,;:]*$/;

/**
 * Turns a verdict into a score: per-problem results, the overall status, and the reward from
 * the registry. Exposed for callers that verify elsewhere (a worker pool): use
 * {@linkcode scoreResponses} rather than calling this directly.
 */
function scoreVerdict(
  gold: Gold,
  response: string,
  verdict: Verdict | ComposedVerdict,
  options: ScoreOptions,
): ResponseScore {
  const verdicts: Verdict[] = ("perProblem" in verdict ? verdict.verdicts : [verdict]).map((v) =>
    // An "answer" that is only what a masked placeholder left is no answer.
    v.extracted.response !== null && PLACEHOLDER_ONLY.test(v.extracted.response)
      ? {
        ...v,
        correct: false,
        status: "no_answer",
        extracted: { ...v.extracted, response: null },
        reason: "only a template placeholder where the answer should be",
      }
      : v
  );
  const perProblem = verdicts.map((v) => v.correct);
  const statuses = verdicts.map((v) => v.status);
  const golds = typeof gold === "string" ? [gold] : [...gold];
  const reward = resolveReward(options.reward)({
    perProblem,
    statuses,
    response,
    golds,
    length: options.length ?? response.length,
    params: options.params ?? {},
  });
  const correct = perProblem.length > 0 && perProblem.every(Boolean);
  const failedAt = perProblem.findIndex((c) => !c);
  const failed = failedAt >= 0 ? verdicts[failedAt]! : undefined;
  return {
    correct,
    status: correct ? "correct" : failed?.status ?? "wrong",
    reward,
    perProblem,
    statuses,
    extracted: verdicts.map((v) => v.extracted.response),
    reason: correct
      ? verdicts.length > 1 ? "every problem correct" : verdicts[0]!.reason
      : verdicts.length > 1
      ? `problem ${failedAt + 1}: ${failed!.reason}`
      : failed!.reason,
    missing: verdicts.flatMap((v, i) => (v.extracted.response === null ? [i + 1] : [])),
    sources: verdicts.map((v) => (v.extracted.response === null ? null : v.extracted.source)),
  };
}

/**
 * Scores one response against a gold answer or a list of per-problem gold answers. This is the
 * one function that decides correctness and reward in Farsight:
 * - a single gold (or a list of one) uses `verifyAnswer`'s full extraction ladder, so
 *   `"… #### 42"` and `"The answer is 42."` score as `farsight verify` says; the ladder's last
 *   rung reads a `Problem 1:` line (what a depth-1 composed prompt asks for);
 * - a list uses per-problem extraction (`Problem k:` lines, else the last n boxes);
 * - template placeholders (`\boxed{[answer1]}`, `[variable2]`) never count as answers;
 * - the reward is resolved from the registry (`"all"` by default; any name of `rewardNames()`, or
 *   your own function of the per-problem results).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scoreResponse } from "./score_response.ts";
 * assert.deepEqual(scoreResponse("42", "Compute 7*6. #### 42").reward, 1);
 * const composed = "### Final Answers\nProblem 1: \\boxed{7}\nProblem 2: \\boxed{13}";
 * assert.deepEqual(scoreResponse(["7", "12"], composed).perProblem, [true, false]);
 * assert.deepEqual(scoreResponse(["7", "12"], composed, { reward: "fraction" }).reward, 0.5);
 * assert.deepEqual(scoreResponse("7", "Problem 1: \\boxed{[answer1]}").status, "no_answer");
 * assert.deepEqual(scoreResponse(["7"], "### Final Answers\nProblem 1: 7").correct, true);
 * ```
 */
export function scoreResponse(
  gold: Gold,
  response: string,
  options: ScoreOptions = {},
): ResponseScore {
  checkGold(gold);
  const text = maskPlaceholders(String(response ?? ""));
  return scoreVerdict(gold, text, verifyGold(gold, text, options.verify), options);
}

/** One item for {@linkcode scoreResponses}. */
export interface ScoreItem {
  /** The gold answer, or one per problem of a composed task. */
  readonly gold: Gold;
  /** The response text. */
  readonly response: string;
  /** Per-item verification options (override the shared ones). */
  readonly verify?: VerifyOptions;
  /** Per-item length for length-shaped rewards. */
  readonly length?: number;
}

/**
 * Scores many responses, in input order, exactly as {@linkcode scoreResponse} does; with a
 * `pool`, verification runs in its workers under their time limit (a stuck item gets a
 * `timeout` status and reward from the registry on all-false results).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scoreResponses } from "./score_response.ts";
 * const scores = await scoreResponses([
 *   { gold: "4", response: "\\boxed{4}" },
 *   { gold: ["1", "2"], response: "Problem 1: \\boxed{1}\nProblem 2: \\boxed{3}" },
 * ], { reward: "last" });
 * assert.deepEqual(scores.map((s) => s.reward), [1, 0]);
 * ```
 */
export async function scoreResponses(
  items: readonly ScoreItem[],
  options: ScoreOptions & { pool?: Pick<VerifierPool, "verifyMany"> | null } = {},
): Promise<ResponseScore[]> {
  for (const item of items) checkGold(item.gold);
  const texts = items.map((item) => maskPlaceholders(String(item.response ?? "")));
  const opts = (item: ScoreItem) => item.verify ?? options.verify;
  const verdicts: (Verdict | ComposedVerdict)[] = options.pool
    ? await options.pool.verifyMany(items.map((item, i) => {
      const o = opts(item);
      return {
        gold: single(item.gold) ?? item.gold,
        response: texts[i]!,
        ...(o ? { options: o } : {}),
      };
    }))
    : items.map((item, i) => verifyGold(item.gold, texts[i]!, opts(item)));
  return items.map((item, i) =>
    scoreVerdict(item.gold, texts[i]!, verdicts[i]!, {
      ...options,
      ...(item.length !== undefined ? { length: item.length } : {}),
    })
  );
}

/** One scored response to a task, as `farsight score` and `runEvaluation` write it. */
export interface ScoredResponse {
  /** The task's id. */
  readonly task_id: string;
  /** Which sample of the task (0-based). */
  readonly sample: number;
  /** Every problem right (R_all). */
  readonly correct: boolean;
  /** Correctness per problem, in order. */
  readonly per_problem: readonly boolean[];
  /** The reward the chosen reward function gave. */
  readonly reward: number;
  /** Extracted answer per problem (`null` where none). */
  readonly extracted: readonly (string | null)[];
  /** Status per problem (correct, wrong, no_answer, unparseable, timeout, error). */
  readonly status: readonly string[];
  /** The task's horizon (1 for a single problem). */
  readonly depth: number;
}

/**
 * The gold answers of a task or composed task, in problem order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { goldAnswers } from "./score_response.ts";
 * assert.deepEqual(goldAnswers({ answer: "3" } as never), ["3"]);
 * assert.deepEqual(goldAnswers({ answer: "5", answers: ["3", "5"] } as never), ["3", "5"]);
 * ```
 */
export function goldAnswers(task: Task | ComposedTask): readonly string[] {
  return "answers" in task ? task.answers : [task.answer];
}

/**
 * The gold to score a task with: its answer for a single task, every answer for a composed one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { taskGold } from "./score_response.ts";
 * assert.deepEqual(taskGold({ answer: "3" } as never), "3");
 * assert.deepEqual(taskGold({ answer: "5", answers: ["3", "5"] } as never), ["3", "5"]);
 * ```
 */
export function taskGold(task: Task | ComposedTask): Gold {
  return "answers" in task && Array.isArray(task.answers) ? task.answers : task.answer;
}

/**
 * The horizon of a task (1 for a single problem).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { taskDepth } from "./score_response.ts";
 * assert.equal(taskDepth({ answer: "3" } as never), 1);
 * assert.equal(taskDepth({ answer: "5", answers: ["3", "5"], depth: 2 } as never), 2);
 * ```
 */
export function taskDepth(task: Task | ComposedTask): number {
  return "depth" in task && typeof task.depth === "number" ? task.depth : 1;
}

/**
 * A {@linkcode ResponseScore} as the per-response record of a task.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scoreResponse, scoredRecord } from "./score_response.ts";
 * const task = { id: "t1", answer: "4" } as never;
 * assert.deepEqual(scoredRecord(task, scoreResponse("4", "\\boxed{4}"), 2).sample, 2);
 * ```
 */
export function scoredRecord(
  task: Task | ComposedTask,
  score: ResponseScore,
  sample = 0,
): ScoredResponse {
  return {
    task_id: task.id,
    sample,
    correct: score.correct,
    per_problem: score.perProblem,
    reward: score.reward,
    extracted: score.extracted,
    status: score.statuses,
    depth: taskDepth(task),
  };
}

/**
 * Scores a response to a task or composed task (see {@linkcode scoreResponse}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scoreTask } from "./score_response.ts";
 * const task = { id: "t", answer: "12", answers: ["7", "12"], depth: 2 } as never;
 * assert.deepEqual(scoreTask(task, "Problem 1: \\boxed{7}\nProblem 2: \\boxed{12}").reward, 1);
 * ```
 */
export function scoreTask(
  task: Task | ComposedTask,
  response: string,
  options: ScoreOptions & { sample?: number } = {},
): ScoredResponse {
  return scoredRecord(task, scoreResponse(taskGold(task), response, options), options.sample ?? 0);
}
