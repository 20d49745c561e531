// The claims that referee replicas (refs under refs/dxfix-locks/): one per guarded write,
// given back when the write fails so the next event can try again.
import { afterEach, describe, expect, it } from "vitest";
import { resetGitHubMocks } from "../helpers/github.ts";
import {
  BRANCH1,
  botComments,
  commentPayload,
  deliver,
  withPr,
  workflowRunPayload,
} from "./setup.ts";

afterEach(() => resetGitHubMocks());

const FIXER = { ".github/dxfix.yml": "fixer:\n  command: claude -p {brief}\n  maxRuns: 5\n" };
const DISPATCH = /\/actions\/workflows\/[^/]+\/dispatches$/;

describe("claims", () => {
  it("a failure comment GitHub refused gives its claim back; the redelivery posts it", async () => {
    const { fake, probot } = await withPr("failed");
    fake.failNext("POST", /\/issues\/1\/comments$/, 502);
    const failure = workflowRunPayload(fake, 1, "failure");
    await expect(deliver(probot, "workflow_run", failure)).rejects.toThrow();
    expect(botComments(fake, 1)).toHaveLength(0);
    expect(fake.refs.size).toBe(0);
    await deliver(probot, "workflow_run", failure);
    expect(botComments(fake, 1)).toHaveLength(1);
    expect([...fake.refs.keys()]).toEqual([
      `refs/dxfix-locks/failure/1/${fake.branches.get(BRANCH1)}`,
    ]);
    fake.gh.assertNoViolations();
  });

  it("a dispatch GitHub refused gives its claim back; the next /dxfix fix dispatches", async () => {
    const { fake, probot } = await withPr("failed", FIXER);
    for (const run of fake.runs) run.status = "completed";
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    const before = fake.requests("POST", DISPATCH).length;
    fake.failNext("POST", DISPATCH, 500);
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix fix", "alice"));
    expect(botComments(fake, 1).at(-1)?.body).toContain("`/dxfix fix` failed");
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix fix", "alice"));
    expect(botComments(fake, 1).at(-1)?.body).toContain("Started fix run");
    // The refused one and the one that went through; the first claim was released.
    expect(fake.requests("POST", DISPATCH).length - before).toBe(2);
    expect(fake.requests("DELETE", /\/git\/refs\//)).toHaveLength(1);
    fake.gh.assertNoViolations();
  });
});
