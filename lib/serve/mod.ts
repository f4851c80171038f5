/**
 * A reward server RL trainers can call: OpenRLHF's remote reward protocol, a TRL-shaped batch
 * endpoint, and a health check, with verification in a worker pool, bounded requests, fair
 * scheduling between clients, and header/idle timeouts.
 *
 * @example
 * ```ts ignore
 * import { RewardServer } from "./mod.ts";
 * const server = new RewardServer({ port: 0 });
 * await server.start();
 * console.log(server.url);
 * await server.shutdown();
 * ```
 * @module
 */
export * from "./reward_server.ts";
export * from "./reward_reply.ts";
export * from "./fair_scheduler.ts";
export * from "./http_server.ts";
export * from "./limits.ts";
export * from "./process_watch.ts";
export * from "./curriculum_endpoint.ts";
