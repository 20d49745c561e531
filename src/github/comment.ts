// One living comment per plan on a PR: found by its marker AND its author, created
// when missing, edited only when the text changed (an edit with the same text still
// notifies nobody, but it costs an API call and bumps "edited"), and de-duplicated
// after creation so two racing runs leave a single comment.

import { findContentKey, isTrustedAuthor } from "./marker.ts";
import type { GitHubClient } from "./octokit.ts";

export interface UpsertCommentOptions {
  owner: string;
  repo: string;
  /** PR or issue number (PR comments are issue comments). */
  issueNumber: number;
  /** The marker line identifying the comment, e.g. checklistMarker(planPath). */
  marker: string;
  /** Full comment body; the marker is put on the first line if it is not already there. */
  body: string;
  /** Login that owns the comment; comments by anyone else are never edited. */
  identity: string;
  /**
   * What the body says apart from timings (see contentKeyLine): a comment of ours with
   * the same key is left as it is, so re-runs with the same outcome make no edit.
   */
  key?: string;
  log?: (message: string) => void;
}

export interface UpsertCommentResult {
  action: "created" | "updated" | "unchanged";
  id: number;
  url: string | null;
  /** Ids of our own duplicate comments removed. */
  removed: number[];
}

/** Thrown when the token may not read or write the PR's comments. */
export class GitHubPermissionError extends Error {
  status: number;
  /** True for the read-only token of fork PRs ("Resource not accessible by integration"). */
  readOnly: boolean;
  constructor(message: string, status: number, readOnly: boolean) {
    super(message);
    this.name = "GitHubPermissionError";
    this.status = status;
    this.readOnly = readOnly;
  }
}

interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
  created_at?: string;
  user?: { login?: string | null; type?: string | null } | null;
}

function httpStatus(error: unknown): number | null {
  const status = (error as { status?: unknown })?.status;
  return typeof status === "number" ? status : null;
}

/** Turn 403/404 into a message naming the permission the workflow must grant. */
export function explainGitHubError(error: unknown, what: string, where: string): Error {
  const status = httpStatus(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 403 || status === 404) {
    const readOnly =
      status === 403 && /not accessible by integration|read-only|read only/i.test(detail);
    const hint =
      status === 403
        ? `the token may not ${what}: grant "pull-requests: write" (PR comments) or "issues: write" in the workflow's permissions block`
        : `${where} was not found with this token: it needs "contents: read" and "pull-requests: write" (or "issues: write"), and the repository and PR must exist`;
    return new GitHubPermissionError(`${hint} (HTTP ${status}: ${detail})`, status, readOnly);
  }
  return new Error(`could not ${what} on ${where}: ${detail}`, { cause: error });
}

function withMarker(marker: string, body: string): string {
  return body.startsWith(`${marker}\n`) || body === marker ? body : `${marker}\n${body}`;
}

function carriesMarker(comment: IssueComment, marker: string): boolean {
  const first = comment.body?.split(/\r?\n/, 1)[0]?.trim();
  return first === marker.trim();
}

function oldestFirst(a: IssueComment, b: IssueComment): number {
  const byDate = (a.created_at ?? "").localeCompare(b.created_at ?? "");
  return byDate !== 0 ? byDate : a.id - b.id;
}

export async function upsertComment(
  octokit: GitHubClient,
  options: UpsertCommentOptions,
): Promise<UpsertCommentResult> {
  const { owner, repo, issueNumber, marker } = options;
  let identity = options.identity;
  const log = options.log ?? (() => {});
  const body = withMarker(marker, options.body);
  const where = `${owner}/${repo}#${issueNumber}`;
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw explainGitHubError(error, what, where);
    }
  };

  const ours = async (): Promise<IssueComment[]> => {
    const all = await call("list comments", () =>
      octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: 100,
      }),
    );
    for (const c of all) {
      if (carriesMarker(c, marker) && !isTrustedAuthor(c, identity)) {
        log(
          `ignoring comment ${c.id} by ${c.user?.login ?? "unknown"}: it carries the dxfix marker but was not written by ${identity}`,
        );
      }
    }
    return all
      .filter((c) => carriesMarker(c, marker) && isTrustedAuthor(c, identity))
      .sort(oldestFirst);
  };

  const removeDuplicates = async (comments: IssueComment[]): Promise<number[]> => {
    const removed: number[] = [];
    for (const dup of comments.slice(1)) {
      try {
        await octokit.rest.issues.deleteComment({ owner, repo, comment_id: dup.id });
        removed.push(dup.id);
      } catch (error) {
        // A racing run may have removed it first.
        if (httpStatus(error) !== 404) throw explainGitHubError(error, "delete comments", where);
      }
    }
    if (removed.length > 0) log(`removed duplicate dxfix comments: ${removed.join(", ")}`);
    return removed;
  };

  const update = async (
    target: IssueComment,
    removed: number[],
    fallback: UpsertCommentResult["action"],
  ): Promise<UpsertCommentResult> => {
    const same =
      target.body === body ||
      (options.key !== undefined && findContentKey(target.body) === options.key);
    if (same) {
      return {
        action: fallback === "created" ? "created" : "unchanged",
        id: target.id,
        url: target.html_url ?? null,
        removed,
      };
    }
    const { data } = await call("update comments", () =>
      octokit.rest.issues.updateComment({ owner, repo, comment_id: target.id, body }),
    );
    return { action: "updated", id: data.id, url: data.html_url ?? null, removed };
  };

  const existing = await ours();
  if (existing.length > 0) {
    const removed = await removeDuplicates(existing);
    return update(existing[0]!, removed, "unchanged");
  }

  const { data: created } = await call("create comments", () =>
    octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body }),
  );
  // The token writes as whoever it belongs to: when that is not `identity` (a PAT or an
  // App token with the default comment-author), trust what GitHub says and tell the user.
  const actual = created.user?.login;
  if (actual && !isTrustedAuthor(created, identity)) {
    log(
      `warning: comments are written as ${actual}, not ${identity}: set the comment-author input to ${actual} so later runs find this comment`,
    );
    identity = actual;
  }
  // Look again: a run racing with this one may have created its own comment meanwhile.
  const after = await ours();
  if (!after.some((c) => c.id === created.id)) after.push(created);
  after.sort(oldestFirst);
  if (after.length === 1) {
    return { action: "created", id: created.id, url: created.html_url ?? null, removed: [] };
  }
  const removed = await removeDuplicates(after);
  const kept = after[0]!;
  if (kept.id === created.id) {
    return { action: "created", id: created.id, url: created.html_url ?? null, removed };
  }
  // The other run's comment survives: make sure it shows this run's result.
  return update(kept, removed, "unchanged");
}
