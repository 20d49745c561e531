// The plan reaches done. A group merged while a checkpoint it shares with later work
// still failed stays `[-]` on the default branch; a later group's PR ticks it when that
// checkpoint passes there. What no group PR can tick (the last one merged before its
// progress commit, or parallel PRs that only pass together on the default branch) gets
// one small progress PR once every group has had its PR merged: its checkpoint run on
// the default branch's code shows which started groups pass, the bot ticks them on it
// (recordProgress with the pseudo-group "progress"), and merging it finishes the plan.
import type { DxfixConfig } from "../config.ts";
import { prMarker } from "../github/markers.ts";
import { codeSpan, escapeInline } from "../report/escape.ts";
import {
  addLabels,
  branchHead,
  createBranch,
  createPull,
  emptyCommit,
  pullsForBranch,
  type Repo,
  readFile,
} from "./github.ts";
import { progressBranch, specOf } from "./naming.ts";
import { parsePlanOffLoop } from "./parse-worker.ts";

/** The group id a progress PR's marker carries: it names no group of the plan. */
export const PROGRESS_GROUP = "progress";

export type ProgressPrOutcome =
  | { kind: "opened"; pull: number; branch: string }
  | { kind: "open"; pull: number }
  | { kind: "not-needed"; why: string };

export async function openProgressPr(
  r: Repo,
  config: DxfixConfig,
  options: { defaultBranch: string; plan: string },
): Promise<ProgressPrOutcome> {
  const base = await branchHead(r, options.defaultBranch);
  if (!base) return { kind: "not-needed", why: `no branch ${options.defaultBranch}` };
  const file = await readFile(r, options.plan, base);
  if (!file) return { kind: "not-needed", why: `no ${options.plan}` };
  const plan = await parsePlanOffLoop(file.text, options.plan);
  const work = plan.groups.filter((g) => g.kind === "work");
  const started = work.filter((g) => g.state === "in_progress").map((g) => g.id);
  if (started.length === 0) return { kind: "not-needed", why: "no started group left unticked" };
  // A group not started yet will get its own PR, and that PR records progress itself.
  if (work.some((g) => g.state === "todo")) return { kind: "not-needed", why: "groups left to do" };
  const spec = specOf(options.plan);
  const branch = progressBranch(config.branchPrefix, spec, base);
  const existing = (await pullsForBranch(r, branch))[0];
  if (existing) return { kind: "open", pull: existing.number };
  if (await createBranch(r, branch, base)) {
    await emptyCommit(r, branch, base, `dxfix: record the progress of ${spec}`);
  }
  const pull = await createPull(r, {
    title: `${spec}: record progress`,
    head: branch,
    base: options.defaultBranch,
    body: progressBody(spec, options.plan, started),
  });
  if (config.labels.length > 0) await addLabels(r, pull.number, config.labels);
  r.log.info(`opened progress PR #${pull.number} for ${options.plan}`);
  return { kind: "opened", pull: pull.number, branch };
}

function progressBody(spec: string, plan: string, started: string[]): string {
  return [
    `Every task group of ${codeSpan(plan)} has had its PR merged, and task group${started.length === 1 ? "" : "s"} ${escapeInline(started.join(", "))} ${started.length === 1 ? "is" : "are"} still \`[-]\` on the default branch.`,
    "",
    "This PR carries no code. Its checkpoint run checks the default branch's code: every group whose checkpoints pass is ticked `[x]` here, and merging records it in the plan.",
    "",
    prMarker({ spec, group: PROGRESS_GROUP, plan }),
  ].join("\n");
}
