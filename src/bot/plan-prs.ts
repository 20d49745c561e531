// One PR per task group. Idempotent with GitHub as the only state: for each group the bot
// looks for the group's branch and PRs first, so a redelivered webhook finds what the
// first delivery made. A branch that already exists is never reset: the bot only adds
// its first commit when the branch still points at the base commit (nobody's work on it).

import { posix } from "node:path";
import picomatch from "picomatch";
import type { DxfixConfig } from "../config.ts";
import { messageOf, statusOf } from "../errors.ts";
import { advanceGroup, parsePlan, parseRequirements, traceCriteria } from "../plan/index.ts";
import type { Group, Plan } from "../plan/model.ts";
import { startFixRun } from "./fix-runs.ts";
import {
  addLabels,
  branchesWithPrefix,
  branchHead,
  createBranch,
  createPull,
  emptyCommit,
  listFiles,
  type PullSummary,
  pullsForBranch,
  type Repo,
  readFile,
  writeFile,
} from "./github.ts";
import { serialize } from "./locks.ts";
import { branchName, groupBranchPrefix, prTitle, specOf } from "./naming.ts";
import { renderPrBody } from "./pr-body.ts";

export type GroupOutcome =
  | { kind: "opened"; plan: string; group: string; pull: number; url: string; branch: string }
  | { kind: "open"; plan: string; group: string; pull: number; url: string }
  | { kind: "merged"; plan: string; group: string; pull: number }
  | { kind: "declined"; plan: string; group: string; pull: number }
  | { kind: "failed"; plan: string; group: string; message: string };

export interface PlanPrsOptions {
  defaultBranch: string;
  /** Plans to work on; null: every file of the default branch matching `config.specs`. */
  plans: string[] | null;
  /** The commands list for the PR body (from the command table). */
  help: string;
}

/** Plan paths among changed files that match the configured globs. */
export function matchingPlans(files: Iterable<string>, config: DxfixConfig): string[] {
  const isMatch = picomatch(config.specs, { dot: true });
  return [...new Set([...files].filter((f) => isMatch(f)))].sort();
}

export async function openPlanPrs(
  r: Repo,
  config: DxfixConfig,
  options: PlanPrsOptions,
): Promise<GroupOutcome[]> {
  // One run at a time per repository in this process; across processes GitHub's
  // "branch exists" / "PR exists" answers keep redeliveries from duplicating.
  const outcomes = await serialize(`plan-prs:${r.owner}/${r.repo}`, async () => {
    const base = await branchHead(r, options.defaultBranch);
    if (!base) throw new Error(`default branch ${options.defaultBranch} not found`);
    const plans = options.plans ?? (await discoverPlans(r, config, base));
    const outcomes: GroupOutcome[] = [];
    for (const path of plans) {
      const target = { defaultBranch: options.defaultBranch, help: options.help, base, path };
      outcomes.push(...(await prsForPlan(r, config, target)));
    }
    return outcomes;
  });
  await startFixRuns(r, config, outcomes, options.defaultBranch);
  return outcomes;
}

/**
 * A PR this delivery opened gets its first fix run when a fixer is configured (only the
 * delivery that opened it: a redelivery finds the PR "open" and starts nothing). A
 * failure to dispatch is logged; the PR stands, and `/dxfix fix` can start it later.
 */
async function startFixRuns(
  r: Repo,
  config: DxfixConfig,
  outcomes: GroupOutcome[],
  defaultBranch: string,
): Promise<void> {
  if (!config.fixer) return;
  for (const o of outcomes) {
    if (o.kind !== "opened") continue;
    try {
      const { start } = await startFixRun(r, config, o.pull, defaultBranch);
      r.log.info(`fix run for #${o.pull}: ${start.kind}`);
    } catch (error) {
      r.log.warn(`could not start a fix run for #${o.pull}: ${messageOf(error)}`);
    }
  }
}

async function discoverPlans(r: Repo, config: DxfixConfig, base: string): Promise<string[]> {
  return matchingPlans(await listFiles(r, base), config);
}

/** Where a plan's PRs go: the default branch at `base`, the plan at `path`. */
interface PlanTarget {
  defaultBranch: string;
  base: string;
  path: string;
  help: string;
}

async function prsForPlan(r: Repo, config: DxfixConfig, t: PlanTarget): Promise<GroupOutcome[]> {
  const file = await readFile(r, t.path, t.base);
  if (!file) return [];
  const plan = parsePlan(file.text, { path: t.path });
  const spec = specOf(t.path);
  const outcomes: GroupOutcome[] = [];
  for (const group of plan.groups) {
    if (group.kind !== "work" || group.state === "done") continue;
    const { branch, pulls } = await groupBranch(r, config, spec, group);
    const outcome = pulls.length
      ? existing(t.path, group, pulls)
      : await openGroupPr(r, config, { ...t, plan, group, spec, branch });
    outcomes.push(outcome);
    // Sequential: the first group not merged yet is the only one with a PR.
    if (config.mode === "sequential" && outcome.kind !== "merged") break;
  }
  return outcomes;
}

