// Recording progress: when every gate of a PR's group passes, the group's tasks become
// `[x]` on the PR branch in one commit, so merging the PR records the progress in the plan.
import type { PrState } from "../github/markers.ts";
import { advanceGroup, isGroupDone, parsePlan } from "../plan/index.ts";
import type { Report } from "../report/schema.ts";
import { type PullSummary, type Repo, readFile, writeFile } from "./github.ts";
import { groupPassed } from "./reports.ts";

export type ProgressOutcome = "marked" | "already-done" | "not-passed" | "no-plan";

export async function recordProgress(
  r: Repo,
  state: PrState,
  pull: PullSummary,
  report: Report,
): Promise<ProgressOutcome> {
  if (!groupPassed(report, state.group)) return "not-passed";
  const file = await readFile(r, state.plan, pull.headRef);
  if (!file) return "no-plan";
  // The lossless editor's policy: done stays done, optional tasks are left to the user.
  const plan = parsePlan(file.text, { path: state.plan });
  if (isGroupDone(plan, state.group)) return "already-done";
  const text = advanceGroup(file.text, plan, state.group, "done");
  // A normal commit on top of the branch head (never a ref rewrite).
  await writeFile(r, {
    path: state.plan,
    branch: pull.headRef,
    sha: file.sha,
    text,
    message: `dxfix: ${state.spec} task group ${state.group} done\n\nEvery checkpoint gating the group passed on ${pull.headSha.slice(0, 7)}.`,
  });
  r.log.info(`marked ${state.plan} group ${state.group} done on ${pull.headRef}`);
  return "marked";
}
