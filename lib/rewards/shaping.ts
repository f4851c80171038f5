import { directReturn, gatedReturn } from "./gated.ts";
import { answerTagFormatReward, thinkFormatReward } from "./format.ts";
import { cosineScaledReward, lengthPenalty, overlongPenalty } from "./length.ts";
import {
  ceilReward,
  centredReward,
  lscReward,
  parReward,
  relativeTanhReward,
  sgfcReward,
  sigmoidReward,
} from "./par.ts";

/** What a shaping method may read besides the reward. Each method names the fields it needs. */
export interface ShapingContext {
  /** Reference rewards of the same prompt (PAR's M references, the group's other rewards). */
  readonly references?: readonly number[];
  /** Response length in tokens. */
  readonly length?: number;
  /** Length budget: DAPO's `maxLength`, TRL's cosine `maxLength`. */
  readonly maxLength?: number;
  /** DAPO's soft overlong buffer, in tokens. */
  readonly buffer?: number;
  /** The response text (format rewards). */
  readonly response?: string;
  /** Per-step rewards of a multi-step episode (direct and gated accumulation). */
  readonly stepRewards?: readonly number[];
  /** G-RA's gate threshold δ on the outcome. Default 0 (no published value). */
  readonly delta?: number;
}

/** The one signature of a shaping method: a reward and its context in, the shaped reward out. */
export type ShapingFunction = (reward: number, context: ShapingContext) => number;

/** A registered shaping method. */
export interface ShapingMethodEntry {
  /** One line on what it computes, with its source. */
  readonly description: string;
  /** Context fields it cannot do without. */
  readonly needs: readonly (keyof ShapingContext)[];
  /** The method itself; {@linkcode resolveShaping} checks `needs` before calling it. */
  readonly shape: ShapingFunction;
}

/** PAR's comparison of shaping methods (Fu et al., arXiv 2502.18770), as used by its study. */
export type ShapingMethod = "raw" | "centred" | "par" | "sgfc" | "ceil";

const need = <K extends keyof ShapingContext>(
  context: ShapingContext,
  key: K,
): NonNullable<ShapingContext[K]> => context[key]!;

/**
 * The table of shaping methods, by name: PAR and its baselines (Fu et al., arXiv 2502.18770),
 * PAR's and DAPO's length penalties, TRL's cosine length scaling, format rewards and G-RA's
 * direct / gated accumulation. A plain object: read it for names and descriptions, extend it
 * with {@linkcode registerShaping}, and resolve names with {@linkcode resolveShaping}.
 */
export const SHAPING_METHODS: Record<string, ShapingMethodEntry> = {
  raw: { description: "The reward unchanged", needs: [], shape: (r) => r },
  centred: {
    description: "r minus the mean reference reward (PAR's baseline)",
    needs: ["references"],
    shape: (r, c) => centredReward(r, need(c, "references")),
  },
  par: {
    description: "PAR: mean of σ(r − r_ref) over the references, in (0, 1)",
    needs: ["references"],
    shape: (r, c) => parReward(r, need(c, "references")),
  },
  sgfc: {
    description: "SgFC: σ(r − mean reference), PAR's single-reference variant",
    needs: ["references"],
    shape: (r, c) => sgfcReward(r, need(c, "references")),
  },
  ceil: {
    description: "r capped at the largest reference reward",
    needs: ["references"],
    shape: (r, c) => ceilReward(r, Math.max(...need(c, "references"))),
  },
  relative_tanh: {
    description: "Mean of tanh(r − r_ref) over the references (PAR's baselines)",
    needs: ["references"],
    shape: (r, c) => relativeTanhReward(r, need(c, "references")),
  },
  lsc: {
    description: "LSC: log σ(r − the references' 85th-percentile threshold)",
    needs: ["references"],
    shape: (r, c) => lscReward(r, need(c, "references")),
  },
  sigmoid: {
    description: "σ(r), no references",
    needs: [],
    shape: (r) => sigmoidReward(r),
  },
  length_penalty: {
    description: "r − 0.01·(length − 300) past 300 tokens (PAR's length penalty)",
    needs: ["length"],
    shape: (r, c) => r + lengthPenalty(need(c, "length")),
  },
  overlong: {
    description: "r plus DAPO's soft overlong penalty (Eq. 13) for maxLength and buffer",
    needs: ["length", "maxLength", "buffer"],
    shape: (r, c) =>
      r + overlongPenalty(need(c, "length"), {
        maxLength: need(c, "maxLength"),
        buffer: need(c, "buffer"),
      }),
  },
  cosine: {
    description: "TRL's cosine length-scaled reward; correct when r > 0",
    needs: ["length", "maxLength"],
    shape: (r, c) =>
      cosineScaledReward(r > 0, need(c, "length"), { maxLength: need(c, "maxLength") }),
  },
  think_format: {
    description: "r plus 1 when the response is <think>…</think> then the answer (summed, as TRL)",
    needs: ["response"],
    shape: (r, c) => r + thinkFormatReward(need(c, "response")),
  },
  answer_tag_format: {
    description: "r plus 1 for <think>…</think><answer>…</answer> (summed, as TRL)",
    needs: ["response"],
    shape: (r, c) => r + answerTagFormatReward(need(c, "response")),
  },
  direct: {
    description: "D-RA: the outcome plus every step reward (G-RA's baseline)",
    needs: ["stepRewards"],
    shape: (r, c) => directReturn(r, need(c, "stepRewards")),
  },
  gated: {
    description: "G-RA: step rewards count only when the outcome reaches δ (default 0)",
    needs: ["stepRewards"],
    shape: (r, c) => gatedReturn(r, need(c, "stepRewards"), c.delta ?? 0),
  },
};

