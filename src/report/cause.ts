// "Why it failed": the first thing a reviewer reads after the verdict. For each failing
// checkpoint, in plan order, its failing commands with their first errors (file:line
// linked to the code at the report's commit) and failing test names. A command shown
// once is not shown again: a later checkpoint that fails on it says so in one line, and
// errors already listed are not listed twice.
import { codeBlock, codeSpan, escapeInline, escapeInlineCut, truncate } from "./escape.ts";
import { commandOutcome, plural } from "./format.ts";
import { blobUrl, commitUrl, shortSha } from "./links.ts";
import type { CheckpointResult, CommandResult, Finding, Report } from "./schema.ts";
import { iconOf, isFailure } from "./status.ts";

export interface CauseDetail {
  /** Error lines shown for the first failing command, and for each later one. */
  findingsFirst: number;
  findingsOther: number;
  /** Failed test names per command. */
  testNames: number;
  /** Lines of output shown in plain sight for a command that gave no error or test name. */
  plainTailLines: number;
  /** Failing checkpoints detailed; the rest are named in one line. */
  checkpoints: number;
}

export interface Links {
  /** `https://github.com/o/r`, or null (no links: the CLI, tests). */
  repo: string | null;
  runUrl: string | null;
}

/** A run of errors with one file, code and message (`unresolved import` on lines 4-7). */
interface ErrorGroup {
  first: Finding;
  lines: number[];
}

function groupErrors(findings: Finding[]): ErrorGroup[] {
  const groups: ErrorGroup[] = [];
  for (const f of findings) {
    if (f.severity !== "error") continue;
    const last = groups.at(-1);
    const same =
      last &&
      last.first.file === f.file &&
      last.first.code === f.code &&
      last.first.message === f.message;
    if (same && f.line !== null) last.lines.push(f.line);
    else groups.push({ first: f, lines: [] });
  }
  return groups;
}

const groupKey = (g: ErrorGroup) =>
  `${g.first.file}\u0000${g.first.line}\u0000${g.first.code}\u0000${g.first.message}`;

/** `line 44`, linked to that line at the commit when we can. */
function lineLink(f: Finding, report: Report, links: Links): string {
  if (f.line === null) return "";
  const sha = report.commit?.sha;
  const url = links.repo && sha && f.file ? blobUrl(links.repo, sha, f.file, f.line) : null;
  return url ? `[line ${f.line}](${url})` : `line ${f.line}`;
}

/** One error (and its repeats on other lines), under its file's bullet. */
function errorLine(g: ErrorGroup, report: Report, links: Links): string {
  const { first } = g;
  const parts = [first.file === null ? "-" : "  -"];
  const where = lineLink(first, report, links);
  if (where) parts.push(where);
  if (first.code) parts.push(escapeInlineCut(first.code, 40));
  parts.push(escapeInlineCut(first.message.split("\n", 1)[0] ?? "", 200));
  if (g.lines.length > 0) {
    const more = g.lines.slice(0, 8).map(String);
    if (g.lines.length > 8) more.push("…");
    parts.push(`(also line${g.lines.length === 1 ? "" : "s"} ${more.join(", ")})`);
  }
  return parts.join(" ");
}

/** Errors as a list of files, each with its errors (a file link needs no repeating). */
function errorList(groups: ErrorGroup[], report: Report, links: Links): string[] {
  const out: string[] = [];
  let file: string | null = null;
  for (const g of groups) {
    if (g.first.file !== null && g.first.file !== file)
      out.push(`- ${codeSpan(truncate(g.first.file, 120))}`);
    file = g.first.file;
    out.push(errorLine(g, report, links));
  }
  return out;
}

/** `cargo build` in `dir` · exit 101 · 24 errors · reused from abc1234 */
function commandLine(command: CommandResult, links: Links): string {
  const where =
    command.cwd && command.cwd !== "." ? ` in ${codeSpan(truncate(command.cwd, 80))}` : "";
  const parts = [`${codeSpan(truncate(command.run, 160))}${where}`];
  const outcome = commandOutcome(command);
  if (outcome) parts.push(escapeInlineCut(outcome, 300));
  if (command.reusedFrom) {
    const url = links.repo ? commitUrl(links.repo, command.reusedFrom) : null;
    const sha = codeSpan(shortSha(command.reusedFrom));
    parts.push(`reused from ${url ? `[${sha}](${url})` : sha}`);
  }
  return parts.join(" · ");
}

