// The report as GitHub-flavoured Markdown: the body of the PR comment and the job
// summary (the hidden marker and embedded JSON are added by src/github/marker.ts).
// The body must fit GitHub's comment limit whatever the plan and the tools print,
// so it is rendered at decreasing levels of detail until it fits, and says what
// it left out.
import { COMMENT_LIMIT } from "../github/limits.ts";
import {
  codeBlock,
  codeSpan,
  escapeCell,
  escapeHtml,
  escapeInline,
  htmlCode,
  stripControl,
  truncate,
} from "./escape.ts";
import {
  commandOutcome,
  findingLocation,
  formatDuration,
  plural,
  requirementGroup,
} from "./format.ts";
import { renderMermaid } from "./mermaid.ts";
import type {
  CheckpointResult,
  CommandResult,
  Finding,
  Report,
  RequirementResult,
} from "./schema.ts";
import { type AnyStatus, type CriterionStatus, iconOf, isFailure, labelOf } from "./status.ts";

/** Default budget: GitHub's comment limit less a margin for whatever wraps the body. */
export const DEFAULT_MAX_LENGTH = COMMENT_LIMIT - 536;

export interface MarkdownOptions {
  /** Maximum length of the whole body in UTF-16 code units (default 65,000). */
  maxLength?: number;
  /** Characters the caller will add (marker, embedded JSON): subtracted from maxLength. */
  reserve?: number;
  /** Heading; defaults to the plan's title, spec name or path. */
  title?: string;
  /** Link to the workflow run, shown in the footer and in the note when detail was dropped. */
  runUrl?: string | null;
}

/** How much to show; each level of LADDER shows less than the one before. */
interface Detail {
  tailLines: number;
  tailChars: number;
  findings: number;
  mermaid: boolean;
  criteriaText: boolean;
  criteriaRows: boolean;
  propertyRows: boolean;
  commandDetails: boolean;
  checkpointsListed: number;
  /** What this level leaves out compared with the full rendering, for the note. */
  dropped: string[];
}

const FULL: Detail = {
  tailLines: 40,
  tailChars: 4_000,
  findings: 10,
  mermaid: true,
  criteriaText: true,
  criteriaRows: true,
  propertyRows: true,
  commandDetails: true,
  checkpointsListed: Number.POSITIVE_INFINITY,
  dropped: [],
};

const LADDER: readonly Detail[] = (() => {
  const levels = [FULL];
  // Each step names what it leaves out under a topic; a later step on the same
  // topic replaces the earlier wording ("log tails shortened" -> "log tails") and
  // moves it last.
  const dropped = new Map<string, string>();
  let level = FULL;
  const add = (change: Partial<Detail>, topic: string, wording: string) => {
    dropped.delete(topic);
    dropped.set(topic, wording);
    level = { ...level, ...change, dropped: [...dropped.values()] };
    levels.push(level);
  };
  add({ tailLines: 10, tailChars: 1_200 }, "tails", "log tails beyond their last 10 lines");
  add({ tailLines: 0, tailChars: 0 }, "tails", "log tails");
  add({ findings: 3 }, "findings", "diagnostics beyond the first 3 per command");
  add({ mermaid: false }, "mermaid", "the plan diagram");
  add({ criteriaText: false }, "texts", "criteria texts");
  add(
    { criteriaRows: false, propertyRows: false },
    "rows",
    "criteria and property rows (counts only)",
  );
  add({ findings: 0, commandDetails: false }, "findings", "failing command details");
  add({ checkpointsListed: 20 }, "checkpoints", "checkpoints beyond the first 20");
  add({ checkpointsListed: 0 }, "checkpoints", "the checkpoint lists");
  return levels;
})();

/** A status as Markdown shows it in a table cell: `✅ verified`, `❔ no test found`. */
function badge(status: AnyStatus): string {
  return `${iconOf(status)} ${labelOf(status)}`;
}

/** Criterion statuses in the order the counts table lists them. */
const CRITERION_COLUMNS: readonly CriterionStatus[] = [
  "verified",
  "failing",
  "pending",
  "uncovered",
];

/** 10-cell bar of verified criteria; rounds down so 100% means all of them. */
export function progressBar(verified: number, total: number): string {
  if (total <= 0) return "";
  const ratio = Math.min(1, Math.max(0, verified / total));
  const cells = Math.floor(ratio * 10);
  return `${"🟩".repeat(cells)}${"⬜".repeat(10 - cells)} ${Math.floor(ratio * 100)}%`;
}

