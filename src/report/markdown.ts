// The report as GitHub-flavoured Markdown: the body of the PR comment and the job
// summary (the hidden marker and embedded JSON are added by src/github/markers.ts).
// A reviewer's first screen: the verdict, the commit it reflects and when, and the
// cause (src/report/cause.ts); then the criteria table (src/report/criteria.ts). The
// body must fit GitHub's comment limit whatever the plan and the tools print, so it is
// rendered at decreasing levels of detail until it fits, and says what it left out.
import { COMMENT_LIMIT } from "../github/limits.ts";
import { type CauseDetail, causeSection, type Links } from "./cause.ts";
import {
  type CriteriaRows,
  checkpointsSection,
  criteriaSection,
  propertiesSection,
} from "./criteria.ts";
import type { Details } from "./details.ts";
import { codeSpan, escapeHtml, escapeInlineCut, htmlCode, truncate } from "./escape.ts";
import { plural } from "./format.ts";
import { commitUrl, repoUrlOf, safeUrl, shortSha } from "./links.ts";
import type { Report } from "./schema.ts";
import { iconOf } from "./status.ts";

/** Default budget: GitHub's comment limit less a margin for whatever wraps the body. */
export const DEFAULT_MAX_LENGTH = COMMENT_LIMIT - 536;

export interface MarkdownOptions {
  /** Maximum length of the whole body in UTF-16 code units (default 65,000). */
  maxLength?: number;
  /** Characters the caller will add (marker, embedded JSON): subtracted from maxLength. */
  reserve?: number;
  /** Heading; defaults to the plan's title, spec name or path. */
  title?: string;
  /** Link to the workflow run; the repository's links (commit, code lines) derive from it. */
  runUrl?: string | null;
  /** all (default): everything, passing parts collapsed; failed: only what failed; none: verdict and cause. */
  details?: Details;
}

/** How much to show; each level of LADDER shows less than the one before. */
interface Detail extends CauseDetail {
  criteriaRows: CriteriaRows;
  properties: boolean;
  checkpointRows: boolean;
  /** What this level leaves out compared with the full rendering, for the note. */
  dropped: string[];
}

const FULL: Detail = {
  findingsFirst: 5,
  findingsOther: 3,
  testNames: 10,
  plainTailLines: 15,
  checkpoints: Number.POSITIVE_INFINITY,
  criteriaRows: "all",
  properties: true,
  checkpointRows: true,
  dropped: [],
};

const LADDER: readonly Detail[] = (() => {
  const levels = [FULL];
  // Each step names what it leaves out under a topic; a later step on the same topic
  // replaces the earlier wording and moves it last.
  const dropped = new Map<string, string>();
  let level = FULL;
  const add = (change: Partial<Detail>, topic: string, wording: string) => {
    dropped.delete(topic);
    dropped.set(topic, wording);
    level = { ...level, ...change, dropped: [...dropped.values()] };
    levels.push(level);
  };
  add({ checkpointRows: false, properties: false }, "lists", "the checkpoint and property lists");
  add({ criteriaRows: "open" }, "criteria", "rows of verified requirements");
  add({ findingsFirst: 3, findingsOther: 1, testNames: 5 }, "errors", "errors beyond the first 3");
  add({ plainTailLines: 5 }, "plain", "output beyond 5 lines");
  add({ checkpoints: 10 }, "checkpoints", "failing checkpoints beyond the first 10");
  add({ criteriaRows: "none" }, "criteria", "the criteria table");
  add({ findingsFirst: 0, findingsOther: 0, testNames: 0, plainTailLines: 0 }, "errors", "errors");
  add({ checkpoints: 0 }, "checkpoints", "the failing checkpoints");
  return levels;
})();

/** The `details` option's ceiling on a level: what that choice never lists. */
function capped(level: Detail, details: Details): Detail {
  if (details === "all") return level;
  const rows: CriteriaRows = details === "none" || level.criteriaRows === "none" ? "none" : "open";
  return { ...level, criteriaRows: rows, properties: false, checkpointRows: false };
}

/** `**6 of 7 checkpoints failed** · criteria: 0 of 32 verified, 30 failing, 2 uncovered` */
export function verdictLine(report: Report): string {
  const { requirements: req, checkpoints: cp } = report.summary;
  let checkpoints: string;
  if (cp.total === 0) checkpoints = "no checkpoints";
  else if (cp.failed > 0) checkpoints = `${cp.failed} of ${plural(cp.total, "checkpoint")} failed`;
  else if (cp.notRun > 0) checkpoints = `${cp.notRun} of ${plural(cp.total, "checkpoint")} not run`;
  else checkpoints = `all ${plural(cp.total, "checkpoint")} passed`;
  const parts = [`**${checkpoints[0]?.toUpperCase()}${checkpoints.slice(1)}**`];
  if (req.total > 0) {
    const extra = [
      req.failing > 0 ? `${req.failing} failing` : "",
      req.pending > 0 ? `${req.pending} pending` : "",
      req.uncovered > 0 ? `${req.uncovered} uncovered` : "",
    ].filter(Boolean);
    parts.push(
      `criteria: ${req.verified} of ${req.total} verified${extra.map((e) => `, ${e}`).join("")}`,
    );
  }
  return parts.join(" · ");
}

