// When a dxfix workflow run (or a check suite) fails on a dxfix PR: one comment per failing
// head commit saying what failed and what the user can do. The comment carries the head
// sha in a hidden marker; the bot looks for it first, so redeliveries and the twin
// `workflow_run` / `check_suite` events never post it twice. Processes that read the
// comments at the same moment are refereed by GitHub: only the one that creates the
// claim ref for (PR, head sha) posts (locks.ts).
import type { DxfixConfig } from "../config.ts";
import { messageOf } from "../errors.ts";
import {
  dxfixPrState,
  type FixLog,
  failureMarker,
  fixerWords,
  hasFailureComment,
  hasNotice,
  latestFixLog,
  noticeMarker,
  type PrState,
} from "../github/markers.ts";
import type { IssueComment } from "../github/trust.ts";
import { codeBlock, codeSpan, escapeInline, truncate } from "../report/escape.ts";
import type { CheckpointResult, CommandResult, Report } from "../report/schema.ts";
import { iconOf, isFailure, labelOf } from "../report/status.ts";
import {
  BODY_LIMIT,
  comment,
  getPull,
  listComments,
  openPullsForBranch,
  type Repo,
} from "./github.ts";
import { failureClaim, noticeClaim, once, serialize } from "./locks.ts";
import { recordProgress } from "./progress.ts";
import { latestReport } from "./reports.ts";

export interface CompletedRun {
  headSha: string;
  headBranch: string | null;
  conclusion: string | null;
  /** PR numbers GitHub attached to the run (empty for some events: then looked up by branch). */
  pulls: number[];
  /** The Actions run URL, when the event is a workflow run. */
  url: string | null;
  /** True for the dxfix workflow itself (a failure without a report is still explained). */
  dxfixWorkflow: boolean;
}

const FAILED = new Set(["failure", "timed_out", "startup_failure"]);

export type RunOutcome = "commented" | "already-commented" | "not-dxfix" | "stale" | "no-failure";

export async function onRunCompleted(
  r: Repo,
  config: DxfixConfig,
  run: CompletedRun,
): Promise<RunOutcome[]> {
  const numbers = run.pulls.length > 0 ? run.pulls : await pullsOfBranch(r, config, run.headBranch);
  const outcomes: RunOutcome[] = [];
  for (const number of numbers) {
    outcomes.push(
      await serialize(`pr:${r.owner}/${r.repo}#${number}`, () => onePull(r, config, run, number)),
    );
  }
  return outcomes;
}

async function pullsOfBranch(
  r: Repo,
  config: DxfixConfig,
  branch: string | null,
): Promise<number[]> {
  if (!branch?.startsWith(config.branchPrefix)) return [];
  return openPullsForBranch(r, branch);
}

