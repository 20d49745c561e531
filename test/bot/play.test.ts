// A whole plan played on a simulated GitHub: the real bot, a fake repository, and a fake
// Actions that does what the two actions would (the fix action lands a group's code as
// one commit with trailers; the checkpoint action posts its report, computed by the real
// evaluator from which groups' code is on the branch). People only merge. The example's
// plan must end with every work group ticked and 30 of 32 criteria verified, in
// sequential and in parallel mode, with nobody ticking a box.
import type { Probot } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { evaluate } from "../../src/checkpoints/evaluate.ts";
import { fixCommitMessage } from "../../src/fix/trailers.ts";
import { checklistMarker, readPrMarker } from "../../src/github/markers.ts";
import { parsePlan, parseRequirements, traceCriteria } from "../../src/plan/index.ts";
import type { Report } from "../../src/report/schema.ts";
import { resetGitHubMocks } from "../helpers/github.ts";
import { checkpoint, command, sampleReport } from "../helpers/report.ts";
import type { FakeGitHub } from "./fake-github.ts";
import {
  deliver,
  fakeRepo,
  loadedProbot,
  mergedPayload,
  must,
  PLAN,
  pushPayload,
  reportComment,
  SPEC,
  workflowRunPayload,
} from "./setup.ts";

afterEach(() => resetGitHubMocks());

const REQUIREMENTS = `.kiro/specs/${SPEC}/requirements.md`;
/** Which groups' code each gate of the example needs to pass (from its README). */
const NEEDS: Record<string, string[]> = {
  "3": ["1", "2", "4"],
  "5": ["1", "2", "4"],
  "7.1": ["1", "2", "4"],
  "7.2": ["1", "2", "4", "6"],
  "7.3": [],
  "7.4": ["1", "2", "4", "6"],
  "8": ["1", "2", "4", "6"],
};
const landed = (group: string) => `fixed/group-${group}`;

/** The checkpoint action's report for a tree: gates pass when the code they need is there. */
function actionReport(files: Map<string, string>, sha: string, ref: string): Report {
  const plan = parsePlan(must(files.get(PLAN), "the plan"), { path: PLAN });
  const requirements = parseRequirements(must(files.get(REQUIREMENTS), "requirements"));
  const trace = traceCriteria(plan, requirements);
  const checkpoints = trace.gates.map((gate) => {
    const passes = (NEEDS[gate.id] ?? []).every((g) => files.has(landed(g)));
    return checkpoint({
      id: gate.id,
      title: gate.title,
      kind: gate.kind,
      groupId: gate.groupId,
      commands: [command({ status: passes ? "passed" : "failed", exitCode: passes ? 0 : 101 })],
    });
  });
  const evaluation = evaluate(plan, trace, checkpoints, []);
  const base = sampleReport();
  return {
    ...base,
    plan: { ...base.plan, path: PLAN, spec: SPEC },
    commit: { sha, ref },
    status: evaluation.status,
    groups: evaluation.groups,
    checkpoints,
    properties: [],
    requirements: evaluation.requirements,
    summary: evaluation.summary,
  };
}

/** GitHub Actions for the play: fix runs and checkpoint runs, until nothing is left to run. */
class FakeActions {
  checked = new Map<number, string>();
  readonly fake: FakeGitHub;
  readonly probot: Probot;
  constructor(fake: FakeGitHub, probot: Probot) {
    this.fake = fake;
    this.probot = probot;
  }

  /** The fix action: the group's code, as one fix commit with trailers. */
  fix(pr: number): void {
    const pull = must(
      this.fake.pulls.find((p) => p.number === pr),
      `PR #${pr}`,
    );
    const state = must(readPrMarker(pull.body), `the marker of #${pr}`);
    const head = must(this.fake.branches.get(pull.head), pull.head);
    const files = new Map(must(this.fake.commits.get(head), head).files);
    files.set(landed(state.group), "done\n");
    const message = fixCommitMessage({
      planPath: PLAN,
      groupId: state.group,
      groupTitle: pull.title,
      run: 1,
      attempt: 1,
      fixer: "stand-in",
      summary: [],
      credits: [],
    });
    this.fake.branches.set(pull.head, this.fake.commit(head, files, "dxfix[bot]", message));
  }

