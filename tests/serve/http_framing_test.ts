// The reward server's HTTP framing, probed with raw bytes over TCP: each case is a request shape
// that a hand-written HTTP/1.1 parser got wrong (request smuggling, header floods, a Host header
// that changes the route, and the smaller protocol points). Each must be answered at once and
// never served as two requests.
import assert from "node:assert/strict";
import { RewardServer } from "../../lib/serve/mod.ts";

const encoder = new TextEncoder();

/**
 * Sends raw bytes and reads until the server closes, `quietMs` pass with nothing new, or (with
 * `oneReply`) one whole response has arrived.
 */
async function raw(
  port: number,
  bytes: string | Uint8Array,
  quietMs = 400,
  oneReply = false,
): Promise<{ text: string; ms: number }> {
  const started = performance.now();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  let text = "";
  try {
    await conn.write(typeof bytes === "string" ? encoder.encode(bytes) : bytes);
    const buffer = new Uint8Array(1 << 16);
    for (;;) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const n = await Promise.race([
        conn.read(buffer),
        new Promise<"quiet">((r) => timer = setTimeout(() => r("quiet"), quietMs)),
      ]).catch(() => null);
      clearTimeout(timer);
      if (n === null || n === "quiet") break;
      text += new TextDecoder().decode(buffer.subarray(0, n));
      const end = text.indexOf("\r\n\r\n");
      const length = text.match(/content-length: (\d+)/i);
      if (oneReply && end >= 0 && length && text.length >= end + 4 + Number(length[1])) break;
    }
  } finally {
    try {
      conn.close();
    } catch { /* closed */ }
  }
  return { text, ms: performance.now() - started };
}

/** The status lines in a raw reply. */
const statuses = (text: string) => [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => +m[1]!);

async function withServer(
  run: (port: number, server: RewardServer) => Promise<void>,
  options: ConstructorParameters<typeof RewardServer>[0] = {},
): Promise<void> {
  const server = new RewardServer({ port: 0, workers: 1, ...options });
  await server.start();
  try {
    await run(Number(new URL(server.url).port), server);
  } finally {
    await server.shutdown();
  }
}

const SMUGGLED = "GET /health HTTP/1.1\r\nHost: a\r\n\r\n";

Deno.test("smuggling shapes are refused, never served as two requests", async () => {
  await withServer(async (port) => {
    const shapes: Record<string, string> = {
      "Content-Length with chunked":
        "POST /reward HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "a space before the colon":
        "POST /reward HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
      "an obs-fold continuation":
        "POST /reward HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n chunked\r\n\r\n0\r\n\r\n",
      "chunk data without its CRLF":
        "POST /reward HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}",
    };
    for (const [name, head] of Object.entries(shapes)) {
      const { text, ms } = await raw(port, head + SMUGGLED);
      assert.ok(
        !/"status":"ok"/.test(text),
        `${name}: the trailing request was not served\n${text}`,
      );
      assert.ok(statuses(text).length <= 1, `${name}: one answer at most\n${text}`);
      assert.ok(statuses(text).every((s) => s >= 400), `${name}: refused\n${text}`);
      assert.ok(ms < 2_000, `${name}: answered in ${ms} ms`);
    }
    // A transfer coding other than chunked is not ignored: 501, and nothing after it is served.
    const gzip = await raw(
      port,
      "POST /reward HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" +
        SMUGGLED,
    );
    assert.deepEqual(statuses(gzip.text), [501], gzip.text);
    assert.match(gzip.text, /Transfer-Encoding \\"gzip, chunked\\" is not supported/);
  });
});

Deno.test("8,000 header lines are refused at once, and another client is not stalled", async () => {
  await withServer(async (port, server) => {
    const lines = Array.from({ length: 8000 }, (_, i) => `X-${i}: v\r\n`).join("");
    const flood = raw(
      port,
      `POST /reward HTTP/1.1\r\nHost: a\r\n${lines}Content-Length: 2\r\n\r\n{}`,
    );
    const started = performance.now();
    const other = await fetch(`${server.url}/health`);
    assert.equal(other.status, 200);
    await other.body?.cancel();
    const otherMs = performance.now() - started;
    const { text, ms } = await flood;
    const [status] = statuses(text);
    assert.ok(status === 400 || status === 431, `refused: ${text}`);
    assert.ok(ms < 1_000, `the flood answered in ${ms.toFixed(0)} ms`);
    assert.ok(otherMs < 1_000, `the other client waited ${otherMs.toFixed(0)} ms`);

    // Under the transport's head limit, over the server's header count: 431 with a message.
    const some = Array.from({ length: 110 }, (_, i) => `X-${i}: v\r\n`).join("");
    const counted = await raw(port, `GET /health HTTP/1.1\r\nHost: a\r\n${some}\r\n`);
    assert.deepEqual(statuses(counted.text), [431]);
    assert.match(counted.text, /over the limit of 100/);

    // A head over 64 KiB in one line is refused too.
    const big = await raw(
      port,
      `GET /health HTTP/1.1\r\nHost: a\r\nX: ${"a".repeat(70_000)}\r\n\r\n`,
    );
    assert.ok(statuses(big.text)[0]! >= 400, big.text);
  });
});

