/**
 * One-off probe: what the shipped model samples. For 48 held-out chains per depth 3–8 (seed
 * 9001 + depth), 16 samples each at temperature T (default 1): avg@16, pass@4, pass@16 and the
 * histogram of right samples per chain. Not a test; the README's RL section quotes it.
 *
 * ```sh
 * deno run -A --config deno.json tests/train/probes/sampled_pass_at_k.ts [MODEL_DIR] [T]
 * ```
 * @module
 */
import { loadCheckpoint } from "../../../lib/train/sft.ts";
import { modelTokenizer } from "../../../lib/train/rl_study.ts";
import { generateCompact, OnnxSampler } from "../../../lib/train/sampler.ts";
import { chainExamples } from "../../../lib/train/chain_data.ts";
import { scoreCompact } from "../../../lib/train/score.ts";
const model = Deno.args[0] ?? "data/model";
const T = Number(Deno.args[1] ?? 1);
const ck = (await loadCheckpoint(`${model}/checkpoint`))!;
const tok = await modelTokenizer(model, ck.config);
await using s = new OnnxSampler(ck.config, tok);
await s.update(ck.weights);
const K = 16, n = 48;
for (const depth of [3, 4, 5, 6, 7, 8]) {
  const mix = Array.from({ length: depth }, (_, i) => (i === depth - 1 ? 1 : 0));
  const tasks = chainExamples(n, mix, 9001 + depth, { split: "heldout" }).map((e) => e.task);
  const rep = tasks.flatMap((t) => Array(K).fill(t));
  const gens = await generateCompact(s.model, rep, { temperature: T, seed: 5 });
  const ok = rep.map((t, i) => scoreCompact(t, gens[i]!.text).correct);
  let p1 = 0, pk = 0, p4 = 0;
  const hist = new Array(K + 1).fill(0);
  for (let i = 0; i < n; i++) {
    const c = ok.slice(i * K, i * K + K).filter(Boolean).length;
    p1 += c / K;
    pk += c > 0 ? 1 : 0;
    p4 += c >= 1 && ok.slice(i * K, i * K + 4).some(Boolean) ? 1 : 0;
    hist[c]++;
  }
  console.log(
    depth,
    "avg@16",
    (p1 / n).toFixed(3),
    "pass@4",
    (p4 / n).toFixed(3),
    "pass@16",
    (pk / n).toFixed(3),
    "hist",
    hist.join(","),
  );
}
