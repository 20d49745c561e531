// The REST client goes through the proxy that https_proxy/http_proxy name (self-hosted
// runners behind a proxy), loading the proxy-aware fetch only then, and straight to the
// API otherwise. A real CONNECT proxy on loopback forwards to a real API server; the API's
// host name resolves nowhere, so an answer proves the request went through the proxy.
import { createServer as createHttpServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, expect, it } from "vitest";
import { createOctokit } from "../../src/github/octokit.ts";

const closers: (() => void)[] = [];
const saved = { http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };
afterEach(() => {
  for (const close of closers.splice(0)) close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const sockets = new Set<Socket>();
  server.on("connection", (s) => sockets.add(s));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

it("sends API requests through the proxy named by http_proxy", async () => {
  const api = createHttpServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ full_name: "octo/demo", seen: `${req.method} ${req.url}` }));
  });
  const apiPort = await listen(api);
  const tunnels: string[] = [];
  const proxy = createHttpServer();
  proxy.on("connect", (req, client: Socket, head) => {
    tunnels.push(req.url ?? "");
    const upstream = connect(apiPort, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    closers.push(() => upstream.destroy());
  });
  const proxyPort = await listen(proxy);
  process.env.http_proxy = `http://127.0.0.1:${proxyPort}`;
  delete process.env.no_proxy;

  const octokit = createOctokit("ghs_test", {
    baseUrl: `http://api.dxfix.invalid:${apiPort}`,
    retries: 0,
  });
  const { data } = await octokit.request("GET /repos/{owner}/{repo}", {
    owner: "octo",
    repo: "demo",
  });

  expect(data).toMatchObject({ full_name: "octo/demo", seen: "GET /repos/octo/demo" });
  expect(tunnels).toEqual([`api.dxfix.invalid:${apiPort}`]);
});

it("goes straight to the API when no proxy applies", async () => {
  const api = createHttpServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ full_name: "octo/demo" }));
  });
  const apiPort = await listen(api);
  delete process.env.http_proxy;
  const octokit = createOctokit("ghs_test", { baseUrl: `http://127.0.0.1:${apiPort}`, retries: 0 });
  const { data } = await octokit.request("GET /repos/{owner}/{repo}", {
    owner: "octo",
    repo: "demo",
  });
  expect(data.full_name).toBe("octo/demo");
});