/** What the reviewer must see of one failing command, as list items. */
function commandBody(
  command: CommandResult,
  detail: CauseDetail,
  budget: number,
  state: State,
): string[] {
  const { report, links } = state;
  const out: string[] = [];
  const groups = groupErrors(command.diagnostics);
  const fresh = groups.filter((g) => !state.errorsShown.has(groupKey(g)));
  const shown = fresh.slice(0, budget);
  out.push(...errorList(shown, report, links));
  const covered = groups
    .filter((g) => !fresh.includes(g) || shown.includes(g))
    .reduce((n, g) => n + 1 + g.lines.length, 0);
  for (const g of groups) state.errorsShown.add(groupKey(g));
  if (groups.length > 0 && fresh.length === 0) out.push("- the same errors as above");
  const more = command.errors - covered;
  if (more > 0) out.push(`- … ${plural(more, "more error")}`);
  const failures = command.tests?.failures ?? [];
  if (failures.length > 0 && detail.testNames > 0) {
    const total = (command.tests?.passed ?? 0) + (command.tests?.failed ?? 0);
    const names = failures.slice(0, detail.testNames).map((n) => codeSpan(truncate(n, 160)));
    if (failures.length > detail.testNames) names.push(`+${failures.length - detail.testNames}`);
    out.push(`- failed tests (${command.tests?.failed ?? 0} of ${total}): ${names.join(", ")}`);
  }
  if (command.message && command.status === "failed")
    out.push(`- ${escapeInlineCut(command.message, 300)}`);
  return out;
}

function tail(log: string, lines: number): string {
  return log.replace(/\n+$/, "").split("\n").slice(-lines).join("\n");
}

/**
 * The log tail, when the command gave no error and no test name: then it is the cause.
 * Otherwise the errors say more than the tail, and the workflow run has the whole log.
 */
function tailBlock(command: CommandResult, detail: CauseDetail): string | null {
  if (command.logTail.trim() === "" || detail.plainTailLines <= 0) return null;
  return codeBlock(tail(command.logTail, detail.plainTailLines), "text").trimEnd();
}

interface State {
  report: Report;
  links: Links;
  /** Commands (cwd + run) already detailed, with the checkpoint that showed them. */
  commandsShown: Map<string, string>;
  errorsShown: Set<string>;
}

const commandKey = (c: CommandResult) => `${c.cwd}\u0000${c.run}`;

function checkpointBlock(checkpoint: CheckpointResult, detail: CauseDetail, state: State): string {
  const title = `${iconOf(checkpoint.status)} **${escapeInlineCut(`${checkpoint.id}. ${checkpoint.title}`, 100)}**`;
  const failing = checkpoint.commands.filter((c) => isFailure(c.status));
  const fresh = failing.filter((c) => !state.commandsShown.has(commandKey(c)));
  const seenIn = [...new Set(failing.flatMap((c) => state.commandsShown.get(commandKey(c)) ?? []))];
  const also =
    seenIn.length > 0
      ? `fails on the same ${failing.length === 1 ? "command" : `${failing.length} commands`} as ${seenIn.length === 1 ? "checkpoint" : "checkpoints"} ${seenIn.map((id) => escapeInlineCut(id, 20)).join(", ")} above`
      : "";
  if (fresh.length === 0) {
    return `${title}: ${also || escapeInline(checkpoint.status === "timeout" ? "timed out" : "failed")}\n`;
  }
  const lines: string[] = [];
  fresh.forEach((command, i) => {
    const budget = state.errorsShown.size === 0 ? detail.findingsFirst : detail.findingsOther;
    const head = commandLine(command, state.links);
    lines.push(i === 0 ? `${title} · ${head}` : `\nand ${head}`);
    const body = commandBody(command, detail, budget, state);
    const block = body.length === 0 ? tailBlock(command, detail) : null;
    if (body.length > 0) lines.push("", ...body);
    if (block) lines.push("", block);
    state.commandsShown.set(commandKey(command), checkpoint.id);
  });
  if (also) lines.push("", `It also ${also}.`);
  return `${lines.join("\n")}\n`;
}

/** The cause section, or "" when nothing failed. */
export function causeSection(report: Report, detail: CauseDetail, links: Links): string {
  const failing = report.checkpoints.filter((c) => isFailure(c.status));
  if (failing.length === 0) return "";
  const state: State = { report, links, commandsShown: new Map(), errorsShown: new Set() };
  const parts = ["#### Why it failed", ""];
  const detailed = failing.slice(0, detail.checkpoints);
  for (const checkpoint of detailed) parts.push(checkpointBlock(checkpoint, detail, state));
  const rest = failing.slice(detailed.length);
  if (rest.length > 0) {
    const ids = rest.map((c) => escapeInlineCut(c.id, 20)).join(", ");
    parts.push(`${iconOf("failed")} Also failing: ${plural(rest.length, "checkpoint")} ${ids}.\n`);
  }
  if (links.runUrl) parts.push(`Every error and the whole log: [workflow run](${links.runUrl}).\n`);
  return parts.join("\n");
}
