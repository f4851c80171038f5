import assert from "node:assert/strict";
import { createRng } from "../../lib/random/rng.ts";
import {
  f32,
  flattenWeights,
  forwardConsts,
  i32,
  initWeights,
  logitsFn,
  pgLossAndGradFn,
  toJax,
  unflattenWeights,
  weightShapes,
} from "../../lib/train/model.ts";
import { lossAndGrads, orderedGrads, packBatch } from "../../lib/train/sft.ts";
import { charTokenizer } from "../../lib/train/char_tokenizer.ts";
import { logSoftmax } from "../../lib/infer/sampling.ts";
import { assertGradientsMatch } from "./_finite_differences.ts";

const config = {
  vocabSize: 12,
  hiddenSize: 8,
  numLayers: 2,
  numHeads: 2,
  numKvHeads: 1,
  intermediateSize: 12,
  maxPositions: 8,
};
const B = 3, W = 8, V = config.vocabSize;

Deno.test("policy-gradient loss: jax-js gradients match central finite differences (many tokens, signed advantages, a padded row)", () => {
  const rng = createRng(["pg_gradient_test", 1]);
  const w0 = initWeights(config, 7);
  const flat = flattenWeights(w0).map((a) => a.map((x) => x * 1.5 + 0.05 * rng.normal()));
  const ids = new Int32Array(B * W);
  for (let i = 0; i < ids.length; i++) ids[i] = rng.int(2, V - 1);
  const targets = new Float32Array(B * W * V), weights = new Float32Array(B * W);
  const adv = new Float32Array(B * W);
  for (let b = 0; b < 2; b++) { // row 2 stays padding (weight 0)
    const a = b === 0 ? 1.3 : -0.7;
    for (let t = 2; t < W; t++) {
      targets[(b * W + t) * V + rng.int(0, V - 1)] = 1;
      weights[b * W + t] = 1 / 6;
      adv[b * W + t] = a;
    }
  }
  // old log-probs: the current ones, nudged so ratios lie inside the clip range but not at 1
  const logits = logitsFn(config)(
    toJax(config, unflattenWeights(config, flat)),
    i32(ids, [B, W]),
    forwardConsts(config, W),
  )
    .dataSync() as Float32Array;
  const old = new Float32Array(B * W);
  for (let i = 0; i < B * W; i++) {
    if (!weights[i]) continue;
    const row = logits.subarray(i * V, (i + 1) * V);
    const max = Math.max(...row);
    const z = row.reduce((s, v) => s + Math.exp(v - max), 0);
    const tv = targets.subarray(i * V, (i + 1) * V).indexOf(1);
    old[i] = row[tv]! - max - Math.log(z) + 0.05 * (rng.next() - 0.5);
  }
  const fn = pgLossAndGradFn(config, { clip: 0.2, kl: 0 });
  const lossAt = (ws: Float32Array[]) => {
    const [loss, grads] = fn(toJax(config, unflattenWeights(config, ws)), {
      ids: i32(ids, [B, W]),
      targets: f32(targets, [B, W, V]),
      weights: f32(weights, [B, W]),
      advantages: f32(adv, [B, W]),
      oldLogp: f32(old, [B, W]),
      refLogp: f32(new Float32Array(B * W), [B, W]),
    }, forwardConsts(config, W));
    return { loss: (loss.dataSync() as Float32Array)[0]!, grads: orderedGrads(config, grads) };
  };
  const { grads } = lossAt(flat);
  const shapes = weightShapes(config);
  const checked = assertGradientsMatch(flat, grads, (ws) => lossAt(ws).loss, {
    rng,
    names: shapes.map((s) => s.name),
    h: 3e-3,
    abs: 3e-3,
    rel: 3e-2,
  });
  assert.equal(checked, 3 * shapes.length);
});

