import { readCsv } from "../io/csv.ts";

/** One cell of R-Horizon's Figure 3: a model's score on a benchmark composed n problems deep. */
export interface HorizonAccuracy {
  /** Benchmark the chains were built from, e.g. `"MATH500"`. */
  readonly benchmark: string;
  /** What the paper reports for it, e.g. `"avg@32"`. */
  readonly metric: string;
  /** Model name as printed in the paper. */
  readonly model: string;
  /** Number of composed problems. */
  readonly n: number;
  /** Accuracy in percent (0 to 100). */
  readonly accuracy: number;
}

/** The paper numbers and the citation lines of the CSV they came from. */
export interface PaperTable<R> {
  /** Where the numbers come from (the CSV's `#` lines). */
  readonly citation: readonly string[];
  /** The rows, in file order (the paper's model order). */
  readonly rows: readonly R[];
}

/** Default location of the Figure 3 numbers shipped with Farsight. */
export const RHORIZON_FIG3_CSV: URL = new URL("../../data/rhorizon_fig3.csv", import.meta.url);

/**
 * Loads R-Horizon's Figure 3 (arXiv 2510.08189): accuracy by model, benchmark and number of
 * composed problems, from the cited CSV in `data/` or another file with the columns
 * `benchmark,metric,model,n,accuracy`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadRHorizonFig3 } from "./rhorizon_fig3.ts";
 * const { rows, citation } = await loadRHorizonFig3();
 * assert.deepEqual(rows.find((r) => r.model === "DeepSeek-R1" && r.benchmark === "MATH500" && r.n === 16)?.accuracy, 82.8);
 * ```
 */
export async function loadRHorizonFig3(
  path: string | URL = RHORIZON_FIG3_CSV,
): Promise<PaperTable<HorizonAccuracy>> {
  const doc = await readCsv(path);
  const label = path instanceof URL ? decodeURIComponent(path.pathname) : path;
  for (const column of ["benchmark", "metric", "model", "n", "accuracy"]) {
    if (!doc.columns.includes(column)) {
      throw new TypeError(`Cannot load ${label}: expected a column "${column}"`);
    }
  }
  const headerLine = doc.comments.length + 1;
  const rows = doc.rows.map((r, i): HorizonAccuracy => {
    const where = `${label}:${headerLine + i + 1}`;
    const n = Number(r.n);
    const accuracy = Number(r.accuracy);
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(
        `Cannot load ${where}: field "n" must be a positive integer, got "${r.n}"`,
      );
    }
    if (!(accuracy >= 0 && accuracy <= 100) || r.accuracy!.trim() === "") {
      throw new RangeError(
        `Cannot load ${where}: field "accuracy" must be a percentage in [0, 100], got "${r.accuracy}"`,
      );
    }
    return { benchmark: r.benchmark!, metric: r.metric!, model: r.model!, n, accuracy };
  });
  return { citation: doc.comments, rows };
}

/** How accuracy falls with horizon on one benchmark, over all models. */
export interface HorizonDecaySummary {
  /** Benchmark name, as in the paper's figure. */
  readonly benchmark: string;
  /** Metric name, as in the paper's figure. */
  readonly metric: string;
  /** Number of models with a score at every horizon. */
  readonly models: number;
  /** Horizons present, ascending. */
  readonly ns: readonly number[];
  /** Mean accuracy over models at each horizon, in `ns` order. */
  readonly meanAccuracy: readonly number[];
  /** The model whose accuracy falls most from the shortest to the longest horizon. */
  readonly steepest: { readonly model: string; readonly from: number; readonly to: number };
  /** The model that keeps the most of its accuracy at the longest horizon. */
  readonly flattest: { readonly model: string; readonly from: number; readonly to: number };
}

/**
 * Summarises accuracy-by-horizon rows per benchmark: the mean over models at each horizon, and
 * the models with the steepest and flattest decay (absolute drop from the shortest to the
 * longest horizon).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summariseHorizonDecay } from "./rhorizon_fig3.ts";
 * const [s] = summariseHorizonDecay([
 *   { benchmark: "B", metric: "acc", model: "m", n: 1, accuracy: 90 },
 *   { benchmark: "B", metric: "acc", model: "m", n: 2, accuracy: 60 },
 * ]);
 * assert.deepEqual(s!.meanAccuracy, [90, 60]);
 * ```
 */
export function summariseHorizonDecay(
  rows: readonly HorizonAccuracy[],
): HorizonDecaySummary[] {
  const benchmarks = [...new Set(rows.map((r) => r.benchmark))];
  return benchmarks.map((benchmark) => {
    const subset = rows.filter((r) => r.benchmark === benchmark);
    const ns = [...new Set(subset.map((r) => r.n))].sort((a, b) => a - b);
    const models = [...new Set(subset.map((r) => r.model))];
    const at = new Map(subset.map((r) => [`${r.model}\u0000${r.n}`, r.accuracy]));
    const complete = models.filter((m) => ns.every((n) => at.has(`${m}\u0000${n}`)));
    if (complete.length === 0) {
      throw new RangeError(
        `Cannot summarise benchmark "${benchmark}": no model has a score at every n`,
      );
    }
    const meanAccuracy = ns.map((n) =>
      complete.reduce((sum, m) => sum + at.get(`${m}\u0000${n}`)!, 0) / complete.length
    );
    const ends = complete.map((model) => ({
      model,
      from: at.get(`${model}\u0000${ns[0]}`)!,
      to: at.get(`${model}\u0000${ns[ns.length - 1]}`)!,
    }));
    const drop = (e: { from: number; to: number }) => e.from - e.to;
    const steepest = ends.reduce((a, b) => (drop(b) > drop(a) ? b : a));
    const flattest = ends.reduce((a, b) => (drop(b) < drop(a) ? b : a));
    return {
      benchmark,
      metric: subset[0]!.metric,
      models: complete.length,
      ns,
      meanAccuracy,
      steepest,
      flattest,
    };
  });
}
