import { loadDataset } from "/work/wt/issue-15/lib/tasks/datasets/load_dataset.ts";
import { prepareRecomputePool, composeGsm8kRecomputed } from "/work/wt/issue-15/lib/compose/mod.ts";
const d = await loadDataset("/work/wt/issue-15/data/gsm8k_format_sample.jsonl");
const { pool, skipped } = prepareRecomputePool(d.tasks);
console.log(pool.map((p) => [p.task.id, p.program.variable.value]));
console.log(skipped);
const skips: unknown[] = [];
for (const t of composeGsm8kRecomputed(pool, { depth: 3, count: 2, seed: 1, onSkip: (s) => skips.push(s) })) console.log(t.prompt, t.answers);
console.log(skips);
