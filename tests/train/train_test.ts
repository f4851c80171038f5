import assert from "node:assert/strict";
import { join } from "node:path";
import { checkTaskAnswer } from "../../lib/tasks/generators/registry.ts";
import { adamStep, createAdam, learningRate } from "../../lib/train/adam.ts";
import { compactExample, sampleChain } from "../../lib/train/chain_data.ts";
import { charTokenizer, encodeChars } from "../../lib/train/char_tokenizer.ts";
import { trainRl } from "../../lib/train/grpo.ts";
import {
  f32,
  flattenWeights,
  forwardConsts,
  i32,
  initWeights,
  pgLossAndGradFn,
  toJax,
  unflattenWeights,
  weightShapes,
} from "../../lib/train/model.ts";
import { scoreCompact, strictCompactAnswers } from "../../lib/train/score.ts";
import {
  loadCheckpoint,
  lossAndGrads,
  orderedGrads,
  packBatch,
  trainSupervised,
} from "../../lib/train/sft.ts";
import { farsight, farsightInProcess } from "../cli/_run.ts";
import { micro, microModelDir, tok } from "./_micro.ts";

Deno.test("chains: every step checks with the family's solver and depth-8 prompts fit 52 positions", () => {
  for (let i = 0; i < 50; i++) {
    const t = sampleChain(8, 3, i);
    for (const p of t.problems) assert.ok(checkTaskAnswer(p, p.answer), p.id);
    const ex = compactExample(t);
    const len = encodeChars(tok, ex.prompt).length + encodeChars(tok, ex.response).length + 1;
    assert.ok(len <= 52, `${ex.prompt}${ex.response}: ${len} tokens`);
    for (const a of t.answers) assert.ok(Number(a) >= 1 && Number(a) <= 19);
  }
  assert.throws(() => sampleChain(0, 1, 0), /positive integer/);
  assert.throws(() => encodeChars(tok, "1+x"), /character "x" at offset 2/);
});

Deno.test("scoring wrapper: R_all, R_last and fraction through the project's scoreResponse", () => {
  const t = sampleChain(3, 2, 0);
  const [a, b, c] = t.answers;
  assert.equal(scoreCompact(t, `a${a}b${b}c${c}`).reward, 1);
  assert.equal(scoreCompact(t, `a${a}b0c${c}`).reward, 0);
  assert.equal(scoreCompact(t, `a${a}b0c${c}`, { reward: "last" }).reward, 1);
  assert.equal(scoreCompact(t, `a${a}b0c${c}`, { reward: "fraction" }).reward, 2 / 3);
  // labels are read in order: a skipped label ends the answers, unlabelled text has none
  assert.deepEqual(scoreCompact(t, `a${a}c${c}`).perProblem, [true, false, false]);
  assert.deepEqual(scoreCompact(t, `${a}b${b}c${c}`).perProblem, [false, false, false]);
  assert.deepEqual(scoreCompact(t, `a${a}b${b}`).perProblem, [true, true, false]);
  assert.deepEqual(scoreCompact(t, "").perProblem, [false, false, false]);
});

Deno.test("scoring wrapper: strict compact answers (canonical integers, nothing past the last answer)", () => {
  const t = sampleChain(3, 2, 0);
  const [a, b, c] = t.answers;
  const gold = `a${a}b${b}c${c}`;
  assert.equal(scoreCompact(t, gold).correct, true);
  // an extra answer after the last problem: the response is not accepted at all
  assert.deepEqual(scoreCompact(t, `${gold}d5`).perProblem, [false, false, false]);
  assert.equal(scoreCompact(t, `${gold}d5`, { reward: "fraction" }).reward, 0);
  // a leading zero, a plus sign, a decimal: that answer and the ones after it are not read
  assert.deepEqual(scoreCompact(t, `a${a}b${b}c0${c}`).perProblem, [true, true, false]);
  assert.deepEqual(scoreCompact(t, `a0${a}b${b}c${c}`).perProblem, [false, false, false]);
  assert.deepEqual(scoreCompact(t, `a+${a}b${b}c${c}`).perProblem, [false, false, false]);
  assert.deepEqual(scoreCompact(t, `a${a}b${b}c${c}.0`).perProblem, [true, true, false]);
  assert.equal(scoreCompact(t, `${gold} `).correct, false, "trailing text");
  // the shipped regressions: a2b8c16d5 and a2b8c016 for the chain 2, 8, 16
  const strict = (r: string) => strictCompactAnswers(r, 3);
  assert.deepEqual(strict("a2b8c16"), ["2", "8", "16"]);
  assert.deepEqual(strict("a2b8c16d5"), [null, null, null]);
  assert.deepEqual(strict("a2b8c016"), ["2", "8", null]);
});

