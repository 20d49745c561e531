// The bot's one boundary with GitHub: every REST call it makes is a function here, over
// one repository. Every write the bot does to a branch goes through the contents API (a
// normal commit on top of the branch head): the bot never updates a ref by force, so a
// branch holding other people's commits is safe.
import type { Context, Logger, ProbotOctokit } from "probot";
import { statusOf, UserError } from "../errors.ts";
import { upsertComment } from "../github/comment.ts";
import { COMMENT_LIMIT } from "../github/limits.ts";
import type { GitHubClient } from "../github/octokit.ts";
import { pullCommits } from "../github/pull-commits.ts";
import type { Author, IssueComment } from "../github/trust.ts";

/** The bot's own login (`<app slug>[bot]`), learned once per process: see identity.ts. */
export type BotLogin = () => Promise<string>;

export interface Repo {
  octokit: ProbotOctokit;
  owner: string;
  repo: string;
  log: Logger;
  /** Who the bot writes as: only what it wrote carries its hidden state. */
  botLogin: BotLogin;
}

/** Room kept under GitHub's comment limit for the "cut" note and the marker line. */
const BODY_MARGIN = 5_536;
/** The most a comment or PR body the bot writes may hold before it is cut (60,000). */
export const BODY_LIMIT = COMMENT_LIMIT - BODY_MARGIN;

/** `value`, or null when GitHub answered `status` (e.g. 404: it does not exist). */
async function unless<T>(status: number, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    if (statusOf(error) === status) return null;
    throw error;
  }
}

// ---- the app --------------------------------------------------------------------------

/** The app's slug (`GET /app`, with an octokit authenticated as the app itself). */
export async function appSlug(octokit: ProbotOctokit): Promise<string> {
  const { data } = await octokit.request("GET /app");
  if (!data?.slug) throw new Error("GET /app answered without the app's slug");
  return data.slug;
}

/** `.github/dxfix.yml` through Probot's config plugin (default branch, org `.github`, `_extends`). */
export async function readConfigFile(context: Context): Promise<unknown> {
  return context.config("dxfix.yml");
}

// ---- files, refs, commits ---------------------------------------------------------------

/** A file's text and blob sha at a ref, or null when it does not exist. */
export async function readFile(
  r: Repo,
  path: string,
  ref: string,
): Promise<{ text: string; sha: string } | null> {
  const data = await unless(404, async () => {
    const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: r.owner,
      repo: r.repo,
      path,
      ref,
    });
    return data;
  });
  if (!data || Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
  return { text: decodeUtf8(Buffer.from(data.content, "base64"), path), sha: data.sha };
}

/** A file that is not UTF-8: the bot reads and writes plans as UTF-8 text only. */
export class NotUtf8Error extends UserError {}

// ignoreBOM keeps a byte order mark in the text, so writing it back keeps it too.
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The file's text, or a NotUtf8Error: a lenient decode would turn every byte it cannot
 * read into U+FFFD, and writing that back (a progress commit) would destroy them.
 */
export function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw new NotUtf8Error(
      `${path} is not UTF-8 text, so dxfix will not edit it (a lossy decode would rewrite bytes it cannot read); save it as UTF-8`,
      { file: path },
    );
  }
}

/** A file's raw text on the default branch, or null when it is not a file. */
export async function readRawFile(r: Repo, path: string): Promise<string | null> {
  const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
    owner: r.owner,
    repo: r.repo,
    path,
    mediaType: { format: "raw" },
  });
  return typeof data === "string" ? data : null;
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

/** Paths of every file (blob) in a commit's tree. */
export async function listFiles(r: Repo, commit: string): Promise<string[]> {
  const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
    owner: r.owner,
    repo: r.repo,
    tree_sha: commit,
    recursive: "1",
  });
  return data.tree.flatMap((e) => (e.type === "blob" && e.path ? [e.path] : []));
}

/** The commit sha a branch points at, or null when there is no such branch. */
export async function branchHead(r: Repo, branch: string): Promise<string | null> {
  return unless(404, async () => {
    const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", {
      owner: r.owner,
      repo: r.repo,
      ref: `heads/${branch}`,
    });
    return data.object.sha;
  });
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

/** Create a ref; false when it already exists (GitHub answers 422: someone got there first). */
async function createRef(r: Repo, ref: string, sha: string): Promise<boolean> {
  const created = await unless(422, () =>
    r.octokit.request("POST /repos/{owner}/{repo}/git/refs", {
      owner: r.owner,
      repo: r.repo,
      ref,
      sha,
    }),
  );
  return created !== null;
}

/** Create a branch; false when it already exists (another delivery got there first). */
export async function createBranch(r: Repo, branch: string, sha: string): Promise<boolean> {
  return createRef(r, `refs/heads/${branch}`, sha);
}

/** Where the bot's claims live: hidden refs, never shown as branches or tags. */
export const CLAIM_REFS = "refs/dxfix-locks/";