/** The one-line verdict, e.g. `❌ **dxfix** · 12/30 criteria verified · 1 checkpoint failing`. */
export function verdictLine(report: Report): string {
  const { requirements: req, checkpoints: cp } = report.summary;
  const parts = [`${iconOf(report.status)} **dxfix**`];
  parts.push(`${req.verified}/${req.total} criteria verified`);
  if (req.failing > 0) parts.push(`${req.failing} failing`);
  if (req.uncovered > 0) parts.push(`${req.uncovered} uncovered`);
  if (cp.total === 0) parts.push("no checkpoints");
  else if (cp.failed > 0)
    parts.push(`${cp.failed} ${cp.failed === 1 ? "checkpoint" : "checkpoints"} failing`);
  else if (cp.notRun > 0) parts.push(`${cp.notRun} of ${plural(cp.total, "checkpoint")} not run`);
  else parts.push(`all ${plural(cp.total, "checkpoint")} passed`);
  return parts.join(" · ");
}

function safeUrl(url: string | null | undefined): string | null {
  if (!url || !/^https?:\/\/[^\s]+$/.test(url)) return null;
  return url.replace(/[()<>"'`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function headerSection(report: Report, options: MarkdownOptions): string {
  const title = options.title ?? report.plan.title ?? report.plan.spec ?? report.plan.path;
  const lines = [`### dxfix · ${escapeInline(truncate(title, 120))}`, "", verdictLine(report)];
  const bar = progressBar(report.summary.requirements.verified, report.summary.requirements.total);
  if (bar) lines.push("", bar);
  return `${lines.join("\n")}\n`;
}

function footer(report: Report, options: MarkdownOptions): string {
  const parts = [
    `plan ${htmlCode(truncate(report.plan.path, 200))}`,
    `dxfix ${escapeHtml(truncate(report.tool.version, 40))}`,
  ];
  const url = safeUrl(options.runUrl);
  if (url) parts.push(`<a href="${url}">workflow run</a>`);
  return `<sub>${parts.join(" · ")}</sub>\n`;
}

function limitList<T>(items: T[], max: number, show: (item: T) => string, sep = ", "): string {
  const shown = items.slice(0, max).map(show);
  if (items.length > max) shown.push(`+${items.length - max}`);
  return shown.join(sep);
}

function checkpointName(checkpoint: CheckpointResult): string {
  return `${checkpoint.id}. ${truncate(checkpoint.title, 100)}`;
}

function checkpointsTable(report: Report, detail: Detail): string {
  const shown = report.checkpoints.slice(0, detail.checkpointsListed);
  if (shown.length === 0) return "";
  const rows = shown.map((checkpoint) => {
    const commands = limitList(
      checkpoint.commands,
      3,
      (c) => `${htmlCode(truncate(c.run, 120))}${c.reused ? " (reused)" : ""}`,
      "<br>",
    );
    return `| ${iconOf(checkpoint.status)} | ${escapeCell(checkpointName(checkpoint))} | ${commands || "—"} | ${checkpoint.status === "not_run" ? "—" : formatDuration(checkpoint.durationMs)} |`;
  });
  const more = report.checkpoints.length - shown.length;
  return [
    "#### Checkpoints",
    "",
    "| | Checkpoint | Commands | Time |",
    "|---|---|---|---|",
    ...rows,
    ...(more > 0 ? ["", `… and ${plural(more, "more checkpoint")}.`] : []),
    "",
  ].join("\n");
}

function findingLine(finding: Finding): string {
  const location = findingLocation(finding);
  const parts = ["-"];
  if (location) parts.push(codeSpan(truncate(location, 200)));
  parts.push(finding.severity === "error" ? "**error**" : "*warning*");
  if (finding.code) parts.push(codeSpan(truncate(finding.code, 40)));
  parts.push(escapeInline(truncate(finding.message, 300)));
  return parts.join(" ");
}

function tailOf(log: string, lines: number, chars: number): string {
  const all = stripControl(log).replace(/\n+$/, "").split("\n");
  let tail = all.slice(-lines).join("\n");
  if (tail.length > chars) tail = `…${tail.slice(tail.length - chars)}`;
  return tail;
}

function commandSummary(command: CommandResult): string {
  const where =
    command.cwd && command.cwd !== "." ? ` in ${htmlCode(truncate(command.cwd, 100))}` : "";
  const outcome = commandOutcome(command);
  const facts = command.status === "not_run" ? [] : [formatDuration(command.durationMs)];
  if (outcome) facts.push(escapeHtml(truncate(outcome, 300)));
  if (command.reused) facts.push("reused");
  return `${iconOf(command.status)} ${htmlCode(truncate(command.run, 160))}${where} · ${facts.join(" · ")}`;
}

function commandDetails(command: CommandResult, detail: Detail): string {
  const body: string[] = [];
  const findings = command.diagnostics.slice(0, detail.findings);
  if (findings.length > 0) body.push(findings.map(findingLine).join("\n"));
  const notShown = command.errors + command.warnings - findings.length;
  if (notShown > 0 && (findings.length > 0 || command.diagnostics.length > 0)) {
    body.push(`… ${plural(notShown, "more diagnostic")} not shown.`);
  }
  const files = (command.files ?? []).filter((f) => f.errors + f.warnings > 0);
  if (files.length > 1 && detail.findings > 3) {
    const byFile = limitList(files, 5, (f) => {
      const counts = [
        f.errors > 0 ? plural(f.errors, "error") : "",
        f.warnings > 0 ? plural(f.warnings, "warning") : "",
      ];
      return `${codeSpan(truncate(f.file, 120))} ${counts.filter(Boolean).join(", ")}`;
    });
    body.push(`By file: ${byFile}`);
  }
  if (command.tests && command.tests.failures.length > 0) {
    const names = limitList(command.tests.failures, 10, (name) => codeSpan(truncate(name, 200)));
    body.push(
      `Failed tests (${command.tests.failed} of ${command.tests.passed + command.tests.failed}): ${names}`,
    );
  }
  if (command.message && command.status !== "error")
    body.push(escapeInline(truncate(command.message, 500)));
  if (detail.tailLines > 0 && command.logTail.trim() !== "") {
    body.push(
      `Last lines of output:\n\n${codeBlock(tailOf(command.logTail, detail.tailLines, detail.tailChars), "text")}`,
    );
  }
  if (body.length === 0) return `- ${commandSummary(command)}\n`;
  return `<details><summary>${commandSummary(command)}</summary>\n\n${body.join("\n\n").replace(/\n+$/, "")}\n\n</details>\n`;
}

function failingSection(report: Report, detail: Detail): string {
  const failing = report.checkpoints.filter((c) => isFailure(c.status));
  if (failing.length === 0 || detail.checkpointsListed === 0) return "";
  const shown = failing.slice(0, detail.checkpointsListed);
  const parts = ["#### Failing checkpoints", ""];
  for (const checkpoint of shown) {
    parts.push(`**${iconOf(checkpoint.status)} ${escapeInline(checkpointName(checkpoint))}**`, "");
    for (const command of checkpoint.commands) {
      // A reused result was detailed where it first ran: say it once.
      if (detail.commandDetails && isFailure(command.status) && !command.reused)
        parts.push(commandDetails(command, detail));
      else parts.push(`- ${commandSummary(command)}\n`);
    }
  }
  if (failing.length > shown.length)
    parts.push(`… and ${plural(failing.length - shown.length, "more failing checkpoint")}.`, "");
  return parts.join("\n");
}

function groupRequirements(requirements: RequirementResult[]): Map<string, RequirementResult[]> {
  const groups = new Map<string, RequirementResult[]>();
  for (const requirement of requirements) {
    const key = requirementGroup(requirement.id);
    const list = groups.get(key) ?? [];
    list.push(requirement);
    groups.set(key, list);
  }
  return groups;
}

function checkedBy(requirement: RequirementResult): string {
  const refs = [
    ...requirement.checkpoints.map((id) => `checkpoint ${id}`),
    ...requirement.properties.map((id) => `property ${id}`),
  ];
  return refs.length === 0 ? "—" : escapeCell(limitList(refs, 4, (r) => r));
}

/** Criteria as counts per requirement, when their rows do not fit. */
function criteriaCounts(report: Report, groups: Map<string, RequirementResult[]>): string {
  const parts = [
    "#### Acceptance criteria",
    "",
    `| Requirement | ${CRITERION_COLUMNS.map(badge).join(" | ")} |`,
    `|---|${CRITERION_COLUMNS.map(() => "---|").join("")}`,
  ];
  for (const [key, list] of groups) {
    const counts = CRITERION_COLUMNS.map((s) => list.filter((r) => r.status === s).length);
    parts.push(`| ${escapeCell(truncate(key, 40))} | ${counts.join(" | ")} |`);
  }
  // The ids that need attention stay visible even when rows are gone.
  const failing = report.requirements.filter((r) => r.status === "failing");
  if (failing.length > 0) {
    parts.push("", `Failing: ${escapeInline(limitList(failing, 100, (r) => truncate(r.id, 20)))}`);
  }
  return `${parts.join("\n")}\n`;
}

function criterionRow(r: RequirementResult, withText: boolean): string {
  const tasks = r.tasks.length === 0 ? "—" : escapeCell(limitList(r.tasks, 6, (t) => t));
  const text = withText ? ` ${r.text ? escapeCell(truncate(r.text, 300)) : "—"} |` : "";
  return `| ${escapeCell(truncate(r.id, 40))} |${text} ${badge(r.status)} | ${tasks} | ${checkedBy(r)} |`;
}

function criteriaSection(report: Report, detail: Detail): string {
  if (report.requirements.length === 0) return "";
  const groups = groupRequirements(report.requirements);
  if (!detail.criteriaRows) return criteriaCounts(report, groups);
  const parts = ["#### Acceptance criteria", ""];
  for (const [key, list] of groups) {
    const verified = list.filter((r) => r.status === "verified").length;
    parts.push(
      `**Requirement ${escapeInline(truncate(key, 40))}** · ${verified}/${list.length} verified`,
      "",
    );
    parts.push(
      detail.criteriaText
        ? "| | Criterion | Status | Tasks | Checked by |"
        : "| | Status | Tasks | Checked by |",
      detail.criteriaText ? "|---|---|---|---|---|" : "|---|---|---|---|",
    );
    for (const r of list) parts.push(criterionRow(r, detail.criteriaText));
    parts.push("");
  }
  return parts.join("\n");
}

function propertiesSection(report: Report, detail: Detail): string {
  if (report.properties.length === 0) return "";
  const { properties: p } = report.summary;
  const counts = [
    `${p.passed} passed`,
    `${p.failed} failed`,
    `${p.notFound} without a test`,
    `${p.notRun} not run`,
  ];
  const parts = [
    "#### Properties",
    "",
    `${plural(p.total, "property", "properties")}: ${counts.join(" · ")}`,
    "",
  ];
  if (!detail.propertyRows) return parts.join("\n");
  parts.push("| Property | Validates | Status | Tests |", "|---|---|---|---|");
  for (const property of report.properties) {
    const tests = limitList(
      property.tests,
      5,
      (t) => `${iconOf(t.status)} ${htmlCode(truncate(t.name, 120))}`,
      "<br>",
    );
    parts.push(
      `| ${escapeCell(`${property.id}. ${truncate(property.title, 150)}`)} | ${escapeCell(limitList(property.validates, 6, (v) => v)) || "—"} | ${badge(property.status)} | ${tests || "—"} |`,
    );
  }
  parts.push("");
  return parts.join("\n");
}

function diagramSection(report: Report, detail: Detail): string {
  if (!detail.mermaid) return "";
  const diagram = renderMermaid(report);
  return diagram ? `#### Plan\n\n${diagram}` : "";
}

function note(dropped: readonly string[], options: MarkdownOptions): string {
  if (dropped.length === 0) return "";
  const url = safeUrl(options.runUrl);
  const more = url ? ` The full log is in the [workflow run](${url}).` : "";
  return `> [!NOTE]\n> Left out to fit GitHub's comment size limit: ${dropped.join(", ")}.${more}\n`;
}

type Section = (report: Report, detail: Detail) => string;

/** Each section with the Detail fields it reads: unchanged fields mean a cached result. */
const SECTIONS: Array<[Section, Array<keyof Detail>]> = [
  [checkpointsTable, ["checkpointsListed"]],
  [failingSection, ["tailLines", "tailChars", "findings", "commandDetails", "checkpointsListed"]],
  [criteriaSection, ["criteriaText", "criteriaRows"]],
  [propertiesSection, ["propertyRows"]],
  [diagramSection, ["mermaid"]],
];

function render(
  report: Report,
  options: MarkdownOptions,
  detail: Detail,
  cache: Map<string, string>,
): string {
  const middle = SECTIONS.map(([section, fields], i) => {
    const key = `${i}:${fields.map((f) => String(detail[f])).join(",")}`;
    let text = cache.get(key);
    if (text === undefined) {
      text = section(report, detail);
      cache.set(key, text);
    }
    return text;
  });
  return [
    headerSection(report, options),
    ...middle,
    note(detail.dropped, options),
    footer(report, options),
  ]
    .filter((section) => section !== "")
    .join("\n");
}

/**
 * The Markdown body for a report, always at most `maxLength - reserve`
 * characters: detail is dropped in stages (log tails, extra diagnostics, the
 * diagram, criteria texts, rows) and a note says what was left out.
 */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const limit = (options.maxLength ?? DEFAULT_MAX_LENGTH) - (options.reserve ?? 0);
  if (limit <= 0) return "";
  const cache = new Map<string, string>();
  for (const detail of LADDER) {
    const body = render(report, options, detail, cache);
    if (body.length <= limit) return body;
  }
  // Even the shortest form is too long (a tiny limit): verdict and note only.
  const minimal = [
    headerSection(report, options),
    note(["everything but the verdict"], options),
  ].join("\n");
  if (minimal.length <= limit) return minimal;
  const verdict = verdictLine(report);
  if (verdict.length <= limit) return verdict;
  // Never leave half of a surrogate pair at the cut.
  const cut = verdict.slice(0, limit);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