Deno.test("on gold tokens with advantage 1 at ratio 1, the PG gradient is the supervised gradient", () => {
  const tok = charTokenizer();
  const c = { ...config, vocabSize: tok.vocabSize, maxPositions: 16 };
  const w = initWeights(c, 3);
  const W = 12;
  const b = packBatch(tok, [{ prompt: "a7+5:", response: "a12" }, {
    prompt: "a3-1b+4:",
    response: "a2b6",
  }], W);
  const sft = lossAndGrads(c, w, b);
  const V = c.vocabSize, B = b.batch;
  const targets = new Float32Array(B * W * V);
  for (let i = 0; i < B * W; i++) if (b.mask[i]) targets[i * V + b.targets[i]!] = 1;
  const logits = logitsFn(c)(toJax(c, w), i32(b.ids, [B, W]), forwardConsts(c, W))
    .dataSync() as Float32Array;
  const old = new Float32Array(B * W);
  for (let i = 0; i < B * W; i++) {
    if (!b.mask[i]) continue;
    old[i] = logSoftmax(logits.subarray(i * V, (i + 1) * V))[b.targets[i]!]!;
  }
  const count = b.mask.reduce((s, x) => s + x, 0);
  const [, g] = pgLossAndGradFn(c)(toJax(c, w), {
    ids: i32(b.ids, [B, W]),
    targets: f32(targets, [B, W, V]),
    weights: f32(b.mask.map((m) => m / count), [B, W]),
    advantages: f32(b.mask.slice(), [B, W]),
    oldLogp: f32(old, [B, W]),
    refLogp: f32(old.slice(), [B, W]),
  }, forwardConsts(c, W));
  const pg = orderedGrads(c, g);
  sft.grads.forEach((a, k) => {
    for (let j = 0; j < a.length; j++) {
      assert.ok(Math.abs(a[j]! - pg[k]![j]!) <= 1e-5 + 1e-3 * Math.abs(a[j]!), `tensor ${k}[${j}]`);
    }
  });
});

Deno.test("at temperature T the PG loss reads the log-probs of softmax(logits / T)", () => {
  const rng = createRng(["pg_temperature_test", 1]);
  const w = initWeights(config, 5);
  const flat = flattenWeights(w).map((a) => a.map((x) => x * 3));
  const ids = new Int32Array(B * W);
  for (let i = 0; i < ids.length; i++) ids[i] = rng.int(2, V - 1);
  const targets = new Float32Array(B * W * V), weights = new Float32Array(B * W);
  for (let i = 0; i < B * W; i++) {
    targets[i * V + rng.int(0, V - 1)] = 1;
    weights[i] = 1 / (B * W);
  }
  const logits = logitsFn(config)(
    toJax(config, unflattenWeights(config, flat)),
    i32(ids, [B, W]),
    forwardConsts(config, W),
  ).dataSync() as Float32Array;
  const logpAt = (t: number) =>
    Float32Array.from({ length: B * W }, (_, i) => {
      const lp = logSoftmax(Float32Array.from(logits.subarray(i * V, (i + 1) * V), (x) => x / t));
      return lp[targets.subarray(i * V, (i + 1) * V).indexOf(1)]!;
    });
  // advantage 1 and no effective clip: loss = −Σ w·exp(logp_T − old), so it is −Σ w = −1
  // exactly when `old` holds the temperature-T log-probs
  const lossWith = (old: Float32Array, temperature: number) => {
    const [loss] = pgLossAndGradFn(config, { clip: 10, kl: 0, temperature })(
      toJax(config, unflattenWeights(config, flat)),
      {
        ids: i32(ids, [B, W]),
        targets: f32(targets, [B, W, V]),
        weights: f32(weights, [B, W]),
        advantages: f32(new Float32Array(B * W).fill(1), [B, W]),
        oldLogp: f32(old, [B, W]),
        refLogp: f32(new Float32Array(B * W), [B, W]),
      },
      forwardConsts(config, W),
    );
    return (loss.dataSync() as Float32Array)[0]!;
  };
  assert.ok(Math.abs(lossWith(logpAt(0.5), 0.5) + 1) < 1e-5);
  assert.ok(Math.abs(lossWith(logpAt(1), 1) + 1) < 1e-5);
  assert.ok(Math.abs(lossWith(logpAt(1), 0.5) + 1) > 1e-2, "T = 0.5 must not read T = 1 log-probs");
});
