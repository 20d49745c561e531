// The PR's previous reports, read from the living comments before anything runs: they
// hold the keys of passed results (reuse) and the trend. Only comments by the comment
// author count (a pasted marker proves nothing); a report dxfix cannot read is no report.
import { extractReport, findMarker } from "../github/markers.ts";
import type { GitHubClient } from "../github/octokit.ts";
import { type IssueComment, trusted } from "../github/trust.ts";
import type { Report } from "../report/schema.ts";

export interface PullRef {
  owner: string;
  repo: string;
  number: number;
}

export interface Previous {
  /** The latest trusted report per plan path (as the comment marker names it). */
  reports: Map<string, Report>;
  /** Every comment of the PR as listed, or null when they could not be read. The comment
   * step starts from it rather than listing them again (github/comment.ts). */
  comments: IssueComment[] | null;
}

/** The PR's comments and the reports the trusted ones carry. */
export async function previousReports(
  octokit: GitHubClient,
  pr: PullRef,
  identity: string,
): Promise<Previous> {
  const comments: IssueComment[] = await octokit.paginate(
    "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
    {
      owner: pr.owner,
      repo: pr.repo,
      issue_number: pr.number,
      per_page: 100,
    },
  );
  const reports = new Map<string, Report>();
  for (const c of comments) {
    if (!trusted(c.user, [identity])) continue;
    const marker = findMarker(c.body);
    const report = marker ? extractReport(c.body) : null;
    if (marker && report) reports.set(marker.plan, report);
  }
  return { reports, comments };
}
