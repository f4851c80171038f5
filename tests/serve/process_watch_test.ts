import assert from "node:assert/strict";
import {
  readProcess,
  wakeups,
  watchProcesses,
  type WatchReason,
} from "../../lib/serve/process_watch.ts";

Deno.test({
  name:
    "a shell wrapper that wakes up while its child runs (a held SIGINT) is reported, and not before",
  fn: async () => {
    // `; :` keeps sh waiting as a wrapper instead of exec-ing its command, as npm's `sh -c` does
    const child = new Deno.Command("sh", { args: ["-c", "sleep 30; :"], stdout: "null" }).spawn();
    try {
      let info = readProcess(child.pid);
      for (
        let i = 0;
        i < 100 && !Deno.readTextFileSync(`/proc/${child.pid}/task/${child.pid}/children`).trim();
        i++
      ) {
        await new Promise((r) => setTimeout(r, 20));
        info = readProcess(child.pid);
      }
      assert.ok(info, "the wrapper runs");
      // until the wrapper sleeps in wait() (as npm's has long before a server starts watching)
      for (let i = 0, before = -1; i < 50; i++) {
        const now = wakeups(child.pid);
        if (now === before) break;
        before = now ?? -1;
        await new Promise((r) => setTimeout(r, 100));
      }
      const events: WatchReason[] = [];
      const stop = watchProcesses([info], (_, why) => events.push(why), { intervalMs: 20 });
      try {
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual(events, [], "a wrapper that only waits is not reported");
        child.kill("SIGINT");
        for (let i = 0; i < 100 && events.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.deepEqual(events, ["signalled"]);
      } finally {
        stop();
      }
    } finally {
      const kids = Deno.readTextFileSync(`/proc/${child.pid}/task/${child.pid}/children`).trim();
      for (const pid of kids.split(/\s+/).filter(Boolean)) Deno.kill(Number(pid), "SIGKILL");
      child.kill("SIGKILL");
      await child.status;
    }
  },
});
