// One PR per task group. Idempotent with GitHub as the only state: for each group the bot
// looks for the group's branch and PRs first, so a redelivered webhook finds what the
// first delivery made. A branch that already exists is never reset: the bot only adds
// its first commit when the branch still points at the base commit (nobody's work on it).

import { posix } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import picomatch from "picomatch";
import { applyConfigCommands } from "../checkpoints/config-commands.ts";
import type { DxfixConfig } from "../config.ts";
import { messageOf, statusOf, UserError } from "../errors.ts";
import { advanceGroup, traceCriteria } from "../plan/index.ts";
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
  openPulls,
  type PullSummary,
  pullsForBranch,
  type Repo,
  readFile,
  writeFile,
} from "./github.ts";
import { serialize } from "./locks.ts";
import { branchName, groupBranchPrefix, prTitle, specOf } from "./naming.ts";
import { parsePlanOffLoop, parseRequirementsOffLoop } from "./parse-worker.ts";
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
  /** Pause between two PRs this call opens; default: env `DXFIX_PR_GAP_MS`, else 1 s. */
  gapMs?: number;
}

/** Env `DXFIX_PR_GAP_MS`: milliseconds between two PR creations of one event. */
export const PR_GAP_ENV = "DXFIX_PR_GAP_MS";
/**
 * GitHub's secondary limits ask for content-creating requests one at a time with at least
 * a second between them: one push of a 150-group parallel plan opened 150 PRs in 3.7 s
 * (1,354 calls) before this, and at most `maxOpenPrs` at this pace after.
 */
export const DEFAULT_PR_GAP_MS = 1000;

/** The gap to keep between PR creations (read per call, so tests and deployments set it). */
export function prGapMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env[PR_GAP_ENV] ?? DEFAULT_PR_GAP_MS);
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_PR_GAP_MS;
}

/**
 * How many more PRs one event may open (`maxOpenPrs` minus the dxfix PRs open now) and the
 * pace: the first creation goes at once, each later one after `gapMs`.
 */
interface Budget {
  left: number;
  open: number;
  gapMs: number;
  opened: number;
}

async function openBudget(r: Repo, config: DxfixConfig, gapMs: number): Promise<Budget> {
  // dxfix PRs are the open ones from this repository's branches under the prefix: only
  // people with write access (and dxfix) can make those, so no stranger can use up slots.
  const here = `${r.owner}/${r.repo}`;
  const open = (await openPulls(r)).filter(
    (p) => p.headRepo === here && p.headRef.startsWith(config.branchPrefix),
  ).length;
  return { left: config.maxOpenPrs - open, open, gapMs, opened: 0 };
}

/** Wait the gap before every creation but the first of this event. */
async function pace(budget: Budget): Promise<void> {
  if (budget.opened > 0 && budget.gapMs > 0) await sleep(budget.gapMs);
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
    const budget = await openBudget(r, config, options.gapMs ?? prGapMs());
    const outcomes: GroupOutcome[] = [];
    for (const path of plans) {
      const target = { defaultBranch: options.defaultBranch, help: options.help, base, path };
      outcomes.push(...(await prsForPlan(r, config, target, budget)));
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

async function prsForPlan(
  r: Repo,
  config: DxfixConfig,
  t: PlanTarget,
  budget: Budget,
): Promise<GroupOutcome[]> {
  const file = await readFile(r, t.path, t.base);
  if (!file) return [];
  let plan: Plan;
  try {
    // The config's checkpoint commands, so the PR body names what the Action will run.
    plan = applyConfigCommands(
      await parsePlanOffLoop(file.text, t.path),
      config.checkpoints,
      t.path,
    );
  } catch (error) {
    // A plan the parser refuses (too slow, hostile): one line, and the other plans go on.
    if (!(error instanceof UserError)) throw error;
    r.log.warn(error.message);
    return [{ kind: "failed", plan: t.path, group: "(all)", message: error.message }];
  }
  const spec = specOf(t.path);
  const outcomes: GroupOutcome[] = [];
  for (const group of plan.groups) {
    if (group.kind !== "work" || group.state === "done") continue;
    // No slot left: this group and the ones after it wait for a dxfix PR to be merged or
    // closed, or for the next push; nothing more is looked up for them now.
    if (budget.left <= 0) {
      outcomes.push(waiting(t.path, group, config, budget));
      break;
    }
    const { branch, pulls } = await groupBranch(r, config, spec, group);
    const outcome = pulls.length
      ? existing(t.path, group, pulls)
      : await openPaced(r, config, { ...t, plan, group, spec, branch }, budget);
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

async function openPaced(
  r: Repo,
  config: DxfixConfig,
  t: GroupTarget,
  budget: Budget,
): Promise<GroupOutcome> {
  await pace(budget);
  const outcome = await openGroupPr(r, config, t);
  if (outcome.kind === "opened") {
    budget.left--;
    budget.opened++;
  }
  return outcome;
}

function waiting(plan: string, group: Group, config: DxfixConfig, b: Budget): GroupOutcome {
  const open = b.open + b.opened;
  return {
    kind: "failed",
    plan,
    group: group.id,
    message: `waiting: ${open} dxfix PR${open === 1 ? " is" : "s are"} open, the most \`maxOpenPrs\` (${config.maxOpenPrs}) allows; it opens, with the groups after it, when one is merged or closed or on the next push`,
  };
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
  if (head === t.base) await firstCommit(r, t);
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

/**
 * The group's first commit. Replicas handling the same push may all find the branch at
 * the base and write it at once: GitHub takes one (the others get 409 or 422, as the file
 * or the ref moved under them), and the branch having moved on means it is done.
 */
async function firstCommit(r: Repo, t: GroupTarget): Promise<void> {
  try {
    await startGroup(r, t.path, t.branch, t.group, t.base);
  } catch (error) {
    const status = statusOf(error);
    if (status !== 409 && status !== 422) throw error;
    if ((await branchHead(r, t.branch)) === t.base) throw error;
    r.log.info(`${t.branch}: another delivery wrote its first commit`);
  }
}

/** First commit: the group's tasks `[-]` (an empty commit when they already are). */
async function startGroup(r: Repo, path: string, branch: string, group: Group, base: string) {
  const message = `dxfix: start ${specOf(path)} task group ${group.id} (${group.title})`;
  const file = await readFile(r, path, branch);
  if (!file) throw new Error(`${path} vanished from ${branch}`);
  const plan = await parsePlanOffLoop(file.text, path);
  const text = advanceGroup(file.text, plan, group.id, "in_progress");
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
  return file ? parseRequirementsOffLoop(file.text, path) : null;
}
