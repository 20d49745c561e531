// Recording progress, judged over the whole plan: when the report for a dxfix PR's head
// shows every gate of a group passing, that group's tasks become `[x]` on the PR branch,
// in one commit, so merging the PR records the progress in the plan. This covers the PR's
// own group and every group already started (`[-]`): groups merged while a checkpoint
// they share with later work still failed get ticked by the PR that makes it pass.
// Groups nobody has started stay as they are: passing gates alone do not do their work.
import type { PrState } from "../github/markers.ts";
import { advanceGroup, isGroupDone } from "../plan/index.ts";
import type { Plan } from "../plan/model.ts";
import type { Report } from "../report/schema.ts";
import { type PullSummary, type Repo, readFile, writeFile } from "./github.ts";
import { parsePlanOffLoop } from "./parse-worker.ts";
import { groupPassed } from "./reports.ts";

export type ProgressOutcome = "marked" | "already-done" | "not-passed" | "no-plan";

/** The groups this PR may tick: its own, and every started work group whose gates pass. */
export function groupsToTick(plan: Plan, report: Report, own: string): string[] {
  return plan.groups
    .filter((g) => g.kind === "work" && (g.id === own || g.state === "in_progress"))
    .filter((g) => groupPassed(report, g.id) && !isGroupDone(plan, g.id))
    .map((g) => g.id);
}

export async function recordProgress(
  r: Repo,
  state: PrState,
  pull: PullSummary,
  report: Report,
): Promise<ProgressOutcome> {
  if (!report.groups.some((g) => groupPassed(report, g.id))) return "not-passed";
  const file = await readFile(r, state.plan, pull.headRef);
  if (!file) return "no-plan";
  const plan = await parsePlanOffLoop(file.text, state.plan);
  const ids = groupsToTick(plan, report, state.group);
  if (ids.length === 0) return groupPassed(report, state.group) ? "already-done" : "not-passed";
  // The lossless editor's policy: done stays done, optional tasks are left to the user.
  let text = file.text;
  for (const id of ids)
    text = advanceGroup(text, await parsePlanOffLoop(text, state.plan), id, "done");
  const which = ids.length === 1 ? `task group ${ids[0]}` : `task groups ${ids.join(", ")}`;
  // A normal commit on top of the branch head (never a ref rewrite).
  await writeFile(r, {
    path: state.plan,
    branch: pull.headRef,
    sha: file.sha,
    text,
    message: `dxfix: ${state.spec} ${which} done\n\nEvery checkpoint gating ${ids.length === 1 ? "the group" : "these groups"} passed on ${pull.headSha.slice(0, 7)}.`,
  });
  r.log.info(`marked ${state.plan} ${which} done on ${pull.headRef}`);
  return "marked";
}
