/**
 * The curriculum endpoint of the reward server: a trainer's sampler asks for the next batch
 * and reports scores back. The logic is a pure function of (state, request); the
 * {@linkcode CurriculumEndpoint} class owns the state and, optionally, the file it is saved to.
 * @module
 */
import type { ComposedTask } from "../compose/composed_task.ts";
import { existsSync } from "node:fs";
import {
  createFamilyCurriculum,
  type CurriculumResult,
  type FamilyCurriculumOptions,
  type FamilyCurriculumState,
  nextFamilyBatch,
  recordFamilyResults,
} from "../curriculum/family_curriculum.ts";
import { curriculumResults } from "../curriculum/curriculum_results.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";

/** A request to the curriculum endpoint. */
export type CurriculumRequest =
  | { readonly action: "next"; readonly size: number }
  | { readonly action: "report"; readonly results: readonly CurriculumResult[] }
  | { readonly action: "state" };

/** Where the curriculum stands, as responses report it. */
export interface CurriculumStatus {
  /** Batches handed out so far. */
  readonly step: number;
  /** The horizon (problems per composed task) now drawn. */
  readonly horizon: number;
  /** Per family, the difficulty level reached on each attribute. */
  readonly levels: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Tasks handed out and not yet reported. */
  readonly pending: number;
}

function status(state: FamilyCurriculumState): CurriculumStatus {
  return {
    step: state.step,
    horizon: state.horizons[state.horizonLevel]!,
    levels: Object.fromEntries(Object.entries(state.progress).map(([k, v]) => [k, v.levels])),
    pending: Object.keys(state.pending).length,
  };
}

/** Raised for a malformed request, with the field that is wrong. */
export class CurriculumRequestError extends Error {
  /** Builds the error; `message` names the field that is wrong. */
  constructor(message: string) {
    super(message);
    this.name = "CurriculumRequestError";
  }
}

/**
 * Answers one curriculum request: `next` hands out `size` composed tasks, `report` takes back
 * `results` (task id, score, optional per-problem scores) and may promote or demote,
 * `state` returns the whole state. Pure: returns the new state with the response.
 *
 * @example
 * ```ts
 * import { handleCurriculumRequest } from "./curriculum_endpoint.ts";
 * import { createFamilyCurriculum } from "../curriculum/family_curriculum.ts";
 * import assert from "node:assert/strict";
 * let state = createFamilyCurriculum({ families: ["gcd"], window: 2, advance: "attributes" });
 * const next = handleCurriculumRequest(state, { action: "next", size: 2 });
 * const tasks = (next.response as { tasks: { id: string }[] }).tasks;
 * const done = handleCurriculumRequest(next.state, { action: "report", results: tasks.map((t) => ({ id: t.id, score: 1 })) });
 * assert.equal((done.response as { status: { levels: Record<string, Record<string, number>> } }).status.levels.gcd!.numbers, 1);
 * ```
 */
export function handleCurriculumRequest(
  state: FamilyCurriculumState,
  request: unknown,
): { state: FamilyCurriculumState; response: unknown } {
  const body = request as Partial<Record<string, unknown>>;
  if (typeof body !== "object" || body === null) {
    throw new CurriculumRequestError('expected a JSON object with an "action"');
  }
  if (body.action === "next") {
    const size = body.size;
    if (!(typeof size === "number" && Number.isInteger(size) && size >= 1 && size <= 100_000)) {
      throw new CurriculumRequestError(
        `"size": expected an integer in 1..100000, got ${JSON.stringify(size)}`,
      );
    }
    const batch = nextFamilyBatch(state, size);
    const tasks: ComposedTask[] = batch.tasks;
    return { state: batch.state, response: { tasks, status: status(batch.state) } };
  }
  if (body.action === "report") {
    if (!Array.isArray(body.results)) {
      throw new CurriculumRequestError(
        '"results": expected a list of {task_id, reward, per_problem?} (or {id, score, problems?})',
      );
    }
    const before = state.history.length;
    let next: FamilyCurriculumState;
    try {
      next = recordFamilyResults(state, curriculumResults(body.results, (i) => `"results"[${i}]`));
    } catch (error) {
      throw new CurriculumRequestError(error instanceof Error ? error.message : String(error));
    }
    return { state: next, response: { events: next.history.slice(before), status: status(next) } };
  }
  if (body.action === "state") return { state, response: { state } };
  throw new CurriculumRequestError(
    `"action": expected "next", "report" or "state", got ${JSON.stringify(body.action)}`,
  );
}

