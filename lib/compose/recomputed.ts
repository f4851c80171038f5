import { variantId } from "../tasks/task_id.ts";
import type { Rng } from "../random/rng.ts";
import { digest } from "../random/rng.ts";
import type { Family, FamilyConfig } from "../tasks/generators/family.ts";
import { taskFromParams } from "../tasks/generators/registry.ts";
import type { Json, Task } from "../tasks/task.ts";
import { UnlinkableProblemError } from "./answer_preserving.ts";
import { linkValue } from "./link_value.ts";
import {
  applyTransform,
  type ComposedTask,
  type Link,
  type LinkTransform,
} from "./composed_task.ts";
import type { PromptTemplate } from "./render.ts";
import { assembleComposedTask } from "./assemble.ts";

/** The transforms a recomputed link may use. */
export type TransformOp = LinkTransform["op"];

/** A generator item before linking: its family, params and origin. */
export interface GeneratorItem {
  /** The family that generated it. */
  readonly family: Family;
  /** The family's parameters for this item. */
  readonly params: Json;
  /** Where it came from: the seed, the index in the run and the resolved config. */
  readonly origin: { readonly seed: number; readonly index: number; readonly config: FamilyConfig };
}

/**
 * Chooses how to map a previous answer `a` into the next problem's input, at random among the
 * allowed ops that land in a window around the problem's own `original` value (so difficulty
 * stays comparable) and inside the input's valid `[min, max]`. `mod` always fits, so it is
 * the fallback when it is allowed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chooseTransform } from "./recomputed.ts";
 * import { applyTransform } from "./composed_task.ts";
 * import { createRng } from "../random/rng.ts";
 * const t = chooseTransform(createRng(1), 1000n, 12n, { min: 1n, max: 100n });
 * const v = applyTransform(t, 1000n); // lands in 12 ± 12, clipped to [1, 100]
 * assert.ok(v >= 1n && v <= 24n);
 * ```
 */
export function chooseTransform(
  rng: Rng,
  a: bigint,
  original: bigint,
  domain: { readonly min: bigint; readonly max: bigint },
  allowed: readonly TransformOp[] = ["identity", "offset", "scale", "mod"],
): LinkTransform {
  const abs = (v: bigint) => (v < 0n ? -v : v);
  const span = abs(original) > 10n ? abs(original) : 10n;
  let lo = original - span > domain.min ? original - span : domain.min;
  let hi = original + span < domain.max ? original + span : domain.max;
  if (lo > hi) {
    [lo, hi] = [
      domain.min,
      domain.min + 2n * span < domain.max ? domain.min + 2n * span : domain.max,
    ];
  }
  const fits = (v: bigint) => v >= lo && v <= hi;
  const options: LinkTransform[] = [];
  if (allowed.includes("identity") && fits(a)) options.push({ op: "identity" }, { op: "identity" });
  if (allowed.includes("offset")) {
    const k = rng.bigint(lo, hi) - a;
    if (k !== 0n) options.push({ op: "offset", k: k.toString() });
  }
  if (allowed.includes("scale") && a !== 0n) {
    for (const k of [2n, 3n, -1n, -2n]) {
      if (fits(a * k)) options.push({ op: "scale", k: k.toString() });
    }
  }
  if (allowed.includes("mod") && hi > lo) {
    const k = rng.bigint(2n, hi - lo + 1n);
    const shift = rng.bigint(lo, hi - k + 1n);
    options.push({ op: "mod", k: k.toString(), shift: shift.toString() });
  }
  if (options.length === 0) {
    throw new RangeError(
      `Cannot map the answer ${a} into [${lo}, ${hi}] with the transforms ${allowed.join(", ")}`,
    );
  }
  return rng.pick(options);
}

