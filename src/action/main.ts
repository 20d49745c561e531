// The GitHub Action: run each plan's checkpoints, then show the result where the
// runner and the PR show things (log groups, annotations, job summary, outputs, one
// living comment per plan). `run(deps)` takes injected parts so tests and
// @github/local-action can run it in process.
import { relative, resolve } from "node:path";
import * as core from "@actions/core";
import { type DxfixConfig, defaultConfig } from "../config-defaults.ts";
import { InputError, messageOf, UserError, userMessage } from "../errors.ts";
import { GitHubPermissionError, upsertComment } from "../github/comment.ts";
import { createOctokit, type GitHubClient } from "../github/octokit.ts";
import { isRequestTimeout } from "../github/timeout.ts";
import type { IssueComment } from "../github/trust.ts";
import { escapeInline } from "../report/escape.ts";
import type { Report } from "../report/schema.ts";
import { planAnnotations, reportRoot } from "./annotations.ts";
import { buildCommentBody } from "./comment-body.ts";
import { type CommentOutputs, commentOutputs } from "./comment-outputs.ts";
import { loadActionConfig, remoteReader } from "./config.ts";
import { engine as realEngine } from "./engine.ts";
import type { Engine, RenderMarkdown } from "./engine-types.ts";
import { type EventInfo, isFork, pullOf, readEvent, runUrl } from "./event.ts";
import { type ActionInputs, readInputs } from "./inputs.ts";
import {
  type ActionDeps,
  type Checked,
  planOptions,
  repoPath,
  type Setup,
  type Targets,
} from "./options.ts";

export type { ActionDeps } from "./options.ts";

import { assertInside, findFile, findPlans, searchPlans } from "./plans.ts";
import { overallStatus, writeOutputs, writeReportFile, writeSummary } from "./results.ts";
import { readPrevious } from "./reuse.ts";
import { nextTrend } from "./trend.ts";

/**
 * Events whose workflows run with a token that can write to the repository and with its
 * secrets, while the workspace may hold code from a pull request (a fork's, a stranger's):
 * `pull_request_target`, and workflows a PR or its comments trigger that then check out
 * its head. dxfix runs the plan's commands only on `pull_request` (or push) unless told.
 */
const UNTRUSTED_EVENTS = new Set([
  "pull_request_target",
  "workflow_run",
  "issue_comment",
  "pull_request_review",
  "pull_request_review_comment",
]);

function untrustedExplanation(event: string): string {
  return `dxfix did not run the plan's commands: under \`${event}\` the workflow has a token that can write to this repository and access to its secrets, while the plan's commands (build scripts, tests, tasks.md itself) may come from a pull request, which anyone can open from a fork. Running them would let the PR's author act with those rights. Use the \`pull_request\` event instead (forks get a read-only token and dxfix falls back to the job summary), or, only if every PR author is trusted, set \`allow-untrusted-code: true\`.`;
}

interface CommentContext extends Setup {
  checked: Checked[];
  render: RenderMarkdown;
  deps: ActionDeps;
  /** The PR's comments as read before the run (previous.ts), or null when unread. */
  listed: IssueComment[] | null;
}

interface PullRequest {
  owner: string;
  repo: string;
  number: number;
}

/**
 * The pull request to comment on, or the notes for the summary saying why there is none
 * (not a PR event, comments off, a fork's read-only token, no token).
 */
function commentTarget(inputs: ActionInputs, event: EventInfo): PullRequest | string[] {
  const isPr = event.name === "pull_request" || event.name === "pull_request_target";
  if (!isPr) {
    core.info(`event '${event.name || "unknown"}': results go to the job summary, no PR comment`);
    return [];
  }
  if (!inputs.comment) {
    core.info("input 'comment' is false: results go to the job summary only");
    return [];
  }
  if (event.name === "pull_request" && isFork(event.payload)) {
    const note =
      "This PR comes from a fork: its workflow token is read-only, so dxfix wrote this job summary instead of a PR comment.";
    core.info(note);
    return [note];
  }
  if (!inputs.token) {
    core.warning("input 'github-token' is empty: no PR comment (results are in the job summary)");
    return ["No PR comment: the `github-token` input was empty."];
  }
  const pr = pullOf(event);
  if (!pr) {
    core.warning("the event payload has no pull request number or repository: no PR comment");
    return [];
  }
  return pr;
}

