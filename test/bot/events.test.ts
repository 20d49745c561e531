import { afterEach, describe, expect, it } from "vitest";
import { readFailureMarker } from "../../src/github/markers.ts";
import { resetGitHubMocks } from "../helpers/github.ts";
import {
  BRANCH1,
  botComments,
  checkSuitePayload,
  commentPayload,
  deliver,
  fakeRepo,
  loadedProbot,
  must,
  PLAN,
  planReport,
  pushPayload,
  reportComment,
  SPEC,
  withPr,
  workflowRunPayload,
} from "./setup.ts";

afterEach(() => resetGitHubMocks());

describe("a failing checkpoint", () => {
  it("is commented once per failing head commit", async () => {
    const { fake, probot } = await withPr("failed");
    const failure = workflowRunPayload(fake, 1, "failure");
    await deliver(probot, "workflow_run", failure);
    await deliver(probot, "workflow_run", failure); // redelivery
    await deliver(probot, "check_suite", checkSuitePayload(fake, 1, "failure")); // its twin event
    fake.gh.assertNoViolations();
    const posted = botComments(fake, 1);
    expect(posted).toHaveLength(1);
    const body = must(posted[0], "failure comment").body;
    expect(readFailureMarker(body)).toBe(fake.branches.get(BRANCH1));
    expect(body).toContain("checkpoint 3 failed");
    expect(body).toContain("`cargo build -p dx-py-interpreter` in `dx-py-runtime`: exit 101");
    expect(body).toContain(
      "`dx-py-interpreter/src/async_integration.rs:3:5` `E0432` unresolved import",
    );
    // Plan text is escaped: `_` would otherwise start emphasis.
    expect(body).toContain("**1.2** resolve every dx\\_py\\_reactor import");
    expect(body).toContain("/dxfix retry");
    expect(body).toContain(`push a fix to \`${BRANCH1}\``);

    // A new commit that fails again gets its own comment.
    fake.pushCommit(BRANCH1, "dx-py-runtime/src/lib.rs", "// try again\n");
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
    expect(botComments(fake, 1)).toHaveLength(2);
    fake.gh.assertNoViolations();
  });

  it("ignores a report pasted by someone who is not a report author", async () => {
    const { fake, probot } = await withPr(null);
    fake.addComment(1, reportComment(planReport("failed")), "mallory");
    await deliver(probot, "check_suite", checkSuitePayload(fake, 1, "failure"));
    expect(botComments(fake, 1)).toHaveLength(0);
    // The dxfix workflow failing without a trusted report is still explained, once.
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
    const posted = botComments(fake, 1);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body).toContain("without leaving a dxfix report");
    fake.gh.assertNoViolations();
  });

  it("does not take an earlier commit's report for the new head", async () => {
    const { fake, probot } = await withPr("passed");
    // A push after the report; its run fails before the Action updates the comment.
    fake.pushCommit(BRANCH1, "dx-py-runtime/src/lib.rs", "// broken\n");
    fake.gh.requests.length = 0;
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
    const posted = botComments(fake, 1);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body).toContain("without leaving a dxfix report");
    // No progress was recorded from the old report: nothing was written to the branch.
    expect(fake.gh.requests.filter((r) => r.method === "PUT")).toEqual([]);
    fake.gh.assertNoViolations();
  });

  it("ignores a PR someone else opened with a copied dxfix marker", async () => {
    const { fake, probot } = await withPr("failed");
    // Same body (marker included), same head: only the author differs.
    must(fake.pulls[0], "PR #1").user = { login: "mallory", type: "User" };
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
    expect(botComments(fake, 1)).toHaveLength(0);
    fake.gh.assertNoViolations();
  });

  it("says nothing for a run of an older commit or of another workflow", async () => {
    const { fake, probot } = await withPr("failed");
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure", "f".repeat(40)));
    const other = workflowRunPayload(fake, 1, "failure");
    other.workflow.path = ".github/workflows/ci.yml";
    other.workflow_run.path = ".github/workflows/ci.yml";
    await deliver(probot, "workflow_run", other);
    expect(botComments(fake, 1)).toHaveLength(0);
    fake.gh.assertNoViolations();
  });
});

