/** Options for {@linkcode GuardedHttpServer}. */
export interface GuardedHttpOptions {
  /** Port; 0 picks a free one. Default 5000. */
  readonly port?: number;
  /** Default 127.0.0.1 (loopback). */
  readonly hostname?: string;
  /**
   * A connection must deliver a complete request head (request line and headers) within this
   * many milliseconds of opening, or of the first byte of a later request on a kept-alive
   * connection; otherwise it is closed (slowloris). Default 10,000.
   */
  readonly headerTimeoutMs?: number;
  /** A kept-alive connection with no request for this long is closed. Default 30,000. */
  readonly idleTimeoutMs?: number;
  /** The whole body must arrive, and the response be taken, within this long. Default 60,000. */
  readonly bodyTimeoutMs?: number;
  /** Largest request head; larger ones get 431 and the connection is closed. Default 64 KiB. */
  readonly maxHeaderBytes?: number;
  /** Largest request body; larger ones get 413 before the body is read. Default 16 MiB. */
  readonly maxBodyBytes?: number;
  /** Open connections at most; more are closed at once. Default 4,096. */
  readonly maxConnections?: number;
  /** Called once listening. */
  readonly onListen?: (addr: { hostname: string; port: number }) => void;
}

/** Handles one request. */
export type HttpHandler = (request: Request) => Response | Promise<Response>;

