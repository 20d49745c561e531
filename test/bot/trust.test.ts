// The one trust rule, end to end with real webhook payloads: hidden state written by
// ANOTHER bot or app (a forged PR marker, failure marker, notice marker or report) is
// ignored. Only the bot's own login (learned from GET /app) and the configured report
// authors count. Any bot account used to count for the bot's own markers.
import type { Probot } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { runInActions } from "../../src/bot/actions.ts";
import { createDxfixApp } from "../../src/bot/app.ts";
import { appLogin } from "../../src/bot/identity.ts";
import { failureMarker } from "../../src/github/markers.ts";
import { resetGitHubMocks } from "../helpers/github.ts";
import type { FakeGitHub } from "./fake-github.ts";
import {
  BRANCH1,
  botComments,
  commentPayload,
  deliver,
  fakeRepo,
  loadedProbot,
  mergedPayload,
  newProbot,
  PLAN,
  planReport,
  pushPayload,
  reportComment,
  withPr,
  workflowRunPayload,
} from "./setup.ts";

afterEach(() => resetGitHubMocks());

const OTHER_APP = "renovate[bot]";
const appRequests = (fake: FakeGitHub) => fake.gh.requests.filter((r) => r.path === "/app");

describe("hidden state written by another app is ignored", () => {
  it("a PR body with a copied dxfix marker: no failure comment, no next PR on merge", async () => {
    const { fake, probot } = await withPr("failed");
    // Same body (marker included), same head: only the author is another app.
    const pr = fake.pulls[0];
    if (!pr) throw new Error("no PR");
    pr.user = { login: OTHER_APP, type: "Bot" };
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
    expect(botComments(fake, 1)).toHaveLength(0);
    fake.merge(1);
    await deliver(probot, "pull_request", mergedPayload(fake, 1));
    expect(fake.pulls).toHaveLength(1);
    fake.gh.assertNoViolations();
  });

  it("a failure comment with the head's marker does not stop the bot's own", async () => {
    const { fake, probot } = await withPr("failed");
    const head = fake.branches.get(BRANCH1) ?? "";
    fake.addComment(1, `${failureMarker(head)}\nall fine, nothing to see`, OTHER_APP, "Bot");
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
    expect(botComments(fake, 1)).toHaveLength(1);
    // The bot's own marker does count: a redelivery posts nothing more.
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
    expect(botComments(fake, 1)).toHaveLength(1);
    fake.gh.assertNoViolations();
  });

  it("a config notice on a PR does not silence the bot's own", async () => {
    const { fake, probot } = await withPr(null);
    fake.pushCommit("master", ".github/dxfix.yml", "mode: parallel\nbranchprefix: x/\n");
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    const command = () => commentPayload(fake, 1, "/dxfix plan", "alice");
    await deliver(probot, "issue_comment", command());
    const [notice] = botComments(fake, 1);
    expect(notice?.body).toContain("unknown setting 'branchprefix'");
    // The same notice, marker included, as if another app had written it.
    if (!notice) throw new Error("no notice");
    notice.login = OTHER_APP;
    await deliver(probot, "issue_comment", command());
    expect(botComments(fake, 1)).toHaveLength(1);
    await deliver(probot, "issue_comment", command());
    expect(botComments(fake, 1)).toHaveLength(1);
    fake.gh.assertNoViolations();
  });

  it("a config notice on a pushed commit does not silence the bot's own", async () => {
    const fake = fakeRepo({ ".github/dxfix.yml": "mode: [\n" });
    const probot = await loadedProbot();
    const push = pushPayload(fake, [PLAN, ".github/dxfix.yml"]);
    await deliver(probot, "push", push);
    const [notice] = fake.commitComments;
    if (!notice) throw new Error("no notice");
    notice.login = OTHER_APP;
    await deliver(probot, "push", push);
    expect(fake.commitComments.map((c) => c.login)).toEqual([OTHER_APP, "dxfix[bot]"]);
    await deliver(probot, "push", push);
    expect(fake.commitComments).toHaveLength(2);
    fake.gh.assertNoViolations();
  });

  it("a report comment: not a status, not progress", async () => {
    const { fake, probot } = await withPr(null);
    const report = planReport("passed");
    report.commit = { sha: fake.branches.get(BRANCH1) ?? "", ref: BRANCH1 };
    fake.addComment(1, reportComment(report), OTHER_APP, "Bot");
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix status", "alice"));
    expect(botComments(fake, 1).map((c) => c.body)).toEqual([
      expect.stringContaining("No dxfix report on this PR yet"),
    ]);
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "success"));
    expect(fake.requests("PUT", /\/contents\//)).toHaveLength(0);
    fake.gh.assertNoViolations();
  });
});