async function onePull(
  r: Repo,
  config: DxfixConfig,
  run: CompletedRun,
  number: number,
): Promise<RunOutcome> {
  const pull = await getPull(r, number);
  const me = [await r.botLogin()];
  const state = dxfixPrState(pull, me);
  // dxfix PRs live in this repository; a fork's branch is not ours to write to.
  if (!state || pull.state !== "open" || pull.headRepo !== `${r.owner}/${r.repo}`) {
    return "not-dxfix";
  }
  // A run for an older commit says nothing about the PR as it is now.
  if (pull.headSha !== run.headSha) return "stale";
  const comments = await listComments(r, number);
  // Only a report of this very commit speaks for it: the comment may still hold the
  // report of an earlier push if this run failed before updating it.
  const latest = latestReport(comments, config, state.plan);
  const report = latest?.report.commit?.sha === run.headSha ? latest.report : null;
  if (report) {
    try {
      await recordProgress(r, state, pull, report);
    } catch (error) {
      // Recording progress is a convenience; it must not swallow the failure comment.
      r.log.warn(`could not record progress on #${number}: ${messageOf(error)}`);
    }
  }
  if (!run.conclusion || !FAILED.has(run.conclusion)) return "no-failure";
  if (hasFailureComment(comments, run.headSha, me)) return "already-commented";
  const failedInReport = report?.checkpoints.some((c) => isFailure(c.status));
  if (!failedInReport && !run.dxfixWorkflow) return "no-failure";
  const input: FailureInput = {
    state,
    sha: run.headSha,
    branch: pull.headRef,
    report,
    url: run.url,
    fixer: Boolean(config.fixer),
    fixLog: fixLogFor(comments, [...config.reportAuthors, ...me], run.headSha),
  };
  // Only later groups' checkpoints fail: information, once per PR and set of checkpoints.
  const later = report ? laterOnly(report, state.group) : null;
  if (later) {
    const key = `later:${state.group}:${later.join(",")}`;
    if (hasNotice(comments, key, me)) return "already-commented";
    // Replicas may all have read the comments before any posted: GitHub referees.
    const posted = await once(r, noticeClaim(number, key), run.headSha, () =>
      comment(r, number, `${noticeMarker(key)}\n${laterComment(input, later)}`),
    );
    return posted ? "commented" : "already-commented";
  }
  const posted = await once(r, failureClaim(number, run.headSha), run.headSha, () =>
    comment(r, number, failureComment(input)),
  );
  return posted ? "commented" : "already-commented";
}

/** The fix log of the run that made `sha` (the PR head is its fix commit), else null. */
function fixLogFor(comments: IssueComment[], identities: string[], sha: string): FixLog | null {
  const log = latestFixLog(comments, identities);
  return log?.commit === sha ? log : null;
}

/** Failing checkpoints, when none of them gates the PR's own group; else null. */
function laterOnly(report: Report, group: string): string[] | null {
  const own = report.groups.find((g) => g.id === group)?.gates;
  if (!own) return null;
  const failed = report.checkpoints.filter((c) => isFailure(c.status)).map((c) => c.id);
  if (failed.length === 0 || failed.some((id) => own.includes(id))) return null;
  return failed;
}

/** The note for a PR whose own checkpoints pass while later groups' still fail. */
export function laterComment(input: FailureInput, later: string[]): string {
  const { report, state, sha } = input;
  const owners = (id: string) =>
    (report?.groups ?? [])
      .filter((g) => g.gates.includes(id) && g.id !== state.group)
      .map((g) => g.id);
  const lines = [
    `### dxfix: task group ${escapeInline(state.group)} passes its checkpoints on ${sha.slice(0, 7)}`,
    "",
    "Checkpoints of later task groups still fail. That is expected while their work is not done, and nothing to fix in this PR:",
    "",
  ];
  for (const id of later) {
    const c = report?.checkpoints.find((x) => x.id === id);
    const groups = owners(id);
    lines.push(
      `- ${c ? iconOf(c.status) : ""} **${escapeInline(clip(`${id}. ${c?.title ?? ""}`, 200))}**${groups.length ? `: gates task group${groups.length === 1 ? "" : "s"} ${escapeInline(groups.join(", "))}` : ""}`,
    );
  }
  lines.push(
    "",
    `_Task group ${escapeInline(state.group)} of ${codeSpan(state.plan)}. Said once per PR._`,
  );
  return lines.join("\n");
}

export interface FailureInput {
  state: PrState;
  sha: string;
  branch: string;
  report: Report | null;
  url: string | null;
  /** A fixer is configured: the comment says how to answer it. */
  fixer?: boolean;
  /** The fix run that made this head commit, if one did. */
  fixLog?: FixLog | null;
}

const MAX_ERRORS = 5;
const MAX_CHECKPOINTS = 10;
const MAX_AT_RISK = 15;
const clip = (text: string, max = 300) => truncate(text.split("\n")[0] ?? "", max);

