import assert from "node:assert/strict";
import { createRng, digest, hashSeed, rngFromState } from "../../lib/random/mod.ts";

Deno.test("createRng() gives the same sequence for the same seed and differs across seeds", () => {
  const draw = (seed: number | string) => {
    const r = createRng(seed);
    return Array.from({ length: 50 }, () => r.next());
  };
  assert.deepEqual(draw(42), draw(42));
  assert.notDeepEqual(draw(42), draw(43));
  assert.notDeepEqual(draw("42"), draw(42), "strings and numbers are different seeds");
  assert.notDeepEqual(hashSeed(["ab", "c"]), hashSeed(["a", "bc"]));
});

Deno.test("Rng.int() is uniform and in range", () => {
  const r = createRng(1);
  const counts = Array(6).fill(0);
  for (let i = 0; i < 60_000; i++) counts[r.int(1, 6) - 1]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 400, `count ${c}`);
  assert.throws(() => r.int(3, 2), RangeError);
});

Deno.test("Rng.bigint() covers huge ranges exactly", () => {
  const r = createRng(2);
  const lo = 10n ** 30n, hi = 10n ** 30n + 5n;
  const seen = new Set<bigint>();
  for (let i = 0; i < 500; i++) {
    const v = r.bigint(lo, hi);
    assert.ok(v >= lo && v <= hi);
    seen.add(v);
  }
  assert.equal(seen.size, 6);
});

Deno.test("Rng helpers: weighted, shuffle, sample, state round-trip", () => {
  const r = createRng(3);
  const hits: number[] = [0, 0, 0];
  for (let i = 0; i < 30_000; i++) hits[r.weighted([1, 2, 0])]! += 1;
  assert.equal(hits[2], 0);
  assert.ok(Math.abs(hits[1]! / hits[0]! - 2) < 0.15);
  assert.deepEqual(r.shuffle([1, 2, 3, 4]).sort(), [1, 2, 3, 4]);
  assert.equal(new Set(r.sample([1, 2, 3, 4, 5], 5)).size, 5);
  assert.throws(() => r.sample([1], 2), RangeError);
  assert.throws(() => r.weighted([0, 0]), RangeError);
  const copy = rngFromState(r.state());
  assert.deepEqual([r.next(), r.next()], [copy.next(), copy.next()]);
  assert.equal(digest(["x"]).length, 12);
});
