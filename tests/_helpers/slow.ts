/**
 * Slow end-to-end tests: those that run a whole command, a real backend or a server. They run in
 * every full `deno task test` (and in CI); `deno task test -- quick`, for use while editing,
 * reports them as ignored.
 *
 * ```ts ignore
 * Deno.test({ name: "the demo writes its report", ...slow, fn: async () => {…} });
 * ```
 * @module
 */

/** True when the suite runs in quick mode (`deno task test -- quick`). */
export const QUICK: boolean = Deno.env.get("FARSIGHT_QUICK") === "1";

/** Spread into a `Deno.test` definition to leave the test out of quick runs. */
export const slow: { readonly ignore: boolean } = { ignore: QUICK };