export function failureComment(input: FailureInput): string {
  const { state, sha, branch, report, url } = input;
  const short = sha.slice(0, 7);
  const failed = report?.checkpoints.filter((c) => isFailure(c.status)) ?? [];
  const own = report?.groups.find((g) => g.id === state.group)?.gates ?? null;
  const ours = own ? failed.filter((c) => own.includes(c.id)) : failed;
  const later = failed.filter((c) => !ours.includes(c));
  const lines = [
    failureMarker(sha),
    ...(report && ours.length > 0
      ? failedLines(report, ours, short, url, input.fixLog ?? null)
      : noFailureLines(report, short, url)),
    ...(later.length > 0
      ? [
          "",
          `Also failing, for later task groups (information only): ${escapeInline(later.map((c) => c.id).join(", "))}.`,
        ]
      : []),
    ...(input.fixLog ? fixLogLines(input.fixLog) : []),
    ...nextSteps(state, branch, ours, input.fixer ?? false),
  ];
  const body = lines.join("\n");
  // Tool output can be anything: stay under GitHub's comment limit.
  return body.length <= BODY_LIMIT
    ? body
    : `${body.slice(0, BODY_LIMIT)}\n\n_… cut to fit GitHub's comment limit._`;
}

/** The workflow failed, but no checkpoint did (or there is no report to say which). */
function noFailureLines(report: Report | null, short: string, url: string | null): string[] {
  const lines = [
    `### dxfix: the checkpoint run failed on ${short}`,
    "",
    report
      ? "The workflow failed, but its report shows no failing checkpoint: it probably stopped before or after running them."
      : "The workflow failed without leaving a dxfix report: it probably stopped before running the checkpoints.",
  ];
  if (url) lines.push("", `See the run: ${url}`);
  return lines;
}

function failedLines(
  report: Report,
  failed: CheckpointResult[],
  short: string,
  url: string | null,
  fixLog: FixLog | null,
): string[] {
  const ids = escapeInline(failed.map((c) => c.id).join(", "));
  const head = fixLog
    ? `### dxfix needs your input: checkpoint ${ids} still fails on ${short} after fix run ${fixLog.run}`
    : `### dxfix: checkpoint ${ids} failed on ${short}`;
  const lines = [head, ""];
  for (const c of failed.slice(0, MAX_CHECKPOINTS)) lines.push(...checkpointLines(c));
  if (failed.length > MAX_CHECKPOINTS) {
    lines.push(
      `…and ${failed.length - MAX_CHECKPOINTS} more failing checkpoints (see \`/dxfix status\`).`,
      "",
    );
  }
  lines.push(...atRiskLines(report, failed));
  if (url) lines.push("", `Run: ${url}`);
  return lines;
}

/** Criteria failing, or checked by a failed checkpoint. */
function atRiskLines(report: Report, failed: CheckpointResult[]): string[] {
  const atRisk = report.requirements.filter(
    (q) => q.status === "failing" || q.checkpoints.some((id) => failed.some((c) => c.id === id)),
  );
  if (atRisk.length === 0) return [];
  const lines = ["", "**Criteria at risk**", ""];
  for (const q of atRisk.slice(0, MAX_AT_RISK))
    lines.push(
      `- **${escapeInline(clip(q.id, 40))}** ${escapeInline(clip(q.text ?? ""))}`.trimEnd(),
    );
  if (atRisk.length > MAX_AT_RISK) lines.push(`- …and ${atRisk.length - MAX_AT_RISK} more`);
  return lines;
}

/** What the fixer tried: its attempts, why it stopped, what it changed and said. */
function fixLogLines(log: FixLog): string[] {
  const lines = ["", `**What the fixer tried** (fix run ${log.run})`, ""];
  for (const a of log.attempts) {
    const gates = Object.entries(a.gates)
      .map(([id, status]) => `${escapeInline(id)} ${status.replace("_", " ")}`)
      .join(", ");
    const who =
      a.attempt === 0
        ? "the plan's own edits"
        : `attempt ${a.attempt} (the fixer ${escapeInline(fixerWords(a.fixer))})`;
    lines.push(
      `- ${who}: ${a.changedFiles} file${a.changedFiles === 1 ? "" : "s"} changed${gates ? `, then ${gates}` : ""}`,
    );
  }
  if (log.stop) lines.push(`- stopped: ${escapeInline(clip(log.stop))}`);
  if (log.stat)
    lines.push(
      "",
      ...codeBlock(log.stat.split("\n").slice(-12).join("\n"), "text").trimEnd().split("\n"),
    );
  if (log.said.trim()) {
    lines.push(
      "",
      "The fixer's last words:",
      "",
      ...codeBlock(log.said, "text").trimEnd().split("\n"),
    );
  }
  return lines;
}