const REASONS: Record<number, string> = {
  100: "Continue",
  200: "OK",
  204: "No Content",
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  411: "Length Required",
  413: "Content Too Large",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Thrown inside a connection to answer with an error status and close it. */
class ProtocolError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Closed by a timer: the connection ran past one of its deadlines. */
class Deadline extends Error {}

function indexOfCrlf2(bytes: Uint8Array, from: number): number {
  for (let i = bytes.indexOf(13, Math.max(0, from)); i >= 0; i = bytes.indexOf(13, i + 1)) {
    if (i + 3 >= bytes.length) return -1;
    if (bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

interface Connection {
  readonly conn: Deno.Conn;
  /** A request is being handled (between its head and its response's last byte). */
  busy: boolean;
  closed: boolean;
  /** When (performance.now()) the connection is closed unless it moves on; Infinity: none. */
  deadline: number;
  timedOut: boolean;
}

/**
 * A small HTTP/1.1 server over `Deno.listen` that bounds what a client can hold: a request
 * head must arrive within `headerTimeoutMs`, a kept-alive connection may idle `idleTimeoutMs`,
 * a body must arrive within `bodyTimeoutMs`, and heads, bodies and connections have size and
 * count limits. (`Deno.serve` has no header-read timeout, so a half-sent header would keep a
 * connection open forever.) Supports keep-alive, pipelining, `Content-Length` and chunked
 * bodies, and `Expect: 100-continue`. `shutdown()` stops accepting, closes idle connections and
 * waits for the requests in flight.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GuardedHttpServer } from "./http_server.ts";
 * const server = new GuardedHttpServer(() => new Response("hi"), { port: 0 });
 * const { port } = await server.listen();
 * assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), "hi");
 * await server.shutdown();
 * ```
 */
export class GuardedHttpServer {
  readonly options: GuardedHttpOptions;
  #handler: HttpHandler;
  #listener: Deno.Listener | null = null;
  #connections = new Set<Connection>();
  #tasks = new Set<Promise<void>>();
  #closing = false;
  #accepting: Promise<void> | null = null;
  /** Connections closed for running past the header, idle or body deadline. */
  timeouts = 0;

  constructor(handler: HttpHandler, options: GuardedHttpOptions = {}) {
    this.#handler = handler;
    this.options = options;
  }

  /** Open connections. */
  get connections(): number {
    return this.#connections.size;
  }

  /** Starts listening; resolves with the bound address. */
  listen(): Promise<{ hostname: string; port: number }> {
    const listener = Deno.listen({
      port: this.options.port ?? 5000,
      hostname: this.options.hostname ?? "127.0.0.1",
    });
    this.#listener = listener;
    const addr = listener.addr as Deno.NetAddr;
    const bound = { hostname: addr.hostname, port: addr.port };
    this.#accepting = this.#accept(listener);
    this.options.onListen?.(bound);
    return Promise.resolve(bound);
  }

  async #accept(listener: Deno.Listener): Promise<void> {
    const max = this.options.maxConnections ?? 4096;
    while (!this.#closing) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        if (this.#closing) return;
        continue;
      }
      if (this.#connections.size >= max) {
        try {
          conn.close();
        } catch { /* already closed */ }
        continue;
      }
      const c: Connection = {
        conn,
        busy: false,
        closed: false,
        deadline: Infinity,
        timedOut: false,
      };
      this.#connections.add(c);
      const task = this.#serve(c).finally(() => {
        this.#close(c);
        this.#connections.delete(c);
        this.#tasks.delete(task);
      });
      this.#tasks.add(task);
    }
  }

  #close(c: Connection): void {
    c.deadline = Infinity;
    if (c.closed) return;
    c.closed = true;
    try {
      c.conn.close();
    } catch { /* already closed */ }
  }

  /** Arms the connection's one deadline: past it the connection is closed. */
  #deadline(c: Connection, ms: number): void {
    c.deadline = performance.now() + ms;
    this.#sweep(ms);
  }

  /**
   * One timer for all connections (cheaper than a timer per request phase): every tick closes
   * the connections past their deadline. Ticks at a tenth of the shortest deadline in use.
   */
  #sweeper: ReturnType<typeof setInterval> | undefined;
  #tick = Infinity;
  #sweep(ms: number): void {
    const tick = Math.max(5, Math.min(250, Math.floor(ms / 10)));
    if (this.#sweeper !== undefined && tick >= this.#tick) return;
    if (this.#sweeper !== undefined) clearInterval(this.#sweeper);
    this.#tick = tick;
    this.#sweeper = setInterval(() => {
      const now = performance.now();
      for (const c of this.#connections) {
        if (now > c.deadline) {
          c.timedOut = true;
          this.timeouts++;
          this.#close(c);
        }
      }
    }, tick);
  }

  async #read(c: Connection, scratch: Uint8Array): Promise<Uint8Array | null> {
    try {
      const n = await c.conn.read(scratch);
      return n === null ? null : scratch.subarray(0, n);
    } catch (error) {
      if (c.timedOut) throw new Deadline();
      if (c.closed) return null;
      throw error;
    }
  }

  async #write(c: Connection, bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) at += await c.conn.write(bytes.subarray(at));
  }

  async #serve(c: Connection): Promise<void> {
    const headerMs = this.options.headerTimeoutMs ?? 10_000;
    const idleMs = this.options.idleTimeoutMs ?? 30_000;
    const bodyMs = this.options.bodyTimeoutMs ?? 60_000;
    const maxHead = this.options.maxHeaderBytes ?? 64 * 1024;
    const maxBody = this.options.maxBodyBytes ?? 16 * 2 ** 20;
    const scratch = new Uint8Array(64 * 1024);
    let pending: Uint8Array = new Uint8Array(0);
    let first = true;
    try {
      while (!this.#closing) {
        // 1. The head: within headerMs (of opening, or of the next request's first byte).
        if (first || pending.length > 0) this.#deadline(c, headerMs);
        else this.#deadline(c, idleMs);
        let end = indexOfCrlf2(pending, 0);
        while (end < 0) {
          if (pending.length > maxHead) {
            throw new ProtocolError(431, `request head over ${maxHead} bytes`);
          }
          const chunk = await this.#read(c, scratch);
          if (chunk === null) return;
          if (pending.length === 0 && !first) this.#deadline(c, headerMs);
          const from = pending.length - 3;
          pending = concat(pending, chunk);
          end = indexOfCrlf2(pending, from);
        }
        first = false;
        c.busy = true;
        const head = decoder.decode(pending.subarray(0, end));
        pending = pending.slice(end + 4);
        const lines = head.split("\r\n");
        const requestLine = lines[0]!.match(/^([A-Z]+) (\S+) HTTP\/1\.([01])$/);
        if (!requestLine) throw new ProtocolError(400, "malformed request line");
        const [, method, target, minor] = requestLine as unknown as [
          string,
          string,
          string,
          string,
        ];
        const headers = new Headers();
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(":");
          if (colon <= 0) throw new ProtocolError(400, "malformed header line");
          try {
            headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
          } catch {
            throw new ProtocolError(400, "malformed header");
          }
        }
        const connection = (headers.get("connection") ?? "").toLowerCase();
        const keepAlive = minor === "1"
          ? !connection.includes("close")
          : connection.includes("keep-alive");

        // 2. The body: within bodyMs.
        this.#deadline(c, bodyMs);
        const te = headers.get("transfer-encoding");
        let body: Uint8Array<ArrayBuffer> | null = null;
        const expectContinue = (headers.get("expect") ?? "").toLowerCase() === "100-continue";
        if (te !== null) {
          if (!/(^|,)\s*chunked\s*$/i.test(te)) {
            throw new ProtocolError(501, `transfer-encoding "${te}" is not supported`);
          }
          if (expectContinue) await this.#write(c, encoder.encode("HTTP/1.1 100 Continue\r\n\r\n"));
          const parts: Uint8Array[] = [];
          let size = 0;
          for (;;) {
            let eol = indexOf(pending, 13, 10);
            while (eol < 0) {
              if (pending.length > 1024) throw new ProtocolError(400, "malformed chunk size");
              const chunk = await this.#read(c, scratch);
              if (chunk === null) return;
              pending = concat(pending, chunk);
              eol = indexOf(pending, 13, 10);
            }
            const sizeText = decoder.decode(pending.subarray(0, eol)).split(";")[0]!.trim();
            if (!/^[0-9a-fA-F]+$/.test(sizeText)) {
              throw new ProtocolError(400, "malformed chunk size");
            }
            const n = parseInt(sizeText, 16);
            pending = pending.slice(eol + 2);
            if (n === 0) {
              // trailers, up to an empty line
              let t = indexOf(pending, 13, 10);
              for (;;) {
                while (t < 0) {
                  if (pending.length > maxHead) throw new ProtocolError(431, "trailers too large");
                  const chunk = await this.#read(c, scratch);
                  if (chunk === null) return;
                  pending = concat(pending, chunk);
                  t = indexOf(pending, 13, 10);
                }
                const empty = t === 0;
                pending = pending.slice(t + 2);
                if (empty) break;
                t = indexOf(pending, 13, 10);
              }
              break;
            }
            size += n;
            if (size > maxBody) {
              throw new ProtocolError(
                413,
                `request body is over the ${maxBody}-byte limit`,
              );
            }
            const data = new Uint8Array(n);
            const have = Math.min(n, pending.length);
            data.set(pending.subarray(0, have));
            pending = pending.slice(have);
            for (let at = have; at < n;) {
              const chunk = await this.#read(c, data.subarray(at));
              if (chunk === null) return;
              at += chunk.length;
            }
            parts.push(data);
            while (pending.length < 2) {
              const chunk = await this.#read(c, scratch);
              if (chunk === null) return;
              pending = concat(pending, chunk);
            }
            pending = pending.slice(2);
          }
          body = new Uint8Array(size);
          let at = 0;
          for (const p of parts) (body.set(p, at), at += p.length);
        } else {
          const lengthHeader = headers.get("content-length");
          if (lengthHeader !== null) {
            if (!/^\d+$/.test(lengthHeader.trim())) {
              throw new ProtocolError(400, `malformed content-length "${lengthHeader}"`);
            }
            const length = Number(lengthHeader.trim());
            if (length > maxBody) {
              throw new ProtocolError(
                413,
                `request body of ${length} bytes is over the ${maxBody}-byte limit`,
              );
            }
            if (expectContinue && length > pending.length) {
              await this.#write(c, encoder.encode("HTTP/1.1 100 Continue\r\n\r\n"));
            }
            body = new Uint8Array(length);
            const have = Math.min(length, pending.length);
            body.set(pending.subarray(0, have));
            pending = pending.slice(have);
            let at = have;
            while (at < length) {
              const chunk = await this.#read(c, body.subarray(at));
              if (chunk === null) return;
              at += chunk.length;
            }
          }
        }
        c.deadline = Infinity;

        // 3. The handler: no deadline (verification has its own limits).
        const host = headers.get("host") ?? `${this.options.hostname ?? "127.0.0.1"}`;
        let response: Response;
        try {
          const request = new Request(
            target.startsWith("/") ? `http://${host}${target}` : target,
            {
              method,
              headers,
              ...(body && method !== "GET" && method !== "HEAD"
                ? { body: body as Uint8Array<ArrayBuffer> }
                : {}),
            },
          );
          response = await this.#handler(request);
        } catch (error) {
          response = Response.json(
            { error: `internal error: ${error instanceof Error ? error.message : error}` },
            { status: 500 },
          );
        }

        // 4. The response: taken by the client within bodyMs.
        const again = keepAlive && !this.#closing;
        this.#deadline(c, bodyMs);
        await this.#write(c, await serialize(response, method === "HEAD", again, idleMs));
        c.deadline = Infinity;
        c.busy = false;
        if (!again) return;
      }
    } catch (error) {
      if (error instanceof ProtocolError && !c.closed) {
        try {
          this.#deadline(c, bodyMs);
          await this.#write(
            c,
            await serialize(
              Response.json({ error: error.message }, { status: error.status }),
              false,
              false,
              idleMs,
            ),
          );
          // Let the client finish sending (briefly) so it reads the answer instead of a reset.
          await c.conn.closeWrite();
          this.#deadline(c, 1000);
          for (let drained = 0; drained < 4 * 2 ** 20;) {
            const chunk = await this.#read(c, scratch);
            if (chunk === null) break;
            drained += chunk.length;
          }
        } catch { /* the client is gone, or the drain ran out of time */ }
      }
      // Deadline, reset, broken pipe: the connection is simply closed.
    } finally {
      c.busy = false;
    }
  }

  /** Stops accepting, closes idle connections, and waits for requests in flight. */
  async shutdown(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    try {
      this.#listener?.close();
    } catch { /* closed */ }
    await this.#accepting;
    for (const c of this.#connections) if (!c.busy) this.#close(c);
    await Promise.all([...this.#tasks]);
    if (this.#sweeper !== undefined) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
  }
}

function indexOf(bytes: Uint8Array, a: number, b: number): number {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === a && bytes[i + 1] === b) return i;
  return -1;
}

async function serialize(
  response: Response,
  head: boolean,
  keepAlive: boolean,
  idleMs: number,
): Promise<Uint8Array> {
  const body = new Uint8Array(await response.arrayBuffer());
  let text = `HTTP/1.1 ${response.status} ${
    REASONS[response.status] ?? response.statusText ?? ""
  }\r\n`;
  for (const [name, value] of response.headers) {
    if (name === "content-length" || name === "transfer-encoding" || name === "connection") {
      continue;
    }
    text += `${name}: ${value}\r\n`;
  }
  text += `content-length: ${body.length}\r\n`;
  text += keepAlive
    ? `connection: keep-alive\r\nkeep-alive: timeout=${Math.floor(idleMs / 1000)}\r\n\r\n`
    : "connection: close\r\n\r\n";
  const headBytes = encoder.encode(text);
  if (head || body.length === 0) return headBytes;
  const out = new Uint8Array(headBytes.length + body.length);
  out.set(headBytes);
  out.set(body, headBytes.length);
  return out;
}