/** Writes (or updates) one plan's comment; returns a note for the summary when it could not. */
async function commentOnePlan(
  octokit: GitHubClient,
  pr: PullRequest,
  { planPath, report }: Checked,
  context: CommentContext,
  written: CommentOutputs,
): Promise<string | null> {
  const { body, marker, key, embedded } = buildCommentBody(
    report,
    context.render,
    runUrl(),
    repoPath(context.workspace, planPath),
  );
  if (!embedded)
    core.warning(
      `the report of ${report.plan.path} is too large to embed in the comment, even trimmed`,
    );
  try {
    const result = await upsertComment(octokit, {
      owner: pr.owner,
      repo: pr.repo,
      issueNumber: pr.number,
      marker,
      body,
      key,
      identity: context.inputs.commentAuthor,
      ...(context.listed ? { listed: context.listed } : {}),
      log: core.info,
    });
    core.info(
      `PR comment for ${report.plan.path}: ${result.action}${result.url ? ` (${result.url})` : ""}`,
    );
    written.add(result);
    return null;
  } catch (error) {
    const message = messageOf(error);
    if (error instanceof GitHubPermissionError && error.readOnly) {
      // Not a fork (handled above): a missing `pull-requests: write`, or a Dependabot PR.
      core.warning(`the token is read-only here (${message}); falling back to the job summary`);
      return "dxfix could not comment on this PR (the workflow token is read-only here), so the results are in this job summary.";
    }
    if (isRequestTimeout(error)) {
      // A silent API is not a passed check: the run stops with the reason.
      core.setOutput("status", "error");
      core.setFailed(
        `GitHub did not answer while writing the PR comment for ${report.plan.path}: ${message}`,
      );
      return `dxfix could not write the PR comment: ${message}`;
    }
    // The comment is a view of the result: failing to write it does not fail the check.
    core.warning(`could not write the PR comment for ${report.plan.path}: ${message}`);
    return `dxfix could not write the PR comment: ${message}`;
  }
}

/** Comments on the PR when the event and token allow it; returns notes for the summary. */
async function commentOnPullRequest(context: CommentContext): Promise<string[]> {
  const pr = commentTarget(context.inputs, context.event);
  if (Array.isArray(pr)) return pr;
  const octokit = context.client(context.inputs.token);
  const notes: string[] = [];
  const written = commentOutputs();
  for (const checked of context.checked) {
    const note = await commentOnePlan(octokit, pr, checked, context, written);
    if (note !== null) notes.push(note);
  }
  return notes;
}

/**
 * The plans to check. With neither a `plan` input nor `specs` in the config, a default
 * glob that finds nothing at the top is retried deeper (`**\/.kiro/specs/*\/tasks.md`).
 */
function locatePlans(inputs: ActionInputs, config: DxfixConfig, workspace: string): string[] {
  const patterns = inputs.plans.length > 0 ? inputs.plans : config.specs;
  const isDefault =
    inputs.plans.length === 0 && patterns.join("\n") === defaultConfig.specs.join("\n");
  try {
    return findPlans(patterns, workspace, inputs.workingDirectory, inputs.allowOutsideWorkspace);
  } catch (error) {
    if (!isDefault) throw error;
    const found = searchPlans(workspace, inputs.workingDirectory).map((p) =>
      assertInside(workspace, p, "plan", inputs.allowOutsideWorkspace),
    );
    if (found.length === 0) throw error;
    core.info(
      `no plan at ${patterns.join(", ")}; found ${found.map((p) => relative(workspace, p)).join(", ")} deeper in the repository`,
    );
    return found;
  }
}

