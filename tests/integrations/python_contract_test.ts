/**
 * Runs the Python contract tests of integrations/ (verl, TRL, OpenRLHF call shapes) with
 * Debian's /usr/bin/python3 against two real reward servers.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { RewardServer } from "../../lib/serve/mod.ts";

const INTEGRATIONS = fileURLToPath(new URL("../../integrations", import.meta.url));

Deno.test("integrations: verl, TRL and OpenRLHF contracts hold against two servers", async () => {
  const a = new RewardServer({ port: 0, workers: 1 });
  const b = new RewardServer({ port: 0, workers: 1 });
  await a.start();
  await b.start();
  try {
    const child = new Deno.Command("/usr/bin/python3", {
      args: ["-m", "unittest", "discover", "-s", `${INTEGRATIONS}/tests`, "-v"],
      cwd: INTEGRATIONS,
      env: {
        FARSIGHT_TEST_URL_A: a.url,
        FARSIGHT_TEST_URL_B: b.url,
        PYTHONDONTWRITEBYTECODE: "1",
      },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const out = await child.output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, text);
    const ran = text.match(/Ran (\d+) tests?/);
    assert.ok(ran && Number(ran[1]) >= 10, `expected at least 10 Python tests:\n${text}`);
  } finally {
    await a.shutdown();
    await b.shutdown();
  }
});
