// A fork PR's run: the token cannot comment, so the Action uploads its report as the
// artifact the bot posts from (test/bot/fork-reports.test.ts takes it from there).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FORK_ARTIFACT, FORK_FILE, parseForkReports } from "../../src/github/fork-artifact.ts";
import { tempDirs } from "../helpers/git.ts";
import { mockGitHub, resetGitHubMocks } from "../helpers/github.ts";
import { payload } from "../helpers/payloads.ts";
import { PLAN, runAction, workspaceRepo } from "./flow.ts";

const dirs = tempDirs();
afterEach(() => {
  dirs.cleanup();
  resetGitHubMocks();
});

describe("fork PRs", () => {
  it("upload the report for the bot instead of commenting", async () => {
    const workspace = dirs.make("dxfix-ws-fork-");
    const sha = workspaceRepo(workspace, {
      [PLAN]: "# Demo\n- [ ] 1. Checkpoint - Ensure `true` succeeds\n",
    });
    const artifacts = join(dirs.make("dxfix-out-"), "artifacts");
    const gh = mockGitHub();
    const fork = payload("pull_request", "opened", (p) => {
      p.pull_request.head.sha = sha;
      p.pull_request.head.repo.full_name = "mallory/Hello-World";
    });
    const result = await runAction(workspace, { event: "pull_request", payload: fork, artifacts });
    expect(result.exitCode).toBe(0);
    expect(gh.requests).toEqual([]);
    const uploaded = parseForkReports(
      readFileSync(join(artifacts, FORK_ARTIFACT, FORK_FILE), "utf8"),
    );
    expect(uploaded.pr).toBe(fork.number);
    expect(uploaded.plans.map((p) => [p.path, p.report.commit?.sha, p.report.status])).toEqual([
      [PLAN, sha, "passed"],
    ]);
    expect(result.summary).toContain(`uploaded as the \`${FORK_ARTIFACT}\` artifact`);
  });
});