async function setUp(deps: ActionDeps): Promise<Setup> {
  const inputs = readInputs();
  const workspace = resolve(process.env.GITHUB_WORKSPACE || process.cwd());
  const event = readEvent();
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? "").split("/");
  const client = clientFor(deps);
  const config = await loadActionConfig({
    file: inputs.config,
    workspace,
    repository: owner && repo ? { owner, repo } : null,
    remote: inputs.token ? remoteReader(client(inputs.token)) : null,
  });
  return { inputs, workspace, event, config, client };
}

/** Under a write-token event without the opt-in: say why nothing ran, and stop. */
function refuseUntrustedCode(inputs: ActionInputs, event: string): void {
  const explanation = untrustedExplanation(event);
  core.error(explanation, { title: "dxfix refused to run untrusted code" });
  writeSummary([`## dxfix: not run\n\n${explanation}`]);
  writeOutputs([], "refused", null);
  if (inputs.failOn === "failure")
    core.setFailed(`dxfix refused to run the PR's commands under ${event}`);
}

/** What to check: the plans, an explicit requirements file, and the root paths resolve from. */
function planTargets({ inputs, config, workspace }: Setup): Targets {
  const planPaths = locatePlans(inputs, config, workspace);
  if (inputs.requirements && planPaths.length > 1) {
    throw new InputError(
      `input 'requirements' names one file but ${planPaths.length} plans matched: give one plan, or leave 'requirements' empty to use each plan's requirements.md`,
    );
  }
  const requirementsPath = inputs.requirements
    ? findFile(
        inputs.requirements,
        workspace,
        inputs.workingDirectory,
        inputs.allowOutsideWorkspace,
      )
    : null;
  const root =
    inputs.workingDirectory !== "."
      ? assertInside(
          workspace,
          resolve(workspace, inputs.workingDirectory),
          "working-directory",
          inputs.allowOutsideWorkspace,
        )
      : null;
  return { planPaths, requirementsPath, root };
}

async function checkPlans(
  engine: Engine,
  targets: Targets,
  setup: Setup,
  previous: Map<string, Report>,
  signal: AbortSignal | undefined,
): Promise<Checked[]> {
  const checked: Checked[] = [];
  for (const planPath of targets.planPaths) {
    if (signal?.aborted) break;
    core.info(`dxfix: checking ${relative(setup.workspace, planPath)}`);
    const before = previous.get(repoPath(setup.workspace, planPath)) ?? null;
    const options = planOptions(setup, targets, planPath, before, signal);
    const report = await engine.checkPlan(options);
    checked.push({ planPath, report, previous: before });
  }
  return checked;
}

function annotate(checked: Checked[], root: string | null, workspace: string): void {
  const annotations = planAnnotations(
    checked.map(({ planPath, report }) => ({
      report,
      root: reportRoot(planPath, report, root ?? workspace),
    })),
    workspace,
  );
  for (const { level, message, ...properties } of annotations.shown) {
    (level === "error" ? core.error : core.warning)(message, properties);
  }
  if (annotations.omittedErrors + annotations.omittedWarnings > 0) {
    core.notice(
      `${annotations.omittedErrors} more error(s) and ${annotations.omittedWarnings} more warning(s) are not annotated (GitHub shows 10 of each per step); the log and the job summary list them.`,
      { title: "dxfix: more diagnostics" },
    );
  }
}

/**
 * What stopped the run. A UserError (bad input, config or plan) is one line for the user;
 * anything else is ours: an internal error, with its stack in the debug log.
 */
function reportFailure(error: unknown, outputsWritten: boolean): void {
  const message =
    error instanceof UserError ? userMessage(error) : `internal error: ${messageOf(error)}`;
  if (!(error instanceof UserError) && error instanceof Error && error.stack) {
    core.debug(error.stack);
  }
  if (!outputsWritten) {
    writeOutputs([], "error", null);
    // The summary is where people look first: say what stopped the run there too.
    writeSummary([`## dxfix: not run\n\n${escapeInline(message)}`]);
  }
  core.setFailed(message);
}

/** Cancelled mid-run: the trees are ended; a partial report is not posted as a result. */
function reportCancelled(signal: string): void {
  const message = `dxfix was cancelled (${signal}); the running commands and everything they started were stopped`;
  writeOutputs([], "error", null);
  writeSummary([`## dxfix: cancelled\n\n${message}.`]);
  core.setFailed(message);
}