Deno.test("adam: warm-up, cosine decay and clipping", () => {
  assert.equal(learningRate(0, { lr: 1, warmupSteps: 10 }), 0.1);
  assert.ok(learningRate(55, { lr: 1, warmupSteps: 10, totalSteps: 100 }) < 1);
  const w = [new Float32Array([0, 0])];
  const { gradNorm } = adamStep(w, [new Float32Array([300, 400])], createAdam(w), {
    warmupSteps: 0,
    clipNorm: 1,
  });
  assert.equal(gradNorm, 500);
});

Deno.test("supervised training: seeded, resumable to the same bytes, and it learns", async () => {
  const dir = await Deno.makeTempDir({ prefix: "farsight-sft-" });
  try {
    const base = {
      config: micro,
      tokenizer: tok,
      batchSize: 16,
      width: 24,
      mix: [1, 1],
      evalEvery: 1000,
      heldOut: [],
      adam: { lr: 1e-2, warmupSteps: 2, totalSteps: 40 },
      seed: 4,
    };
    const straight = await trainSupervised({ ...base, steps: 40 });
    const again = await trainSupervised({ ...base, steps: 40 });
    assert.deepEqual(flattenWeights(again.weights), flattenWeights(straight.weights));
    await trainSupervised({ ...base, steps: 25, outDir: dir, checkpointEvery: 5 });
    assert.equal((await loadCheckpoint(dir))!.step, 25);
    const resumed = await trainSupervised({ ...base, steps: 40, outDir: dir });
    assert.equal(resumed.steps, 40);
    assert.deepEqual(flattenWeights(resumed.weights), flattenWeights(straight.weights));
    const first = straight.log.slice(0, 5).reduce((s, l) => s + l.loss, 0) / 5;
    const last = straight.log.slice(-5).reduce((s, l) => s + l.loss, 0) / 5;
    assert.ok(last < 0.8 * first, `loss ${first} -> ${last}`);
    await Deno.writeTextFile(join(dir, "checkpoint.json"), "{");
    await assert.rejects(() => loadCheckpoint(dir), /checkpoint\.json/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("policy-gradient loss: a positive advantage raises the sampled token's probability", () => {
  const w = initWeights(micro, 2);
  const batch = packBatch(tok, [{ prompt: "3+4:", response: "7" }], 8);
  const t = 3; // position predicting "7"
  const V = micro.vocabSize;
  const targets = new Float32Array(8 * V);
  targets[t * V + batch.targets[t]!] = 1;
  const weights = new Float32Array(8);
  weights[t] = 1;
  const adv = new Float32Array(8).fill(1);
  const zeros = new Float32Array(8);
  for (const clip of [0.2]) {
    const fn = pgLossAndGradFn(micro, { clip, kl: 0 });
    const [loss, grads] = fn(toJax(micro, w), {
      ids: i32(batch.ids, [1, 8]),
      targets: f32(targets, [1, 8, V]),
      weights: f32(weights, [1, 8]),
      advantages: f32(adv, [1, 8]),
      oldLogp: f32(zeros, [1, 8]),
      refLogp: f32(zeros, [1, 8]),
    }, forwardConsts(micro, 8));
    loss.dataSync();
    const flat = flattenWeights(w).map((a) => Float32Array.from(a));
    const g = orderedGrads(micro, grads);
    // the cross-entropy of "7" at position t, from the supervised helpers
    const ce = (ws: Float32Array[]) => trainCe(unflattenWeights(micro, ws), batch);
    const before = ce(flat);
    adamStep(flat, g, createAdam(flat), { lr: 1e-2, warmupSteps: 0 });
    assert.ok(ce(flat) < before, `cross-entropy ${before} -> ${ce(flat)}`);
  }
  assert.equal(weightShapes(micro).length, flattenWeights(w).length);
});

function trainCe(w: ReturnType<typeof initWeights>, batch: ReturnType<typeof packBatch>): number {
  const mask = new Float32Array(batch.mask.length);
  mask[3] = 1;
  return lossAndGrads(micro, w, { ...batch, mask }).loss;
}

Deno.test("RL trainer: logs, band, estimators by name, and schedules from lib/curriculum", async () => {
  const initial = initWeights(micro, 0);
  const run = await trainRl({
    config: micro,
    tokenizer: tok,
    initial,
    steps: 4,
    promptsPerStep: 2,
    groupSize: 3,
    schedule: { kind: "stagewise", horizons: [1, 2], stepsPerStage: 2 },
    estimator: "rloo",
    seed: 5,
  });
  assert.deepEqual(run.log.map((l) => l.horizon), [1, 1, 2, 2]);
  for (const l of run.log) {
    assert.ok(l.keptGroups <= l.groups);
    // an untrained model is all wrong: the band (0, 1) keeps no group and nothing is updated
    if (l.keptGroups === 0) assert.equal(l.loss, null);
    for (const k of ["reward", "entropy"] as const) assert.ok(Number.isFinite(l[k]), k);
    assert.equal(l.kl, null, "KL weight 0: no reference pass, no KL");
    assert.ok(l.seconds.sampling >= 0 && l.seconds.update >= 0);
  }
  // one step at horizon 1 with every group kept, varied below
  const oneGroup = {
    config: micro,
    tokenizer: tok,
    initial,
    steps: 2,
    promptsPerStep: 2,
    groupSize: 2,
    schedule: { kind: "fixed", horizon: 1 } as const,
    band: null,
    seed: 5,
  };
  const free = await trainRl({ ...oneGroup, kl: 0.04 });
  assert.ok(free.log.every((l) => l.loss !== null), "without the band every step updates");
  assert.notDeepEqual(flattenWeights(free.weights), flattenWeights(initial));
  // at T ≠ 1 the old and reference log-probs are both taken at T: before any update the
  // policy is the reference, so the first step's KL is 0 (a T = 1 reference would not be)
  const cool = await trainRl({ ...oneGroup, temperature: 0.5, kl: 0.04 });
  assert.ok(cool.log[0]!.kl! < 1e-6, `first-step KL at T = 0.5 is ${cool.log[0]!.kl}`);
  // without a KL weight there is no reference pass, and no KL is logged
  assert.ok(free.log.every((l) => typeof l.kl === "number"));
  // moments from an earlier run (step 1200): warm-up and decay count this run's steps
  const moments = createAdam(flattenWeights(initial));
  moments.step = 1200;
  const resumed = await trainRl({
    ...oneGroup,
    steps: 4,
    adamState: moments,
    adam: { lr: 0.01, warmupSteps: 2, totalSteps: 4 },
  });
  // warm-up 0.005, 0.01; then the cosine half-way to a tenth: 0.01 · (0.1 + 0.9 · 0.5)
  const lrs = resumed.log.map((l) => l.lr!);
  [0.005, 0.01, 0.01, 0.0055].forEach((x, i) => assert.ok(Math.abs(lrs[i]! - x) < 1e-12, `${lrs}`));
  assert.equal(moments.step, 1200, "the given moments are copied, not advanced");
  await assert.rejects(
    () => trainRl({ ...oneGroup, temperature: 0 }),
    /temperature must be > 0, got 0/,
  );
  await assert.rejects(
    () => trainRl({ ...oneGroup, estimator: "ppo" as never }),
    /Unknown advantage estimator "ppo"/,
  );
});

Deno.test("rl-study: the CLI and the library are one code path (same record)", async () => {
  const { runRlStudy } = await import("../../lib/train/rl_study.ts");
  const c = {
    vocabSize: charTokenizer().vocabSize,
    hiddenSize: 8,
    numLayers: 1,
    numHeads: 2,
    numKvHeads: 1,
    intermediateSize: 16,
    maxPositions: 64,
  };
  const dir = await microModelDir(c, 3);
  try {
    const out = join(dir, "study.json");
    const flags = ["--steps", "2", "--prompts", "2", "--group", "2", "--from", "1", "--to", "2"];
    flags.push("--credit", "step", "--window", "2", "--kl", "0.01", "--fresh-adam");
    flags.push("--epochs", "2");
    flags.push("--warmup", "1", "--temperature", "0.7", "--decay", "cosine", "--eval-samples", "2");
    const studyOptions = {
      credit: "step",
      window: 2,
      kl: 0.01,
      checkpointAdam: false,
      epochs: 2,
      warmup: 1,
      temperature: 0.7,
      decay: "cosine",
      evalSamples: 2,
    } as const;
    // the command, in its own process, runs while the library runs in this one
    const command = farsight(
      "rl-study",
      "--design",
      "pair",
      "--model",
      dir,
      "--out",
      out,
      "--per-depth",
      "2",
      "-q",
      ...flags,
    );
    const lib = await runRlStudy(dir, {
      steps: 2,
      promptsPerStep: 2,
      groupSize: 2,
      from: 1,
      to: 2,
      perDepth: 2,
      ...studyOptions,
    });
    const r = await command;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /curriculum: mean accuracy at depths 4-8/);
    const cli = JSON.parse(await Deno.readTextFile(out));
    assert.deepEqual(cli.settings, { ...lib.settings, ...studyOptions });
    // the window reaches the trainer: the curriculum's first step (horizon 1) and the fixed
    // horizon 2's spread over depths 2 and 1
    assert.deepEqual(Object.keys(cli.logs.fixed[0].accuracyByDepth), ["1", "2"]);
    assert.deepEqual(cli.rows, lib.rows);
    assert.ok(cli.rows.every((r: { sampledAccuracy?: number }) => r.sampledAccuracy !== undefined));
    assert.deepEqual(cli.longHorizonSampled, lib.longHorizonSampled);
    assert.deepEqual(Object.keys(lib.longHorizonSampled!), ["base", "curriculum", "fixed"]);
    assert.deepEqual(cli.schedules, lib.schedules);
    assert.deepEqual(cli.settings, lib.settings);
    const rewards = (x: typeof lib) =>
      Object.values(x.logs).map((log) => log.map((l) => [l.horizon, l.reward, l.loss]));
    assert.deepEqual(rewards(cli), rewards(lib));
    assert.match(cli.command, /^deno task farsight rl-study --design pair --model /);
    const bad = await farsightInProcess(
      "rl-study",
      "--design",
      "pair",
      "--model",
      dir,
      "--from",
      "5",
      "--to",
      "2",
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--from 5 is above --to 2/);
    const badCredit = await farsightInProcess(
      "rl-study",
      "--design",
      "pair",
      "--model",
      dir,
      "--credit",
      "tokens",
    );
    assert.equal(badCredit.code, 2);
    assert.match(badCredit.stderr, /--credit must be one of outcome, process, step, got "tokens"/);
    const badDecay = await farsightInProcess(
      "rl-study",
      "--design",
      "pair",
      "--model",
      dir,
      "--decay",
      "linear",
    );
    assert.equal(badDecay.code, 2);
    assert.match(badDecay.stderr, /--decay must be stage, cosine or none, got "linear"/);
    // PPO epochs reach the trainer: one clip fraction per epoch
    assert.ok(
      cli.logs.fixed.every((l: { clipFraction: number[] }) =>
        l.clipFraction.length === 2 || l.clipFraction.length === 0
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("rl-study: --reward is checked against the reward registry, before any work", async () => {
  const r = await farsight(
    "rl-study",
    "--design",
    "pair",
    "--reward",
    "bogus",
    "--out",
    "/nonexistent/x.json",
  );
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--reward must be one of all, last, fraction, .*got "bogus"/);
  const help = await farsight("rl-study", "--help");
  assert.match(help.stdout, /reward, one of all, last, fraction/);
});
