// A stranger's commands are refused once per PR and window, not once per comment: the
// attack was twenty `/dxfix status` comments costing sixty API calls and twenty replies
// that each mentioned (and notified) the stranger.
import { afterEach, describe, expect, it } from "vitest";
import { REFUSAL_WINDOW_MS } from "../../src/bot/permissions.ts";
import { noticeMarker } from "../../src/github/markers.ts";
import { resetGitHubMocks } from "../helpers/github.ts";
import { botComments, commentPayload, deliver, withPr } from "./setup.ts";

afterEach(() => resetGitHubMocks());

const mentions = (body: string) => body.match(/@stranger\b/g)?.length ?? 0;

describe("refusals to a non-collaborator", () => {
  it("twenty /dxfix status cost one reply, one mention and two calls per repeat", async () => {
    const { fake, probot } = await withPr("failed");
    for (let i = 0; i < 20; i++) {
      await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix status", "stranger"));
    }
    fake.gh.assertNoViolations();
    const replies = botComments(fake, 1);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain("you have no access");
    expect(replies.reduce((n, c) => n + mentions(c.body), 0)).toBe(1);
    // First: permission, comments, reply. Each repeat: permission, comments. No reactions.
    // (Plus Probot's one installation token.)
    const calls = fake.gh.requests.filter((r) => r.path.startsWith("/repos/"));
    expect(calls).toHaveLength(3 + 19 * 2);
    expect(fake.reactions).toHaveLength(0);
    expect(fake.requests("GET", /\/contents\//)).toHaveLength(0);
  });

  it("answers again on another PR and after the window", async () => {
    const { fake, probot } = await withPr(null);
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix status", "stranger"));
    await deliver(probot, "issue_comment", commentPayload(fake, 7, "/dxfix status", "stranger"));
    expect(botComments(fake, 1)).toHaveLength(1);
    expect(botComments(fake, 7)).toHaveLength(1);
    // The refusal on #1 is now older than the window: the next command hears why again.
    const [old] = botComments(fake, 1);
    if (old) old.created_at = new Date(Date.now() - REFUSAL_WINDOW_MS - 1000).toISOString();
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix STATUS", "Stranger"));
    expect(botComments(fake, 1)).toHaveLength(2);
    fake.gh.assertNoViolations();
  });

  it("a refusal marker written by someone else does not silence the bot", async () => {
    const { fake, probot } = await withPr(null);
    const forged = `${noticeMarker("refused:stranger")}\nnothing to see`;
    fake.addComment(1, forged, "renovate[bot]", "Bot");
    fake.addComment(1, forged, "mallory");
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix retry", "stranger"));
    expect(botComments(fake, 1).map((c) => c.body)).toEqual([
      expect.stringContaining("you have no access"),
    ]);
  });

  it("a collaborator's commands are not rate limited, and see 👀 first", async () => {
    const { fake, probot } = await withPr("failed");
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    for (let i = 0; i < 3; i++) {
      await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix status", "alice"));
    }
    expect(botComments(fake, 1)).toHaveLength(3);
    expect(fake.requests("GET", /\/issues\/1\/comments/).length).toBeGreaterThan(0);
    expect(fake.reactions.map((r) => r.content)).toEqual([
      "eyes",
      "+1",
      "eyes",
      "+1",
      "eyes",
      "+1",
    ]);
  });
});
