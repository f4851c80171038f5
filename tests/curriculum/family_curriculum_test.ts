import assert from "node:assert/strict";
import {
  createFamilyCurriculum,
  type FamilyCurriculumState,
  levelTimeline,
  nextFamilyBatch,
  rangesAtLevels,
  recordFamilyResults,
} from "../../lib/curriculum/mod.ts";
import { CurriculumEndpoint, handleCurriculumRequest, RewardServer } from "../../lib/serve/mod.ts";
import { farsight } from "../cli/_run.ts";

/** One round: hand out `size` tasks, score each problem by `score(family)`. */
function round(
  state: FamilyCurriculumState,
  size: number,
  score: (family: string) => number,
): FamilyCurriculumState {
  const { tasks, state: s } = nextFamilyBatch(state, size);
  return recordFamilyResults(
    s,
    tasks.map((t) => {
      const problems = t.problems.map((p) => score(p.family));
      return { id: t.id, score: Math.min(...problems), problems };
    }),
  );
}

Deno.test("defaults are Reasoning Gym's: window 2560, raise above 0.70, lower below 0.30", () => {
  const s = createFamilyCurriculum({ families: ["gcd"] });
  assert.deepEqual([s.window, s.raise, s.lower, s.rangeMode], [2560, 0.7, 0.3, "inclusive"]);
  assert.throws(
    () => createFamilyCurriculum({ families: ["gcd"], raise: 0.2, lower: 0.5 }),
    /lower \(0.5\) < raise \(0.2\)/,
  );
  assert.throws(() => createFamilyCurriculum({ families: ["gcd"], window: 0 }), /Invalid window 0/);
  assert.throws(() => createFamilyCurriculum({ families: [] }), /no families/);
});

Deno.test("each family has its own window: an easy family climbs while a hard one stays", () => {
  let s = createFamilyCurriculum({
    families: ["chain_sum", "gcd"],
    window: 8,
    advance: "attributes",
    horizons: [2],
  });
  for (let i = 0; i < 10; i++) s = round(s, 4, (f) => (f === "chain_sum" ? 1 : 0.5));
  const sum = (levels: Readonly<Record<string, number>>) =>
    Object.values(levels).reduce((a, b) => a + b, 0);
  assert.ok(sum(s.progress.chain_sum!.levels) >= 3, JSON.stringify(s.progress.chain_sum));
  assert.equal(sum(s.progress.gcd!.levels), 0);
  // one attribute per promotion, round robin
  const promotions = s.history.filter((e) => e.family === "chain_sum" && e.event === "promote");
  assert.ok(promotions.every((e) => e.attributes.length === 1));
  assert.deepEqual(promotions.slice(0, 2).map((e) => e.attributes[0]), ["terms", "digits"]);
  // the batch config follows the levels
  const { tasks } = nextFamilyBatch(s, 30);
  const ranges = rangesAtLevels("chain_sum", s.progress.chain_sum!.levels);
  for (const t of tasks) {
    for (const p of t.problems.filter((p) => p.family === "chain_sum")) {
      assert.deepEqual(p.source.kind === "generator" ? p.source.config : null, ranges);
    }
  }
});

Deno.test("failing demotes the most recently raised attribute first; 'all' moves every attribute", () => {
  let s = createFamilyCurriculum({
    families: ["chain_sum"],
    window: 4,
    advance: "attributes",
    horizons: [1],
  });
  for (let i = 0; i < 3; i++) s = round(s, 4, () => 1);
  assert.deepEqual(s.progress.chain_sum!.levels, { terms: 2, digits: 1 });
  s = round(s, 4, () => 0);
  assert.deepEqual(s.progress.chain_sum!.levels, { terms: 1, digits: 1 });
  let all = createFamilyCurriculum({
    families: ["chain_sum"],
    window: 4,
    advance: "attributes",
    attributeStep: "all",
    horizons: [1],
  });
  all = round(all, 4, () => 1);
  assert.deepEqual(all.progress.chain_sum!.levels, { terms: 1, digits: 1 });
  all = round(all, 4, () => 0.1);
  assert.deepEqual(all.progress.chain_sum!.levels, { terms: 0, digits: 0 });
});