/** `2026-12-01 12:00 UTC`, or null for an unreadable timestamp. */
function when(iso: string): string | null {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return null;
  return `${new Date(time).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function commitLink(report: Report, repo: string | null): string | null {
  const sha = report.commit?.sha;
  if (!sha || !/^[0-9a-f]{7,64}$/.test(sha)) return null;
  const url = repo ? commitUrl(repo, sha) : null;
  const text = codeSpan(shortSha(sha));
  return url ? `[${text}](${url})` : text;
}

/** `Trend: errors 24 → 30 → 10 → 0 · verified 0 → 0 → 4 → 30 (a1b2c3d … f0e1d2c)`, from 2 pushes on. */
function trendLine(report: Report): string | null {
  const trend = (report.trend ?? []).slice(-10);
  if (trend.length < 2) return null;
  const series = (pick: (t: (typeof trend)[number]) => number) => trend.map(pick).join(" → ");
  const parts = [`errors ${series((t) => t.errors)}`];
  if (trend.some((t) => t.failingTests > 0))
    parts.push(`failing tests ${series((t) => t.failingTests)}`);
  parts.push(`verified ${series((t) => t.verified)}`);
  const shas = trend.map((t) => codeSpan(shortSha(t.sha))).join(" → ");
  return `Trend over ${plural(trend.length, "push", "pushes")} (${shas}): ${parts.join(" · ")}`;
}

function headerSection(report: Report, options: MarkdownOptions, links: Links): string {
  const title = options.title ?? report.plan.title ?? report.plan.spec ?? report.plan.path;
  const facts = [verdictLine(report)];
  const commit = commitLink(report, links.repo);
  if (commit) facts.push(commit);
  const at = when(report.generatedAt);
  if (at) facts.push(at);
  const lines = [
    `### ${iconOf(report.status)} dxfix · ${escapeInlineCut(title, 120)}`,
    "",
    facts.join(" · "),
  ];
  const trend = trendLine(report);
  if (trend) lines.push("", trend);
  return `${lines.join("\n")}\n`;
}

function footer(report: Report, links: Links): string {
  const parts = [
    `plan ${htmlCode(truncate(report.plan.path, 200))}`,
    `dxfix ${escapeHtml(truncate(report.tool.version, 40))}`,
  ];
  if (links.runUrl) parts.push(`<a href="${links.runUrl}">workflow run</a>`);
  return `<sub>${parts.join(" · ")}</sub>\n`;
}

function note(dropped: readonly string[], links: Links): string {
  if (dropped.length === 0) return "";
  const more = links.runUrl ? ` The full log is in the [workflow run](${links.runUrl}).` : "";
  return `> [!NOTE]\n> Left out to fit GitHub's comment size limit: ${dropped.join(", ")}.${more}\n`;
}

function render(report: Report, options: MarkdownOptions, detail: Detail, links: Links): string {
  return [
    headerSection(report, options, links),
    causeSection(report, detail, links),
    criteriaSection(report, detail.criteriaRows),
    propertiesSection(report, detail.properties),
    checkpointsSection(report, detail.checkpointRows),
    note(detail.dropped, links),
    footer(report, links),
  ]
    .filter((section) => section !== "")
    .join("\n");
}

/**
 * The Markdown body for a report, always at most `maxLength - reserve` characters:
 * detail is dropped in stages (collapsed tails, lists, verified rows, errors) and a note
 * says what was left out.
 */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const limit = (options.maxLength ?? DEFAULT_MAX_LENGTH) - (options.reserve ?? 0);
  if (limit <= 0) return "";
  const runUrl = safeUrl(options.runUrl);
  const links: Links = { repo: repoUrlOf(runUrl), runUrl };
  const details = options.details ?? "all";
  for (const level of LADDER) {
    const body = render(report, options, capped(level, details), links);
    if (body.length <= limit) return body;
  }
  // Even the shortest form is too long (a tiny limit): verdict and note only.
  const minimal = [
    headerSection(report, options, links),
    note(["everything but the verdict"], links),
  ].join("\n");
  if (minimal.length <= limit) return minimal;
  const verdict = verdictLine(report);
  if (verdict.length <= limit) return verdict;
  // Never leave half of a surrogate pair at the cut.
  const cut = verdict.slice(0, limit);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