/**
 * Claim `name` (e.g. `failure/12/<sha>`) for the whole repository by creating the ref
 * `refs/dxfix-locks/<name>` at commit `sha`. GitHub creates a ref once: exactly one
 * writer, whatever process or replica it runs in, gets true; every later one gets false.
 * This is what lets replicas act once without talking to each other.
 */
export async function claim(r: Repo, name: string, sha: string): Promise<boolean> {
  return createRef(r, `${CLAIM_REFS}${name}`, sha);
}

/** The names of every claim of the repository (one call: matching-refs does not page). */
export async function listClaims(r: Repo): Promise<string[]> {
  const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", {
    owner: r.owner,
    repo: r.repo,
    ref: CLAIM_REFS.slice("refs/".length, -1),
  });
  return data
    .filter((d) => d.ref.startsWith(CLAIM_REFS))
    .map((d) => d.ref.slice(CLAIM_REFS.length));
}

/** Give a claim back (its write failed), so a later event may try again. */
export async function releaseClaim(r: Repo, name: string): Promise<void> {
  await r.octokit.request("DELETE /repos/{owner}/{repo}/git/refs/{ref}", {
    owner: r.owner,
    repo: r.repo,
    ref: `${CLAIM_REFS}${name}`.slice("refs/".length),
  });
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

// ---- pull requests ------------------------------------------------------------------------

export interface PullSummary {
  number: number;
  state: string;
  merged: boolean;
  headRef: string;
  headSha: string;
  body: string | null;
  url: string;
  /** Who opened the PR. */
  author: Author | null;
  /** `owner/repo` of the head branch (differs from the base for a fork). */
  headRepo: string | null;
  labels: string[];
}

function summary(p: {
  number: number;
  state: string;
  merged_at: string | null;
  head: { ref: string; sha: string; repo?: { full_name?: string } | null };
  body: string | null;
  html_url: string;
  user?: Author | null;
  labels?: readonly { name?: string }[];
}): PullSummary {
  return {
    labels: (p.labels ?? []).flatMap((l) => (l.name ? [l.name] : [])),
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

/** Every open PR of the repository (paged: a busy repository has more than 100). */
export async function openPulls(r: Repo): Promise<PullSummary[]> {
  const data = await r.octokit.paginate("GET /repos/{owner}/{repo}/pulls", {
    owner: r.owner,
    repo: r.repo,
    state: "open",
    per_page: 100,
  });
  return data.map(summary);
}

/** Numbers of the open PRs whose head is this repository's `branch`. */
export async function openPullsForBranch(r: Repo, branch: string): Promise<number[]> {
  const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/pulls", {
    owner: r.owner,
    repo: r.repo,
    head: `${r.owner}:${branch}`,
    state: "open",
  });
  return data.map((p) => p.number);
}

export async function getPull(r: Repo, number: number): Promise<PullSummary> {
  const { data } = await r.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    owner: r.owner,
    repo: r.repo,
    pull_number: number,
  });
  return summary(data);
}

/** Open a PR that maintainers may push to. */
export async function createPull(
  r: Repo,
  args: { title: string; head: string; base: string; body: string },
): Promise<{ number: number; url: string }> {
  const { data } = await r.octokit.request("POST /repos/{owner}/{repo}/pulls", {
    owner: r.owner,
    repo: r.repo,
    title: args.title,
    head: args.head,
    base: args.base,
    body: args.body,
    maintainer_can_modify: true,
  });
  return { number: data.number, url: data.html_url };
}

export async function addLabels(r: Repo, issue: number, labels: string[]): Promise<void> {
  await r.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
    owner: r.owner,
    repo: r.repo,
    issue_number: issue,
    labels,
  });
}

// ---- comments and reactions -----------------------------------------------------------

/** Every comment of an issue or PR, oldest first. */
export async function listComments(r: Repo, issue: number): Promise<IssueComment[]> {
  return r.octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner: r.owner,
    repo: r.repo,
    issue_number: issue,
    per_page: 100,
  });
}

export async function comment(r: Repo, issue: number, body: string): Promise<void> {
  await r.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner: r.owner,
    repo: r.repo,
    issue_number: issue,
    body,
  });
}

/** The first page of a commit's comments (the bot's notices are among the first). */
export async function listCommitComments(r: Repo, sha: string): Promise<IssueComment[]> {
  const { data } = await r.octokit.request(
    "GET /repos/{owner}/{repo}/commits/{commit_sha}/comments",
    {
      owner: r.owner,
      repo: r.repo,
      commit_sha: sha,
      per_page: 100,
    },
  );
  return data;
}

