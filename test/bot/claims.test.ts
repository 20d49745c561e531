// The claims that referee replicas (refs under refs/dxfix-locks/): one per guarded write,
// given back when the write fails so the next event can try again.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimRefs, forgetSweeps, isStale, SWEEP_LIMIT } from "../../src/bot/locks.ts";
import { resetGitHubMocks } from "../helpers/github.ts";
import {
  BRANCH1,
  botComments,
  commentPayload,
  DEFAULT,
  deliver,
  withPr,
  workflowRunPayload,
} from "./setup.ts";

beforeEach(() => forgetSweeps());
afterEach(() => resetGitHubMocks());

/** The claims held, without their day bucket (`refs/dxfix-locks/<day>/<name>`: locks.ts). */
const claimed = (refs: Map<string, string>) => [
  ...new Set(
    [...refs.keys()].map((ref) => ref.replace(/^refs\/dxfix-locks\/\d{4}-\d\d-\d\d\//, "")),
  ),
];

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
    expect(claimed(fake.refs)).toEqual([`failure/1/${fake.branches.get(BRANCH1)}`]);
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

  it("sweeps claims older than a day when it takes a new one, at most ten per event", async () => {
    const { fake, probot } = await withPr("failed");
    const sha = fake.branches.get(DEFAULT) ?? "";
    const day = (daysAgo: number) =>
      new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const stale = Array.from({ length: 12 }, (_, i) => `refs/dxfix-locks/${day(3)}/comment/${i}`);
    const legacy = "refs/dxfix-locks/comment/77"; // from before day buckets: age unknown
    const recent = [`refs/dxfix-locks/${day(1)}/comment/1`, `refs/dxfix-locks/${day(0)}/comment/2`];
    for (const ref of [...stale, legacy, ...recent]) fake.refs.set(ref, sha);

    await deliver(probot, "workflow_run", workflowRunPayload(fake, 1, "failure"));
    expect(botComments(fake, 1)).toHaveLength(1);
    expect(fake.requests("GET", /\/git\/matching-refs\/dxfix-locks$/)).toHaveLength(1);
    expect(fake.requests("DELETE", /\/git\/refs\//)).toHaveLength(SWEEP_LIMIT);
    for (const ref of recent) expect(fake.refs.has(ref)).toBe(true);

    // The next claim (a command comment) sweeps the rest.
    forgetSweeps();
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix status", "alice"));
    expect([...stale, legacy].filter((ref) => fake.refs.has(ref))).toEqual([]);
    for (const ref of recent) expect(fake.refs.has(ref)).toBe(true);
    expect(claimed(fake.refs)).toEqual(
      expect.arrayContaining([`failure/1/${fake.branches.get(BRANCH1)}`, "comment/1", "comment/2"]),
    );
    fake.gh.assertNoViolations();
  });

  it("sweeps at most once an hour per repository in one process", async () => {
    const { fake, probot } = await withPr("failed");
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    for (let i = 0; i < 3; i++)
      await deliver(probot, "issue_comment", commentPayload(fake, 1, "/dxfix status", "alice"));
    expect(fake.requests("GET", /\/git\/matching-refs\/dxfix-locks$/)).toHaveLength(1);
  });

  it("buckets claims by UTC day; the first hour also takes the day before's bucket", () => {
    const noon = Date.parse("2026-12-02T12:00:00Z");
    expect(claimRefs("comment/5", noon)).toEqual(["2026-12-02/comment/5"]);
    // Two deliveries racing across midnight both need 2026-12-01/comment/5: one wins.
    expect(claimRefs("comment/5", Date.parse("2026-12-02T00:00:01Z"))).toEqual([
      "2026-12-01/comment/5",
      "2026-12-02/comment/5",
    ]);
    expect(claimRefs("comment/5", Date.parse("2026-12-01T23:59:59Z"))).toEqual([
      "2026-12-01/comment/5",
    ]);
    // Stale: a bucket before yesterday (so every ref in it is over a day old), or no bucket.
    expect(isStale("2026-11-30/comment/5", noon)).toBe(true);
    expect(isStale("2026-12-01/comment/5", noon)).toBe(false);
    expect(isStale("2026-12-02/comment/5", noon)).toBe(false);
    expect(isStale("comment/5", noon)).toBe(true);
    expect(isStale("2026-13-45/x", noon)).toBe(true);
  });
});