/**
 * Registers a shaping method under `name` (snake_case). Refuses a name already taken unless
 * `override` is true.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { registerShaping, SHAPING_METHODS, shapeWith } from "./shaping.ts";
 * registerShaping("halved", { description: "r / 2", needs: [], shape: (r) => r / 2 });
 * assert.equal(shapeWith("halved", 3, {}), 1.5);
 * assert.throws(
 *   () => registerShaping("par", { description: "", needs: [], shape: (r) => r }),
 *   /already registered/,
 * );
 * delete SHAPING_METHODS.halved;
 * ```
 */
export function registerShaping(
  name: string,
  entry: ShapingMethodEntry,
  options: { override?: boolean } = {},
): void {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    throw new TypeError(`Invalid shaping method name "${name}": expected snake_case (a-z, 0-9, _)`);
  }
  if (Object.hasOwn(SHAPING_METHODS, name) && !options.override) {
    throw new Error(
      `Shaping method "${name}" is already registered; pass { override: true } to replace it`,
    );
  }
  SHAPING_METHODS[name] = entry;
}

/**
 * The shaping function for a registered name, or a function passed through unchanged, as
 * Observable Plot accepts a name or a function wherever a name is. A resolved name checks its
 * `needs` on every call and names the missing context field. Unknown names throw a
 * `RangeError` that lists the registered ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveShaping } from "./shaping.ts";
 * const overlong = resolveShaping("overlong");
 * assert.equal(overlong(1, { length: 90, maxLength: 100, buffer: 20 }), 0.5);
 * assert.throws(() => overlong(1, { length: 90 }), /needs context field "maxLength"/);
 * assert.throws(() => resolveShaping("bogus"), /Unknown shaping method "bogus"/);
 * ```
 */
export function resolveShaping(method: string | ShapingFunction): ShapingFunction {
  if (typeof method === "function") return method;
  const entry = Object.hasOwn(SHAPING_METHODS, method) ? SHAPING_METHODS[method] : undefined;
  if (!entry) {
    throw new RangeError(
      `Unknown shaping method "${method}": expected one of ${
        Object.keys(SHAPING_METHODS).join(", ")
      }, or a function (reward, context) => number`,
    );
  }
  return (reward, context) => {
    for (const key of entry.needs) {
      if (context[key] === undefined) {
        throw new TypeError(`Shaping method "${method}" needs context field "${key}"`);
      }
    }
    return entry.shape(reward, context);
  };
}

/**
 * Shapes one reward with a method given by name or function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shapeWith } from "./shaping.ts";
 * assert.equal(shapeWith("gated", -1, { stepRewards: [0.1, 0.1] }), -1); // gate closed
 * assert.equal(shapeWith("length_penalty", 1, { length: 350 }), 0.5);
 * ```
 */
export function shapeWith(
  method: string | ShapingFunction,
  reward: number,
  context: ShapingContext,
): number {
  return resolveShaping(method)(reward, context);
}

/**
 * Applies a shaping method (one of PAR's, Fu et al., arXiv 2502.18770, or any registered name
 * or function) to a reward given the reference rewards of the same prompt. `ceil` caps at the
 * references' maximum.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shapeReward } from "./shaping.ts";
 * assert.deepEqual(shapeReward("centred", 2, [1, 3]), 0);
 * ```
 */
export function shapeReward(
  method: ShapingMethod | string | ShapingFunction,
  reward: number,
  references: readonly number[],
): number {
  return shapeWith(method, reward, { references });
}
