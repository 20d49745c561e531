// The one status vocabulary: what counts as a failure, how statuses roll up, and how
// each status is shown (an emoji for Markdown, a mark and a tone for terminals). The
// evaluator, both renderers, annotations and the bot's comments all read it from here,
// so a status looks and counts the same everywhere. docs/statuses.md explains them.
import type {
  CheckpointResult,
  CommandResult,
  PropertyResult,
  Report,
  RequirementResult,
} from "./schema.ts";

export type CommandStatus = CommandResult["status"];
export type CheckpointStatus = CheckpointResult["status"];
export type CriterionStatus = RequirementResult["status"];
export type PropertyStatus = PropertyResult["status"];
export type TestStatus = PropertyResult["tests"][number]["status"];
export type Verdict = Report["status"];
export type AnyStatus =
  | CommandStatus
  | CheckpointStatus
  | CriterionStatus
  | PropertyStatus
  | TestStatus
  | Verdict;

/** A run that ended badly: failed, timed out, or could not be started. */
export function isFailure(status: AnyStatus): boolean {
  return status === "failed" || status === "timeout" || status === "error";
}

/** Worst first: a checkpoint takes the worst status of its commands. */
const SEVERITY: readonly CommandStatus[] = ["timeout", "error", "failed", "not_run", "passed"];

/** A checkpoint's status from its commands' statuses; no command at all: not run. */
export function rollUp(statuses: readonly CommandStatus[]): CheckpointStatus {
  if (statuses.length === 0) return "not_run";
  for (const s of SEVERITY) if (statuses.includes(s)) return s;
  return "passed";
}

/**
 * The verdict over some checkpoints (a whole report, or a group's gates): failed when
 * any failed, passed when there are some and all passed, else pending. A gate with no
 * result yet (undefined) keeps the verdict pending.
 */
export function verdictOf(results: readonly ({ status: CheckpointStatus } | undefined)[]): Verdict {
  if (results.some((r) => r !== undefined && isFailure(r.status))) return "failed";
  if (results.length > 0 && results.every((r) => r?.status === "passed")) return "passed";
  return "pending";
}

/** How a status reads to a person: good, bad, waiting, or worth a look. */
export type Tone = "good" | "bad" | "pending" | "warn";

export interface StatusLook {
  /** Emoji for Markdown (PR comments, job summaries, bot replies). */
  icon: string;
  /** Plain words: "not run", "no test found". */
  label: string;
  /** One-character mark for terminals. */
  mark: string;
  tone: Tone;
}

/** Every status word of the report, once. */
export const STATUS: Readonly<Record<AnyStatus, StatusLook>> = {
  passed: { icon: "✅", label: "passed", mark: "✔", tone: "good" },
  verified: { icon: "✅", label: "verified", mark: "✔", tone: "good" },
  failed: { icon: "❌", label: "failed", mark: "✘", tone: "bad" },
  failing: { icon: "❌", label: "failing", mark: "✘", tone: "bad" },
  timeout: { icon: "⏱️", label: "timed out", mark: "✘", tone: "bad" },
  error: { icon: "💥", label: "error", mark: "✘", tone: "bad" },
  not_run: { icon: "⏳", label: "not run", mark: "○", tone: "pending" },
  pending: { icon: "⏳", label: "pending", mark: "○", tone: "pending" },
  uncovered: { icon: "⚠️", label: "uncovered", mark: "?", tone: "warn" },
  not_found: { icon: "❔", label: "no test found", mark: "?", tone: "warn" },
  ignored: { icon: "➖", label: "ignored", mark: "-", tone: "pending" },
};

export function iconOf(status: AnyStatus): string {
  return STATUS[status].icon;
}

export function labelOf(status: AnyStatus): string {
  return STATUS[status].label;
}