export async function commentOnCommit(r: Repo, sha: string, body: string): Promise<void> {
  await r.octokit.request("POST /repos/{owner}/{repo}/commits/{commit_sha}/comments", {
    owner: r.owner,
    repo: r.repo,
    commit_sha: sha,
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

// ---- permissions and Actions ----------------------------------------------------------

/** A user's role and base permission on the repository; null when not a collaborator. */
export async function collaboratorPermission(
  r: Repo,
  username: string,
): Promise<{ role: string; permission: string } | null> {
  return unless(404, async () => {
    const { data } = await r.octokit.request(
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      { owner: r.owner, repo: r.repo, username },
    );
    return { role: data.role_name, permission: data.permission };
  });
}

export interface WorkflowRun {
  id: number;
  status: string | null;
  conclusion: string | null;
  attempt: number;
  url: string;
  createdAt: string;
}

/** The latest few runs of a workflow (by file name) for a head commit. */
export async function workflowRuns(r: Repo, workflow: string, sha: string): Promise<WorkflowRun[]> {
  const { data } = await r.octokit.request(
    "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    { owner: r.owner, repo: r.repo, workflow_id: workflow, head_sha: sha, per_page: 5 },
  );
  return data.workflow_runs.map((run) => ({
    id: Number(run.id),
    status: run.status,
    conclusion: run.conclusion,
    attempt: run.run_attempt ?? 1,
    url: run.html_url,
    createdAt: run.created_at,
  }));
}

export async function rerunFailedJobs(r: Repo, runId: number): Promise<void> {
  await r.octokit.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs", {
    owner: r.owner,
    repo: r.repo,
    run_id: runId,
  });
}

/** Jobs of a workflow run's latest attempt (a matrix job per checkpoint unit). */
export async function runJobs(r: Repo, runId: number): Promise<{ id: number; name: string }[]> {
  const jobs = await r.octokit.paginate("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", {
    owner: r.owner,
    repo: r.repo,
    run_id: runId,
    filter: "latest",
    per_page: 100,
  });
  return jobs.map((j) => ({ id: j.id, name: j.name }));
}

/** Re-runs one job and the jobs that depend on it (a matrix job, then the merge). */
export async function rerunJob(r: Repo, jobId: number): Promise<void> {
  await r.octokit.request("POST /repos/{owner}/{repo}/actions/jobs/{job_id}/rerun", {
    owner: r.owner,
    repo: r.repo,
    job_id: jobId,
  });
}

/** A run's artifact named `name` (fork PR reports), or null. */
export async function runArtifact(
  r: Repo,
  runId: number,
  name: string,
): Promise<{ id: number; size: number; expired: boolean } | null> {
  const { data } = await r.octokit.request(
    "GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts",
    { owner: r.owner, repo: r.repo, run_id: runId, name, per_page: 100 },
  );
  const found = data.artifacts.find((a) => a.name === name);
  return found ? { id: found.id, size: found.size_in_bytes, expired: found.expired } : null;
}

/** An artifact's zip (GitHub answers with a redirect to the blob store, followed here). */
export async function downloadArtifact(r: Repo, artifactId: number): Promise<Buffer> {
  const { data } = await r.octokit.request(
    "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
    { owner: r.owner, repo: r.repo, artifact_id: artifactId, archive_format: "zip" },
  );
  return Buffer.from(data as ArrayBuffer);
}

/** Creates or updates the living checklist comment the way the Action does (comment.ts). */
export async function upsertChecklist(
  r: Repo,
  issue: number,
  body: { marker: string; body: string; key: string },
): Promise<string> {
  const result = await upsertComment(r.octokit as unknown as GitHubClient, {
    owner: r.owner,
    repo: r.repo,
    issueNumber: issue,
    ...body,
    identity: await r.botLogin(),
    log: (m) => r.log.info(m),
  });
  return result.action;
}

// ---- fix runs ----------------------------------------------------------------------------

/** Commit messages of a PR (oldest first; GitHub lists at most 250). */
export async function pullCommitMessages(r: Repo, number: number): Promise<string[]> {
  return (await pullCommits(r.octokit, r, number)).map((c) => c.message);
}

/** Recent workflow_dispatch runs of a workflow: their title, status and link. */
export async function dispatchedRuns(
  r: Repo,
  workflow: string,
): Promise<{ id: number; title: string; status: string | null; url: string }[]> {
  const { data } = await r.octokit.request(
    "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    {
      owner: r.owner,
      repo: r.repo,
      workflow_id: workflow,
      event: "workflow_dispatch",
      per_page: 30,
    },
  );
  return data.workflow_runs.map((run) => ({
    id: Number(run.id),
    title: run.display_title,
    status: run.status,
    url: run.html_url,
  }));
}

/** Starts a workflow_dispatch run of `workflow` on `ref` with string inputs. */
export async function dispatchWorkflow(
  r: Repo,
  workflow: string,
  ref: string,
  inputs: Record<string, string>,
): Promise<void> {
  await r.octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
    owner: r.owner,
    repo: r.repo,
    workflow_id: workflow,
    ref,
    inputs,
  });
}
