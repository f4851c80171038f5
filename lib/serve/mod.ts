/**
 * A reward server RL trainers can call: OpenRLHF's remote reward protocol, a TRL-shaped batch
 * endpoint, and a health check, on `Deno.serve`, with verification in a worker pool, bounded
 * requests (body deadline, byte, item and header limits), fair scheduling between clients at
 * item granularity, and a shutdown with a grace period.
 *
 * The building blocks it runs on (the fair scheduler, the request worker, the watch on the
 * launching processes) stay in their files: import them from there.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RewardServer } from "./mod.ts";
 * const server = new RewardServer({ port: 0, workers: 1 });
 * await server.start();
 * const health = await fetch(`${server.url}/health`);
 * assert.equal((await health.json()).status, "ok");
 * await server.shutdown();
 * ```
 * @module
 */
export { RewardServer, type RewardServerOptions } from "./reward_server.ts";
export {
  type OpenRlhfReply,
  openRlhfReply,
  readOpenRlhfRequest,
  readTrlRequest,
  type RewardRequest,
  RewardRequestError,
  STATUS_CODES,
  type TrlReply,
  trlReply,
} from "./reward_reply.ts";
export {
  checkRequestLimits,
  DEFAULT_REQUEST_LIMITS,
  RequestLimitError,
  type RequestLimits,
} from "./limits.ts";
export {
  CurriculumEndpoint,
  type CurriculumRequest,
  CurriculumRequestError,
  type CurriculumStatus,
  handleCurriculumRequest,
  openCurriculumEndpoint,
} from "./curriculum_endpoint.ts";
