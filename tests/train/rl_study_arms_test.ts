import assert from "node:assert/strict";
import { join } from "node:path";
import { trainRl } from "../../lib/train/grpo.ts";
import { initWeights } from "../../lib/train/model.ts";
import {
  type ArmRecord,
  DEFAULT_ARM_SETTINGS,
  runRlStudyArms,
  seedChainInterval,
  summarizeRlStudy,
} from "../../lib/train/rl_study_arms.ts";
import { farsightInProcess } from "../cli/_run.ts";
import { micro, microModelDir, tok } from "./_micro.ts";

const tiny = {
  ...DEFAULT_ARM_SETTINGS,
  steps: 2,
  promptsPerStep: 3,
  groupSize: 2,
  horizons: [2, 3],
  evalDepths: [1, 2, 3],
  perDepth: 3,
  evalSamples: 2,
};
const tinyFlags = [
  "--steps",
  "2",
  "--prompts",
  "3",
  "--group",
  "2",
  "--horizons",
  "2,3",
  "--per-depth",
  "3",
  "--eval-samples",
  "2",
];

/** A record without what depends on the clock or the machine. */
const timeless = (r: ArmRecord) => ({
  ...r,
  seconds: 0,
  evalSeconds: 0,
  createdAt: "",
  loadAverage: null,
  log: r.log.map((l) => ({ ...l, elapsed: 0, ...("seconds" in l ? { seconds: null } : {}) })),
});

Deno.test("rl-study --design arms: the CLI and the library are one code path (same records), and a rerun resumes", async () => {
  const model = await microModelDir();
  try {
    const viaCli = join(model, "cli"), viaLib = join(model, "lib");
    const flags = [...tinyFlags, "--arms", "curriculum,uniform-mix", "--seeds", "1,2", "-q"];
    // the evaluation depths are the default 1-8 on the command line: the library gets them too
    const settings = { ...tiny, evalDepths: DEFAULT_ARM_SETTINGS.evalDepths };
    const cli = await farsightInProcess("rl-study", "--model", model, "--out", viaCli, ...flags);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /curriculum +2 +\d/);
    const lib = await runRlStudyArms(model, viaLib, {
      settings,
      arms: ["curriculum", "uniform-mix"],
      seeds: { curriculum: [1, 2], "uniform-mix": [1, 2] },
    });
    const names = ["base", "curriculum_seed1", "uniform-mix_seed1", "curriculum_seed2"];
    names.push("uniform-mix_seed2");
    assert.deepEqual(
      [...Deno.readDirSync(viaCli)].map((e) => e.name).sort(),
      [...names.map((n) => `${n}.json`), "summary.json"].sort(),
    );
    for (const [i, name] of names.entries()) {
      const fromCli = JSON.parse(await Deno.readTextFile(join(viaCli, `${name}.json`)));
      assert.deepEqual(timeless(fromCli), timeless(lib[i]!), name);
    }
    // the Uniform-Mix arm spread its prompts over both horizons; the curriculum started at 2
    const mix = lib.find((r) => r.arm === "uniform-mix")!;
    assert.ok(
      mix.log.every((l) =>
        "accuracyByDepth" in l && Object.keys(l.accuracyByDepth).join() === "2,3"
      ),
    );
    assert.equal(
      (lib.find((r) => r.arm === "curriculum")!.log[0] as { horizon: number }).horizon,
      2,
    );
    // summary.json is the library's summary of the same records
    const summary = JSON.parse(await Deno.readTextFile(join(viaCli, "summary.json")));
    assert.deepEqual(
      summary.rows.map((r: { model: string; long: unknown }) => [r.model, r.long]),
      summarizeRlStudy(lib).rows.map((r) => [r.model, r.long]),
    );
    // a rerun skips what is recorded, adds only what is asked for anew
    const before = Deno.statSync(join(viaCli, "curriculum_seed1.json")).mtime;
    const again = await farsightInProcess(
      "rl-study",
      "--model",
      model,
      "--out",
      viaCli,
      ...tinyFlags,
      "--arms",
      "curriculum,only-long",
      "--seeds",
      "1",
    );
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /curriculum seed 1: recorded in .*curriculum_seed1\.json, skipped/);
    assert.match(again.stderr, /only-long seed 1: running/);
    assert.deepEqual(Deno.statSync(join(viaCli, "curriculum_seed1.json")).mtime, before);
    // its summary covers the whole folder, not only the arms this command ran
    const whole = JSON.parse(await Deno.readTextFile(join(viaCli, "summary.json")));
    assert.deepEqual(
      whole.rows.map((r: { model: string; seeds: number[] }) => [r.model, r.seeds]),
      [["base", [0]], ["curriculum", [1, 2]], ["only-long", [1]], ["uniform-mix", [1, 2]]],
    );
    // other settings in the same folder are refused, naming the file
    const other = await farsightInProcess(
      "rl-study",
      "--model",
      model,
      "--out",
      viaCli,
      ...tinyFlags,
      "--lr",
      "0.5",
    );
    assert.equal(other.code, 1);
    assert.match(other.stderr, /base\.json: made with other settings or another model/);
  } finally {
    await Deno.remove(model, { recursive: true });
  }
});

