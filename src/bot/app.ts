// The Probot app: wires webhook events to the bot's handlers. It holds no state of its own
// beyond in-process coordination and its own login; everything else it reads back from
// GitHub.
import { posix } from "node:path";
import type { ApplicationFunction, Context, Probot } from "probot";
import { CONFIG_PATH, type DxfixConfig, defaultConfig } from "../config.ts";
import { messageOf } from "../errors.ts";
import { isBotAccount } from "../github/limits.ts";
import { dxfixPrState } from "../github/markers.ts";
import { escapeInline } from "../report/escape.ts";
import type { CommandContext } from "./commands/command.ts";
import {
  commandName,
  helpText,
  type ParsedCommand,
  parseCommands,
  runCommand,
  tableReplies,
} from "./commands/index.ts";
import { type CompletedRun, onRunCompleted } from "./failures.ts";
import { type ForkRun, isForkRun, postForkReports } from "./fork-reports.ts";
import { type BotLogin, branchHead, comment, type Reaction, type Repo, react } from "./github.ts";
import { appLogin } from "./identity.ts";
import {
  type LoadedConfig,
  loadConfig,
  reportConfigOnCommit,
  reportConfigOnIssue,
} from "./load-config.ts";
import { claimOnce, commentClaim } from "./locks.ts";
import { accessOf, mayCommand, refuseOnce } from "./permissions.ts";
import { matchingPlans, openPlanPrs } from "./plan-prs.ts";
import { openProgressPr, PROGRESS_GROUP } from "./progress-pr.ts";

/** At most this many commands of one comment are run. */
const MAX_COMMANDS = 3;

export interface DxfixAppOptions {
  /** Who the bot writes as; default: DXFIX_BOT_LOGIN, else the App's slug (identity.ts). */
  botLogin?: BotLogin;
}

/** The app, with the bot's own login learned as `options` say. */
export function createDxfixApp(options: DxfixAppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const botLogin = options.botLogin ?? appLogin(app);
    const repoOf = (context: Context): Repo => {
      const { owner, repo } = context.repo();
      return { octokit: context.octokit, owner, repo, log: context.log, botLogin };
    };
    app.on("issue_comment.created", (context) => onComment(context, repoOf(context)));
    app.on("push", (context) => onPush(context, repoOf(context)));
    app.on("pull_request.closed", (context) => onPullClosed(context, repoOf(context)));
    app.on("workflow_run.completed", (context) => onWorkflowRun(context, repoOf(context)));
    app.on("check_suite.completed", (context) => onCheckSuite(context, repoOf(context)));
  };
}

export const dxfixApp: ApplicationFunction = createDxfixApp();

export default dxfixApp;

// ---- commands -------------------------------------------------------------------------

async function onComment(context: Context<"issue_comment.created">, r: Repo): Promise<void> {
  const { comment: c, issue, sender } = context.payload;
  // Bots (this app included) are never obeyed: no loops, no command injection by apps.
  if (isBotAccount(sender) || isBotAccount(c.user)) return;
  const commands = parseCommands(c.body ?? "").slice(0, MAX_COMMANDS);
  if (commands.length === 0) return;
  const replies = tableReplies(commands, helpText());
  if (replies) return answerFromTable(context, r, replies);
  const config = await commanderConfig(context, r, c.user?.login ?? sender.login);
  if (!config) return;
  // A replayed delivery of this comment (another replica, a redelivery) acts once. Claimed
  // only for people who may command: a stranger's comment costs no ref (and no calls).
  if (!(await claimComment(r, c.id, context.payload.repository.default_branch))) return;
  const ctx: CommandContext = {
    r,
    config,
    number: issue.number,
    isPull: Boolean(issue.pull_request),
    defaultBranch: context.payload.repository.default_branch,
    help: helpText(),
  };
  let done: Reaction = "rocket";
  for (const command of commands) {
    const reaction = await answer(ctx, command);
    if (reaction !== "rocket") done = reaction;
  }
  await react(r, c.id, done);
}

/** Help and unknown verbs: the permission check, the claim and the replies, no more. */
async function answerFromTable(
  context: Context<"issue_comment.created">,
  r: Repo,
  replies: readonly string[],
): Promise<void> {
  const { comment: c, issue, sender, repository } = context.payload;
  const login = c.user?.login ?? sender.login;
  const access = await accessOf(r, login);
  if (!mayCommand(access)) {
    await refuseOnce(r, issue.number, login, access);
    return;
  }
  // No sweep of stale claims here: help stays at four calls (locks.ts).
  if (!(await claimComment(r, c.id, repository.default_branch, false))) return;
  for (const reply of replies) await comment(r, issue.number, reply);
}

/** True for the one delivery of comment `id` that may act on it, in whatever process. */
async function claimComment(
  r: Repo,
  id: number,
  defaultBranch: string,
  sweep = true,
): Promise<boolean> {
  // A claim ref must point at a commit: the default branch's head is always there.
  const sha = await branchHead(r, defaultBranch);
  if (!sha) throw new Error(`default branch ${defaultBranch} not found`);
  const won = (await claimOnce(r, commentClaim(id), sha, { sweep })) !== null;
  if (!won) r.log.info(`comment ${id} was already handled (replayed delivery)`);
  return won;
}