describe("the bot's own login", () => {
  it("is learned from GET /app on first use, then cached", async () => {
    const { fake, probot } = await withPr("failed");
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix help", "alice"));
    expect(appRequests(fake)).toHaveLength(0);
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix status", "alice"));
    expect(botComments(fake, 1)).toHaveLength(3);
    expect(appRequests(fake)).toHaveLength(1);
    // Asked as the App itself (a JWT), not with the installation token.
    expect(appRequests(fake)[0]?.headers.authorization).toMatch(/^bearer ey/i);
    fake.gh.assertNoViolations();
  });

  it("can be given explicitly, and then nothing else is trusted", async () => {
    const fake = fakeRepo();
    const probot = newProbot();
    await probot.load(createDxfixApp({ botLogin: async () => "someone-else[bot]" }));
    await deliver(probot, "push", pushPayload(fake, [PLAN]));
    expect(appRequests(fake)).toHaveLength(0);
    // The PR is written as dxfix[bot], which this app was told it is not.
    const report = planReport("failed");
    report.commit = { sha: fake.branches.get(BRANCH1) ?? "", ref: BRANCH1 };
    fake.addComment(1, reportComment(report), "github-actions[bot]", "Bot");
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
    expect(botComments(fake, 1)).toHaveLength(0);
    fake.gh.assertNoViolations();
  });

  it("reads DXFIX_BOT_LOGIN before asking GitHub", async () => {
    const saved = process.env.DXFIX_BOT_LOGIN;
    process.env.DXFIX_BOT_LOGIN = "dxfix[bot]";
    try {
      const { fake, probot } = await withPr("failed");
      await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
      expect(botComments(fake, 1)).toHaveLength(1);
      expect(appRequests(fake)).toHaveLength(0);
    } finally {
      if (saved === undefined) delete process.env.DXFIX_BOT_LOGIN;
      else process.env.DXFIX_BOT_LOGIN = saved;
    }
  });

  it("says how to set it when GitHub will not tell, and asks again next time", async () => {
    let calls = 0;
    const request = async () => {
      calls++;
      if (calls === 1) throw Object.assign(new Error("Bad credentials"), { status: 401 });
      return { data: { slug: "my-app" } };
    };
    const app = { auth: async () => ({ request }) } as unknown as Probot;
    const login = appLogin(app, {});
    await expect(login()).rejects.toThrow(/GET \/app \(Bad credentials\): set DXFIX_BOT_LOGIN/);
    await expect(login()).resolves.toBe("my-app[bot]");
    await expect(login()).resolves.toBe("my-app[bot]");
    expect(calls).toBe(2);
  });

  it("inside GitHub Actions is the token's: DXFIX_TOKEN needs DXFIX_BOT_LOGIN", async () => {
    const env = { GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: "/nonexistent" };
    await expect(runInActions({ ...env, DXFIX_TOKEN: "ghs_app" })).rejects.toThrow(
      /DXFIX_TOKEN is set: also set DXFIX_BOT_LOGIN/,
    );
    await expect(
      runInActions({ ...env, DXFIX_TOKEN: "ghs_app", DXFIX_BOT_LOGIN: "not a login" }),
    ).rejects.toThrow(/DXFIX_BOT_LOGIN must be a GitHub login/);
    // With a login, it goes on to read the event.
    await expect(
      runInActions({ ...env, DXFIX_TOKEN: "ghs_app", DXFIX_BOT_LOGIN: "my-app[bot]" }),
    ).rejects.toThrow(/cannot read the event payload/);
  });
});
