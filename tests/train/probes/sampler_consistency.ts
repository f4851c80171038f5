/**
 * One-off probe: after 15 RL updates (Adam 3e-4, per-step credit) the ONNX sampler, given the
 * trained weights, and jax-js's forward pass give the sampled tokens the same log-probabilities
 * (prints the largest difference). Not a test; the README's RL section quotes it.
 *
 * ```sh
 * deno run -A --config deno.json tests/train/probes/sampler_consistency.ts
 * ```
 * @module
 */
import { loadCheckpoint } from "../../../lib/train/sft.ts";
import { modelTokenizer } from "../../../lib/train/rl_study.ts";
import { trainRl } from "../../../lib/train/grpo.ts";
import { OnnxSampler } from "../../../lib/train/sampler.ts";
import { compactExample, sampleChain } from "../../../lib/train/chain_data.ts";
import { encodeChars } from "../../../lib/train/char_tokenizer.ts";
import { forwardConsts, i32, logitsFn, toJax } from "../../../lib/train/model.ts";
import { logSoftmax } from "../../../lib/infer/sampling.ts";
const model = "data/model";
const ck = (await loadCheckpoint(`${model}/checkpoint`))!;
const tok = await modelTokenizer(model, ck.config);
const run = await trainRl({
  config: ck.config,
  tokenizer: tok,
  initial: ck.weights,
  steps: 15,
  schedule: { kind: "fixed", horizon: 4 },
  horizonWindow: 2,
  credit: "step",
  seed: 1,
  adam: { lr: 3e-4 },
});
await using s = new OnnxSampler(ck.config, tok);
await s.update(run.weights);
const tasks = [3, 4, 5, 2].map((d, i) => sampleChain(d, 77, i));
const ex = tasks.map(compactExample);
const gens = await s.model.generate(ex.map((e) => e.prompt), {
  temperature: 1,
  seed: 3,
  maxNewTokens: 17,
});
const W = 40, c = ck.config;
const ids = new Int32Array(ex.length * W).fill(tok.padId);
ex.forEach((e, b) => {
  const seq = [...encodeChars(tok, e.prompt), ...gens[b]!.tokens];
  seq.slice(0, W).forEach((t, j) => ids[b * W + j] = t);
});
const logits = logitsFn(c)(toJax(c, run.weights), i32(ids, [ex.length, W]), forwardConsts(c, W))
  .dataSync() as Float32Array;
let maxd = 0;
ex.forEach((e, b) => {
  const p = encodeChars(tok, e.prompt).length;
  gens[b]!.tokens.forEach((t, j) => {
    const pos = p - 1 + j;
    const lp = logSoftmax(
      logits.subarray((b * W + pos) * c.vocabSize, (b * W + pos + 1) * c.vocabSize),
    )[t]!;
    maxd = Math.max(maxd, Math.abs(lp - gens[b]!.logprobs[j]!));
  });
  console.log(e.prompt, JSON.stringify(gens[b]!.text));
});
console.log("max |logp jax - logp onnx| after 15 RL steps:", maxd);
