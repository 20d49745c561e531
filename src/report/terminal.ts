// The report for a terminal: the final summary `dxfix check` prints, and the
// live progress while commands run (a refreshing status line on a TTY, plain
// lines in logs and pipes).
import { type Colors, colors } from "./color.ts";
import { stripControl, truncate } from "./escape.ts";
import { commandOutcome, findingLocation, formatDuration, isFailure, plural } from "./format.ts";
import type { CheckpointResult, CommandResult, Report, RequirementResult } from "./schema.ts";

export interface TerminalOptions {
  color: boolean;
}

/** Plan text and tool output reach the terminal as one line with no escapes. */
function clean(text: string, max = 200): string {
  return truncate(stripControl(text, false).trim(), max);
}

function checkpointMark(status: CheckpointResult["status"], c: Colors): string {
  if (status === "passed") return c.green("✔");
  if (status === "not_run") return c.dim("○");
  return c.red("✘");
}

function commandLines(command: CommandResult, c: Colors): string[] {
  const outcome = clean(commandOutcome(command, ", "), 300);
  const reused = command.reused ? c.dim(" (reused)") : "";
  const head = `    ${checkpointMark(command.status, c)} ${clean(command.run, 160)}${reused}${outcome ? `  ${c.dim(outcome)}` : ""}`;
  const lines = [head];
  // A reused result was detailed where it first ran: say it once.
  if (!isFailure(command.status) || command.reused) return lines;
  const shown = command.diagnostics.slice(0, 5);
  for (const finding of shown) {
    const location = findingLocation(finding);
    const kind = finding.severity === "error" ? c.red("error") : c.yellow("warning");
    const code = finding.code ? `[${clean(finding.code, 40)}]` : "";
    lines.push(
      `        ${location ? `${clean(location)}  ` : ""}${kind}${code} ${clean(finding.message, 160)}`,
    );
  }
  const more = command.errors + command.warnings - shown.length;
  if (shown.length > 0 && more > 0) lines.push(c.dim(`        … ${more} more`));
  for (const name of command.tests?.failures.slice(0, 5) ?? []) {
    lines.push(`        ${c.red("failed")} ${clean(name, 160)}`);
  }
  return lines;
}

function idList(requirements: RequirementResult[], max = 30): string {
  const ids = requirements.slice(0, max).map((r) => clean(r.id, 20));
  if (requirements.length > max) ids.push(`… ${requirements.length - max} more`);
  return ids.join(", ");
}

/** The final summary; `color: false` gives plain text with no ANSI escapes. */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  const c = colors(options.color);
  const { summary } = report;
  const title = report.plan.title ?? report.plan.spec ?? report.plan.path;
  const out = [`${c.bold(`dxfix · ${clean(title, 120)}`)}  ${c.dim(clean(report.plan.path))}`, ""];

  if (report.checkpoints.length > 0) {
    out.push(c.bold("Checkpoints"));
    for (const checkpoint of report.checkpoints) {
      const time =
        checkpoint.status === "not_run" ? "not run" : formatDuration(checkpoint.durationMs);
      out.push(
        `  ${checkpointMark(checkpoint.status, c)} ${checkpoint.id.padEnd(4)} ${clean(checkpoint.title, 100)}  ${c.dim(time)}`,
      );
      if (isFailure(checkpoint.status)) {
        for (const command of checkpoint.commands) out.push(...commandLines(command, c));
      }
    }
    out.push("");
  }

  if (report.properties.length > 0) {
    const p = summary.properties;
    out.push(
      `${c.bold("Properties")}  ${p.passed} passed · ${p.failed} failed · ${p.notFound} without a test · ${p.notRun} not run`,
    );
    for (const property of report.properties) {
      if (property.status === "passed" || property.status === "not_run") continue;
      const failedTests = property.tests
        .filter((t) => t.status === "failed")
        .map((t) => clean(t.name, 80));
      const why =
        property.status === "not_found"
          ? "no test found"
          : `failed: ${failedTests.slice(0, 3).join(", ")}`;
      const mark = property.status === "failed" ? c.red("✘") : c.yellow("?");
      out.push(`  ${mark} ${clean(`${property.id}. ${property.title}`, 100)}  ${c.dim(why)}`);
    }
    out.push("");
  }

  const r = summary.requirements;
  if (r.total > 0) {
    out.push(
      `${c.bold("Criteria")}  ${r.verified}/${r.total} verified · ${r.failing} failing · ${r.pending} pending · ${r.uncovered} uncovered`,
    );
    const byStatus = (status: RequirementResult["status"]) =>
      report.requirements.filter((q) => q.status === status);
    const failing = byStatus("failing");
    const uncovered = byStatus("uncovered");
    const pending = byStatus("pending");
    if (failing.length > 0) out.push(`  ${c.red("failing")}    ${idList(failing)}`);
    if (pending.length > 0) out.push(`  ${c.dim("pending")}    ${idList(pending)}`);
    if (uncovered.length > 0) out.push(`  ${c.yellow("uncovered")}  ${idList(uncovered)}`);
    out.push("");
  }

  const cp = summary.checkpoints;
  const verdict =
    report.status === "passed"
      ? c.green("✔ passed")
      : report.status === "failed"
        ? c.red("✘ failed")
        : c.yellow("○ pending");
  const facts = [
    cp.failed > 0
      ? `${cp.failed} of ${plural(cp.total, "checkpoint")} failed`
      : `${cp.passed} of ${plural(cp.total, "checkpoint")} passed`,
    `${r.verified}/${r.total} criteria verified`,
    plural(summary.processes, "process", "processes"),
  ];
  out.push(`${c.bold(verdict)} · ${facts.join(" · ")}`);
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

