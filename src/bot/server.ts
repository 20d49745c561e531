// `npm run bot`: the dxfix Probot app as a Node HTTP server. Reads `.env` when there is
// one, then APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH), WEBHOOK_SECRET, HOST, PORT (default
// 3000), WEBHOOK_PATH, GHE_HOST and GHE_PROTOCOL. Before listening it asks GitHub who the
// App is (`GET /app`), so a wrong host or key stops it with one line.
//
// Anyone can POST to the webhook path, so nothing is kept before the signature checks
// out, and no more is read than GitHub ever sends: Probot's middleware buffered any body
// whole (a 100 MB unsigned body took the process to 967 MB RSS; four 50 MB ones to
// 1.48 GB). Here a body without the signature headers is not read at all, one declaring
// or streaming more than GitHub's 25 MB cap is refused with 413 at the first byte past
// it, and a bad signature is one log line and a 400 before the app sees anything.

import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createNodeMiddleware, createProbot, type Probot, ProbotOctokit } from "probot";
import { messageOf, statusOf } from "../errors.ts";
import { dxfixApp } from "./app.ts";
import { appSlug } from "./github.ts";
import { withRequestTimeout } from "./octokit.ts";

export const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

/** GitHub caps webhook payloads at 25 MB: a larger body is not a delivery. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export interface ServerOptions {
  path?: string;
  /** The largest body read (default MAX_WEBHOOK_BYTES). */
  maxBytes?: number;
}

type Middleware = Awaited<ReturnType<typeof createNodeMiddleware>>;

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : null;
}

