// The criteria as one compact table: a row per requirement (its title from
// requirements.md), its criteria as status icons, and why they have their status.
// Rows that need attention (failing, uncovered, pending) come first; fully verified
// requirements are collapsed. Then the properties and checkpoints, collapsed.
import { escapeCell, escapeInline, escapeInlineCut, htmlCode, truncate } from "./escape.ts";
import { formatDuration, plural, requirementGroup } from "./format.ts";
import { shortSha } from "./links.ts";
import type { CheckpointResult, Report, RequirementResult } from "./schema.ts";
import { type CriterionStatus, iconOf, isFailure, labelOf } from "./status.ts";

/** How many rows: every requirement, those that need attention, or none. */
export type CriteriaRows = "all" | "open" | "none";

/** Worst first: the order rows are listed in. */
const ORDER: readonly CriterionStatus[] = ["failing", "uncovered", "pending", "verified"];

export const LEGEND = ORDER.map((s) => `${iconOf(s)} ${labelOf(s)}`).join(" · ");

interface Row {
  id: string;
  criteria: RequirementResult[];
  /** Index into ORDER of its worst criterion. */
  rank: number;
}

function rowsOf(report: Report): Row[] {
  const rows = new Map<string, Row>();
  for (const r of report.requirements) {
    const id = requirementGroup(r.id);
    const row = rows.get(id) ?? { id, criteria: [], rank: ORDER.length };
    row.criteria.push(r);
    row.rank = Math.min(row.rank, ORDER.indexOf(r.status));
    rows.set(id, row);
  }
  // Stable: plan order within the same rank.
  return [...rows.values()].sort((a, b) => a.rank - b.rank);
}

/** "checkpoint 3: 24 errors", or per criterion when they differ: "4.1, 4.2: …; 4.3: …". */
function why(criteria: RequirementResult[]): string {
  const byReason = new Map<string, string[]>();
  for (const c of criteria) {
    const reason = c.reason ?? labelOf(c.status);
    byReason.set(reason, [...(byReason.get(reason) ?? []), c.id]);
  }
  if (byReason.size === 1) return escapeInlineCut([...byReason.keys()][0] ?? "", 200, true);
  return [...byReason]
    .map(
      ([reason, ids]) => `**${escapeCell(ids.join(", "))}** ${escapeInlineCut(reason, 120, true)}`,
    )
    .join("; ");
}

function tableRow(row: Row, titles: Map<string, string>): string {
  const title = titles.get(row.id);
  const name = title ? `${row.id}. ${title}` : `Requirement ${row.id}`;
  // A no-break space keeps each icon with its id when the cell wraps.
  const icons = row.criteria.map(
    (c) => `${iconOf(c.status)}\u00A0${escapeInlineCut(c.id, 20, true)}`,
  );
  return `| ${escapeInlineCut(name, 80, true)} | ${icons.join(" ")} | ${why(row.criteria)} |`;
}

const HEAD = ["| Requirement | Criteria | Why |", "|---|---|---|"];

export function criteriaSection(report: Report, rows: CriteriaRows): string {
  if (report.requirements.length === 0 || rows === "none") return "";
  const titles = new Map((report.requirementTitles ?? []).map((t) => [t.id, t.title]));
  const all = rowsOf(report);
  const open = all.filter((r) => ORDER[r.rank] !== "verified");
  const done = all.filter((r) => ORDER[r.rank] === "verified");
  const parts = ["#### Criteria", "", LEGEND, ""];
  if (open.length > 0) parts.push(...HEAD, ...open.map((r) => tableRow(r, titles)), "");
  if (done.length > 0) {
    const summary = `${iconOf("verified")} ${plural(done.length, "requirement")} fully verified`;
    if (rows === "all") {
      parts.push(`<details><summary>${summary}</summary>`, "");
      parts.push(...HEAD, ...done.map((r) => tableRow(r, titles)), "", "</details>", "");
    } else parts.push(`${summary}.`, "");
  }
  return parts.join("\n");
}

export function propertiesSection(report: Report, show: boolean): string {
  if (!show || report.properties.length === 0) return "";
  const p = report.summary.properties;
  const counts = [
    p.failed > 0 ? `${p.failed} failed` : "",
    p.notFound > 0 ? `${p.notFound} without a test` : "",
    p.notRun > 0 ? `${p.notRun} not run` : "",
  ].filter(Boolean);
  const summary = `Properties: ${p.passed} of ${p.total} passed${counts.length ? ` (${counts.join(", ")})` : ""}`;
  const rows = report.properties.map((property) => {
    const tests = property.tests
      .slice(0, 3)
      .map((t) => `${iconOf(t.status)} ${htmlCode(truncate(t.name, 100))}`);
    if (property.tests.length > 3) tests.push(`+${property.tests.length - 3}`);
    const name = escapeInlineCut(`${property.id}. ${property.title}`, 100, true);
    const validates = escapeCell(property.validates.join(", ")) || "—";
    return `| ${iconOf(property.status)} | ${name} | ${validates} | ${tests.join("<br>") || labelOf(property.status)} |`;
  });
  return collapsedTable(escapeInline(summary), "| | Property | Validates | Tests |", rows);
}

/** A table in a `<details>` whose summary says what it holds. */
function collapsedTable(summary: string, head: string, rows: string[]): string {
  const rule = `|${"---|".repeat(head.split("|").length - 2)}`;
  return [
    `<details><summary>${summary}</summary>`,
    "",
    head,
    rule,
    ...rows,
    "",
    "</details>",
    "",
  ].join("\n");
}

/** The commands a checkpoint ran; those an earlier checkpoint ran are only counted. */
function commandsCell(c: CheckpointResult): string {
  const own = c.commands.filter((cmd) => !cmd.reused);
  const shown = own.slice(0, 4).map((cmd) => {
    const where = cmd.cwd !== "." ? ` in ${htmlCode(truncate(cmd.cwd, 60))}` : "";
    const from = cmd.reusedFrom ? ` (reused from ${htmlCode(shortSha(cmd.reusedFrom))})` : "";
    return `${htmlCode(truncate(cmd.run, 100))}${where}${from}`;
  });
  if (own.length > 4) shown.push(`+${own.length - 4}`);
  const reused = c.commands.length - own.length;
  if (reused > 0) shown.push(`${plural(reused, "command")} run earlier`);
  return shown.join("<br>") || "—";
}

/** The checkpoints that did not fail (the cause lists those that did), collapsed. */
export function checkpointsSection(report: Report, show: boolean): string {
  const rest = report.checkpoints.filter((c) => !isFailure(c.status));
  if (!show || rest.length === 0) return "";
  const passed = rest.filter((c) => c.status === "passed").length;
  const notRun = rest.length - passed;
  const counts = [
    passed > 0 ? `${plural(passed, "checkpoint")} passed` : "",
    notRun > 0 ? `${plural(notRun, "checkpoint")} not run` : "",
  ].filter(Boolean);
  const rows = rest.map((c) => {
    const time = c.status === "not_run" ? "—" : formatDuration(c.durationMs);
    return `| ${iconOf(c.status)} | ${escapeInlineCut(`${c.id}. ${c.title}`, 100, true)} | ${commandsCell(c)} | ${time} |`;
  });
  return collapsedTable(counts.join(", "), "| | Checkpoint | Commands | Time |", rows);
}
