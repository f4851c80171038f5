import { CausalLM } from "../infer/causal_lm.ts";
import { unencodableCharacters } from "../infer/tokenization.ts";
import { backendChoicesText, parseBackendChoice } from "../infer/backend_names.ts";
import { DTYPE_SUFFIX, type ModelDtype } from "../infer/model_files.ts";
import { type FlagSpec, formatHelp, intFlag, parseFlags, usage, UsageError } from "./args.ts";

const FLAGS: Record<string, FlagSpec> = {
  model: {
    type: "string",
    value: "DIR",
    help: "model directory: onnx-community (onnx/model*.onnx), flat, or an ORT-GenAI build",
  },
  prompt: {
    type: "string",
    value: "TEXT",
    help: "the prompt (rendered with the chat template unless --raw)",
  },
  backend: { type: "string", value: "B", default: "auto", help: backendChoicesText() },
  dtype: {
    type: "string",
    value: "D",
    help: `weights: ${
      Object.keys(DTYPE_SUFFIX).join(", ")
    } (default fp32; an ORT-GenAI build has one graph, read from it)`,
  },
  "wasm-threads": {
    type: "string",
    value: "N",
    help: "threads for the wasm backend (default: the cores available)",
  },
  greedy: { type: "boolean", help: "take the most likely token (default: sample)" },
  "max-new-tokens": {
    type: "string",
    value: "N",
    default: "64",
    help: "tokens to generate at most",
  },
  temperature: { type: "string", value: "T", default: "1", help: "sampling temperature" },
  "top-k": {
    type: "string",
    value: "K",
    default: "0",
    help: "keep the K most likely tokens (0 = off)",
  },
  "top-p": {
    type: "string",
    value: "P",
    default: "1",
    help: "nucleus sampling threshold (1 = off)",
  },
  "min-p": {
    type: "string",
    value: "P",
    default: "0",
    help: "drop tokens under P × the top probability",
  },
  seed: { type: "string", value: "N", default: "0", help: "sampling seed" },
  stop: { type: "string", multiple: true, value: "TEXT", help: "stop string (repeatable)" },
  raw: { type: "boolean", help: "do not apply the chat template" },
  json: { type: "boolean", help: "print JSON: text, tokens, logprobs, entropies, backend" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

/** The help screen, built when printed (registries may have grown since load). */
const help = (): string =>
  formatHelp(
    "deno task farsight generate --model DIR --prompt TEXT [options]",
    "Generates a continuation with an ONNX model and reports the backend used. With --json it prints\n" +
      "{text, tokens, logprobs, entropies, finish_reason, backend}; otherwise it streams the text.",
    FLAGS,
  );

function number(value: unknown, name: string, lo: number, hi: number): number {
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !(n >= lo && n <= hi)) {
    throw new UsageError(`--${name}: expected a number in [${lo}, ${hi}], got "${value}"`);
  }
  return n;
}

/** `farsight generate`: one generation with an ONNX model. */
export async function runGenerate(args: readonly string[]): Promise<number> {
  const { flags } = parseFlags(args, FLAGS, "farsight generate");
  if (flags.help) {
    console.log(help());
    return 0;
  }
  if (!flags.model || flags.prompt === undefined) {
    throw new UsageError("farsight generate: --model and --prompt are required");
  }
  const backend = usage(() => parseBackendChoice(String(flags.backend), "--backend"));
  const dtype = flags.dtype === undefined ? undefined : String(flags.dtype) as ModelDtype;
  if (dtype !== undefined && !(dtype in DTYPE_SUFFIX)) {
    throw new UsageError(
      `--dtype: expected one of ${Object.keys(DTYPE_SUFFIX).join(", ")}, got "${dtype}"`,
    );
  }
  const wasmThreads = flags["wasm-threads"] === undefined
    ? undefined
    : intFlag(flags["wasm-threads"], "wasm-threads", 1, 1024);
  await using lm = await CausalLM.load(String(flags.model), {
    backend,
    ...(dtype ? { dtype } : {}),
    ...(wasmThreads ? { wasmThreads } : {}),
  });
  const lost = unencodableCharacters(lm, String(flags.prompt));
  if (lost.length) {
    console.error(
      `farsight generate: warning: the prompt has ${lost.length} character(s) outside the ` +
        `vocabulary of ${flags.model}, which its tokenizer drops: ` +
        `${lost.map((c) => JSON.stringify(c)).join(" ")}`,
    );
  }
  const ids = lm.encodePrompt(String(flags.prompt), {
    chat: !flags.raw && lm.files.chatTemplate !== null,
  });
  const encoder = new TextEncoder();
  const [g] = await lm.generateIds([ids], {
    greedy: Boolean(flags.greedy),
    maxNewTokens: intFlag(flags["max-new-tokens"], "max-new-tokens", 1, 100_000),
    temperature: number(flags.temperature, "temperature", 0, 100),
    topK: intFlag(flags["top-k"], "top-k", 0, 1_000_000),
    topP: number(flags["top-p"], "top-p", 0, 1),
    minP: number(flags["min-p"], "min-p", 0, 1),
    seed: intFlag(flags.seed, "seed", 0, 2 ** 32 - 1),
    ...(flags.stop ? { stop: flags.stop as string[] } : {}),
    ...(flags.json ? {} : { onToken: (e) => void Deno.stdout.writeSync(encoder.encode(e.text)) }),
  });
  if (flags.json) {
    console.log(JSON.stringify({
      text: g!.text,
      tokens: g!.tokens,
      logprobs: g!.logprobs,
      entropies: g!.entropies,
      finish_reason: g!.finishReason,
      backend: lm.backend,
      model: lm.files.dir,
      dtype: lm.files.dtype,
      layout: lm.files.layout,
    }));
  } else {
    console.log(
      `\n[${g!.finishReason}; ${g!.tokens.length} tokens; backend ${lm.backend.backend}${
        lm.backend.adapter ? `; adapter ${lm.backend.adapter}` : ""
      }]`,
    );
  }
  return 0;
}