/** The body, or null as soon as it passes `limit` bytes (what was read is dropped). */
function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (result: Buffer | null) => {
      req.removeAllListeners("data");
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        stop(null);
      } else chunks.push(chunk);
    });
    req.on("end", () => stop(Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

/** Answer, then hang up if the body is still coming: the rest of it is never kept. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: string): void {
  const body = `${JSON.stringify({ error })}\n`;
  const socket = res.socket;
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  // Node discards what the client still sends (nothing is kept); hanging up at once could
  // reset the connection before the client reads the answer, so give it a moment. A body
  // read to its end leaves the connection open for the next request.
  const hangUp = () => {
    if (!req.complete) socket?.destroy();
  };
  res.end(body, () => setTimeout(hangUp, 1000).unref());
}

async function webhook(
  req: IncomingMessage,
  res: ServerResponse,
  probot: Probot,
  middleware: Middleware,
  maxBytes: number,
): Promise<void> {
  const id = header(req, "x-github-delivery");
  const name = header(req, "x-github-event");
  const signature = header(req, "x-hub-signature-256");
  if (!id || !name || !signature) return refuse(req, res, 400, "not a signed GitHub webhook");
  const declared = Number(header(req, "content-length") ?? 0);
  const raw = declared > maxBytes ? null : await readCapped(req, maxBytes);
  if (!raw) return refuse(req, res, 413, `payload over ${maxBytes} bytes: GitHub never sends one`);
  if (!(await probot.webhooks.verify(raw.toString("utf8"), signature))) {
    probot.log.warn(`webhook ${id} (${name}, ${raw.length} bytes) refused: bad signature`);
    return refuse(req, res, 400, "signature does not match");
  }
  // The middleware takes a body already read from `rawBody` (as behind a framework).
  Object.assign(req, { body: {}, rawBody: raw });
  await middleware(req, res, () => res.writeHead(404).end());
}

/** A node:http server routing signed webhooks to the app; `GET /healthz` answers 200. */
export async function createBotServer(
  probot: Probot,
  pathOrOptions: string | ServerOptions = {},
): Promise<Server> {
  const options = typeof pathOrOptions === "string" ? { path: pathOrOptions } : pathOrOptions;
  const path = options.path ?? DEFAULT_WEBHOOK_PATH;
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BYTES;
  const middleware = await createNodeMiddleware(dxfixApp, { probot, webhooksPath: path });
  return createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    // Only a POST to the webhook path reaches the middleware, and only with a body read
    // here: anything else would be buffered whole by it.
    if (req.method !== "POST" || pathOf(req.url) !== pathOf(path)) {
      res.writeHead(404).end();
      return;
    }
    webhook(req, res, probot, middleware, maxBytes).catch((error: unknown) => {
      // A client hanging up mid-body, mostly: one line, not a stack.
      probot.log.warn(`webhook request failed: ${messageOf(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
}

/** A URL's path without query or trailing slashes (as the middleware compares them). */
function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://localhost").pathname.replace(/\/+$/, "");
  } catch {
    return "";
  }
}

function missing(): string[] {
  const need = ["APP_ID", "WEBHOOK_SECRET"].filter((k) => !process.env[k]);
  if (!process.env.PRIVATE_KEY && !process.env.PRIVATE_KEY_PATH) need.push("PRIVATE_KEY");
  return need;
}

/** `.env` in the working directory, when there is one; the environment's values win. */
function loadEnv(): string | null {
  if (!existsSync(".env")) return null;
  process.loadEnvFile(".env");
  return ".env";
}

/** Probot's base URL rule: GitHub.com, or `GHE_PROTOCOL://GHE_HOST/api/v3`. */
export function apiBase(env: NodeJS.ProcessEnv = process.env): string {
  return env.GHE_HOST
    ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3`
    : "https://api.github.com";
}

/** The app's slug, asked once before listening: a wrong host or key fails here, in one line. */
async function checkGitHub(base: string): Promise<string> {
  // No retries and a short limit: at start-up an unreachable API is an answer.
  const Octokit = withRequestTimeout(
    ProbotOctokit.defaults((o: Record<string, unknown>) => ({
      ...o,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
    STARTUP_TIMEOUT_MS,
  );
  try {
    return await appSlug(await createProbot({ overrides: { Octokit } }).auth());
  } catch (error) {
    const status = statusOf(error);
    const why =
      status === 401
        ? "it refused the App's credentials: check APP_ID and PRIVATE_KEY"
        : status === null || status >= 500
          ? `cannot reach it (${messageOf(error)}): check GHE_HOST, GHE_PROTOCOL and the network`
          : `GET /app answered ${status} (${messageOf(error)})`;
    throw new Error(`GitHub API at ${base}: ${why}`);
  }
}

const STARTUP_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const envFile = loadEnv();
  const need = missing();
  if (need.length > 0) {
    const where = envFile ? "set them in .env" : "copy .env.example to .env and fill it in";
    console.error(`dxfix bot: missing environment: ${need.join(", ")} (${where}; see docs/bot.md)`);
    process.exitCode = 1;
    return;
  }
  const base = apiBase();
  let slug: string;
  try {
    slug = await checkGitHub(base);
  } catch (error) {
    console.error(`dxfix bot: ${messageOf(error)}`);
    process.exitCode = 1;
    return;
  }
  // Probot logs only warnings by default: the start-up line is info.
  const env = { LOG_LEVEL: "info" as const, ...process.env };
  const probot = createProbot({ env, overrides: { Octokit: withRequestTimeout() } });
  const path = process.env.WEBHOOK_PATH ?? DEFAULT_WEBHOOK_PATH;
  const server = await createBotServer(probot, path);
  const port = Number(process.env.PORT ?? 3000);
  server.once("error", (error) => {
    console.error(`dxfix bot: cannot listen on port ${port}: ${messageOf(error)}`);
    process.exit(1);
  });
  server.listen(port, process.env.HOST, () => {
    const where = listening(server, path);
    probot.log.info(
      `dxfix bot listening on ${where} · app ${slug} (id ${process.env.APP_ID}) · API ${base}`,
    );
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** The webhook URL the server listens on; every interface (no HOST) reads as localhost. */
function listening(server: Server, path: string): string {
  const address = server.address();
  if (address === null || typeof address === "string") return `${address}${path}`;
  const { port } = address;
  if (address.address === "::" || address.address === "0.0.0.0") {
    return `http://localhost:${port}${path} (every interface)`;
  }
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${port}${path}`;
}

if (import.meta.main) await main();
