// The Action's report, read from its checklist comment on a PR. A marker alone proves
// nothing (anyone can paste one): only comments by `config.reportAuthors` are read.
import type { DxfixConfig } from "../config.ts";
import { extractReport, findMarker } from "../github/markers.ts";
import { type IssueComment, trusted } from "../github/trust.ts";
import type { Report } from "../report/schema.ts";

export interface FoundReport {
  report: Report;
  commentId: number;
}

/** Trusted reports on a PR, newest comment last; only `plan`'s when given. */
export function trustedReports(
  comments: IssueComment[],
  config: DxfixConfig,
  plan: string | null = null,
): FoundReport[] {
  const found: FoundReport[] = [];
  for (const c of comments) {
    if (!trusted(c.user, config.reportAuthors)) continue;
    const marker = findMarker(c.body);
    if (!marker || (plan !== null && marker.plan !== plan)) continue;
    const report = extractReport(c.body);
    if (report) found.push({ report, commentId: c.id });
  }
  return found;
}

/** The latest trusted report for a plan, or null. */
export function latestReport(
  comments: IssueComment[],
  config: DxfixConfig,
  plan: string,
): FoundReport | null {
  return trustedReports(comments, config, plan).at(-1) ?? null;
}

/** True when the report shows every gate of the group passing (and there is at least one). */
export function groupPassed(report: Report, groupId: string): boolean {
  const group = report.groups.find((g) => g.id === groupId);
  if (!group || group.gates.length === 0) return false;
  return group.gates.every(
    (id) => report.checkpoints.find((c) => c.id === id)?.status === "passed",
  );
}