Deno.test("rl-study: flags of the other design, unknown arms and bad values are refused before any work", async () => {
  const cases: [string[], RegExp][] = [
    [["--credit", "step"], /--credit applies to --design pair only/],
    [["--design", "pair", "--seeds", "1,2"], /--seeds applies to --design arms only/],
    [
      ["--arms", "curriculum,only_long"],
      /--arms: unknown arm "only_long": expected one of curriculum, only-long, uniform-mix, sft/,
    ],
    [["--raise", "1.5"], /--raise must be at most 1, got 1.5/],
    [["--seeds", ""], /--seeds must list at least one number/],
    [["--design", "both"], /--design must be arms or pair, got "both"/],
  ];
  for (const [args, message] of cases) {
    const r = await farsightInProcess("rl-study", "--model", "/nonexistent", ...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

Deno.test("a mix schedule spreads a step's prompts evenly over its horizons, over the run", async () => {
  const run = await trainRl({
    config: micro,
    tokenizer: tok,
    initial: initWeights(micro, 0),
    steps: 2,
    promptsPerStep: 3,
    groupSize: 2,
    schedule: { kind: "mix", horizons: [1, 2] },
    band: null,
  });
  // step 1: depths 1, 2, 1; step 2: 2, 1, 2 (the rotation carries over)
  assert.deepEqual(run.log.map((l) => Object.keys(l.accuracyByDepth)), [["1", "2"], ["1", "2"]]);
  assert.deepEqual(run.log.map((l) => l.horizon), [2, 2]);
  await assert.rejects(
    () =>
      trainRl({
        ...run,
        config: micro,
        tokenizer: tok,
        initial: run.weights,
        steps: 1,
        schedule: { kind: "mix", horizons: [] },
      }),
    /schedule.horizons of a mix must be integers >= 1, got \[\]/,
  );
});

Deno.test("study intervals: a paired gain is tighter than the difference of two unpaired means", () => {
  // 400 chains where the arm fixes a tenth of the base's failures: the paired gain's interval
  // excludes 0 although each model's own interval is wide
  const base = Array.from({ length: 400 }, (_, c) => (c % 3 === 0 ? 1 : 0));
  const arm = base.map((x, c) => (x === 0 && c % 10 === 1 ? 1 : x));
  const own = seedChainInterval(1, 400, (_, c) => arm[c]!, { seed: 1 });
  const gain = seedChainInterval(1, 400, (_, c) => arm[c]! - base[c]!, { seed: 1 });
  assert.ok(gain.lo > 0, `gain ${JSON.stringify(gain)}`);
  assert.ok(gain.hi - gain.lo < (own.hi - own.lo) / 1.5);
  // more seeds that disagree widen the interval over seeds
  const agree = seedChainInterval(3, 400, (_, c) => arm[c]!, { seed: 2 });
  const disagree = seedChainInterval(3, 400, (s, c) => (s === 0 ? 1 : arm[c]!), { seed: 2 });
  assert.ok(disagree.hi - disagree.lo > 2 * (agree.hi - agree.lo));
});
