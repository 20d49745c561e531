// Small formatting pieces shared by the Markdown and terminal renderers.
import type { CommandResult, Finding } from "./schema.ts";

/** 850ms, 12.3s, 4m 05s, 1h 02m: precise enough to compare runs, short enough for a line. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m ${String(totalSeconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `src/lib.rs:12:5` or null when the finding has no file. */
export function findingLocation(finding: Finding): string | null {
  if (finding.file === null) return null;
  let location = finding.file;
  if (finding.line !== null) {
    location += `:${finding.line}`;
    if (finding.column !== null) location += `:${finding.column}`;
  }
  return location;
}

/** What went wrong with a command, in a few words: `exit 101 · 24 errors · 2 failed tests`. */
export function commandOutcome(command: CommandResult, separator = " · "): string {
  const parts: string[] = [];
  switch (command.status) {
    case "timeout":
      parts.push(`timed out after ${formatDuration(command.durationMs)}`);
      break;
    case "error":
      parts.push(command.message ? `could not run: ${command.message}` : "could not run");
      break;
    case "not_run":
      parts.push("not run");
      break;
    default:
      if (command.exitCode !== null && command.exitCode !== 0)
        parts.push(`exit ${command.exitCode}`);
  }
  if (command.errors > 0) parts.push(plural(command.errors, "error"));
  if (command.warnings > 0) parts.push(plural(command.warnings, "warning"));
  if (command.tests && command.tests.failed > 0) {
    parts.push(plural(command.tests.failed, "failed test"));
  }
  return parts.join(separator);
}

/** How a requirement id groups: "5.1" belongs to requirement "5"; "NFR-2" to itself. */
export function requirementGroup(id: string): string {
  const dot = id.indexOf(".");
  return dot > 0 ? id.slice(0, dot) : id;
}
