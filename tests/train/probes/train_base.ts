/**
 * Trains a candidate base for the RL pilot: the shipped recipe with overrides (JSON), written as a
 * model directory like `data/model/` (checkpoint, ONNX export, training record with greedy
 * accuracy by depth on held-out chains). Not a test.
 *
 * ```sh
 * deno run -A tests/train/probes/train_base.ts data/pilot/base_falling '{"batches":[…]}'
 * deno run -A --config deno.json tests/train/probes/sampled_pass_at_k.ts data/pilot/base_falling
 * ```
 * @module
 */
import { SHIPPED_RECIPE } from "../../../lib/train/recipe.ts";
import { trainChainModel } from "../../../lib/train/train_model.ts";

const [out, json] = Deno.args;
if (!out) throw new Error("usage: train_base.ts OUT_DIR [RECIPE_OVERRIDES_JSON]");
const over = JSON.parse(json ?? "{}");
const recipe = {
  ...SHIPPED_RECIPE,
  ...over,
  config: { ...SHIPPED_RECIPE.config, ...(over.config ?? {}) },
  adam: {
    ...SHIPPED_RECIPE.adam,
    ...(over.adam ?? {}),
    totalSteps: over.steps ?? SHIPPED_RECIPE.steps,
  },
};
const record = await trainChainModel(out, {
  recipe,
  command: `deno run -A tests/train/probes/train_base.ts ${out} '${json ?? "{}"}'`,
  onProgress: (p) => {
    if (p.step % 100 === 0) {
      console.log(
        JSON.stringify({ step: p.step, loss: p.loss, elapsed: Math.round(p.elapsed) }),
      );
    }
  },
});
console.log(
  "greedy accuracy by depth:",
  record.evaluation.byDepth.map((r) => `${r.depth}: ${(100 * r.accuracy).toFixed(0)}%`).join(", "),
);