Deno.test("horizon and attributes advance separately or together", () => {
  let sep = createFamilyCurriculum({
    families: ["gcd"],
    window: 4,
    advance: "horizon",
    horizons: [1, 2, 3],
  });
  sep = round(sep, 4, () => 1);
  assert.equal(sep.horizonLevel, 1);
  assert.deepEqual(sep.progress.gcd!.levels, { numbers: 0, digits: 0 });
  let tog = createFamilyCurriculum({
    families: ["gcd"],
    window: 4,
    advance: "together",
    horizons: [1, 2, 3],
  });
  tog = round(tog, 4, () => 1);
  assert.equal(tog.horizonLevel, 1);
  assert.deepEqual(tog.progress.gcd!.levels, { numbers: 1, digits: 0 });
  assert.equal(nextFamilyBatch(tog, 1).tasks[0]!.depth, 2);
  const timeline = levelTimeline(tog);
  assert.deepEqual(timeline.at(-1), { step: 1, family: "gcd", level: 1, horizon: 2 });
});

Deno.test("the state is plain JSON: a run resumed from its saved state continues identically", () => {
  const score = (f: string) => (f === "gcd" ? 0.9 : 0.2);
  let a = createFamilyCurriculum({
    families: ["gcd", "boolean_eval", "countdown"],
    window: 6,
    seed: 3,
  });
  for (let i = 0; i < 4; i++) a = round(a, 5, score);
  let b = JSON.parse(JSON.stringify(a)) as FamilyCurriculumState;
  for (let i = 0; i < 4; i++) [a, b] = [round(a, 5, score), round(b, 5, score)];
  assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
  assert.throws(
    () => recordFamilyResults(a, [{ id: "nope", score: 1 }]),
    /task "nope" was not handed out/,
  );
});

Deno.test("the reward server's /curriculum endpoint hands out batches and takes scores", async () => {
  const start = createFamilyCurriculum({ families: ["gcd"], window: 2, advance: "attributes" });
  const server = new RewardServer({ curriculum: new CurriculumEndpoint(start) });
  const post = async (body: unknown) => {
    const res = await server.handle(
      new Request("http://x/curriculum", { method: "POST", body: JSON.stringify(body) }),
    );
    return { status: res.status, body: await res.json() };
  };
  const next = await post({ action: "next", size: 2 });
  assert.equal(next.status, 200);
  assert.equal(next.body.tasks.length, 2);
  const report = await post({
    action: "report",
    results: next.body.tasks.map((t: { id: string }) => ({ id: t.id, score: 1 })),
  });
  assert.equal(report.status, 200);
  assert.equal(report.body.status.levels.gcd.numbers, 1);
  assert.equal(report.body.events[0].event, "promote");
  // the same requests through the pure function give the same answers
  const pure1 = handleCurriculumRequest(start, { action: "next", size: 2 });
  assert.deepEqual(
    JSON.parse(JSON.stringify((pure1.response as { tasks: unknown[] }).tasks)),
    next.body.tasks,
  );
  const bad = await post({ action: "report", results: [{ id: "zzz", score: 1 }] });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /was not handed out/);
  assert.equal((await post({ action: "next", size: 0 })).status, 400);
  await server.shutdown();
});

Deno.test("compose --curriculum advances a saved state from recorded scores", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/state.json`;
    const first = await farsight(
      "compose",
      "--curriculum",
      file,
      "--family",
      "chain_sum",
      "--count",
      "3",
      "--seed",
      "1",
    );
    assert.equal(first.code, 0, first.stderr);
    const tasks = first.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(tasks.length, 3);
    let state = JSON.parse(await Deno.readTextFile(file)) as FamilyCurriculumState;
    state = { ...state, window: 3 };
    await Deno.writeTextFile(file, JSON.stringify(state));
    await Deno.writeTextFile(
      `${dir}/scores.jsonl`,
      tasks.map((t) => JSON.stringify({ id: t.id, score: 1 })).join("\n"),
    );
    const second = await farsight(
      "compose",
      "--curriculum",
      file,
      "--scores",
      `${dir}/scores.jsonl`,
      "--count",
      "2",
    );
    assert.equal(second.code, 0, second.stderr);
    const after = JSON.parse(await Deno.readTextFile(file)) as FamilyCurriculumState;
    assert.equal(after.step, 2);
    // "separately" (the default): the family window and the horizon window both promote
    assert.deepEqual(after.progress.chain_sum!.levels, { terms: 1, digits: 0 });
    assert.equal(after.horizonLevel, 1);
    // the library gives the same state
    const lib =
      nextFamilyBatch(recordFamilyResults(state, tasks.map((t) => ({ id: t.id, score: 1 }))), 2)
        .state;
    assert.deepEqual(after, JSON.parse(JSON.stringify(lib)));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
