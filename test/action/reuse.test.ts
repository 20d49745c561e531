// The progress commit and the retry through the Action: the real engine on a real git
// workspace, the PR conversation simulated (every request checked against the OpenAPI
// description), the previous report read from the living comment.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractReport } from "../../src/github/markers.ts";
import { fakeConversation } from "../helpers/comments.ts";
import { mockGitHub } from "../helpers/github.ts";
import { payload } from "../helpers/payloads.ts";
import {
  COUNTING_PLAN,
  commitFile,
  flowTestDirs,
  PLAN,
  prPayload,
  runAction,
  workspaceRepo,
} from "./flow.ts";

const plan = COUNTING_PLAN;

const dirs = flowTestDirs();

function setUp(files: Record<string, string> = {}) {
  const workspace = dirs.make("dxfix-ws-reuse-");
  const out = dirs.make("dxfix-out-");
  process.env.COUNT = join(out, "count");
  const sha = workspaceRepo(workspace, { [PLAN]: plan, ...files });
  const gh = mockGitHub();
  const pr = fakeConversation(gh, { owner: "Codertocat", repo: "Hello-World", issueNumber: 2 });
  const ran = () => readFileSync(join(out, "count"), "utf8").trim().split("\n");
  return { workspace, sha, gh, pr, ran, artifacts: join(out, "artifacts") };
}

describe("reuse through the Action", () => {
  it("the bot's progress commit costs no command run, and the trend grows by one push", async () => {
    const { workspace, sha, gh, pr, ran, artifacts } = setUp({ "ok.txt": "" });
    const first = await runAction(workspace, {
      event: "pull_request",
      payload: prPayload(sha),
      artifacts,
    });
    expect(first.exitCode).toBe(0);
    expect(ran()).toEqual(["build", "test"]);
    const progress = commitFile(workspace, PLAN, plan.replace("- [ ] 1.1", "- [x] 1.1"));
    const second = await runAction(workspace, {
      event: "pull_request",
      payload: prPayload(progress),
      artifacts,
    });
    expect(second.exitCode).toBe(0);
    expect(ran()).toEqual(["build", "test"]);
    const embedded = extractReport(pr.comments[0]?.body);
    expect(pr.comments).toHaveLength(1);
    const commands = embedded?.checkpoints.flatMap((c) => c.commands) ?? [];
    expect(commands.map((c) => [c.status, c.reusedFrom])).toEqual([
      ["passed", sha],
      ["passed", sha],
    ]);
    expect(embedded?.summary.processes).toBe(0);
    expect(embedded?.trend?.map((t) => t.sha)).toEqual([sha, progress]);
    gh.assertNoViolations();
  });

  it("a retry re-runs only the failed command; reuse: false runs everything", async () => {
    const { workspace, sha, pr, ran, artifacts } = setUp();
    const first = await runAction(workspace, {
      event: "pull_request",
      payload: prPayload(sha),
      artifacts,
    });
    expect(first.outputs.status).toBe("failed");
    await runAction(workspace, { event: "pull_request", payload: prPayload(sha), artifacts });
    expect(ran()).toEqual(["build", "test", "test"]);
    // A retry of the same commit replaces its trend point instead of adding one.
    expect(extractReport(pr.comments[0]?.body)?.trend?.map((t) => t.sha)).toEqual([sha]);
    await runAction(workspace, {
      event: "pull_request",
      payload: prPayload(sha),
      inputs: { reuse: "false" },
      artifacts,
    });
    expect(ran()).toEqual(["build", "test", "test", "build", "test"]);
  });

  it("keeps the last ten pushes in the trend, oldest first", async () => {
    const { workspace, pr, artifacts } = setUp({ "ok.txt": "" });
    const shas: string[] = [];
    for (let i = 0; i < 11; i++) {
      const sha = commitFile(workspace, "src.txt", `${i}\n`);
      shas.push(sha);
      await runAction(workspace, { event: "pull_request", payload: prPayload(sha), artifacts });
    }
    const trend = extractReport(pr.comments[0]?.body)?.trend ?? [];
    expect(trend.map((t) => t.sha)).toEqual(shas.slice(1));
    expect(trend.at(-1)).toEqual({ sha: shas[10], errors: 0, failingTests: 0, verified: 0 });
  });

  it("on a push (no comment, no cache service here) every command runs", async () => {
    const { workspace, gh, ran, artifacts } = setUp({ "ok.txt": "" });
    await runAction(workspace, { event: "push", payload: payload("push"), artifacts });
    await runAction(workspace, { event: "push", payload: payload("push"), artifacts });
    expect(ran()).toEqual(["build", "test", "build", "test"]);
    expect(gh.requests).toEqual([]);
  });
});
