// The report for a terminal: the final summary `dxfix check` prints, and the
// live progress while commands run (a refreshing status line on a TTY, plain
// lines in logs and pipes).
import { type Colors, colors } from "./color.ts";
import { stripControl, truncate } from "./escape.ts";
import { commandOutcome, findingLocation, formatDuration, plural } from "./format.ts";
import type { CommandResult, Finding, Report, RequirementResult } from "./schema.ts";
import {
  type AnyStatus,
  type CriterionStatus,
  isFailure,
  labelOf,
  STATUS,
  type Tone,
} from "./status.ts";

export interface TerminalOptions {
  color: boolean;
}

/** Plan text and tool output reach the terminal as one line with no escapes. */
function clean(text: string, max = 200): string {
  return truncate(stripControl(text, false).trim(), max);
}

function paint(tone: Tone, c: Colors): (text: string) => string {
  const byTone: Record<Tone, (text: string) => string> = {
    good: c.green,
    bad: c.red,
    pending: c.dim,
    warn: c.yellow,
  };
  return byTone[tone];
}

/** A status's one-character mark in its tone's colour: ✔ ✘ ○ ?. */
function mark(status: AnyStatus, c: Colors): string {
  return paint(STATUS[status].tone, c)(STATUS[status].mark);
}

/** A status's label in its tone's colour: `failing`, `no test found`. */
function word(status: AnyStatus, c: Colors): string {
  return paint(STATUS[status].tone, c)(labelOf(status));
}

/** A finding's identity: two commands reporting it (a build, then a test build) show it once. */
function findingKey(f: Finding): string {
  return `${findingLocation(f) ?? ""}\u0000${f.code ?? ""}\u0000${f.message}`;
}

/** Up to five findings not listed yet (`listed` grows), then how many were above or left out. */
function findingLines(command: CommandResult, c: Colors, listed: Set<string>): string[] {
  const fresh = command.diagnostics.filter((f) => !listed.has(findingKey(f)));
  const repeated = command.diagnostics.length - fresh.length;
  const shown = fresh.slice(0, 5);
  for (const finding of shown) listed.add(findingKey(finding));
  const lines = shown.map((finding) => {
    const location = findingLocation(finding);
    const kind = finding.severity === "error" ? c.red("error") : c.yellow("warning");
    const code = finding.code ? `[${clean(finding.code, 40)}]` : "";
    return `        ${location ? `${clean(location)}  ` : ""}${kind}${code} ${clean(finding.message, 160)}`;
  });
  if (repeated > 0) lines.push(c.dim(`        ${plural(repeated, "finding")} listed above`));
  const more = command.errors + command.warnings - shown.length - repeated;
  if (shown.length + repeated > 0 && more > 0) lines.push(c.dim(`        … ${more} more`));
  for (const name of command.tests?.failures.slice(0, 5) ?? []) {
    lines.push(`        ${word("failed", c)} ${clean(name, 160)}`);
  }
  return lines;
}

function commandLines(command: CommandResult, c: Colors, listed: Set<string>): string[] {
  const outcome = clean(commandOutcome(command, ", "), 300);
  const reused = command.reused ? c.dim(" (reused)") : "";
  const head = `    ${mark(command.status, c)} ${clean(command.run, 160)}${reused}${outcome ? `  ${c.dim(outcome)}` : ""}`;
  // A reused result was detailed where it first ran: say it once.
  if (!isFailure(command.status) || command.reused) return [head];
  return [head, ...findingLines(command, c, listed)];
}

function idList(requirements: RequirementResult[], max = 30): string {
  const ids = requirements.slice(0, max).map((r) => clean(r.id, 20));
  if (requirements.length > max) ids.push(`… ${requirements.length - max} more`);
  return ids.join(", ");
}

function checkpointsBlock(report: Report, c: Colors): string[] {
  if (report.checkpoints.length === 0) return [];
  const out = [c.bold("Checkpoints")];
  const listed = new Set<string>();
  for (const checkpoint of report.checkpoints) {
    const time =
      checkpoint.status === "not_run"
        ? labelOf(checkpoint.status)
        : formatDuration(checkpoint.durationMs);
    out.push(
      `  ${mark(checkpoint.status, c)} ${checkpoint.id.padEnd(4)} ${clean(checkpoint.title, 100)}  ${c.dim(time)}`,
    );
    if (isFailure(checkpoint.status)) {
      for (const command of checkpoint.commands) out.push(...commandLines(command, c, listed));
    }
  }
  return [...out, ""];
}

function propertiesBlock(report: Report, c: Colors): string[] {
  if (report.properties.length === 0) return [];
  const p = report.summary.properties;
  const out = [
    `${c.bold("Properties")}  ${p.passed} passed · ${p.failed} failed · ${p.notFound} without a test · ${p.notRun} not run`,
  ];
  for (const property of report.properties) {
    if (property.status === "passed" || property.status === "not_run") continue;
    const failedTests = property.tests
      .filter((t) => t.status === "failed")
      .map((t) => clean(t.name, 80));
    const why =
      property.status === "not_found"
        ? labelOf(property.status)
        : `${labelOf(property.status)}: ${failedTests.slice(0, 3).join(", ")}`;
    out.push(
      `  ${mark(property.status, c)} ${clean(`${property.id}. ${property.title}`, 100)}  ${c.dim(why)}`,
    );
  }
  return [...out, ""];
}

/** Criteria needing attention, listed by id under their status. */
const CRITERIA_LISTED: readonly CriterionStatus[] = ["failing", "pending", "uncovered"];