Deno.test("the Host header cannot change the route, and odd targets or hosts get 4xx, not 500", async () => {
  await withServer(async (port) => {
    const bent = await raw(
      port,
      "POST /health HTTP/1.1\r\nHost: x/reward?\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    );
    assert.deepEqual(statuses(bent.text), [400], bent.text);
    assert.match(bent.text, /malformed Host header/);
    for (const host of ["a b", "x:99999"]) {
      const { text } = await raw(
        port,
        `GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      );
      assert.deepEqual(statuses(text), [400], `Host: ${host}\n${text}`);
    }
    const star = await raw(port, "OPTIONS * HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    assert.deepEqual(statuses(star.text), [204], star.text);
    assert.match(star.text, /allow: GET, HEAD, POST, OPTIONS/i);
    const ok = await raw(
      port,
      "GET /health HTTP/1.1\r\nHost: [::1]:5000\r\nConnection: close\r\n\r\n",
    );
    assert.deepEqual(statuses(ok.text), [200]);
  });
});

Deno.test("HEAD, 405 with Allow, 415 for compressed bodies, a Date header, bare LF", async () => {
  await withServer(async (port, server) => {
    const head = await fetch(`${server.url}/health`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), "");
    assert.ok(head.headers.get("date"), "a Date header");
    assert.ok(!Number.isNaN(Date.parse(head.headers.get("date")!)));

    const get = await fetch(`${server.url}/reward`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get("allow"), "POST, OPTIONS");
    await get.body?.cancel();
    const post = await fetch(`${server.url}/health`, { method: "POST", body: "{}" });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET, HEAD, OPTIONS");
    await post.body?.cancel();

    const gzipped = await new Response(
      new Blob(['{"completions": ["\\\\boxed{1}"], "answer": ["1"]}']).stream()
        .pipeThrough(new CompressionStream("gzip")),
    ).arrayBuffer();
    const zipped = await fetch(`${server.url}/reward`, {
      method: "POST",
      headers: { "content-encoding": "gzip", "content-type": "application/json" },
      body: gzipped,
    });
    assert.equal(zipped.status, 415);
    const message = (await zipped.json()).error as string;
    assert.match(message, /Content-Encoding "gzip" is not supported/);
    assert.ok(/^[\x20-\x7e]*$/.test(message), "no binary bytes in the message");

    const bare = await raw(port, "GET /health HTTP/1.1\nHost: a\nConnection: close\n\n", 1_000);
    assert.ok(
      bare.ms < 900,
      `bare LF answered at once (${bare.ms.toFixed(0)} ms), not at a timeout`,
    );
    assert.ok(statuses(bare.text).length === 1, bare.text);
  });
});

Deno.test("one-byte chunks are refused early and do not stall another client's request", async () => {
  await withServer(async (port, server) => {
    const body = JSON.stringify({ completions: ["x ".repeat(25_000)], answer: ["1"] });
    let chunked = "POST /reward HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (const ch of body) chunked += `1\r\n${ch}\r\n`;
    chunked += "0\r\n\r\n";
    const small = () =>
      fetch(`${server.url}/reward`, {
        method: "POST",
        body: JSON.stringify({ completions: ["\\boxed{7}"], answer: ["7"] }),
      }).then((r) => r.json());
    await small(); // the verifier loaded
    const flood = raw(port, chunked, 10_000, true);
    await new Promise((r) => setTimeout(r, 20));
    const started = performance.now();
    assert.deepEqual((await small()).rewards, [1]);
    const ms = performance.now() - started;
    // Deno parses chunk framing on the server's thread, so chunks already sent cost their time
    // (the old transport took 9.5 s for 400,000); the bound allows for a loaded test machine.
    assert.ok(
      ms < 3_000,
      `the small request took ${ms.toFixed(0)} ms beside 50,000 one-byte chunks`,
    );
    const { text } = await flood;
    assert.deepEqual(statuses(text), [413], text.slice(0, 300));
    assert.match(text, /over 1024 pieces of under 256 bytes/);
    // The same body in a few chunks is served.
    const half = body.length >> 1;
    const fine = await raw(
      port,
      "POST /reward HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
        `${half.toString(16)}\r\n${body.slice(0, half)}\r\n` +
        `${(body.length - half).toString(16)}\r\n${body.slice(half)}\r\n0\r\n\r\n`,
      20_000,
      true,
    );
    assert.deepEqual(statuses(fine.text), [200]);
  });
});

Deno.test("silent and half-sent connections do not lock other clients out", async () => {
  await withServer(async (_port, server) => {
    const port = Number(new URL(server.url).port);
    const held: Deno.Conn[] = [];
    try {
      // The old transport closed every connection past 4,096, so a client holding that many
      // locked everyone else out. Deno.serve has no such cap to fill.
      for (let i = 0; i < 4200; i++) {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port });
        if (i % 2) await conn.write(encoder.encode("POST /reward HTTP/1.1\r\nHost: a\r\n"));
        held.push(conn);
      }
      let ok = 0;
      for (let i = 0; i < 30; i++) {
        const r = await fetch(`${server.url}/health`);
        if (r.status === 200) ok++;
        await r.body?.cancel();
      }
      assert.equal(ok, 30, "every probe answered while 4,200 connections are held");
    } finally {
      for (const conn of held) {
        try {
          conn.close();
        } catch { /* closed */ }
      }
    }
  });
});