describe("recording progress", () => {
  it("marks the group's tasks done in one commit when its gates pass, once", async () => {
    const { fake, probot } = await withPr("passed");
    const before = must(fake.branches.get(BRANCH1), BRANCH1);
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "success"));
    const after = must(fake.branches.get(BRANCH1), BRANCH1);
    expect(after).not.toBe(before);
    expect(fake.commits.get(after)?.parent).toBe(before);
    const text = must(fake.file(BRANCH1, PLAN), `${PLAN} on ${BRANCH1}`);
    expect(text).toContain("- [x] 1. Fix Missing Dependency");
    expect(text).toContain("  - [x] 1.1 Add dx-py-reactor");
    expect(text).toContain("- [ ] 2. Fix JIT Integration Module");
    // The bot's commit triggers a new run; it passes again: nothing more to write.
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "success"));
    expect(fake.branches.get(BRANCH1)).toBe(after);
    expect(fake.requests("PUT", /\/contents\//)).toHaveLength(1);
    expect(botComments(fake, 1)).toHaveLength(0);
    fake.gh.assertNoViolations();
  });

  it("does not mark anything while a gate fails", async () => {
    const { fake, probot } = await withPr("failed");
    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
    expect(fake.file(BRANCH1, PLAN)).toContain("- [-] 1. Fix Missing Dependency");
    expect(fake.requests("PUT", /\/contents\//)).toHaveLength(0);
  });
});

