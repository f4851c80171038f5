import { SHIPPED_RECIPE as r } from "./recipe.ts";
import { trainSupervised } from "./sft.ts";
import { charTokenizer } from "./char_tokenizer.ts";
await trainSupervised({ config: r.config, tokenizer: charTokenizer(r.alphabet), steps: r.steps, batchSize: r.batchSize, batches: r.batches, adam: r.adam, seed: r.seed, outDir: "data/model/checkpoint", evalEvery: 100, checkpointEvery: 100,
  onProgress: (p) => { if (p.step % 10 === 0 || p.eval) console.log(JSON.stringify(p)); } });
console.log("DONE");
