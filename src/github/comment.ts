// One living comment per plan on a PR: found by its marker AND its author, created
// when missing, edited only when the text changed (an edit with the same text still
// notifies nobody, but it costs an API call and bumps "edited"), and de-duplicated
// after creation so two racing runs leave a single comment.

import { messageOf, statusOf, UserError } from "../errors.ts";
import { findContentKey } from "./markers.ts";
import type { GitHubClient } from "./octokit.ts";
import { type IssueComment, trusted } from "./trust.ts";

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
  /**
   * The PR's comments as the caller listed them earlier in its run (the Action reads them
   * for the previous report before running anything): the first look starts from them
   * instead of listing again. Creating a comment still lists afresh to settle races, and
   * a listed comment deleted since is created again.
   */
  listed?: readonly IssueComment[];
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
export class GitHubPermissionError extends UserError {
  readonly status: number;
  /** True for the read-only token of fork PRs ("Resource not accessible by integration"). */
  readonly readOnly: boolean;
  constructor(message: string, status: number, readOnly: boolean) {
    super(message);
    this.status = status;
    this.readOnly = readOnly;
  }
}

/** Turn 403/404 into a message naming the permission the workflow must grant. */
function explainGitHubError(error: unknown, what: string, where: string): Error {
  const status = statusOf(error);
  const detail = messageOf(error);
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

/** One upsert: the target, the body to write, and who owns our comments. */
interface Upsert {
  octokit: GitHubClient;
  options: UpsertCommentOptions;
  body: string;
  where: string;
  /** Starts as `options.identity`; becomes whoever GitHub says the token writes as. */
  identity: string;
  log: (message: string) => void;
}

/** Run one API call, turning its failure into an explained error. */
async function call<T>(u: Upsert, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw explainGitHubError(error, what, u.where);
  }
}

/** Our comments carrying the marker, oldest first; a forged one is logged and ignored. */
async function ours(u: Upsert, listed?: readonly IssueComment[]): Promise<IssueComment[]> {
  const { owner, repo, issueNumber, marker } = u.options;
  const all: readonly IssueComment[] =
    listed ??
    (await call(u, "list comments", () =>
      u.octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: 100,
      }),
    ));
  const marked = all.filter((c) => carriesMarker(c, marker));
  for (const c of marked) {
    if (!trusted(c.user, [u.identity])) {
      u.log(
        `ignoring comment ${c.id} by ${c.user?.login ?? "unknown"}: it carries the dxfix marker but was not written by ${u.identity}`,
      );
    }
  }
  return marked.filter((c) => trusted(c.user, [u.identity])).sort(oldestFirst);
}

/** Delete every comment but the first (the oldest); returns the ids removed. */
async function removeDuplicates(u: Upsert, comments: IssueComment[]): Promise<number[]> {
  const { owner, repo } = u.options;
  const removed: number[] = [];
  for (const dup of comments.slice(1)) {
    try {
      await u.octokit.request("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        owner,
        repo,
        comment_id: dup.id,
      });
      removed.push(dup.id);
    } catch (error) {
      // A racing run may have removed it first.
      if (statusOf(error) !== 404) throw explainGitHubError(error, "delete comments", u.where);
    }
  }
  if (removed.length > 0) u.log(`removed duplicate dxfix comments: ${removed.join(", ")}`);
  return removed;
}

/**
 * Edit `target` to our body unless it already says the same. `listed`: the target comes
 * from the caller's earlier listing, so it may have been deleted since.
 */
async function update(
  u: Upsert,
  target: IssueComment,
  removed: number[],
  listed = false,
): Promise<UpsertCommentResult> {
  const { owner, repo, key } = u.options;
  const same = target.body === u.body || (key !== undefined && findContentKey(target.body) === key);
  if (same) return { action: "unchanged", id: target.id, url: target.html_url ?? null, removed };
  let data: { id: number | bigint; html_url?: string };
  try {
    ({ data } = await u.octokit.request(
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
      {
        owner,
        repo,
        comment_id: target.id,
        body: u.body,
      },
    ));
  } catch (error) {
    // Deleted since it was listed (by someone, or by a racing run's clean-up): write anew.
    if (statusOf(error) === 404 && listed) return create(u);
    throw explainGitHubError(error, "update comments", u.where);
  }
  return { action: "updated", id: Number(data.id), url: data.html_url ?? null, removed };
}

/** Create our comment, then settle a race with another run that created one too. */
async function create(u: Upsert): Promise<UpsertCommentResult> {
  const { owner, repo, issueNumber } = u.options;
  const { data } = await call(u, "create comments", () =>
    u.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner,
      repo,
      issue_number: issueNumber,
      body: u.body,
    }),
  );
  // Ids past 2^53 would parse as BigInt (json-with-bigint); comment ids are far below.
  const created: IssueComment = { ...data, id: Number(data.id) };
  // The token writes as whoever it belongs to: when that is not `identity` (a PAT or an
  // App token with the default comment-author), trust what GitHub says and tell the user.
  const actual = created.user?.login;
  if (actual && !trusted(created.user, [u.identity])) {
    u.log(
      `warning: comments are written as ${actual}, not ${u.identity}: set the comment-author input to ${actual} so later runs find this comment`,
    );
    u.identity = actual;
  }
  // Look again: a run racing with this one may have created its own comment meanwhile.
  const after = await ours(u);
  if (!after.some((c) => c.id === created.id)) after.push(created);
  after.sort(oldestFirst);
  const result = { action: "created", id: created.id, url: created.html_url ?? null } as const;
  if (after.length === 1) return { ...result, removed: [] };
  const removed = await removeDuplicates(u, after);
  const [kept = created] = after;
  if (kept.id === created.id) return { ...result, removed };
  // The other run's comment survives: make sure it shows this run's result.
  return update(u, kept, removed);
}

export async function upsertComment(
  octokit: GitHubClient,
  options: UpsertCommentOptions,
): Promise<UpsertCommentResult> {
  const u: Upsert = {
    octokit,
    options,
    body: withMarker(options.marker, options.body),
    where: `${options.owner}/${options.repo}#${options.issueNumber}`,
    identity: options.identity,
    log: options.log ?? (() => {}),
  };
  const existing = await ours(u, options.listed);
  const [first] = existing;
  if (!first) return create(u);
  const removed = await removeDuplicates(u, existing);
  return update(u, first, removed, options.listed !== undefined);
}
