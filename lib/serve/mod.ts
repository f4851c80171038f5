/**
 * A reward server RL trainers can call: OpenRLHF's remote reward protocol, a TRL-shaped batch
 * endpoint, and a health check, with verification in a worker pool.
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
export * from "./curriculum_endpoint.ts";