/** Options for {@linkcode composeRecomputed}. */
export interface RecomputedOptions {
  /** Parent of each problem (`null` for none). Default: a chain. */
  readonly parents?: readonly (number | null)[];
  /** Transforms a link may use. Default all: identity, offset, scale, mod. */
  readonly transforms?: readonly TransformOp[];
  /** Prompt template. Default R-Horizon's layout. */
  readonly template?: PromptTemplate;
  /** Problems per layer, recorded as `breadth`. Default 1. */
  readonly breadth?: number;
  /** Recorded in `source`. */
  readonly seed?: number;
  /** Recorded in `source`. */
  readonly index?: number;
}

/**
 * Composes generator items the h1 way (arXiv 2510.07312): each linked problem's chain input
 * is a function of the previous answer (identity, offset, scale or modulus, chosen per link
 * with `rng`), and every downstream answer is **recomputed exactly** by the family's solver.
 * A parent whose answer is not an integer feeds its family's projection (a count, a sum, a
 * truth value…, recorded on the link). Children need a chain input; otherwise an
 * `UnlinkableProblemError` names the problem.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { composeRecomputed } from "./recomputed.ts";
 * import { getFamily, resolveConfig } from "../tasks/generators/registry.ts";
 * import { createRng } from "../random/rng.ts";
 * const f = getFamily("chain_sum");
 * const origin = { seed: 0, index: 0, config: resolveConfig(f) };
 * const composed = composeRecomputed([
 *   { family: f, params: { terms: ["5", "3"], digits: 1 }, origin },
 *   { family: f, params: { terms: ["9", "-4"], digits: 1 }, origin: { ...origin, index: 1 } },
 * ], createRng(7));
 * assert.equal(composed.answers[0], "8");
 * assert.equal(composed.links[0]!.kind, "recompute");
 * ```
 */
export function composeRecomputed(
  items: readonly GeneratorItem[],
  rng: Rng,
  options: RecomputedOptions = {},
): ComposedTask {
  if (items.length === 0) throw new RangeError("Cannot compose an empty list of problems");
  const parents = options.parents ?? items.map((_, i) => (i === 0 ? null : i - 1));
  const tasks: Task[] = [];
  const links: Link[] = [];
  items.forEach((item, i) => {
    const parent = parents[i];
    const base = taskFromParams(item.family, item.params, item.origin);
    if (parent === null || parent === undefined) {
      tasks.push(base);
      return;
    }
    if (!(parent >= 0 && parent < i)) {
      throw new RangeError(
        `Invalid parent ${parent} for problem ${i}: expected an earlier problem`,
      );
    }
    const input = item.family.input;
    if (!input) {
      throw new UnlinkableProblemError(
        base.id,
        `family "${item.family.name}" has no chain input to set`,
      );
    }
    const fed = linkValue(tasks[parent]!, items[parent]!.family);
    if (fed === null) {
      throw new UnlinkableProblemError(
        tasks[parent]!.id,
        `its answer "${tasks[parent]!.answer}" (${
          tasks[parent]!.answer_kind
        }) does not project to an integer, so it cannot feed a recompute link`,
      );
    }
    const a = fed.value;
    const transform = chooseTransform(rng, a, input.get(item.params), input, options.transforms);
    const value = applyTransform(transform, a);
    const variable = `[variable${i + 1}]`;
    const params = input.set(item.params, value);
    const linked = taskFromParams(item.family, params, item.origin, variable);
    links.push({
      from: parent,
      to: i,
      kind: "recompute",
      variable,
      value: value.toString(),
      transform,
      ...(fed.projection ? { projection: fed.projection } : {}),
    });
    tasks.push({
      ...linked,
      id: variantId(base.id, digest([JSON.stringify(params)], 6)),
      original_question: base.question,
      ...(linked.answer !== base.answer ? { original_answer: base.answer } : {}),
    });
  });
  return assembleComposedTask({
    prefix: "h1",
    method: "recomputed",
    idParts: ["recomputed", ...tasks.map((t) => t.id), JSON.stringify(parents)],
    problems: tasks,
    links,
    breadth: options.breadth,
    template: options.template,
    seed: options.seed,
    index: options.index,
  });
}
