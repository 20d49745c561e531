// The app behind its three entry points: the Node middleware over real HTTP on loopback,
// the Lambda-style handler, and the GitHub Actions runner.
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { runInActions } from "../../src/bot/actions.ts";
import { createLambdaHandler } from "../../src/bot/lambda.ts";
import { createBotServer, DEFAULT_WEBHOOK_PATH, MAX_WEBHOOK_BYTES } from "../../src/bot/server.ts";
import { resetGitHubMocks } from "../helpers/github.ts";
import {
  commentPayload,
  fakeRepo,
  loadedProbot,
  must,
  newProbot,
  SECRET,
  testOctokit,
} from "./setup.ts";

afterEach(() => resetGitHubMocks());

function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function helpDelivery() {
  const fake = fakeRepo();
  fake.permissions.set("alice", { permission: "write", role_name: "write" });
  const body = JSON.stringify(commentPayload(fake, 1, "/dxfix help", "alice"));
  return { fake, body };
}

describe("Node middleware over real HTTP", () => {
  it("serves a good signature and rejects a bad or missing one with no API call", async () => {
    const { fake, body } = helpDelivery();
    const server = await createBotServer(newProbot());
    const base = await listen(server);
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`${base}${DEFAULT_WEBHOOK_PATH}`, {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "x-github-event": "issue_comment",
            "x-github-delivery": "d-1",
            ...headers,
          },
        });
      const bad = await post({ "x-hub-signature-256": sign(body, "wrong-secret") });
      expect(bad.status).toBe(400);
      const missing = await post({});
      expect(missing.status).toBe(400);
      expect(fake.gh.requests).toHaveLength(0);

      const good = await post({ "x-hub-signature-256": sign(body) });
      expect(good.status).toBe(200);
      fake.gh.assertNoViolations();
      expect(fake.comments.filter((c) => c.login === "dxfix[bot]").map((c) => c.body)).toEqual([
        expect.stringContaining("**dxfix commands**"),
      ]);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});

const execFileAsync = promisify(execFile);

/** POST a body that never ends (see endless-post.ts), until the server answers. */
async function endlessPost(base: string, headers: Record<string, string>, declared?: number) {
  const script = fileURLToPath(new URL("./endless-post.ts", import.meta.url));
  const all = {
    "content-type": "application/json",
    "x-github-event": "issue_comment",
    "x-github-delivery": "d-big",
    ...headers,
  };
  const args = [script, `${base}${DEFAULT_WEBHOOK_PATH}`, JSON.stringify(all)];
  if (declared !== undefined) args.push(String(declared));
  const { stdout } = await execFileAsync(process.execPath, args, { timeout: 30_000 });
  return JSON.parse(stdout) as { status: number; body: string; sent: number };
}

describe("unauthenticated bodies over real HTTP", () => {
  const signed = { "x-hub-signature-256": `sha256=${"0".repeat(64)}` };

  it("refuses a body declaring more than GitHub's 25 MB cap before reading it", async () => {
    expect(MAX_WEBHOOK_BYTES).toBe(25 * 1024 * 1024);
    const server = await createBotServer(newProbot());
    const base = await listen(server);
    try {
      const r = await endlessPost(base, signed, 100 * 1024 * 1024);
      expect(r.status).toBe(413);
      expect(r.body).toContain("GitHub never sends one");
      // Answered long before the declared 100 MB could have been sent.
      expect(r.sent).toBeLessThan(100 * 1024 * 1024);
    } finally {
      server.close();
    }
  });

  it("stops reading a chunked body at the first byte past the cap", async () => {
    const server = await createBotServer(newProbot(), { maxBytes: 1024 * 1024 });
    const base = await listen(server);
    try {
      const r = await endlessPost(base, signed);
      expect(r.status).toBe(413);
      expect(r.sent).toBeLessThan(64 * 1024 * 1024);
    } finally {
      server.close();
    }
  });

  it("reads nothing without the signature headers", async () => {
    const server = await createBotServer(newProbot());
    const base = await listen(server);
    try {
      const r = await endlessPost(base, {}, 100 * 1024 * 1024);
      expect(r.status).toBe(400);
      expect(r.body).toContain("not a signed GitHub webhook");
    } finally {
      server.close();
    }
  });

  it("logs a bad signature as one line, and the app never sees the delivery", async () => {
    const { fake, body } = helpDelivery();
    const probot = newProbot();
    const server = await createBotServer(probot);
    const log = must(probot.log, "probot.log");
    const warn = vi.spyOn(log, "warn");
    const error = vi.spyOn(log, "error");
    const base = await listen(server);
    try {
      const r = await fetch(`${base}${DEFAULT_WEBHOOK_PATH}`, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-github-event": "issue_comment",
          "x-github-delivery": "d-forged",
          "x-hub-signature-256": sign(body, "wrong-secret"),
        },
      });
      expect(r.status).toBe(400);
      expect(warn.mock.calls).toEqual([
        [
          expect.stringMatching(
            /^webhook d-forged \(issue_comment, \d+ bytes\) refused: bad signature$/,
          ),
        ],
      ]);
      expect(error).not.toHaveBeenCalled();
      expect(fake.gh.requests).toHaveLength(0);
    } finally {
      server.close();
    }
  });
});

