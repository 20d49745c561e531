// `npm run bot` as docs/bot.md tells a new user to start it: a real server process, its
// settings in a .env file only, GitHub a loopback fake answering `GET /app`.
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tempDirs } from "../helpers/git.ts";
import { checkRequest } from "../helpers/openapi.ts";

const SERVER = fileURLToPath(new URL("../../src/bot/server.ts", import.meta.url));
const temp = tempDirs();
const children: ChildProcess[] = [];
let github: Server;
let githubHost = "";
const violations: string[] = [];

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
});

beforeAll(async () => {
  github = createServer((req, res) => {
    violations.push(
      ...checkRequest({
        method: req.method ?? "GET",
        url: (req.url ?? "/").replace(/^\/api\/v3/, ""),
        body: undefined,
      }),
    );
    if (
      req.method === "GET" &&
      req.url === "/api/v3/app" &&
      req.headers.authorization?.startsWith("bearer ")
    ) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: 42, slug: "dxfix-local", name: "dxfix local" }));
    } else res.writeHead(404).end("{}");
  });
  github.listen(0, "127.0.0.1");
  await once(github, "listening");
  githubHost = `127.0.0.1:${(github.address() as AddressInfo).port}`;
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

afterAll(async () => {
  github.close();
  temp.cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  return port;
}

/** The App's settings, as `.env.example` asks for them. */
const APP = { APP_ID: "42", PRIVATE_KEY_PATH: "app.pem", WEBHOOK_SECRET: "s3cret" };

/** A project directory holding a .env (and the key file it names). */
function project(env: Record<string, string>): string {
  const dir = temp.make("dxfix-bot-start-");
  writeFileSync(join(dir, "app.pem"), privateKey);
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  writeFileSync(join(dir, ".env"), `# as copied from .env.example\n${lines.join("\n")}\n`);
  return dir;
}

/** The server started in `cwd` with nothing of ours in its environment but PATH. */
function start(cwd: string) {
  const child = spawn(process.execPath, [SERVER], {
    cwd,
    env: { PATH: process.env.PATH },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const output = { text: "" };
  child.stdout?.on("data", (d: Buffer) => (output.text += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output.text += d.toString()));
  return { child, output };
}

async function until(test: () => boolean, what: string, log: { text: string }): Promise<void> {
  for (let i = 0; i < 400 && !test(); i++) await sleep(50);
  if (!test()) throw new Error(`never saw ${what}; the server printed:\n${log.text}`);
}

const lines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

describe("npm run bot", () => {
  it("reads .env, logs one start-up line, and a bad signature as one line", async () => {
    const port = await freePort();
    const dir = project({
      ...APP,
      HOST: "127.0.0.1",
      PORT: String(port),
      GHE_HOST: githubHost,
      GHE_PROTOCOL: "http",
    });
    const { output } = start(dir);
    await until(() => output.text.includes("listening"), "the start-up line", output);
    expect(lines(output.text)).toEqual([
      expect.stringMatching(
        new RegExp(
          `INFO.*: dxfix bot listening on http://127\\.0\\.0\\.1:${port}/api/github/webhooks · app dxfix-local \\(id 42\\) · API http://${githubHost}/api/v3$`,
        ),
      ),
    ]);

    const res = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "push",
        "x-github-delivery": "d-1",
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
      },
      body: JSON.stringify({ zen: "forged" }),
    });
    expect(res.status).toBe(400);
    await until(() => lines(output.text).length > 1, "the bad-signature line", output);
    await sleep(300); // anything more it would print (a stack) comes with it
    const [, ...after] = lines(output.text);
    expect(after).toEqual([
      expect.stringMatching(/WARN.*: webhook d-1 \(push, \d+ bytes\) refused: bad signature$/),
    ]);
    expect(violations).toEqual([]);
  });

  it("stops at once with one line when the API base cannot be reached", async () => {
    const closed = await freePort();
    const dir = project({
      ...APP,
      GHE_HOST: `127.0.0.1:${closed}`,
      GHE_PROTOCOL: "http",
    });
    const { child, output } = start(dir);
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output.text).toMatch(
      new RegExp(
        `^dxfix bot: GitHub API at http://127\\.0\\.0\\.1:${closed}/api/v3: cannot reach it \\(.+\\): check GHE_HOST, GHE_PROTOCOL and the network\\n$`,
      ),
    );
  });

  it("without .env says what to copy", async () => {
    const { child, output } = start(temp.make("dxfix-bot-empty-"));
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output.text).toBe(
      "dxfix bot: missing environment: APP_ID, WEBHOOK_SECRET, PRIVATE_KEY (copy .env.example to .env and fill it in; see docs/bot.md)\n",
    );
  });
});