/**
 * Owns a curriculum's state for the reward server: requests are handled one at a time, and
 * after each change the state is saved (atomically) to `file` when one is given, so a
 * restarted server resumes where it stopped.
 *
 * @example
 * ```ts
 * import { CurriculumEndpoint } from "./curriculum_endpoint.ts";
 * import { createFamilyCurriculum } from "../curriculum/family_curriculum.ts";
 * import assert from "node:assert/strict";
 * const endpoint = new CurriculumEndpoint(createFamilyCurriculum({ families: ["gcd"] }));
 * const reply = await endpoint.handle({ action: "next", size: 1 }) as { tasks: unknown[] };
 * assert.equal(reply.tasks.length, 1);
 * ```
 */
export class CurriculumEndpoint {
  #state: FamilyCurriculumState;
  #queue: Promise<unknown> = Promise.resolve();
  /** The file the state is saved to after each change, if any. */
  readonly file: string | undefined;

  /** Serves `state`; with `file`, saves every new state there (atomically). */
  constructor(state: FamilyCurriculumState, file?: string) {
    this.#state = state;
    this.file = file;
  }

  /** The current state. */
  get state(): FamilyCurriculumState {
    return this.#state;
  }

  /** Handles one request body (serialised with the others). */
  handle(body: unknown): Promise<unknown> {
    const run = this.#queue.then(async () => {
      const { state, response } = handleCurriculumRequest(this.#state, body);
      if (state !== this.#state) {
        this.#state = state;
        if (this.file) await writeFileAtomic(this.file, JSON.stringify(state));
      }
      return response;
    });
    this.#queue = run.catch(() => {});
    return run;
  }
}

/**
 * Opens a curriculum state file (as `compose --curriculum` writes it) as an endpoint that
 * saves back to the same file, with an error naming the file if it is missing or malformed.
 * With `create`, a missing file is created from those options first, as
 * `compose --curriculum FILE --family …` does.
 *
 * @example
 * ```ts
 * import { openCurriculumEndpoint } from "./curriculum_endpoint.ts";
 * import { createFamilyCurriculum } from "../curriculum/family_curriculum.ts";
 * import assert from "node:assert/strict";
 * const file = await Deno.makeTempFile({ suffix: ".json" });
 * await Deno.writeTextFile(file, JSON.stringify(createFamilyCurriculum({ families: ["gcd"] })));
 * const endpoint = await openCurriculumEndpoint(file);
 * assert.equal(endpoint.state.step, 0);
 * await Deno.remove(file);
 * const fresh = `${await Deno.makeTempDir()}/state.json`;
 * const created = await openCurriculumEndpoint(fresh, { create: { families: ["gcd"] } });
 * assert.deepEqual(JSON.parse(await Deno.readTextFile(fresh)), created.state);
 * ```
 */
export async function openCurriculumEndpoint(
  file: string,
  options: { readonly create?: FamilyCurriculumOptions } = {},
): Promise<CurriculumEndpoint> {
  let state: FamilyCurriculumState;
  if (options.create && !existsSync(file)) {
    state = createFamilyCurriculum(options.create);
    await writeFileAtomic(file, JSON.stringify(state));
    return new CurriculumEndpoint(state, file);
  }
  try {
    state = JSON.parse(await Deno.readTextFile(file));
  } catch (error) {
    throw new TypeError(
      `Cannot open curriculum state ${file}: ${error instanceof Error ? error.message : error}`,
    );
  }
  if (state?.version !== 2) {
    throw new TypeError(
      `Cannot open curriculum state ${file}: expected a per-family state (version 2)`,
    );
  }
  return new CurriculumEndpoint(state, file);
}
