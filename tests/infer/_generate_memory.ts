/**
 * Prints how many MiB the process's RSS grew over 1,000 `generateIds` calls on the tiny model
 * (after 200 warm-up calls). Run in its own process by `causal_lm_test.ts`, since test modules
 * share one process when the suite runs them in parallel.
 * @module
 */
import { CausalLM } from "../../lib/infer/mod.ts";
import { tinyModelDir } from "./_tiny.ts";

await using lm = await CausalLM.load(await tinyModelDir(), { backend: "cpu" });
const prompt = lm.encode("What is 2 + 3?");
for (let i = 0; i < 200; i++) await lm.generateIds([prompt], { maxNewTokens: 2, seed: i });
const before = Deno.memoryUsage().rss;
for (let i = 0; i < 1000; i++) await lm.generateIds([prompt], { maxNewTokens: 2, seed: i });
console.log(JSON.stringify({ growthMiB: (Deno.memoryUsage().rss - before) / 2 ** 20 }));
