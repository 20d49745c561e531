// The REST client's transport over node:http against real local servers: what Octokit
// reads of a response, redirects as the fetch standard makes them, decoded bodies, and
// failures shaped as fetch's (so octokit's error messages and the request time limit work).
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer, globalAgent } from "node:https";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { httpFetch } from "../../src/github/http-fetch.ts";
import { createOctokit } from "../../src/github/octokit.ts";
import { RequestTimeoutError, timedFetch } from "../../src/github/timeout.ts";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const servers: Server[] = [];
const closeAll = () =>
  Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((r) => s.close(r));
    }),
  );
afterEach(closeAll);

/** A server answering with `handle`; returns its base URL and what it received. */
async function serve(
  handle: (req: Seen, res: ServerResponse) => void,
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      const s = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      seen.push(s);
      handle(s, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe("httpFetch", () => {
  it("gives status, final URL, lower-case headers (repeats joined) and the body", async () => {
    const { url, seen } = await serve((_req, res) => {
      res.setHeader("Content-Type", "application/json; charset=utf-8");
      res.setHeader("X-RateLimit-Remaining", "4999");
      res.setHeader("Set-Cookie", ["a=1", "b=2"]);
      res.statusCode = 201;
      res.end(JSON.stringify({ id: 7, body: "héllo" }));
    });
    const response = await httpFetch(`${url}/repos/o/r/issues/2/comments`, {
      method: "POST",
      headers: { Authorization: "token t", "content-type": "application/json" },
      body: JSON.stringify({ body: "héllo" }),
    });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${url}/repos/o/r/issues/2/comments`);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect(Object.fromEntries(response.headers)).toMatchObject({ "set-cookie": "a=1, b=2" });
    expect(await response.json()).toEqual({ id: 7, body: "héllo" });
    expect(seen[0]).toMatchObject({ method: "POST", body: '{"body":"héllo"}' });
    expect(seen[0]?.headers).toMatchObject({
      authorization: "token t",
      "content-length": String(Buffer.byteLength('{"body":"héllo"}')),
    });
  });

  it("decodes gzip and brotli bodies, and asks for them", async () => {
    const text = JSON.stringify({ many: "x".repeat(10_000) });
    const { url, seen } = await serve((req, res) => {
      const br = req.url === "/br";
      res.setHeader("Content-Encoding", br ? "br" : "gzip");
      res.end(br ? brotliCompressSync(text) : gzipSync(text));
    });
    expect(await (await httpFetch(`${url}/gz`)).text()).toBe(text);
    expect(await (await httpFetch(`${url}/br`)).text()).toBe(text);
    expect(seen[0]?.headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("rejects a body cut off mid-way, encoded or not, instead of waiting for its end", async () => {
    const packed = gzipSync("x".repeat(100_000));
    const { url } = await serve((req, res) => {
      if (req.url === "/gz") res.setHeader("Content-Encoding", "gzip");
      res.setHeader("Content-Length", String(packed.length));
      res.write(packed.subarray(0, 100));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    for (const path of ["/gz", "/plain"]) {
      const failure = await httpFetch(`${url}${path}`).catch((e: unknown) => e);
      expect(failure, path).toBeInstanceOf(TypeError);
      expect((failure as TypeError).message).toBe("fetch failed");
    }
  });

  it("follows redirects as fetch does: 302 after POST becomes GET, 307 keeps method and body", async () => {
    const { url, seen } = await serve((req, res) => {
      if (req.url === "/found" || req.url === "/temporary") {
        res.statusCode = req.url === "/found" ? 302 : 307;
        res.setHeader("Location", "/target");
        res.end();
        return;
      }
      res.end(`${req.method} ${req.body}`);
    });
    const found = await httpFetch(`${url}/found`, { method: "POST", body: "data" });
    expect(await found.text()).toBe("GET ");
    expect(found.url).toBe(`${url}/target`);
    expect(found.redirected).toBe(true);
    const temporary = await httpFetch(`${url}/temporary`, { method: "POST", body: "data" });
    expect(await temporary.text()).toBe("POST data");
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      "POST /found",
      "GET /target",
      "POST /temporary",
      "POST /target",
    ]);
  });

  it("drops the Authorization header when a redirect leaves the origin", async () => {
    const elsewhere = await serve((_req, res) => res.end("blob"));
    const api = await serve((_req, res) => {
      res.statusCode = 302;
      res.setHeader("Location", `${elsewhere.url}/download?sig=x`);
      res.end();
    });
    const response = await httpFetch(`${api.url}/zip`, { headers: { authorization: "token t" } });
    expect(await response.text()).toBe("blob");
    expect(api.seen[0]?.headers.authorization).toBe("token t");
    expect(elsewhere.seen[0]?.headers.authorization).toBeUndefined();
  });

  it("returns the redirect itself with redirect: manual", async () => {
    const { url } = await serve((_req, res) => {
      res.statusCode = 301;
      res.setHeader("Location", "/moved");
      res.end();
    });
    const response = await httpFetch(`${url}/x`, { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/moved");
  });

  it("rejects a refused connection as fetch does, with the cause", async () => {
    const { url } = await serve((_req, res) => res.end());
    await closeAll();
    const failure = await httpFetch(`${url}/`).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe("fetch failed");
    expect(((failure as TypeError).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("rejects with the signal's reason when aborted, and stops a silent server under the time limit", async () => {
    const { url } = await serve(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const pending = httpFetch(`${url}/`, { signal: controller.signal });
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    await expect(timedFetch(100, httpFetch)(`${url}/slow`)).rejects.toBeInstanceOf(
      RequestTimeoutError,
    );
  });
});

describe("httpFetch over HTTPS", () => {
  const tls = (name: string) =>
    readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url), "utf8");

  it("talks to a server whose certificate is trusted, and refuses one that is not", async () => {
    const server = createTlsServer({ key: tls("key.pem"), cert: tls("cert.pem") }, (_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end('{"tls":true}');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    // Not in the trusted roots: refused, never talked to.
    const refused = await httpFetch(url).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TypeError);
    expect(((refused as TypeError).cause as NodeJS.ErrnoException).code).toBe(
      "DEPTH_ZERO_SELF_SIGNED_CERT",
    );
    // Trusted as NODE_EXTRA_CA_CERTS would make it (the default agent's CA list).
    const before = globalAgent.options.ca;
    globalAgent.options.ca = tls("cert.pem");
    try {
      expect(await (await httpFetch(url)).json()).toEqual({ tls: true });
    } finally {
      globalAgent.options.ca = before;
    }
  });
});

describe("createOctokit over httpFetch", () => {
  it("pages through a listing by its Link header and parses JSON", async () => {
    const { url, seen } = await serve((req, res) => {
      const page = new URL(req.url, "http://x").searchParams.get("page") ?? "1";
      res.setHeader("Content-Type", "application/json");
      if (page === "1") {
        res.setHeader(
          "Link",
          `<${baseOf(req)}/repos/o/r/issues/2/comments?per_page=1&page=2>; rel="next"`,
        );
      }
      res.end(JSON.stringify([{ id: Number(page), body: `comment ${page}` }]));
    });
    const baseOf = (req: Seen) => `http://${req.headers.host}`;
    const octokit = createOctokit("t0ken", { baseUrl: url, retries: 0 });
    const comments = await octokit.paginate(
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      {
        owner: "o",
        repo: "r",
        issue_number: 2,
        per_page: 1,
      },
    );
    expect(comments.map((c) => c.id)).toEqual([1, 2]);
    expect(seen.map((s) => s.url)).toEqual([
      "/repos/o/r/issues/2/comments?per_page=1",
      "/repos/o/r/issues/2/comments?per_page=1&page=2",
    ]);
    expect(seen[0]?.headers.authorization).toBe("token t0ken");
  });
});