/**
 * The config, when `login` may command the bot and the config is usable; otherwise null
 * after saying why on the issue (and reacting 😕 when something went wrong). Permission
 * comes first, and the 👀 only after it: a stranger's command costs no reaction, and is
 * refused once per issue and window (permissions.ts), not once per comment.
 */
async function commanderConfig(
  context: Context<"issue_comment.created">,
  r: Repo,
  login: string,
): Promise<DxfixConfig | null> {
  const { comment: c, issue } = context.payload;
  let loaded: LoadedConfig;
  try {
    const access = await accessOf(r, login);
    if (!mayCommand(access)) {
      await refuseOnce(r, issue.number, login, access);
      return null;
    }
    await react(r, c.id, "eyes");
    loaded = await loadConfig(context, r);
  } catch (error) {
    // GitHub did not answer as expected: say so rather than leave only the 👀.
    context.log.error({ err: error }, "could not check permission or read the config");
    await comment(
      r,
      issue.number,
      `dxfix could not handle this command: ${escapeInline(messageOf(error))}`,
    );
    await react(r, c.id, "confused");
    return null;
  }
  if ("config" in loaded) return loaded.config;
  await reportConfigOnIssue(r, issue.number, loaded.error);
  await react(r, c.id, "confused");
  return null;
}

/** Run one command and post its reply; returns the reaction it ends with. */
async function answer(ctx: CommandContext, command: ParsedCommand): Promise<Reaction> {
  try {
    const { reply, reaction } = await runCommand(ctx, command);
    if (reply) await comment(ctx.r, ctx.number, reply);
    return reaction;
  } catch (error) {
    ctx.r.log.error({ err: error }, `${commandName(command)} failed`);
    await comment(
      ctx.r,
      ctx.number,
      `\`${commandName(command)}\` failed: ${escapeInline(messageOf(error))}`,
    );
    return "confused";
  }
}

// ---- plans on the default branch ------------------------------------------------------

async function onPush(context: Context<"push">, r: Repo): Promise<void> {
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
  const loaded = await loadConfig(context, r);
  if ("error" in loaded) {
    await reportConfigOnCommit(r, p.after, loaded.error);
    return;
  }
  const plans = matchingPlans(changed, loaded.config);
  if (plans.length === 0) return;
  await openPlanPrs(r, loaded.config, { defaultBranch, plans, help: helpText() });
}

async function onPullClosed(context: Context<"pull_request.closed">, r: Repo): Promise<void> {
  const pr = context.payload.pull_request;
  if (pr.head.repo?.full_name !== context.payload.repository.full_name) return;
  const state = dxfixPrState({ body: pr.body, author: pr.user }, [await r.botLogin()]);
  if (!state) return;
  const loaded = await configOrReport(context, r, [pr.number]);
  if (!loaded) return;
  const defaultBranch = context.payload.repository.default_branch;
  const options = { defaultBranch, help: helpText() };
  // Sequential: the merge opens the plan's next group. Parallel: a merged or closed PR
  // frees a slot under `maxOpenPrs`, so groups waiting for one (of any plan) get theirs.
  if (loaded.mode === "sequential" && pr.merged) {
    await openPlanPrs(r, loaded, { ...options, plans: [state.plan] });
  } else if (loaded.mode === "parallel") {
    await openPlanPrs(r, loaded, { ...options, plans: null });
  }
  if (!pr.merged) return;
  // A merged progress PR never asks for another one: no loop, whatever it left.
  if (state.group === PROGRESS_GROUP) return;
  const progress = await openProgressPr(r, loaded, { defaultBranch, plan: state.plan });
  r.log.info(`progress PR for ${state.plan}: ${progress.kind}`);
}

// ---- checkpoint results ---------------------------------------------------------------

async function onWorkflowRun(context: Context<"workflow_run.completed">, r: Repo): Promise<void> {
  const run = context.payload.workflow_run;
  const fork: ForkRun = {
    id: run.id,
    event: run.event,
    headSha: run.head_sha,
    headRepo: run.head_repository?.full_name ?? null,
    repo: context.payload.repository.full_name,
    url: run.html_url,
  };
  // A fork's run cannot comment: its report comes as an artifact for the bot to post.
  if (isForkRun(fork)) return onForkRun(context, r, fork);
  if (run.head_branch === context.payload.repository.default_branch) return;
  const pulls = (run.pull_requests ?? []).flatMap((p) => (p ? [p.number] : []));
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

async function onForkRun(
  context: Context<"workflow_run.completed">,
  r: Repo,
  run: ForkRun,
): Promise<void> {
  const config = await configOrReport(context, r, []);
  const path = context.payload.workflow?.path ?? context.payload.workflow_run.path ?? "";
  if (!config || posix.basename(path) !== config.workflow) return;
  r.log.info(await postForkReports(r, run));
}

async function onCheckSuite(context: Context<"check_suite.completed">, r: Repo): Promise<void> {
  const suite = context.payload.check_suite;
  // Progress is recorded from workflow runs; a suite only matters when it failed.
  if (suite.conclusion !== "failure" && suite.conclusion !== "timed_out") return;
  // Suites of GitHub Actions are the workflow runs themselves: workflow_run covers them,
  // and answering both would race between replicas.
  if (suite.app?.slug === "github-actions") return;
  if (suite.head_branch === context.payload.repository.default_branch) return;
  const pulls = (suite.pull_requests ?? []).map((p) => p.number);
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