function criteriaBlock(report: Report, c: Colors): string[] {
  const r = report.summary.requirements;
  if (r.total === 0) return [];
  const out = [
    `${c.bold("Criteria")}  ${r.verified}/${r.total} verified · ${r.failing} failing · ${r.pending} pending · ${r.uncovered} uncovered`,
  ];
  for (const status of CRITERIA_LISTED) {
    const listed = report.requirements.filter((q) => q.status === status);
    const pad = " ".repeat(Math.max(2, 11 - labelOf(status).length));
    if (listed.length > 0) out.push(`  ${word(status, c)}${pad}${idList(listed)}`);
  }
  return [...out, ""];
}

function verdictBlock(report: Report, c: Colors): string {
  const { checkpoints: cp, requirements: r } = report.summary;
  const look = STATUS[report.status];
  // A run that ends pending is worth a look: yellow, not the dim of a quiet "not run".
  const tone = look.tone === "pending" ? "warn" : look.tone;
  const verdict = paint(tone, c)(`${look.mark} ${labelOf(report.status)}`);
  const facts = [
    cp.failed > 0
      ? `${cp.failed} of ${plural(cp.total, "checkpoint")} failed`
      : `${cp.passed} of ${plural(cp.total, "checkpoint")} passed`,
    `${r.verified}/${r.total} criteria verified`,
    plural(report.summary.processes, "process", "processes"),
  ];
  return `${c.bold(verdict)} · ${facts.join(" · ")}`;
}

/** The final summary; `color: false` gives plain text with no ANSI escapes. */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  const c = colors(options.color);
  const title = report.plan.title ?? report.plan.spec ?? report.plan.path;
  const out = [
    `${c.bold(`dxfix · ${clean(title, 120)}`)}  ${c.dim(clean(report.plan.path))}`,
    "",
    ...checkpointsBlock(report, c),
    ...propertiesBlock(report, c),
    ...criteriaBlock(report, c),
    verdictBlock(report, c),
  ];
  return `${out.join("\n")}\n`;
}

/** What the progress helper needs from a stream (process.stderr fits). */
export interface ProgressStream {
  write(chunk: string): unknown;
  columns?: number;
}

export interface ProgressOptions {
  color: boolean;
  isTTY: boolean;
  /** Milliseconds clock; injectable for tests. */
  now?: () => number;
  /** Status line refresh period on a TTY. */
  intervalMs?: number;
}

export interface Progress {
  /** A command of checkpoint `checkpointId` starts. */
  start(checkpointId: string, run: string, cwd: string): void;
  /** The running command (or a reused result for the last started one) finished. */
  end(result: CommandResult, checkpointId?: string): void;
  /** A line of the command's output, printed above the status line. */
  line(text: string): void;
  /** Stop refreshing and clear the status line. */
  close(): void;
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const CLEAR_LINE = "\r\x1b[2K";

/** `[3] cargo test (in sub)`: which gate runs what, where. */
function commandLabel(id: string, run: string, cwd: string, c: Colors): string {
  const where = cwd && cwd !== "." ? c.dim(` (in ${clean(cwd, 100)})`) : "";
  return `[${clean(id, 20)}] ${clean(run, 200)}${where}`;
}

/** The line printed when a command ends: mark, label, time and what went wrong. */
function endLine(result: CommandResult, id: string, c: Colors): string {
  const time = result.reused ? "reused" : formatDuration(result.durationMs);
  const outcome = clean(commandOutcome(result, ", "), 300);
  return `${mark(result.status, c)} ${commandLabel(id, result.run, result.cwd, c)} ${c.dim(`(${time})`)}${outcome ? ` ${outcome}` : ""}\n`;
}

interface Running {
  id: string;
  run: string;
  cwd: string;
  startedAt: number;
}

/** The refreshing status line of a TTY: spinner, running command and elapsed time. */
function statusLine(
  stream: ProgressStream,
  options: ProgressOptions,
  c: Colors,
  now: () => number,
) {
  let frame = 0;
  let shown = false;
  return {
    get shown() {
      return shown;
    },
    draw(current: Running) {
      const elapsed = formatDuration(now() - current.startedAt);
      const spinner = SPINNER[frame++ % SPINNER.length];
      // Too long a line wraps, and \r then cannot take it back: fit the width.
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      const label = commandLabel(current.id, current.run, current.cwd, c);
      const text = truncate(stripControl(`${spinner} ${label} · ${elapsed}`, false), width);
      stream.write(`${CLEAR_LINE}${options.color ? c.cyan(text) : text}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}

export function createProgress(stream: ProgressStream, options: ProgressOptions): Progress {
  const c = colors(options.color);
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.intervalMs ?? 100;
  const status = statusLine(stream, options, c, now);
  let current: Running | null = null;
  let lastId = "?";
  let timer: ReturnType<typeof setInterval> | null = null;

  const draw = () => {
    if (current) status.draw(current);
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };

  return {
    start(checkpointId, run, cwd) {
      stopTimer();
      status.clear();
      current = { id: checkpointId, run, cwd, startedAt: now() };
      lastId = checkpointId;
      if (!options.isTTY) {
        stream.write(`▶ ${commandLabel(checkpointId, run, cwd, c)}\n`);
        return;
      }
      draw();
      timer = setInterval(draw, intervalMs);
      timer.unref?.();
    },

    end(result, checkpointId) {
      stopTimer();
      status.clear();
      const id = checkpointId ?? current?.id ?? lastId;
      current = null;
      stream.write(endLine(result, id, c));
    },

    line(text) {
      const hadStatus = status.shown;
      status.clear();
      // Tool output keeps its colours only when we colour too; \r never passes.
      const body = options.color ? text.replace(/\r(?!\n)/g, "\n") : stripControl(text);
      stream.write(`${body.replace(/\r?\n$/, "")}\n`);
      if (hadStatus || (options.isTTY && current)) draw();
    },

    close() {
      stopTimer();
      status.clear();
      current = null;
    },
  };
}