function nextSteps(
  state: PrState,
  branch: string,
  failed: CheckpointResult[],
  fixer: boolean,
): string[] {
  return [
    "",
    "**What you can do**",
    "",
    ...(fixer
      ? [
          `- reply with what the fixer should do (which design, which file, what to keep) and comment ${codeSpan("/dxfix fix")}: comments by people with write access become the next attempt's guidance;`,
        ]
      : []),
    `- push a fix to ${codeSpan(branch)}: the checkpoints run again on the new commit;`,
    "- comment `/dxfix retry` to re-run the failed jobs (a flaky test, a runner hiccup)" +
      (failed[0] ? `, or ${codeSpan(`/dxfix retry ${failed[0].id}`)};` : ";"),
    "- comment `/dxfix status` for the whole checklist, `/dxfix help` for every command.",
    "",
    `_Task group ${escapeInline(state.group)} of ${codeSpan(state.plan)}. One comment per failing commit._`,
  ];
}

function checkpointLines(c: CheckpointResult): string[] {
  const lines = [
    `${iconOf(c.status)} **${escapeInline(clip(`${c.id}. ${c.title}`, 200))}**: ${labelOf(c.status)}`,
    "",
  ];
  for (const cmd of c.commands.filter((x) => x.status !== "passed"))
    lines.push(...commandLines(cmd));
  lines.push("");
  return lines;
}

/** A command that did not pass: how it ended, its first errors or failing tests, else its log. */
function commandLines(cmd: CommandResult): string[] {
  const where = cmd.cwd && cmd.cwd !== "." ? ` in ${codeSpan(cmd.cwd)}` : "";
  const exit = cmd.exitCode !== null ? `exit ${cmd.exitCode}` : cmd.status;
  const counts = `${cmd.errors} error${cmd.errors === 1 ? "" : "s"}`;
  const lines = [
    `- ${codeSpan(clip(cmd.run, 200))}${where}: ${exit}, ${counts}${cmd.message ? ` (${escapeInline(clip(cmd.message))})` : ""}`,
  ];
  const errors = cmd.diagnostics.filter((d) => d.severity === "error").slice(0, MAX_ERRORS);
  for (const d of errors) {
    const at = d.file
      ? `${codeSpan(`${clip(d.file, 200)}${d.line ? `:${d.line}` : ""}${d.column ? `:${d.column}` : ""}`)} `
      : "";
    const code = d.code ? `${codeSpan(d.code)} ` : "";
    lines.push(`  - ${at}${code}${escapeInline(clip(d.message))}`);
  }
  const failures = cmd.tests?.failures ?? [];
  if (failures.length > 0) {
    const names = failures.slice(0, MAX_ERRORS).map((t) => codeSpan(clip(t, 200)));
    lines.push(`  - failing tests: ${names.join(", ")}`);
  }
  if (errors.length === 0 && failures.length === 0 && cmd.logTail)
    lines.push(...logLines(cmd.logTail));
  return lines;
}

/** The last lines of a log, as an indented code block. */
function logLines(logTail: string): string[] {
  const tail = logTail
    .split("\n")
    .slice(-8)
    .map((l) => truncate(l, 300))
    .join("\n");
  const block = codeBlock(tail, "text").trimEnd().split("\n");
  return ["", ...block.map((l) => `  ${l}`)];
}