describe("Lambda handler", () => {
  it("answers 200 for a signed delivery and 400 for a bad one, never throwing", async () => {
    const { fake, body } = helpDelivery();
    const handler = createLambdaHandler(await loadedProbot());
    const headers = { "X-GitHub-Event": "issue_comment", "X-GitHub-Delivery": "d-2" };
    expect(
      await handler({ headers: { ...headers, "X-Hub-Signature-256": sign(body, "nope") }, body }),
    ).toMatchObject({ statusCode: 400 });
    expect(await handler({ headers, body })).toMatchObject({ statusCode: 400 });
    expect(await handler({ headers: {}, body: null })).toMatchObject({ statusCode: 400 });
    expect(fake.gh.requests).toHaveLength(0);
    const b64 = Buffer.from(body).toString("base64");
    const ok = await handler({
      headers: { ...headers, "X-Hub-Signature-256": sign(body) },
      body: b64,
      isBase64Encoded: true,
    });
    expect(ok.statusCode).toBe(200);
    expect(fake.comments.filter((c) => c.login === "dxfix[bot]")).toHaveLength(1);
    fake.gh.assertNoViolations();
  });
});

describe("Lambda handler errors", () => {
  const headers = { "X-GitHub-Event": "issue_comment", "X-GitHub-Delivery": "d-4" };

  it("answers a failing app with 500, not as a rejected signature", async () => {
    const probot = newProbot();
    await probot.load((app) => {
      app.on("issue_comment", () => {
        // Words the old handler took for a signature or JSON problem.
        throw new SyntaxError("Unexpected token in JSON while checking the signature");
      });
    });
    const log = must(probot.log, "probot.log");
    vi.spyOn(log, "error").mockImplementation(() => undefined);
    const { body } = helpDelivery();
    const r = await createLambdaHandler(probot)({
      headers: { ...headers, "X-Hub-Signature-256": sign(body) },
      body,
    });
    expect(r).toEqual({ statusCode: 500, body: JSON.stringify({ error: "handler failed" }) });
  });

  it("answers 400 for a signed body that is not JSON and 413 over the cap", async () => {
    const handler = createLambdaHandler(await loadedProbot());
    const notJson = "{not json";
    const bad = await handler({
      headers: { ...headers, "X-Hub-Signature-256": sign(notJson) },
      body: notJson,
    });
    expect(bad).toEqual({
      statusCode: 400,
      body: JSON.stringify({ error: "payload is not JSON" }),
    });
    const big = "x".repeat(MAX_WEBHOOK_BYTES + 1);
    const r = await handler({
      headers: { ...headers, "X-Hub-Signature-256": sign("x") },
      body: big,
    });
    expect(r.statusCode).toBe(413);
  });
});

describe("Lambda handler from the environment", () => {
  it("refuses to serve without WEBHOOK_SECRET (Probot would fall back to a public default)", async () => {
    const saved = { ...process.env };
    try {
      process.env.APP_ID = "1";
      process.env.PRIVATE_KEY = "unused";
      delete process.env.WEBHOOK_SECRET;
      const { fake, body } = helpDelivery();
      const handler = createLambdaHandler();
      const headers = {
        "X-GitHub-Event": "issue_comment",
        "X-GitHub-Delivery": "d-3",
        "X-Hub-Signature-256": sign(body, "development"),
      };
      const r = await handler({ headers, body });
      expect(r.statusCode).toBe(500);
      expect(r.body).toContain("WEBHOOK_SECRET");
      expect(fake.gh.requests).toHaveLength(0);
    } finally {
      process.env = saved;
    }
  });
});

describe("inside GitHub Actions", () => {
  it("handles the job's event with the workflow token", async () => {
    const { fake, body } = helpDelivery();
    const dir = mkdtempSync(join(tmpdir(), "dxfix-bot-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const eventPath = join(dir, "event.json");
    const payload = JSON.parse(body);
    delete payload.installation;
    writeFileSync(eventPath, JSON.stringify(payload));
    const env = {
      GITHUB_EVENT_NAME: "issue_comment",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_TOKEN: "ghs_workflow",
      LOG_LEVEL: "fatal",
    };
    expect(await runInActions(env, testOctokit)).toBe("issue_comment");
    fake.gh.assertNoViolations();
    expect(fake.gh.requests.every((r) => r.headers.authorization === "token ghs_workflow")).toBe(
      true,
    );
    expect(fake.comments.filter((c) => c.login === "dxfix[bot]")).toHaveLength(1);
  });

  it("explains a missing environment instead of crashing", async () => {
    await expect(runInActions({})).rejects.toThrow(/GITHUB_EVENT_NAME and GITHUB_EVENT_PATH/);
    await expect(
      runInActions({ GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: "/nonexistent" }),
    ).rejects.toThrow(/no token/);
    await expect(
      runInActions({
        GITHUB_EVENT_NAME: "push",
        GITHUB_EVENT_PATH: "/nonexistent",
        GITHUB_TOKEN: "t",
      }),
    ).rejects.toThrow(/cannot read the event payload/);
  });
});