/** The group's branch and its PRs (any state), found by name or by the group's number. */
async function groupBranch(
  r: Repo,
  config: DxfixConfig,
  spec: string,
  group: Group,
): Promise<{ branch: string; pulls: PullSummary[] }> {
  const branch = branchName(config.branchPrefix, spec, group.id, group.title);
  const pulls = await pullsForBranch(r, branch);
  if (pulls.length > 0) return { branch, pulls };
  // The group's title may have changed since its branch was made: the branch of the
  // same group number is still this group's, and it must not get a twin.
  const prefix = groupBranchPrefix(config.branchPrefix, spec, group.id);
  const earlier = (await branchesWithPrefix(r, prefix)).find((b) => b !== branch);
  if (!earlier) return { branch, pulls };
  return { branch: earlier, pulls: await pullsForBranch(r, earlier) };
}

function existing(plan: string, group: Group, pulls: PullSummary[]): GroupOutcome {
  const open = pulls.find((p) => p.state === "open");
  if (open) return { kind: "open", plan, group: group.id, pull: open.number, url: open.url };
  const merged = pulls.find((p) => p.merged);
  if (merged) return { kind: "merged", plan, group: group.id, pull: merged.number };
  // Closed without merging: the user said no; never reopen it behind their back.
  const [newest] = pulls;
  if (!newest) throw new Error(`no PR for ${plan} group ${group.id}`);
  return { kind: "declined", plan, group: group.id, pull: newest.number };
}

interface GroupTarget extends PlanTarget {
  plan: Plan;
  group: Group;
  spec: string;
  branch: string;
}

async function openGroupPr(r: Repo, config: DxfixConfig, t: GroupTarget): Promise<GroupOutcome> {
  const { path, group, branch } = t;
  let head = await branchHead(r, branch);
  if (head === null) {
    if (!(await createBranch(r, branch, t.base))) head = await branchHead(r, branch);
    else head = t.base;
  }
  // Only a branch still at the base commit gets the first commit; anything else holds
  // work (ours from an earlier delivery, or someone's) and is left exactly as it is.
  if (head === t.base) await startGroup(r, path, branch, group, t.base);
  const body = await prBody(r, t);
  let pull: { number: number; url: string };
  try {
    pull = await createPull(r, {
      title: prTitle(t.spec, group.id, group.title),
      head: branch,
      base: t.defaultBranch,
      body,
    });
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    // Another delivery opened it meanwhile, or the branch has nothing to propose.
    const again = await pullsForBranch(r, branch);
    if (again.length) return existing(path, group, again);
    return { kind: "failed", plan: path, group: group.id, message: messageOf(error) };
  }
  if (config.labels.length > 0) await addLabels(r, pull.number, config.labels);
  r.log.info(`opened #${pull.number} for ${path} group ${group.id} on ${branch}`);
  return { kind: "opened", plan: path, group: group.id, pull: pull.number, url: pull.url, branch };
}

async function prBody(r: Repo, t: GroupTarget): Promise<string> {
  const requirements = await readRequirements(r, t.path, t.base);
  return renderPrBody({
    state: { spec: t.spec, group: t.group.id, plan: t.path },
    plan: t.plan,
    group: t.group,
    trace: traceCriteria(t.plan, requirements),
    requirements,
    help: t.help,
  });
}

/** First commit: the group's tasks `[-]` (an empty commit when they already are). */
async function startGroup(r: Repo, path: string, branch: string, group: Group, base: string) {
  const message = `dxfix: start ${specOf(path)} task group ${group.id} (${group.title})`;
  const file = await readFile(r, path, branch);
  if (!file) throw new Error(`${path} vanished from ${branch}`);
  const text = advanceGroup(file.text, parsePlan(file.text, { path }), group.id, "in_progress");
  if (text === file.text) {
    await emptyCommit(r, branch, base, message);
    return;
  }
  await writeFile(r, {
    path,
    branch,
    sha: file.sha,
    text,
    message: `${message}\n\nMarks the group's tasks in progress in ${path}.`,
  });
}

async function readRequirements(r: Repo, planPath: string, ref: string) {
  const path = posix.join(posix.dirname(planPath), "requirements.md");
  const file = await readFile(r, path, ref);
  return file ? parseRequirements(file.text, { path }) : null;
}
