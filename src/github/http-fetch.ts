// The REST client's transport: the part of `fetch` Octokit uses (method, headers, a string
// body, a signal, redirects; status, headers, text/arrayBuffer), over node:http/https.
//
// Why not Node's fetch: its first call loads Node's bundled undici and compiles llhttp to
// WebAssembly, ~35 ms of CPU in a run whose whole budget is the lightest actions' ~90 ms
// (bench/startup.bench.ts); node:http's parser is native. The modules are taken with
// process.getBuiltinModule when a request first needs them, not imported: an ESM `import`
// of node:http builds its namespace by reading every lazy getter, which loads undici all
// the same (33 ms of CPU against 3 ms).
//
// Behaviour follows the fetch standard where Octokit can see it: redirects are followed
// (303, and 301/302 after a POST, become GET; Authorization and Cookie are dropped when
// the redirect leaves the origin), gzip/deflate/br bodies are decoded, a network failure
// rejects with `TypeError("fetch failed", { cause })`, and an aborted signal rejects with
// its reason. Proxies are not handled here: octokit.ts uses proxy-fetch.ts when one applies.
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

type Fetch = typeof globalThis.fetch;

const MAX_REDIRECTS = 20;

/** The response headers as fetch's Headers shows them: lower-case names, repeats joined. */
class ResponseHeaders {
  readonly #map = new Map<string, string>();

  constructor(raw: IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      this.#map.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value);
    }
  }

  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    yield* [...this.#map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** A response whose body has been read whole (GitHub's REST answers are small). */
class BufferedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly ok: boolean;
  readonly redirected: boolean;
  readonly headers: ResponseHeaders;
  readonly #bytes: Buffer;

  constructor(res: IncomingMessage, url: string, bytes: Buffer, redirects: number) {
    this.status = res.statusCode ?? 0;
    this.statusText = res.statusMessage ?? "";
    this.url = url;
    this.ok = this.status >= 200 && this.status < 300;
    this.redirected = redirects > 0;
    this.headers = new ResponseHeaders(res.headers);
    this.#bytes = bytes;
  }

  async text(): Promise<string> {
    return this.#bytes.toString("utf8");
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.#bytes.toString("utf8"));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.#bytes;
    return buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer;
  }
}

/** Plain header object of a fetch init (Octokit passes one; a Headers or pairs also work). */
function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const h = init?.headers;
  if (!h) return out;
  const pairs: Iterable<[string, string]> =
    Symbol.iterator in h
      ? (h as Iterable<[string, string]>)
      : Object.entries(h as Record<string, string>);
  for (const [name, value] of pairs) out[name.toLowerCase()] = String(value);
  return out;
}

function bodyOf(body: RequestInit["body"]): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError("http-fetch sends string and byte bodies only");
}

/** The body stream decoded as Content-Encoding says (fetch does this transparently). */
function decoded(res: IncomingMessage): NodeJS.ReadableStream {
  const encoding = String(res.headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  if (encoding === "" || encoding === "identity") return res;
  const zlib = process.getBuiltinModule("node:zlib");
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (encoding === "gzip" || encoding === "x-gzip") return res.pipe(zlib.createGunzip(flush));
  if (encoding === "deflate") return res.pipe(zlib.createInflate(flush));
  if (encoding === "br") return res.pipe(zlib.createBrotliDecompress());
  return res;
}

interface Attempt {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

/** One request and its whole (decoded) body; rejects like fetch on failure or abort. */
function send(
  a: Attempt,
  signal: AbortSignal | undefined,
): Promise<{ res: IncomingMessage; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const http =
      a.url.protocol === "https:"
        ? process.getBuiltinModule("node:https")
        : process.getBuiltinModule("node:http");
    const headers = { ...a.headers };
    if (a.body !== undefined) headers["content-length"] = String(Buffer.byteLength(a.body));
    headers["accept-encoding"] ??= "gzip, deflate, br";
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      req.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal?.reason);
    const req = http.request(a.url, { method: a.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      const stream = decoded(res);
      const broken = (e: Error) => fail(new TypeError("fetch failed", { cause: e }));
      // A connection cut mid-body errors the response; a pipe would not pass that on.
      if (stream !== res) res.on("error", broken);
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", broken);
      stream.on("end", () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        resolve({ res, bytes: Buffer.concat(chunks) });
      });
    });
    req.on("error", (e) => fail(new TypeError("fetch failed", { cause: e })));
    signal?.addEventListener("abort", onAbort, { once: true });
    req.end(a.body);
  });
}

/** The next request of a redirect, as the fetch standard's "HTTP-redirect fetch" makes it. */
function redirected(a: Attempt, status: number, location: string): Attempt {
  const url = new URL(location, a.url);
  const toGet =
    status === 303
      ? a.method !== "HEAD"
      : (status === 301 || status === 302) && a.method === "POST";
  const headers = { ...a.headers };
  if (toGet) {
    delete headers["content-type"];
    delete headers["content-length"];
  }
  if (url.origin !== a.url.origin) {
    delete headers.authorization;
    delete headers.cookie;
  }
  return {
    url,
    method: toGet ? "GET" : a.method,
    headers,
    body: toGet ? undefined : a.body,
  };
}

/** `fetch` for Octokit over node:http/https (see the top of this file for what it covers). */
export const httpFetch: Fetch = (async (input: string | URL | Request, init?: RequestInit) => {
  if (typeof input !== "string" && !(input instanceof URL)) {
    throw new TypeError("http-fetch takes a URL, not a Request");
  }
  const signal = init?.signal ?? undefined;
  let attempt: Attempt = {
    url: new URL(input),
    method: (init?.method ?? "GET").toUpperCase(),
    headers: headersOf(init),
    body: bodyOf(init?.body),
  };
  for (let redirects = 0; ; redirects++) {
    const { res, bytes } = await send(attempt, signal);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    const follows = [301, 302, 303, 307, 308].includes(status) && location !== undefined;
    if (follows && init?.redirect === "error") throw new TypeError("fetch failed: redirected");
    if (!follows || init?.redirect === "manual") {
      return new BufferedResponse(res, attempt.url.href, bytes, redirects) as unknown as Response;
    }
    if (redirects >= MAX_REDIRECTS) {
      throw new TypeError("fetch failed", { cause: new Error("too many redirects") });
    }
    attempt = redirected(attempt, status, location);
  }
}) as Fetch;
