import { afterEach, describe, expect, it } from "vitest";
import { readPrMarker } from "../../src/github/markers.ts";
import { resetGitHubMocks } from "../helpers/github.ts";
import {
  commentPayload,
  DEFAULT,
  deliver,
  fakeRepo,
  loadedProbot,
  mergedPayload,
  must,
  PLAN,
  PLAN_TEXT,
  pushPayload,
  SPEC,
} from "./setup.ts";

afterEach(() => resetGitHubMocks());

const BRANCH1 = `dxfix/${SPEC}/1-fix-missing-dependency`;

/** Positions where two texts differ (same length expected: only box characters change). */
function diffChars(a: string, b: string): string[] {
  expect(b.length).toBe(a.length);
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(`${a[i]}->${b[i]}`);
  return out;
}

describe("one PR per task group", () => {
  it("sequential (default): a push of the plan opens the first group's PR only", async () => {
    const fake = fakeRepo();
    const probot = await loadedProbot();
    await deliver(probot, "push", pushPayload(fake, [PLAN]));
    fake.gh.assertNoViolations();

    expect(fake.pulls).toHaveLength(1);
    const pr = must(fake.pulls[0], "PR #1");
    expect(pr.head).toBe(BRANCH1);
    expect(pr.base).toBe(DEFAULT);
    expect(pr.title).toBe(`${SPEC}: 1. Fix Missing Dependency`);
    expect(pr.labels).toEqual(["dxfix"]);
    expect(readPrMarker(pr.body)).toEqual({ spec: SPEC, group: "1", plan: PLAN });
    expect(pr.body).toContain(
      "- [ ] 1.1 Add dx-py-reactor dependency to dx-py-interpreter Cargo.toml",
    );
    // Criterion text from requirements.md, the gating checkpoint with its command, the commands.
    expect(pr.body).toMatch(/\*\*1\.1\*\* WHEN the interpreter's manifest is read/);
    expect(pr.body).toContain("`cargo build -p dx-py-interpreter`");
    expect(pr.body).toContain("/dxfix retry");

    // The first commit marks the group's tasks in progress, changing nothing else.
    const edited = must(fake.file(BRANCH1, PLAN), `${PLAN} on ${BRANCH1}`);
    expect(diffChars(PLAN_TEXT, edited)).toEqual([" ->-", " ->-"]);
    expect(edited).toContain("- [-] 1. Fix Missing Dependency");
    expect(edited).toContain("  - [-] 1.1 Add dx-py-reactor");
    expect(fake.file(DEFAULT, PLAN)).toBe(PLAN_TEXT);
  });

  it("parallel: one PR per unfinished work group", async () => {
    const fake = fakeRepo({ ".github/dxfix.yml": "mode: parallel\nlabels: [dxfix, plan]\n" });
    const probot = await loadedProbot();
    await deliver(probot, "push", pushPayload(fake, [PLAN]));
    fake.gh.assertNoViolations();
    expect(fake.pulls.map((p) => p.title)).toEqual([
      `${SPEC}: 1. Fix Missing Dependency`,
      `${SPEC}: 2. Fix JIT Integration Module`,
      `${SPEC}: 4. Fix Async Integration Module`,
      `${SPEC}: 6. Update Tests`,
    ]);
    expect(fake.pulls.every((p) => p.labels.join() === "dxfix,plan")).toBe(true);
    const jit = must(
      fake.file(`dxfix/${SPEC}/2-fix-jit-integration-module`, PLAN),
      "group 2's plan",
    );
    expect(jit).toContain("- [-] 2. Fix JIT Integration Module");
    expect(jit).toContain("  - [-]* 2.12 Write property test for tier tracking");
    expect(jit).toContain("- [ ] 1. Fix Missing Dependency");
  });

  it("a group renamed on the default branch keeps its PR (no twin)", async () => {
    const fake = fakeRepo();
    const probot = await loadedProbot();
    await deliver(probot, "push", pushPayload(fake, [PLAN]));
    expect(fake.pulls).toHaveLength(1);
    fake.pushCommit(
      DEFAULT,
      PLAN,
      PLAN_TEXT.replace("1. Fix Missing Dependency", "1. Add the reactor dependency"),
    );
    await deliver(probot, "push", pushPayload(fake, [PLAN]));
    fake.gh.assertNoViolations();
    expect(fake.pulls.map((p) => p.head)).toEqual([BRANCH1]);
    expect([...fake.branches.keys()].filter((b) => b.startsWith(`dxfix/${SPEC}/1-`))).toEqual([
      BRANCH1,
    ]);
  });

  it("a redelivered push (same delivery id) opens no second PR or branch", async () => {
    const fake = fakeRepo();
    const probot = await loadedProbot();
    const p = pushPayload(fake, [PLAN]);
    await deliver(probot, "push", p, "delivery-1");
    await deliver(probot, "push", p, "delivery-1");
    // and two at once
    await Promise.all([
      deliver(probot, "push", p, "delivery-1"),
      deliver(probot, "push", p, "delivery-1"),
    ]);
    fake.gh.assertNoViolations();
    expect(fake.pulls).toHaveLength(1);
    expect(fake.requests("POST", /\/pulls$/)).toHaveLength(1);
    expect(fake.requests("POST", /\/git\/refs$/)).toHaveLength(1);
    expect(fake.requests("PUT", /\/contents\//)).toHaveLength(1);
  });

  it("pushes that do not touch a plan make no API call", async () => {
    const fake = fakeRepo();
    const probot = await loadedProbot();
    await deliver(probot, "push", pushPayload(fake, ["src/main.rs"]));
    expect(fake.gh.requests).toHaveLength(0);
  });

  it("sequential mode across a merge: the next group's PR opens", async () => {
    const fake = fakeRepo();
    const probot = await loadedProbot();
    await deliver(probot, "push", pushPayload(fake, [PLAN]));
    fake.merge(1);
    await deliver(probot, "pull_request", mergedPayload(fake, 1));
    fake.gh.assertNoViolations();
    expect(fake.pulls.map((p) => [p.number, p.state, p.title])).toEqual([
      [1, "closed", `${SPEC}: 1. Fix Missing Dependency`],
      [2, "open", `${SPEC}: 2. Fix JIT Integration Module`],
    ]);
    // The new branch starts from the merged default branch: group 1 stays in progress there.
    const next = must(
      fake.file(`dxfix/${SPEC}/2-fix-jit-integration-module`, PLAN),
      "group 2's plan",
    );
    expect(next).toContain("- [-] 1. Fix Missing Dependency");
    expect(next).toContain("- [-] 2. Fix JIT Integration Module");
  });

  it("never rewrites a dxfix branch holding someone else's commit", async () => {
    const fake = fakeRepo();
    // Someone created the branch and pushed work before the bot got to it.
    fake.branches.set(BRANCH1, must(fake.branches.get(DEFAULT), DEFAULT));
    const foreign = fake.pushCommit(
      BRANCH1,
      "dx-py-runtime/Cargo.toml",
      "[workspace]\n",
      "mallory",
    );
    const probot = await loadedProbot();
    await deliver(probot, "push", pushPayload(fake, [PLAN]));
    fake.gh.assertNoViolations();
    expect(fake.branches.get(BRANCH1)).toBe(foreign);
    expect(fake.requests("PUT", /\/contents\//)).toHaveLength(0);
    expect(fake.requests("PATCH", /\/git\/refs\//)).toHaveLength(0);
    expect(fake.requests("POST", /\/git\/refs$/)).toHaveLength(0);
    // The PR is opened from the branch as it is.
    expect(fake.pulls.map((p) => p.head)).toEqual([BRANCH1]);
  });

  it("/dxfix plan on an issue opens the PRs and says so", async () => {
    const fake = fakeRepo();
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    const probot = await loadedProbot();
    await deliver(probot, "issue_comment", commentPayload(fake, 50, "/dxfix plan", "alice", false));
    fake.gh.assertNoViolations();
    expect(fake.pulls).toHaveLength(1);
    const reply = fake.comments
      .filter((c) => c.issue === 50 && c.type === "Bot")
      .map((c) => c.body);
    expect(reply).toHaveLength(1);
    expect(reply[0]).toContain(`\`${PLAN}\` group 1: opened #1`);
    expect(fake.reactions.map((r) => r.content)).toEqual(["eyes", "rocket"]);
  });
});
