import { loadWeights, compareSchedules, charTokenizer } from "./mod.ts";
const { config, weights } = await loadWeights("data/model/checkpoint");
const t0 = performance.now();
const s = await compareSchedules({ config, tokenizer: charTokenizer(), initial: weights, steps: 6, final: { perDepth: 16 },
  onStep: (n, l) => console.log(n, l.step, l.horizon, l.reward.toFixed(2), l.keptGroups, JSON.stringify(l.seconds)) });
console.log(JSON.stringify(s.longHorizon), JSON.stringify(s.seconds), (performance.now()-t0)/1000);
console.log(JSON.stringify(s.rows.filter(r=>r.model==="base")));