describe("commands", () => {
  const ROLES: [string, string, boolean][] = [
    ["admin", "admin", true],
    ["maintain", "write", true],
    ["write", "write", true],
    ["triage", "read", false],
    ["read", "read", false],
  ];

  for (const [role, permission, obeyed] of ROLES) {
    it(`${role}: ${obeyed ? "obeyed" : "refused politely"}`, async () => {
      const { fake, probot } = await withPr("failed");
      fake.permissions.set("bob", { permission, role_name: role });
      await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix status", "bob"));
      fake.gh.assertNoViolations();
      const replies = botComments(fake, 1);
      expect(replies).toHaveLength(1);
      if (obeyed) {
        expect(replies[0]?.body).toContain(`**${SPEC}**: failed`);
        expect(replies[0]?.body).toContain(
          "**3** Checkpoint - Verify JIT Integration Compiles: failed",
        );
        expect(fake.reactions.map((r) => r.content)).toEqual(["eyes", "+1"]);
      } else {
        expect(replies[0]?.body).toContain(`Thanks @bob! dxfix only takes`);
        expect(replies[0]?.body).toContain(`you have ${role} access`);
        // Nothing else happened: no config read, no PR read.
        expect(fake.requests("GET", /\/contents\//)).toHaveLength(0);
        expect(fake.requests("GET", /\/pulls\/\d+$/)).toHaveLength(0);
      }
    });
  }

  it("none (not a collaborator): refused politely", async () => {
    const { fake, probot } = await withPr(null);
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix retry", "stranger"));
    expect(botComments(fake, 1).map((c) => c.body)).toEqual([
      expect.stringContaining("you have no access"),
    ]);
    expect(fake.requests("POST", /rerun/)).toHaveLength(0);
    fake.gh.assertNoViolations();
  });

  it("comments by bots and edited comments are ignored without any API call", async () => {
    const { fake, probot } = await withPr(null);
    const byBot = commentPayload(fake, 1, "/dxfix retry", "dxfix[bot]");
    byBot.sender.type = "Bot";
    byBot.comment.user.type = "Bot";
    await deliver(probot, "issue_comment", byBot);
    const other = commentPayload(fake, 1, "/dxfix help", "renovate[bot]");
    await deliver(probot, "issue_comment", other);
    const edited = commentPayload(fake, 1, "/dxfix help", "alice");
    edited.action = "edited";
    await deliver(probot, "issue_comment", edited);
    const quoted = commentPayload(fake, 1, "> /dxfix help\n```\n/dxfix retry\n```\n", "alice");
    await deliver(probot, "issue_comment", quoted);
    expect(fake.gh.requests).toHaveLength(0);
  });

  it("ten simultaneous /dxfix retry on one PR cause one re-run request", async () => {
    const { fake, probot } = await withPr("failed");
    fake.permissions.set("alice", { permission: "admin", role_name: "admin" });
    fake.runs.push({
      id: 77,
      head_sha: must(fake.branches.get(BRANCH1), BRANCH1),
      status: "completed",
      conclusion: "failure",
      run_attempt: 1,
      workflow: "dxfix.yml",
    });
    const comments = Array.from({ length: 10 }, () =>
      commentPayload(fake, 1, "/dxfix retry", "alice"),
    );
    await Promise.all(comments.map((c) => deliver(probot, "issue_comment", c)));
    // And one more a moment later: GitHub now says the run is queued.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix retry", "alice"));
    fake.gh.assertNoViolations();
    expect(fake.requests("POST", /\/actions\/runs\/77\/rerun-failed-jobs$/)).toHaveLength(1);
    const replies = botComments(fake, 1).map((c) => c.body);
    expect(replies.filter((b) => b.startsWith("Re-running the failed jobs"))).toHaveLength(1);
    expect(replies.at(-1)).toContain("is already queued");
    // Every command was acknowledged: eyes, then a result.
    expect(fake.reactions.filter((r) => r.content === "eyes")).toHaveLength(11);
    expect(fake.reactions.filter((r) => r.content === "rocket")).toHaveLength(1);
  });

  it("/dxfix retry says so when nothing failed", async () => {
    const { fake, probot } = await withPr("passed");
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    fake.runs.push({
      id: 5,
      head_sha: must(fake.branches.get(BRANCH1), BRANCH1),
      status: "completed",
      conclusion: "success",
      run_attempt: 1,
      workflow: "dxfix.yml",
    });
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix retry", "alice"));
    expect(botComments(fake, 1).map((c) => c.body)).toEqual([
      expect.stringContaining("Nothing to retry"),
    ]);
    expect(fake.requests("POST", /rerun/)).toHaveLength(0);
    fake.gh.assertNoViolations();
  });

  it("/dxfix help lists the commands", async () => {
    const { fake, probot } = await withPr(null);
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    await deliver(
      probot,
      "issue_comment",
      commentPayload(fake, 1, "Thanks!\n/dxfix help", "alice"),
    );
    const [reply] = botComments(fake, 1);
    for (const verb of ["retry", "status", "plan", "help"])
      expect(reply?.body).toContain(`/dxfix ${verb}`);
    // Help reads nothing but the permission: no reactions (test/bot/help.test.ts).
    expect(fake.reactions).toEqual([]);
    fake.gh.assertNoViolations();
  });
});

describe("a bad configuration", () => {
  it("is reported on the PR or issue where the command was given, with its line", async () => {
    const { fake, probot } = await withPr(null, {});
    // Break the config on the default branch after the PR exists.
    fake.pushCommit("master", ".github/dxfix.yml", "mode: parallel\nbranchprefix: x/\n");
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix plan", "alice"));
    fake.gh.assertNoViolations();
    const [reply] = botComments(fake, 1);
    expect(reply?.body).toContain(".github/dxfix.yml:2:1: unknown setting 'branchprefix'");
    expect(fake.reactions.map((r) => r.content)).toEqual(["eyes", "confused"]);
    expect(fake.requests("POST", /\/pulls$/)).toHaveLength(0);
  });

  it("is reported on the pushed commit for a push, once", async () => {
    const fake = fakeRepo({ ".github/dxfix.yml": "mode: [\n" });
    const probot = await loadedProbot();
    const push = pushPayload(fake, [PLAN, ".github/dxfix.yml"]);
    await deliver(probot, "push", push);
    await deliver(probot, "push", push);
    fake.gh.assertNoViolations();
    expect(fake.commitComments).toHaveLength(1);
    expect(fake.commitComments[0]?.body).toMatch(/\.github\/dxfix\.yml:\d+:\d+: invalid YAML/);
    expect(fake.pulls).toHaveLength(0);
  });
});