  /** The checkpoint action on a PR head: its living comment, then the run's completion. */
  async check(pr: number): Promise<void> {
    const pull = must(
      this.fake.pulls.find((p) => p.number === pr),
      `PR #${pr}`,
    );
    const sha = must(this.fake.branches.get(pull.head), pull.head);
    const report = actionReport(must(this.fake.commits.get(sha), sha).files, sha, pull.head);
    const body = reportComment(report);
    const mine = this.fake.comments.find(
      (c) =>
        c.issue === pr &&
        c.login === "github-actions[bot]" &&
        c.body.startsWith(checklistMarker(PLAN)),
    );
    if (mine) mine.body = body;
    else this.fake.addComment(pr, body, "github-actions[bot]", "Bot");
    this.checked.set(pr, sha);
    const conclusion = report.status === "failed" ? "failure" : "success";
    await deliver(this.probot, "workflow_run", workflowRunPayload(this.fake, pr, conclusion, sha));
  }

  /** Runs queued fix runs and checks every open PR whose head has not been checked. */
  async settle(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const queued = this.fake.runs.find(
        (r) => r.event === "workflow_dispatch" && r.status === "queued",
      );
      if (queued) {
        queued.status = "completed";
        queued.conclusion = "success";
        this.fix(Number(queued.display_title?.replace("dxfix fix #", "")));
        continue;
      }
      const stale = this.fake.pulls.find(
        (p) => p.state === "open" && this.checked.get(p.number) !== this.fake.branches.get(p.head),
      );
      if (!stale) return;
      await this.check(stale.number);
    }
    throw new Error("the play did not settle in 50 rounds");
  }
}

/** A person merges a PR; GitHub tells the bot (the PR closed, and the push to the base). */
async function merge(fake: FakeGitHub, probot: Probot, pr: number): Promise<void> {
  fake.merge(pr);
  await deliver(probot, "pull_request", mergedPayload(fake, pr));
  await deliver(probot, "push", pushPayload(fake, [PLAN]));
}

function workGroups(fake: FakeGitHub) {
  const text = must(fake.file(fake.defaultBranch, PLAN), "the plan on the default branch");
  return parsePlan(text, { path: PLAN }).groups.filter((g) => g.kind === "work");
}

async function play(mode: "sequential" | "parallel") {
  const fake = fakeRepo({ ".github/dxfix.yml": `mode: ${mode}\nfixer: plan-edits\n` });
  const probot = await loadedProbot();
  const actions = new FakeActions(fake, probot);
  await deliver(probot, "push", pushPayload(fake, [PLAN]));
  await actions.settle();
  for (let round = 0; round < 10; round++) {
    const open = fake.pulls.filter((p) => p.state === "open");
    if (open.length === 0) break;
    for (const pull of open) {
      await merge(fake, probot, pull.number);
      await actions.settle();
    }
  }
  fake.gh.assertNoViolations();
  return { fake, actions };
}

describe("a whole plan on a simulated GitHub, with a fixer", () => {
  for (const mode of ["sequential", "parallel"] as const) {
    it(`${mode}: every work group ends ticked on the default branch, nobody ticking a box`, async () => {
      const { fake } = await play(mode);
      expect(workGroups(fake).map((g) => [g.id, g.state])).toEqual([
        ["1", "done"],
        ["2", "done"],
        ["4", "done"],
        ["6", "done"],
      ]);
      const head = must(fake.branches.get(fake.defaultBranch), "default branch");
      const final = actionReport(
        must(fake.commits.get(head), head).files,
        head,
        fake.defaultBranch,
      );
      expect(final.summary.requirements).toMatchObject({ total: 32, verified: 30, uncovered: 2 });
      // One fix run per group PR; none for a progress PR.
      const dispatched = fake.runs.filter((r) => r.event === "workflow_dispatch");
      expect(dispatched).toHaveLength(4);
      // Sequential: group 4's PR ticks 1 and 2 too, so no progress PR is needed. Parallel:
      // the group PRs only pass together, so one progress PR records them after the last merge.
      const progress = fake.pulls.filter((p) => p.title.endsWith(": record progress"));
      expect(progress).toHaveLength(mode === "sequential" ? 0 : 1);
      // No person wrote to the plan: every commit touching it is the bot's or a merge.
      const writers = new Set(
        [...fake.commits.values()]
          .filter((c) => c.message.startsWith("dxfix: "))
          .map((c) => c.author),
      );
      expect([...writers].every((w) => w.endsWith("[bot]"))).toBe(true);
    });
  }
});
