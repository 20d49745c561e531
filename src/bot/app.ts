// The Probot app: wires webhook events to the bot's handlers. It holds no state of its own
// beyond in-process coordination; everything it knows it reads back from GitHub.
import { posix } from "node:path";
import type { ApplicationFunction, Context, Probot } from "probot";
import { CONFIG_PATH, type DxfixConfig, defaultConfig } from "../config.ts";
import { escapeInline } from "../report/escape.ts";
import { type Command, helpText, parseCommands } from "./commands.ts";
import { type CompletedRun, onRunCompleted } from "./failures.ts";
import {
  byBot,
  comment,
  getPull,
  listComments,
  type Reaction,
  type Repo,
  react,
} from "./github.ts";
import {
  type LoadedConfig,
  loadConfig,
  reportConfigOnCommit,
  reportConfigOnIssue,
} from "./load-config.ts";
import { dxfixPrState } from "./markers.ts";
import { accessOf, mayCommand, refusal } from "./permissions.ts";
import { type GroupOutcome, matchingPlans, openPlanPrs } from "./plan-prs.ts";
import { trustedReports } from "./reports.ts";
import { retry, retryReply } from "./retry.ts";
import { statusSummary } from "./status.ts";

function repoOf(context: Context): Repo {
  const { owner, repo } = context.repo();
  return { octokit: context.octokit, owner, repo, log: context.log };
}

export const dxfixApp: ApplicationFunction = (app: Probot) => {
  app.on("issue_comment.created", onComment);
  app.on("push", onPush);
  app.on("pull_request.closed", onPullClosed);
  app.on("workflow_run.completed", onWorkflowRun);
  app.on("check_suite.completed", onCheckSuite);
};

export default dxfixApp;

// ---- commands -------------------------------------------------------------------------

async function onComment(context: Context<"issue_comment.created">): Promise<void> {
  const { comment: c, issue, sender } = context.payload;
  // Bots (this app included) are never obeyed: no loops, no command injection by apps.
  if (byBot(sender) || byBot(c.user)) return;
  const commands = parseCommands(c.body ?? "").slice(0, 3);
  if (commands.length === 0) return;
  const r = repoOf(context);
  await react(r, c.id, "eyes");
  const login = c.user?.login ?? sender.login;
  let access: Awaited<ReturnType<typeof accessOf>>;
  let loaded: LoadedConfig;
  try {
    access = await accessOf(r, login);
    if (!mayCommand(access)) {
      await comment(r, issue.number, refusal(login, access));
      return;
    }
    loaded = await loadConfig(context, r);
  } catch (error) {
    // GitHub did not answer as expected: say so rather than leave only the 👀.
    context.log.error({ err: error }, "could not check permission or read the config");
    await comment(
      r,
      issue.number,
      `dxfix could not handle this command: ${escapeInline((error as Error).message)}`,
    );
    await react(r, c.id, "confused");
    return;
  }
  if ("error" in loaded) {
    await reportConfigOnIssue(r, issue.number, loaded.error);
    await react(r, c.id, "confused");
    return;
  }
  const isPull = Boolean(issue.pull_request);
  let done: Reaction = "rocket";
  for (const command of commands) {
    try {
      const { reply, reaction } = await runCommand(
        context,
        r,
        loaded.config,
        command,
        issue.number,
        isPull,
      );
      if (reply) await comment(r, issue.number, reply);
      if (reaction !== "rocket") done = reaction;
    } catch (error) {
      context.log.error({ err: error }, `/dxfix ${command.name} failed`);
      await comment(
        r,
        issue.number,
        `\`/dxfix ${command.name}\` failed: ${escapeInline((error as Error).message)}`,
      );
      done = "confused";
    }
  }
  await react(r, c.id, done);
}

interface CommandResult {
  reply: string | null;
  reaction: Reaction;
}

async function runCommand(
  context: Context<"issue_comment.created">,
  r: Repo,
  config: DxfixConfig,
  command: Command,
  number: number,
  isPull: boolean,
): Promise<CommandResult> {
  switch (command.name) {
    case "help":
      return { reply: `**dxfix commands**\n\n${helpText()}`, reaction: "rocket" };
    case "unknown":
      return {
        reply: `I don't know \`/dxfix ${command.verb}\`. The commands are:\n\n${helpText()}`,
        reaction: "confused",
      };
    case "status":
      return {
        reply: isPull ? await statusReply(r, config, number) : notOnPull("status"),
        reaction: "+1",
      };
    case "retry": {
      if (!isPull) return { reply: notOnPull("retry"), reaction: "confused" };
      const { outcome, joined } = await retry(r, config, number, command.checkpoint);
      return {
        reply: retryReply(outcome, joined),
        reaction: outcome.kind === "rerun" && !joined ? "rocket" : "+1",
      };
    }
    case "plan": {
      const defaultBranch = context.payload.repository.default_branch;
      const outcomes = await openPlanPrs(r, config, { defaultBranch, plans: null });
      return { reply: planReply(outcomes, config), reaction: "rocket" };
    }
  }
}

function notOnPull(verb: string): string {
  return `\`/dxfix ${verb}\` works on pull requests: comment it on a dxfix PR.`;
}