/** The REST client for a token (injected in tests), built on first use and then kept. */
function clientFor(deps: ActionDeps): (token: string) => GitHubClient {
  const make =
    deps.createOctokit ??
    ((t: string) => createOctokit(t, { baseUrl: process.env.GITHUB_API_URL, log: core.info }));
  const built = new Map<string, GitHubClient>();
  return (token) => {
    const client = built.get(token) ?? make(token);
    built.set(token, client);
    return client;
  };
}

interface Publish {
  checked: Checked[];
  setup: Setup;
  targets: Targets;
  render: RenderMarkdown;
  deps: ActionDeps;
  listed: IssueComment[] | null;
}

/** Outputs, annotations, the PR comment (or the fork's artifact) and the job summary. */
async function publish({ checked, setup, targets, render, deps, listed }: Publish): Promise<void> {
  const { inputs, workspace } = setup;
  for (const c of checked) {
    const trend = nextTrend(c.previous, c.report);
    if (trend) c.report = { ...c.report, trend };
  }
  annotate(checked, targets.root, workspace);
  const reports = checked.map((c) => c.report);
  const status = overallStatus(reports);
  writeOutputs(reports, status, writeReportFile(reports));
  const notes = await commentOnPullRequest({ ...setup, checked, render, deps, listed });
  const { event } = setup;
  if (event.name === "pull_request" && isFork(event.payload) && inputs.comment) {
    const { uploadForkReports } = await import("./fork-upload.ts");
    notes.push(await uploadForkReports(checked, event, workspace, deps));
  }
  const url = runUrl();
  writeSummary([
    ...reports.map((r) => render(r, { reserve: 0, runUrl: url })),
    ...notes.map((n) => `> [!NOTE]\n> ${n}`),
  ]);
  if (status === "failed" && inputs.failOn === "failure") {
    const failed = reports.reduce((n, r) => n + r.summary.checkpoints.failed, 0);
    core.setFailed(`${failed} checkpoint(s) failed`);
  }
}

/** Runs the plans (a whole run, one matrix job, or the merge of the jobs). */
async function runPlans(setup: Setup, deps: ActionDeps): Promise<void> {
  const { inputs } = setup;
  const targets = planTargets(setup);
  const engine = deps.engine ?? realEngine;
  const render: RenderMarkdown = (report, options) =>
    engine.renderMarkdown(report, { ...options, details: inputs.details });
  const { reports: previous, comments: listed } = await readPrevious(
    setup.event,
    inputs.token,
    inputs.commentAuthor,
    setup.client,
  );
  if (inputs.checkpoint !== null || inputs.mode === "merge") {
    const matrix = await import("./matrix.ts");
    if (inputs.checkpoint !== null) {
      await matrix.runUnitJob({ engine, setup, targets, previous, deps });
      return;
    }
    const checked = await matrix.mergeJobs({ setup, targets, previous, deps });
    await publish({ checked, setup, targets, render, deps, listed });
    return;
  }
  const checked = await checkPlans(engine, targets, setup, previous, deps.signal);
  if (deps.signal?.aborted) {
    reportCancelled(String(deps.signal.reason ?? "a signal"));
    return;
  }
  await publish({ checked, setup, targets, render, deps, listed });
}

export async function run(deps: ActionDeps = {}): Promise<void> {
  let outputsWritten = false;
  try {
    const setup = await setUp(deps);
    const { inputs } = setup;
    if (UNTRUSTED_EVENTS.has(setup.event.name) && !inputs.allowUntrustedCode) {
      refuseUntrustedCode(inputs, setup.event.name);
      outputsWritten = true;
      return;
    }
    if (inputs.mode === "matrix") {
      (await import("./matrix.ts")).writeMatrix(
        setup,
        locatePlans(inputs, setup.config, setup.workspace),
      );
      outputsWritten = true;
      return;
    }
    await runPlans(setup, deps);
  } catch (error) {
    reportFailure(error, outputsWritten);
  }
}
