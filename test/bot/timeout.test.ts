// The bot's requests have a time limit too: a GitHub that accepts connections and never
// answers fails the delivery with the request's name instead of holding it forever.
// (No nock here: it would stand between the client and the silent server.)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { runInActions } from "../../src/bot/actions.ts";
import { timeoutFromEnv } from "../../src/bot/octokit.ts";

const noRetries = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

let server: Server | null = null;
const dirs: string[] = [];
afterEach(() => {
  server?.close();
  server = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function silentApi(): Promise<string> {
  const sockets: Socket[] = [];
  server = createServer((socket) => {
    sockets.push(socket);
    socket.resume();
  });
  server.on("close", () => {
    for (const s of sockets) s.destroy();
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

function commentEvent(): string {
  const dir = mkdtempSync(join(tmpdir(), "dxfix-timeout-"));
  dirs.push(dir);
  const path = join(dir, "event.json");
  const user = { login: "alice", type: "User" };
  const payload = {
    action: "created",
    comment: { id: 5, body: "/dxfix status", user },
    issue: { number: 1, pull_request: {} },
    repository: { name: "r", owner: { login: "o" }, default_branch: "main" },
    sender: user,
  };
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

describe("the bot against a silent API", () => {
  it("fails the delivery naming the request that got no answer", async () => {
    const base = await silentApi();
    const env = {
      GITHUB_EVENT_NAME: "issue_comment",
      GITHUB_EVENT_PATH: commentEvent(),
      GITHUB_TOKEN: "t",
      GITHUB_API_URL: base,
      DXFIX_REQUEST_TIMEOUT_MS: "200",
      LOG_LEVEL: "fatal",
    };
    await expect(runInActions(env, noRetries)).rejects.toThrow(
      `GitHub did not answer POST ${base}/repos/o/r/issues/1/comments within 0.2 s`,
    );
  });

  it("checks DXFIX_REQUEST_TIMEOUT_MS", () => {
    expect(timeoutFromEnv({})).toBe(30_000);
    expect(timeoutFromEnv({ DXFIX_REQUEST_TIMEOUT_MS: "1500" })).toBe(1500);
    expect(() => timeoutFromEnv({ DXFIX_REQUEST_TIMEOUT_MS: "30s" })).toThrow(
      "DXFIX_REQUEST_TIMEOUT_MS must be a positive number of milliseconds, got '30s'",
    );
  });
});