async function statusReply(r: Repo, config: DxfixConfig, number: number): Promise<string> {
  const pull = await getPull(r, number);
  const plan = dxfixPrState(pull)?.plan ?? null;
  const reports = trustedReports(await listComments(r, number), config, plan);
  // One report per plan: the newest comment of each.
  const latest = new Map(reports.map((f) => [f.report.plan.path, f.report]));
  if (latest.size === 0) {
    return `No dxfix report on this PR yet: the \`${config.workflow}\` workflow posts one when it has run (comments by ${config.reportAuthors.map((a) => `\`${a}\``).join(", ")} are trusted).`;
  }
  return [...latest.values()].map(statusSummary).join("\n\n---\n\n");
}

function planReply(outcomes: GroupOutcome[], config: DxfixConfig): string {
  if (outcomes.length === 0) {
    return `No unfinished task group found in plans matching ${config.specs.map((s) => `\`${s}\``).join(", ")}.`;
  }
  const lines = outcomes.map((o) => {
    const what = `\`${o.plan}\` group ${o.group}`;
    switch (o.kind) {
      case "opened":
        return `- ${what}: opened #${o.pull}`;
      case "open":
        return `- ${what}: already open in #${o.pull}`;
      case "merged":
        return `- ${what}: merged in #${o.pull}`;
      case "declined":
        return `- ${what}: #${o.pull} was closed without merging; not reopened`;
      default:
        return `- ${what}: could not open a PR (${o.message})`;
    }
  });
  const mode =
    config.mode === "sequential"
      ? " (sequential mode: the next group opens when this one merges)"
      : "";
  return `**dxfix plan**${mode}\n\n${lines.join("\n")}`;
}

// ---- plans on the default branch ------------------------------------------------------

async function onPush(context: Context<"push">): Promise<void> {
  const p = context.payload;
  const defaultBranch = p.repository.default_branch ?? p.repository.master_branch;
  if (!defaultBranch || p.ref !== `refs/heads/${defaultBranch}` || p.deleted) return;
  const changed = new Set<string>();
  for (const c of [...p.commits, ...(p.head_commit ? [p.head_commit] : [])]) {
    for (const f of [...(c.added ?? []), ...(c.modified ?? [])]) changed.add(f);
  }
  // Cheap filter before any API call: plans are Markdown; the config is the other trigger.
  const relevant = [...changed].some((f) => f.endsWith(".md") || f === CONFIG_PATH);
  if (!relevant) return;
  const r = repoOf(context);
  const loaded = await loadConfig(context, r);
  if ("error" in loaded) {
    await reportConfigOnCommit(r, p.after, loaded.error);
    return;
  }
  const plans = matchingPlans(changed, loaded.config);
  if (plans.length === 0) return;
  await openPlanPrs(r, loaded.config, { defaultBranch, plans });
}

async function onPullClosed(context: Context<"pull_request.closed">): Promise<void> {
  const pr = context.payload.pull_request;
  if (!pr.merged) return;
  const state = dxfixPrState({ body: pr.body, author: pr.user });
  if (!state || pr.head.repo?.full_name !== context.payload.repository.full_name) return;
  const r = repoOf(context);
  const loaded = await configOrReport(context, r, [pr.number]);
  if (loaded?.mode !== "sequential") return;
  await openPlanPrs(r, loaded, {
    defaultBranch: context.payload.repository.default_branch,
    plans: [state.plan],
  });
}

// ---- checkpoint results ---------------------------------------------------------------

async function onWorkflowRun(context: Context<"workflow_run.completed">): Promise<void> {
  const run = context.payload.workflow_run;
  if (run.head_branch === context.payload.repository.default_branch) return;
  const pulls = (run.pull_requests ?? []).flatMap((p) => (p ? [p.number] : []));
  const r = repoOf(context);
  const config = await configOrReport(context, r, pulls, run.head_branch);
  if (!config) return;
  const path = context.payload.workflow?.path ?? run.path ?? "";
  if (posix.basename(path) !== config.workflow) return;
  const completed: CompletedRun = {
    headSha: run.head_sha,
    headBranch: run.head_branch,
    conclusion: run.conclusion,
    pulls,
    url: run.html_url,
    dxfixWorkflow: true,
  };
  await onRunCompleted(r, config, completed);
}

async function onCheckSuite(context: Context<"check_suite.completed">): Promise<void> {
  const suite = context.payload.check_suite;
  // Progress is recorded from workflow runs; a suite only matters when it failed.
  if (suite.conclusion !== "failure" && suite.conclusion !== "timed_out") return;
  // Suites of GitHub Actions are the workflow runs themselves: workflow_run covers them,
  // and answering both would race between replicas.
  if (suite.app?.slug === "github-actions") return;
  if (suite.head_branch === context.payload.repository.default_branch) return;
  const pulls = (suite.pull_requests ?? []).map((p) => p.number);
  const r = repoOf(context);
  const config = await configOrReport(context, r, pulls, suite.head_branch);
  if (!config) return;
  if (pulls.length === 0 && !suite.head_branch?.startsWith(config.branchPrefix)) return;
  await onRunCompleted(r, config, {
    headSha: suite.head_sha,
    headBranch: suite.head_branch,
    conclusion: suite.conclusion,
    pulls,
    url: null,
    dxfixWorkflow: false,
  });
}

/**
 * The config, or null after telling the PRs concerned what is wrong with it. Only dxfix
 * PRs (their branch has the default prefix: the configured one is unreadable) hear about
 * it, not every PR whose CI finished.
 */
async function configOrReport(
  context: Context,
  r: Repo,
  pulls: number[],
  branch: string | null = null,
): Promise<DxfixConfig | null> {
  const loaded: LoadedConfig = await loadConfig(context, r);
  if ("config" in loaded) return loaded.config;
  context.log.warn(loaded.error);
  if (branch === null || branch.startsWith(defaultConfig.branchPrefix)) {
    for (const n of pulls) await reportConfigOnIssue(r, n, loaded.error);
  }
  return null;
}
