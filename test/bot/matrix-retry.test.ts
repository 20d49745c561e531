// `/dxfix retry <checkpoint>` on a fanned-out run: the bot re-runs only the matrix job of
// that checkpoint's unit (GitHub re-runs the merge after it), not the whole run.
import { describe, expect, it } from "vitest";
import {
  BRANCH1,
  botComments,
  commentPayload,
  deliver,
  must,
  planReport,
  reportComment,
  withPr,
} from "./setup.ts";

async function fannedOut() {
  const { fake, probot } = await withPr(null);
  fake.permissions.set("alice", { permission: "write", role_name: "write" });
  const sha = must(fake.branches.get(BRANCH1), BRANCH1);
  const report = planReport("failed");
  report.commit = { sha, ref: BRANCH1 };
  report.matrix = {
    kind: "merged",
    jobs: [
      { unit: "1", checkpoints: ["1"], state: "reported", job: null },
      { unit: "3", checkpoints: ["3"], state: "reported", job: null },
    ],
  };
  fake.addComment(1, reportComment(report), "github-actions[bot]", "Bot");
  fake.runs.push({
    id: 91,
    head_sha: sha,
    status: "completed",
    conclusion: "failure",
    run_attempt: 1,
    workflow: "dxfix.yml",
  });
  const jobs = [
    { id: 501, name: "plan" },
    { id: 502, name: "dxfix 1" },
    { id: 503, name: "dxfix 3" },
    { id: 504, name: "merge" },
  ];
  fake.gh.scope
    .get("/repos/Codertocat/Hello-World/actions/runs/91/jobs")
    .query(true)
    .reply(200, { total_count: jobs.length, jobs: jobs.map((j) => ({ ...j, run_id: 91 })) })
    .post("/repos/Codertocat/Hello-World/actions/jobs/503/rerun")
    .reply(201, {});
  return { fake, probot };
}

describe("/dxfix retry <checkpoint> on a matrix run", () => {
  it("re-runs only that checkpoint's job", async () => {
    const { fake, probot } = await fannedOut();
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix retry 3", "alice"));
    expect(fake.requests("POST", /\/actions\/jobs\/503\/rerun$/)).toHaveLength(1);
    expect(fake.requests("POST", /rerun-failed-jobs/)).toHaveLength(0);
    expect(botComments(fake, 1).map((c) => c.body)).toEqual([
      expect.stringContaining("Re-running the matrix job `dxfix 3` (then the merge)"),
    ]);
    fake.gh.assertNoViolations();
  });
});
