// The few GitHub calls the bot makes, over one repository. Every write the bot does to a
// branch goes through the contents API (a normal commit on top of the branch head): the
// bot never updates a ref by force, so a branch holding other people's commits is safe.
import type { Logger, ProbotOctokit } from "probot";

export interface Repo {
  octokit: ProbotOctokit;
  owner: string;
  repo: string;
  log: Logger;
}

export interface IssueComment {
  id: number;
  body?: string | undefined;
  user: { login: string; type: string } | null;
  created_at: string;
}

export function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : null;
}

/** A file's text and blob sha at a ref, or null when it does not exist. */
export async function readFile(
  r: Repo,
  path: string,
  ref: string,
): Promise<{ text: string; sha: string } | null> {
  try {
    const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: r.owner,
      repo: r.repo,
      path,
      ref,
    });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
    return { text: Buffer.from(data.content, "base64").toString("utf8"), sha: data.sha };
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** Commit a new version of a file on a branch; `sha` is the blob being replaced. */
export async function writeFile(
  r: Repo,
  args: { path: string; branch: string; text: string; sha: string; message: string },
): Promise<string> {
  const { data } = await r.octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", {
    owner: r.owner,
    repo: r.repo,
    path: args.path,
    branch: args.branch,
    sha: args.sha,
    message: args.message,
    content: Buffer.from(args.text, "utf8").toString("base64"),
  });
  return data.commit.sha ?? "";
}

/** The commit sha a branch points at, or null when there is no such branch. */
export async function branchHead(r: Repo, branch: string): Promise<string | null> {
  try {
    const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", {
      owner: r.owner,
      repo: r.repo,
      ref: `heads/${branch}`,
    });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** Branch names starting with `prefix` (GitHub's matching-refs: one call, no paging). */
export async function branchesWithPrefix(r: Repo, prefix: string): Promise<string[]> {
  const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", {
    owner: r.owner,
    repo: r.repo,
    ref: `heads/${prefix}`,
  });
  return data.map((d) => d.ref.replace(/^refs\/heads\//, "")).sort();
}

/** Create a branch; false when it already exists (another delivery got there first). */
export async function createBranch(r: Repo, branch: string, sha: string): Promise<boolean> {
  try {
    await r.octokit.request("POST /repos/{owner}/{repo}/git/refs", {
      owner: r.owner,
      repo: r.repo,
      ref: `refs/heads/${branch}`,
      sha,
    });
    return true;
  } catch (error) {
    if (statusOf(error) === 422) return false;
    throw error;
  }
}

export interface PullSummary {
  number: number;
  state: string;
  merged: boolean;
  headRef: string;
  headSha: string;
  body: string | null;
  url: string;
  /** Who opened the PR. */
  author: { login: string; type?: string } | null;
  /** `owner/repo` of the head branch (differs from the base for a fork). */
  headRepo: string | null;
}

function summary(p: {
  number: number;
  state: string;
  merged_at: string | null;
  head: { ref: string; sha: string; repo?: { full_name?: string } | null };
  body: string | null;
  html_url: string;
  user?: { login: string; type?: string } | null;
}): PullSummary {
  return {
    author: p.user ?? null,
    headRepo: p.head.repo?.full_name ?? null,
    number: p.number,
    state: p.state,
    merged: p.merged_at !== null,
    headRef: p.head.ref,
    headSha: p.head.sha,
    body: p.body,
    url: p.html_url,
  };
}

/** PRs (any state) whose head is this repository's `branch`, newest first. */
export async function pullsForBranch(r: Repo, branch: string): Promise<PullSummary[]> {
  const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/pulls", {
    owner: r.owner,
    repo: r.repo,
    head: `${r.owner}:${branch}`,
    state: "all",
    per_page: 100,
  });
  return data.map(summary);
}

export async function getPull(r: Repo, number: number): Promise<PullSummary> {
  const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    owner: r.owner,
    repo: r.repo,
    pull_number: number,
  });
  return summary(data);
}

/** Every comment of an issue or PR, oldest first. */
export async function listComments(r: Repo, issue: number): Promise<IssueComment[]> {
  return (await r.octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner: r.owner,
    repo: r.repo,
    issue_number: issue,
    per_page: 100,
  })) as IssueComment[];
}

export async function comment(r: Repo, issue: number, body: string): Promise<void> {
  await r.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner: r.owner,
    repo: r.repo,
    issue_number: issue,
    body,
  });
}

export type Reaction = "eyes" | "rocket" | "+1" | "-1" | "confused";

/** React to a comment; a failure to react never stops the command. */
export async function react(r: Repo, commentId: number, content: Reaction): Promise<void> {
  try {
    await r.octokit.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
      owner: r.owner,
      repo: r.repo,
      comment_id: commentId,
      content,
    });
  } catch (error) {
    r.log.warn({ err: error }, `could not add reaction ${content} to comment ${commentId}`);
  }
}

/** True when the comment was written by a bot (this app included). */
export function byBot(user: { login: string; type?: string } | null | undefined): boolean {
  if (!user) return false;
  return user.type === "Bot" || user.login.endsWith("[bot]");
}

/**
 * An empty commit on a branch we just created at `parent` (the plan already showed the
 * group in progress, and a PR needs a commit). Fast-forward only: never forced.
 */
export async function emptyCommit(r: Repo, branch: string, parent: string, message: string) {
  const { data: base } = await r.octokit.request(
    "GET /repos/{owner}/{repo}/git/commits/{commit_sha}",
    {
      owner: r.owner,
      repo: r.repo,
      commit_sha: parent,
    },
  );
  const { data: commit } = await r.octokit.request("POST /repos/{owner}/{repo}/git/commits", {
    owner: r.owner,
    repo: r.repo,
    message,
    tree: base.tree.sha,
    parents: [parent],
  });
  await r.octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", {
    owner: r.owner,
    repo: r.repo,
    ref: `heads/${branch}`,
    sha: commit.sha,
    force: false,
  });
}
