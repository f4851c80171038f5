import { generateTask, listFamilies } from "../lib/tasks/generators/mod.ts";
const rows = [];
for (const f of listFamilies()) {
  const t0 = performance.now();
  for (let i = 0; i < 300; i++) generateTask(f, i, { seed: 1 });
  rows.push([f.name, ((performance.now() - t0) / 300 * 1000).toFixed(0)]);
}
rows.sort((a, b) => Number(b[1]) - Number(a[1]));
console.log(rows.slice(0, 12).map((r) => r.join(" ")).join("\n"));
