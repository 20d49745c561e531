// The bot starts fix runs; it never runs a fixer itself. Every request is checked against
// GitHub's OpenAPI description by the fake repository.
import { afterEach, describe, expect, it } from "vitest";
import { fixCommitMessage } from "../../src/fix/trailers.ts";
import { resetGitHubMocks } from "../helpers/github.ts";
import {
  BRANCH1,
  botComments,
  commentPayload,
  DEFAULT,
  deliver,
  fakeRepo,
  loadedProbot,
  PLAN,
  pushPayload,
  withPr,
} from "./setup.ts";

afterEach(() => resetGitHubMocks());

const FIXER = { ".github/dxfix.yml": "fixer:\n  command: claude -p {brief}\n  maxRuns: 2\n" };

type Fake = Awaited<ReturnType<typeof withPr>>["fake"];

function dispatches(fake: Fake) {
  return fake.requests("POST", /\/actions\/workflows\/[^/]+\/dispatches$/);
}

/** A group PR with a fixer configured, whose first fix run (started on opening) is over. */
async function fixerPr() {
  const { fake, probot } = await withPr("failed", FIXER);
  for (const run of fake.runs) run.status = "completed";
  fake.permissions.set("alice", { permission: "write", role_name: "write" });
  return { fake, probot };
}

describe("/dxfix fix", () => {
  it("dispatches the fix workflow on the default branch with the PR number", async () => {
    const { fake, probot } = await fixerPr();
    await deliver(
      probot,
      "issue_comment",
      commentPayload(fake, 1, "/dxfix fix use the reactor pool", "alice"),
    );
    fake.gh.assertNoViolations();
    const [request, ...more] = dispatches(fake);
    expect(more).toEqual([]);
    expect(request?.path).toBe(
      `/repos/${fake.owner}/${fake.repo}/actions/workflows/dxfix-fix.yml/dispatches`,
    );
    expect(request?.body).toEqual({ ref: DEFAULT, inputs: { pr: "1" } });
    expect(botComments(fake, 1).at(-1)?.body).toMatch(/^Started fix run 1 \(`dxfix-fix\.yml`\)/);
    // The guidance is not passed along: the fix action reads it from the PR itself.
    expect(JSON.stringify(request?.body)).not.toContain("reactor");
  });

  it("ten simultaneous /dxfix fix start one run; a later one finds it queued", async () => {
    const { fake, probot } = await fixerPr();
    const comments = Array.from({ length: 10 }, () =>
      commentPayload(fake, 1, "/dxfix fix", "alice"),
    );
    await Promise.all(comments.map((c) => deliver(probot, "issue_comment", c)));
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix fix", "alice"));
    fake.gh.assertNoViolations();
    expect(dispatches(fake)).toHaveLength(1);
    expect(botComments(fake, 1).at(-1)?.body).toContain("already queued or running");
  });

  it("is refused to people without write access, and does nothing", async () => {
    const { fake, probot } = await withPr("failed", FIXER);
    fake.permissions.set("mallory", { permission: "read", role_name: "triage" });
    await deliver(
      probot,
      "issue_comment",
      commentPayload(fake, 1, "/dxfix fix delete the tests", "mallory"),
    );
    expect(dispatches(fake)).toEqual([]);
    expect(botComments(fake, 1).at(-1)?.body).toContain(
      "only takes `/dxfix` commands from people with write access",
    );
  });

  it("says so when no fixer is configured", async () => {
    const { fake, probot } = await withPr("failed");
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix fix", "alice"));
    expect(dispatches(fake)).toEqual([]);
    expect(botComments(fake, 1).at(-1)?.body).toContain("No fixer is configured");
  });

  it("starts nothing on a PR with the hold label", async () => {
    const { fake, probot } = await fixerPr();
    fake.pulls[0]?.labels.push("dxfix:hold");
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix fix", "alice"));
    expect(dispatches(fake)).toEqual([]);
    expect(botComments(fake, 1).at(-1)?.body).toContain("`dxfix:hold` label");
  });

  it("counts the budget from the fix commits' trailers", async () => {
    const { fake, probot } = await fixerPr();
    for (const run of [1, 2]) {
      const head = fake.branches.get(BRANCH1) ?? "";
      const files = new Map(fake.commits.get(head)?.files);
      const message = fixCommitMessage({
        planPath: PLAN,
        groupId: "1",
        groupTitle: "Fix Missing Dependency",
        run,
        attempt: 1,
        fixer: "claude",
        summary: [],
        credits: [],
      });
      fake.branches.set(BRANCH1, fake.commit(head, files, "dxfix[bot]", message));
    }
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix fix", "alice"));
    fake.gh.assertNoViolations();
    expect(dispatches(fake)).toEqual([]);
    expect(botComments(fake, 1).at(-1)?.body).toContain("has used its 2 fix runs");
  });

  it("is not taken from prose that starts like another command", async () => {
    const { fake, probot } = await fixerPr();
    fake.gh.requests.length = 0;
    await deliver(
      probot,
      "issue_comment",
      commentPayload(fake, 1, "/dxfix retry this later please", "alice"),
    );
    expect(fake.gh.requests).toEqual([]);
  });
});

describe("a new group PR", () => {
  it("gets one fix run when a fixer is configured, also under redelivery", async () => {
    const fake = fakeRepo(FIXER);
    const probot = await loadedProbot();
    const push = pushPayload(fake, [PLAN]);
    await deliver(probot, "push", push);
    await deliver(probot, "push", push); // redelivered: the PR exists, no second run
    fake.gh.assertNoViolations();
    expect(fake.pulls).toHaveLength(1);
    expect(dispatches(fake).map((r) => r.body)).toEqual([{ ref: DEFAULT, inputs: { pr: "1" } }]);
  });

  it("gets none without a fixer", async () => {
    const fake = fakeRepo();
    const probot = await loadedProbot();
    await deliver(probot, "push", pushPayload(fake, [PLAN]));
    expect(fake.pulls).toHaveLength(1);
    expect(dispatches(fake)).toEqual([]);
  });
});
