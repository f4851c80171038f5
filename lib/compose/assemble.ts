import { digest } from "../random/rng.ts";
import type { Task } from "../tasks/task.ts";
import type { ComposedTask, CompositionSource, Link } from "./composed_task.ts";
import { type PromptTemplate, renderPrompt } from "./render.ts";

/**
 * Builds a {@linkcode ComposedTask} from its linked problems: renders the prompt, derives the
 * per-problem and final answers and the depth, and names the task by a digest of `idParts`
 * (prefixed `prefix-`). Shared by the answer-preserving and recomputed compositions; with no
 * links the method is recorded as `"independent"`.
 *
 * @example
 * ```ts
 * import { assembleComposedTask } from "./assemble.ts";
 * const task = assembleComposedTask({
 *   prefix: "x",
 *   method: "recomputed",
 *   idParts: ["demo"],
 *   problems: [{ id: "a", question: "1+1?", answer: "2" } as never],
 *   links: [],
 * });
 * task.source.method; // "independent"
 * ```
 */
export function assembleComposedTask(options: {
  readonly prefix: string;
  readonly method: Exclude<CompositionSource["method"], "independent">;
  readonly idParts: readonly string[];
  readonly problems: readonly Task[];
  readonly links: readonly Link[];
  readonly breadth?: number;
  readonly template?: PromptTemplate;
  readonly seed?: number;
  readonly index?: number;
}): ComposedTask {
  const { problems, links } = options;
  const answers = problems.map((p) => p.answer);
  const breadth = options.breadth ?? 1;
  return {
    id: `${options.prefix}-${digest([...options.idParts])}`,
    prompt: renderPrompt(problems.map((p) => p.question), links, options.template),
    problems,
    answers,
    answer: answers[answers.length - 1]!,
    depth: Math.ceil(problems.length / breadth),
    breadth,
    links,
    source: {
      method: links.length ? options.method : "independent",
      seed: options.seed ?? 0,
      index: options.index ?? 0,
    },
  };
}
