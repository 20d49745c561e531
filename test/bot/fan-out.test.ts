// Bounded fan-out: one push of a parallel plan with 150 work groups opened 150 PRs in
// 3.7 s (1,354 calls) before `maxOpenPrs`. Now it opens the cap; the rest wait for a
// dxfix PR to be merged or closed (or the next push).
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_PR_GAP_MS, PR_GAP_ENV, prGapMs } from "../../src/bot/plan-prs.ts";
import { resetGitHubMocks } from "../helpers/github.ts";
import { BIG_PLAN, bigPlan } from "./big-plan.ts";
import { deliver, fakeRepo, loadedProbot, mergedPayload, must, pushPayload } from "./setup.ts";

afterEach(() => resetGitHubMocks());

const BIG = BIG_PLAN;

function bigRepo(config = "mode: parallel\n") {
  return fakeRepo({ [BIG]: bigPlan(150), ".github/dxfix.yml": config });
}

const open = (fake: ReturnType<typeof bigRepo>) => fake.pulls.filter((p) => p.state === "open");

describe("a 150-group parallel plan", () => {
  it("opens at most maxOpenPrs (default 10) on one push; a merge opens the next", async () => {
    const fake = bigRepo();
    const probot = await loadedProbot();
    await deliver(probot, "push", pushPayload(fake, [BIG]));
    fake.gh.assertNoViolations();
    expect(fake.pulls).toHaveLength(10);
    expect(fake.pulls.map((p) => p.head)).toEqual(
      Array.from({ length: 10 }, (_, i) => `dxfix/big/${i + 1}-group-${i + 1}`),
    );
    // Bounded work too: the groups past the cap are not even looked up.
    const pushCalls = fake.gh.requests.length;
    expect(pushCalls).toBeLessThan(150);

    // The same push again (a redelivery) opens nothing: ten are open.
    await deliver(probot, "push", pushPayload(fake, [BIG]));
    expect(fake.pulls).toHaveLength(10);

    fake.merge(3);
    await deliver(probot, "pull_request", mergedPayload(fake, 3));
    fake.gh.assertNoViolations();
    expect(fake.pulls).toHaveLength(11);
    expect(open(fake)).toHaveLength(10);
    expect(fake.pulls.at(-1)?.head).toBe("dxfix/big/11-group-11");
  });

  it("opens the next one when a dxfix PR is closed without merging", async () => {
    const fake = bigRepo("mode: parallel\nmaxOpenPrs: 2\n");
    const probot = await loadedProbot();
    await deliver(probot, "push", pushPayload(fake, [BIG]));
    expect(fake.pulls).toHaveLength(2);
    const first = must(fake.pulls[0], "PR #1");
    first.state = "closed";
    const closed = mergedPayload(fake, first.number);
    closed.pull_request.merged = false;
    closed.pull_request.merged_at = null;
    await deliver(probot, "pull_request", closed);
    fake.gh.assertNoViolations();
    // Group 1 was declined (never reopened); group 3 takes the free slot.
    expect(open(fake).map((p) => p.head)).toEqual(["dxfix/big/2-group-2", "dxfix/big/3-group-3"]);
  });

  it("counts only this repository's open PRs on dxfix branches against the cap", async () => {
    const fake = bigRepo("mode: parallel\nmaxOpenPrs: 3\n");
    // Someone's unrelated PR (not a dxfix branch) does not take a slot.
    fake.pushCommit(fake.defaultBranch, "README.md", "# hi\n");
    fake.branches.set("feature", must(fake.branches.get(fake.defaultBranch), "master"));
    fake.pushCommit("feature", "a.txt", "a\n");
    fake.pulls.push({
      number: 99,
      title: "feature",
      body: "",
      head: "feature",
      base: fake.defaultBranch,
      state: "open",
      merged_at: null,
      labels: [],
      user: { login: "octocat", type: "User" },
    });
    const probot = await loadedProbot();
    await deliver(probot, "push", pushPayload(fake, [BIG]));
    expect(open(fake).filter((p) => p.head.startsWith("dxfix/"))).toHaveLength(3);
  });
});

describe("the pause between two PR creations", () => {
  it("is 1 s by default, set by DXFIX_PR_GAP_MS, and never negative or garbage", () => {
    expect(DEFAULT_PR_GAP_MS).toBe(1000);
    expect(prGapMs({})).toBe(1000);
    expect(prGapMs({ [PR_GAP_ENV]: "0" })).toBe(0);
    expect(prGapMs({ [PR_GAP_ENV]: "2500" })).toBe(2500);
    expect(prGapMs({ [PR_GAP_ENV]: "-5" })).toBe(1000);
    expect(prGapMs({ [PR_GAP_ENV]: "soon" })).toBe(1000);
  });
});
