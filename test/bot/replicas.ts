// Several real bot server processes (replica-server.ts: src/bot/server.ts's server without
// octokit's throttling) against one fake GitHub.
// The fake repository (fake-github.ts) lives in this test process behind nock; a loopback
// HTTP server forwards the children's requests to it, so every request of every replica is
// checked against the OpenAPI description and changes the one shared state. A barrier can
// hold requests until each replica has made one, so the replicas read GitHub at the same
// moment: the race the claims must win, not a lucky ordering.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { FakeGitHub } from "./fake-github.ts";
import { APP_LOGIN } from "./fake-github.ts";
import { privateKey, SECRET } from "./setup.ts";

const SERVER = fileURLToPath(new URL("./replica-server.ts", import.meta.url));
/** A barrier that is never completed lets its requests go after this (a test bug, not a pass). */
const BARRIER_FALLBACK_MS = 5000;

interface Barrier {
  method: string;
  path: RegExp;
  count: number;
  waiting: Array<() => void>;
  /** True once `count` requests were held together (not released by the fallback). */
  met: boolean;
}

export interface ApiProxy {
  url: string;
  /**
   * The next `count` requests matching `method` and `path` wait until all of them arrived;
   * `met()` says whether they did (a test asserts it: else the race never happened).
   */
  barrier(method: string, path: RegExp, count: number): { met(): boolean };
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function wait(barriers: Barrier[], method: string, path: string): Promise<void> | null {
  const b = barriers.find((x) => x.method === method && x.path.test(path) && x.count > 0);
  if (!b) return null;
  b.count--;
  const arrived = new Promise<void>((resolve) => b.waiting.push(resolve));
  const release = () => {
    for (const go of b.waiting.splice(0)) go();
  };
  if (b.count === 0) {
    b.met = true;
    release();
  } else setTimeout(release, BARRIER_FALLBACK_MS).unref();
  return arrived;
}

/** A loopback front for the fake: GitHub Enterprise style (`/api/v3`), forwarded to nock. */
export async function startProxy(): Promise<ApiProxy> {
  const barriers: Barrier[] = [];
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").replace(/^\/api\/v3/, "");
    const body = await readBody(req);
    await wait(barriers, req.method ?? "GET", path.split("?")[0] ?? "");
    const headers: Record<string, string> = {};
    for (const k of ["authorization", "accept", "content-type", "user-agent"]) {
      const v = req.headers[k];
      if (typeof v === "string") headers[k] = v;
    }
    const answer = await fetch(`https://api.github.com${path}`, {
      method: req.method,
      headers,
      body: body.length > 0 ? body : undefined,
    });
    const out: Record<string, string> = {};
    for (const k of ["content-type", "link"]) {
      const v = answer.headers.get(k);
      if (v) out[k] = v;
    }
    res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
  };
  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      res.writeHead(500).end(JSON.stringify({ message: String(error) }));
    });
  });
  const host = await listen(server);
  return {
    url: host,
    barrier(method, path, count) {
      const b: Barrier = { method, path, count, waiting: [], met: false };
      barriers.push(b);
      return { met: () => b.met };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Replica {
  url: string;
  child: ChildProcess;
  /** What the process logged (warnings and errors), for failure messages. */
  log: string[];
}

async function freePort(): Promise<number> {
  const server = createServer();
  const host = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return Number(host.split(":")[1]);
}

async function ready(url: string, child: ChildProcess, log: string[]): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`bot exited early:\n${log.join("")}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`bot at ${url} never became ready:\n${log.join("")}`);
}

/** Start `count` bot server processes talking to GitHub through `proxy`. */
export async function startReplicas(proxy: ApiProxy, count: number): Promise<Replica[]> {
  const started = Array.from({ length: count }, async (): Promise<Replica> => {
    const port = await freePort();
    const child = spawn(process.execPath, [SERVER], {
      env: {
        PATH: process.env.PATH,
        APP_ID: "1",
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: SECRET,
        PORT: String(port),
        HOST: "127.0.0.1",
        GHE_HOST: proxy.url,
        GHE_PROTOCOL: "http",
        DXFIX_BOT_LOGIN: APP_LOGIN,
        DXFIX_PR_GAP_MS: "0",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const log: string[] = [];
    child.stdout?.on("data", (d: Buffer) => log.push(d.toString()));
    child.stderr?.on("data", (d: Buffer) => log.push(d.toString()));
    const url = `http://127.0.0.1:${port}`;
    await ready(url, child, log);
    return { url, child, log };
  });
  return Promise.all(started);
}

export async function stopReplicas(replicas: Replica[]): Promise<void> {
  await Promise.all(
    replicas.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
}

/** POST one signed delivery to a replica; resolves with the HTTP status once handled. */
export async function post(
  replica: Replica,
  name: string,
  payload: unknown,
  id: string,
): Promise<number> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
  const res = await fetch(`${replica.url}/api/github/webhooks`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": name,
      "x-github-delivery": id,
      "x-hub-signature-256": signature,
    },
  });
  await res.arrayBuffer();
  return res.status;
}

/** The fake's requests of one operation kind, e.g. re-run requests. */
export function calls(fake: FakeGitHub, method: string, path: RegExp) {
  return fake.requests(method, path).length;
}
