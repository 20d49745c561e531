// Replicas need no coordination: three real bot server processes get the same deliveries
// at the same moment and GitHub (the fake, through a loopback proxy) referees them. The
// barriers make every replica read the conversation before any of them writes, which is
// the race that posted three failure comments and three re-runs before the claims.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetGitHubMocks } from "../helpers/github.ts";
import {
  type ApiProxy,
  calls,
  post,
  type Replica,
  startProxy,
  startReplicas,
  stopReplicas,
} from "./replicas.ts";
import {
  BRANCH1,
  botComments,
  checkSuitePayload,
  commentPayload,
  fakeRepo,
  must,
  PLAN,
  planReport,
  pushPayload,
  reportComment,
  withPr,
  workflowRunPayload,
} from "./setup.ts";

const FIXER = { ".github/dxfix.yml": "fixer:\n  command: claude -p {brief}\n  maxRuns: 5\n" };
const COMMENTS = /\/issues\/1\/comments$/;
const RUNS = /\/actions\/workflows\/[^/]+\/runs$/;
const RERUN = /\/actions\/runs\/\d+\/rerun-failed-jobs$/;
const DISPATCH = /\/actions\/workflows\/[^/]+\/dispatches$/;

let proxy: ApiProxy;
let bots: Replica[];

beforeAll(async () => {
  proxy = await startProxy();
  bots = await startReplicas(proxy, 3);
}, 60_000);

afterAll(async () => {
  await stopReplicas(bots ?? []);
  await proxy?.close();
});

afterEach(() => resetGitHubMocks());

/** The claims held, without their day bucket (`refs/dxfix-locks/<day>/<name>`: locks.ts). */
const claimed = (refs: Map<string, string>) => [
  ...new Set(
    [...refs.keys()].map((ref) => ref.replace(/^refs\/dxfix-locks\/\d{4}-\d\d-\d\d\//, "")),
  ),
];

/** Deliver to every replica at once (`payloads[i]` to bot `i % 3`); every one must answer 200. */
async function toAll(name: string, payloads: unknown[], id?: string): Promise<void> {
  const statuses = await Promise.all(
    payloads.map((p, i) => post(must(bots[i % bots.length], "bot"), name, p, id ?? randomUUID())),
  );
  const logs = bots.map((b) => b.log.join("")).join("\n");
  expect(statuses, logs).toEqual(payloads.map(() => 200));
}

/** One failing workflow_run to all three, racing on the comments; the bot's comments after. */
async function failureToAll(fake: Awaited<ReturnType<typeof withPr>>["fake"]): Promise<string[]> {
  const race = proxy.barrier("GET", COMMENTS, 3);
  const failure = workflowRunPayload(fake, 1, "failure");
  await toAll("workflow_run", [failure, failure, failure], randomUUID());
  expect(race.met()).toBe(true);
  fake.gh.assertNoViolations();
  return botComments(fake, 1).map((c) => c.body);
}

describe("three replicas, one GitHub", () => {
  it("post one failure comment for one workflow_run delivered to all three", async () => {
    const { fake } = await withPr("failed");
    expect(await failureToAll(fake)).toEqual([expect.stringContaining("checkpoint 3 failed")]);
    expect(claimed(fake.refs)).toEqual([`failure/1/${fake.branches.get(BRANCH1)}`]);
  });

  it("post one comment for a workflow_run and another CI's check_suite of one head", async () => {
    const { fake } = await withPr("failed");
    const suite = checkSuitePayload(fake, 1, "failure");
    suite.check_suite.app.slug = "other-ci";
    const race = proxy.barrier("GET", COMMENTS, 2);
    await Promise.all([
      toAll("workflow_run", [workflowRunPayload(fake, 1, "failure")]),
      post(must(bots[1], "bot"), "check_suite", suite, randomUUID()),
    ]);
    expect(race.met()).toBe(true);
    fake.gh.assertNoViolations();
    expect(botComments(fake, 1)).toHaveLength(1);
  });

  it("post one later-groups notice when only later groups' checkpoints fail", async () => {
    const { fake } = await withPr(null);
    const report = planReport("passed");
    const later = structuredClone(must(report.checkpoints[0], "checkpoint 3"));
    Object.assign(later, { id: "7", title: "Checkpoint - async", groupId: "7", status: "failed" });
    report.checkpoints.push(later);
    report.groups.push({
      id: "4",
      title: "Async",
      kind: "work",
      state: "todo",
      gates: ["7"],
      status: "failed",
    });
    report.commit = { sha: must(fake.branches.get(BRANCH1), "head"), ref: BRANCH1 };
    fake.addComment(1, reportComment(report), "github-actions[bot]", "Bot");
    expect(await failureToAll(fake)).toEqual([
      expect.stringContaining("task group 1 passes its checkpoints"),
    ]);
  });

  it("send one re-run request for ten /dxfix retry across the three", async () => {
    const { fake } = await withPr("failed");
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    const sha = must(fake.branches.get(BRANCH1), "head");
    fake.runs.push({
      id: 77,
      head_sha: sha,
      status: "completed",
      conclusion: "failure",
      run_attempt: 1,
      workflow: "dxfix.yml",
    });
    const race = proxy.barrier("GET", RUNS, 3);
    const retries = Array.from({ length: 10 }, () =>
      commentPayload(fake, 1, "/dxfix retry", "alice"),
    );
    await toAll("issue_comment", retries);
    expect(race.met()).toBe(true);
    fake.gh.assertNoViolations();
    expect(calls(fake, "POST", RERUN)).toBe(1);
    // Every comment is answered: one re-run, the others told it was just requested.
    const replies = botComments(fake, 1).map((c) => c.body);
    expect(replies).toHaveLength(10);
    expect(replies.filter((b) => b.startsWith("Re-running"))).toHaveLength(1);
  });

  it("act once on one command comment replayed to all three", async () => {
    const { fake } = await withPr("failed");
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    const help = commentPayload(fake, 1, "/dxfix help", "alice");
    await toAll("issue_comment", [help, help, help], randomUUID());
    fake.gh.assertNoViolations();
    expect(botComments(fake, 1).map((c) => c.body)).toEqual([
      expect.stringContaining("**dxfix commands**"),
    ]);
  });

  it("dispatch one fix run for ten /dxfix fix across the three", async () => {
    const { fake } = await withPr("failed", FIXER);
    for (const run of fake.runs) run.status = "completed";
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    fake.gh.requests.length = 0;
    const race = proxy.barrier("GET", RUNS, 3);
    const fixes = Array.from({ length: 10 }, () => commentPayload(fake, 1, "/dxfix fix", "alice"));
    await toAll("issue_comment", fixes);
    expect(race.met()).toBe(true);
    fake.gh.assertNoViolations();
    expect(calls(fake, "POST", DISPATCH)).toBe(1);
  });

  it("open one PR and dispatch one fix run for a push delivered to all three", async () => {
    const fake = fakeRepo(FIXER);
    const push = pushPayload(fake, [PLAN]);
    // All three found no branch and try to create it at once.
    const race = proxy.barrier("POST", /\/git\/refs$/, 3);
    await toAll("push", [push, push, push], randomUUID());
    expect(race.met()).toBe(true);
    fake.gh.assertNoViolations();
    expect(fake.pulls).toHaveLength(1);
    expect(calls(fake, "POST", DISPATCH)).toBe(1);
  });
});
