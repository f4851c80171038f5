/**
 * Jupyter for the test suite: installs Debian's nbclient when missing, writes a Deno
 * kernelspec into a project-local `JUPYTER_PATH`, and executes notebooks headless on the real
 * Deno kernel through nbclient.
 * @module
 */
import { basename, join, resolve } from "node:path";

const ROOT = resolve(new URL("../..", import.meta.url).pathname);
const JUPYTER_DIR = join(ROOT, ".jupyter");
/** Name of the kernelspec the suite writes. */
export const KERNEL_NAME = "farsight-deno";
const EXECUTOR = join(ROOT, "tests", "harness", "execute_notebook.py");
const PACKAGES = ["python3-nbclient", "python3-nbformat", "jupyter-client"];

async function run(cmd: string, args: string[], env?: Record<string, string>) {
  const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  return {
    ok: out.success,
    code: out.code,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
  };
}

async function jupyterReady(): Promise<boolean> {
  try {
    const probe = await run("/usr/bin/python3", [
      "-c",
      "import nbclient, nbformat, jupyter_client",
    ]);
    return probe.ok;
  } catch {
    return false; // no /usr/bin/python3 at all
  }
}

/**
 * Makes sure Jupyter's nbclient is installed from Debian's packages (no-op and
 * fast when they are), and that the project-local kernelspec points at this Deno.
 */
export async function ensureJupyter(log: (line: string) => void = console.log): Promise<void> {
  if (!(await jupyterReady())) {
    const asRoot = Deno.uid() === 0;
    const prefix = asRoot ? [] : ["sudo", "-n"];
    const apt = async (...args: string[]) => {
      const [cmd, ...rest] = [...prefix, "apt-get", ...args];
      return await run(cmd!, rest, { DEBIAN_FRONTEND: "noninteractive" });
    };
    log(`Installing Jupyter from Debian's packages (${PACKAGES.join(", ")})…`);
    const t0 = performance.now();
    let result = await apt("install", "-y", "--no-install-recommends", ...PACKAGES);
    if (!result.ok) {
      log("apt-get install failed; running apt-get update and trying again…");
      await apt("update");
      result = await apt("install", "-y", "--no-install-recommends", ...PACKAGES);
    }
    if (!result.ok || !(await jupyterReady())) {
      throw new Error(
        `Cannot install Jupyter: "apt-get install ${PACKAGES.join(" ")}" failed` +
          `${asRoot ? "" : " (not root, and sudo -n was refused)"}:\n${result.stderr.slice(-2000)}`,
      );
    }
    log(`Installed Jupyter in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const spec = {
    argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno (Farsight tests)",
    language: "typescript",
    env: { NO_COLOR: "1" },
  };
  const dir = join(JUPYTER_DIR, "kernels", KERNEL_NAME);
  const path = join(dir, "kernel.json");
  const text = JSON.stringify(spec, null, 2) + "\n";
  const current = await Deno.readTextFile(path).catch(() => "");
  if (current !== text) {
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(path, text);
  }
}

/** The outcome of executing one notebook. */
export interface NotebookRun {
  readonly notebook: string;
  readonly ok: boolean;
  readonly seconds: number;
  /** Why it failed: nbconvert's message or the error outputs found. */
  readonly problems: readonly string[];
  /** Where the executed copy (with outputs) was written. */
  readonly output: string;
}

/**
 * Executes a notebook on the Deno kernel with nbclient (errors are never allowed), writes the
 * executed copy under `outDir`, and fails it if a cell raises or any cell has an `error`
 * output. See `execute_notebook.py` for the late-output workaround.
 */
export async function executeNotebook(path: string, outDir: string): Promise<NotebookRun> {
  const name = basename(path);
  const runtime = join(JUPYTER_DIR, "runtime");
  await Deno.mkdir(runtime, { recursive: true });
  await Deno.mkdir(outDir, { recursive: true });
  const t0 = performance.now();
  const output = join(outDir, name);
  const result = await run("/usr/bin/python3", [EXECUTOR, KERNEL_NAME, path, output, "900"], {
    JUPYTER_PATH: JUPYTER_DIR,
    JUPYTER_RUNTIME_DIR: runtime,
    JUPYTER_PLATFORM_DIRS: "1",
    NO_COLOR: "1",
  });
  const seconds = (performance.now() - t0) / 1000;
  const problems: string[] = [];
  if (!result.ok) {
    const tail = result.stderr.split("\n").filter((l) => l.trim()).slice(-25).join("\n");
    problems.push(`nbclient exited with status ${result.code}:\n${tail}`);
  }
  try {
    const executed = JSON.parse(await Deno.readTextFile(output));
    executed.cells.forEach(
      (
        cell: { outputs?: { output_type: string; ename?: string; evalue?: string }[] },
        i: number,
      ) => {
        for (const o of cell.outputs ?? []) {
          if (o.output_type === "error") problems.push(`cell ${i + 1}: ${o.ename}: ${o.evalue}`);
        }
      },
    );
  } catch (error) {
    if (result.ok) problems.push(`cannot read executed notebook ${output}: ${error}`);
  }
  return { notebook: name, ok: problems.length === 0, seconds, problems, output };
}
