// The train command against the library in a process of its own: in a process that has already
// trained another model for some steps (tests/train/train_test.ts), jax-js takes about ten
// times longer over the first step of a new model (about 20 s instead of 2 s).
import assert from "node:assert/strict";
import { join } from "node:path";
import { slow } from "../_helpers/slow.ts";
import { farsight, farsightInProcess } from "../cli/_run.ts";
import { trainChainModel } from "../../lib/train/train_model.ts";
import { SHIPPED_RECIPE } from "../../lib/train/recipe.ts";

Deno.test({
  name: "train: the CLI and the library are one code path (same weights, same record)",
  ...slow,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "farsight-train-cli-" });
    const lib = await Deno.makeTempDir({ prefix: "farsight-train-lib-" });
    try {
      // the command, in its own process, trains while the library trains in this one
      const cli = farsight("train", "--out", dir, "--steps", "2", "--eval-per-depth", "1", "-q");
      await trainChainModel(lib, { recipe: { ...SHIPPED_RECIPE, steps: 2 }, evalPerDepth: 1 });
      const r = await cli;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /depth 8: /);
      const record = JSON.parse(await Deno.readTextFile(join(dir, "training.json")));
      assert.equal(record.steps, 2);
      assert.equal(record.evaluation.byDepth.length, 8);
      assert.deepEqual(
        await Deno.readFile(join(lib, "checkpoint", "weights.bin")),
        await Deno.readFile(join(dir, "checkpoint", "weights.bin")),
      );
      assert.deepEqual(
        await Deno.readFile(join(lib, "onnx", "model.onnx")),
        await Deno.readFile(join(dir, "onnx", "model.onnx")),
      );
      const bad = await farsightInProcess("train", "--steps", "zero");
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--steps/);
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(lib, { recursive: true });
    }
  },
});