export function createProgress(stream: ProgressStream, options: ProgressOptions): Progress {
  const c = colors(options.color);
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.intervalMs ?? 100;
  let current: { id: string; run: string; cwd: string; startedAt: number } | null = null;
  let lastId = "?";
  let timer: ReturnType<typeof setInterval> | null = null;
  let frame = 0;
  let statusShown = false;

  const label = (id: string, run: string, cwd: string) =>
    `[${clean(id, 20)}] ${clean(run, 200)}${cwd && cwd !== "." ? c.dim(` (in ${clean(cwd, 100)})`) : ""}`;

  const drawStatus = () => {
    if (!current) return;
    const elapsed = formatDuration(now() - current.startedAt);
    const spinner = SPINNER[frame++ % SPINNER.length]!;
    // Too long a line wraps, and \r then cannot take it back: fit the width.
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    const text = truncate(
      stripControl(`${spinner} ${label(current.id, current.run, current.cwd)} · ${elapsed}`, false),
      width,
    );
    stream.write(`${CLEAR_LINE}${options.color ? c.cyan(text) : text}`);
    statusShown = true;
  };

  const clearStatus = () => {
    if (statusShown) stream.write(CLEAR_LINE);
    statusShown = false;
  };

  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };

  return {
    start(checkpointId, run, cwd) {
      stopTimer();
      clearStatus();
      current = { id: checkpointId, run, cwd, startedAt: now() };
      lastId = checkpointId;
      if (!options.isTTY) {
        stream.write(`▶ ${label(checkpointId, run, cwd)}\n`);
        return;
      }
      drawStatus();
      timer = setInterval(drawStatus, intervalMs);
      timer.unref?.();
    },

    end(result, checkpointId) {
      stopTimer();
      clearStatus();
      const id = checkpointId ?? current?.id ?? lastId;
      current = null;
      const mark = checkpointMark(result.status, c);
      const time = result.reused ? "reused" : formatDuration(result.durationMs);
      const outcome = clean(commandOutcome(result, ", "), 300);
      stream.write(
        `${mark} ${label(id, result.run, result.cwd)} ${c.dim(`(${time})`)}${outcome ? ` ${outcome}` : ""}\n`,
      );
    },

    line(text) {
      const hadStatus = statusShown;
      clearStatus();
      // Tool output keeps its colours only when we colour too; \r never passes.
      const body = options.color ? text.replace(/\r(?!\n)/g, "\n") : stripControl(text);
      stream.write(`${body.replace(/\r?\n$/, "")}\n`);
      if (hadStatus || (options.isTTY && current)) drawStatus();
    },

    close() {
      stopTimer();
      clearStatus();
      current = null;
    },
  };
}
