// An in-memory GitHub repository served through the harness's nock mock (so every request
// is still checked against the OpenAPI description). It keeps just enough state (commits,
// branches, PRs, comments, workflow runs, permissions) for the bot's idempotence to be
// tested against real answers rather than scripted ones.
import { createHash, randomBytes } from "node:crypto";
import { type GitHubMock, mockGitHub } from "../helpers/github.ts";

export interface FakeCommit {
  sha: string;
  parent: string | null;
  files: Map<string, string>;
  author: string;
  message: string;
}

export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: "open" | "closed";
  merged_at: string | null;
  labels: string[];
  /** Who opened it; PRs created through the API are the app's. */
  user?: { login: string; type: string };
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  login: string;
  type: "User" | "Bot";
  created_at: string;
}

export interface FakeRun {
  id: number;
  head_sha: string;
  status: string;
  conclusion: string | null;
  run_attempt: number;
  workflow: string;
  event?: string;
  display_title?: string;
}

// The fake has no secondary rate limits: PRs open back to back unless a test sets a gap.
process.env.DXFIX_PR_GAP_MS ??= "0";

/** The App's slug: GitHub writes what the App does as `<slug>[bot]`. */
const APP_SLUG = "dxfix";
export const APP_LOGIN = `${APP_SLUG}[bot]`;

function blobSha(text: string): string {
  return createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");
}

/** A line-by-line three-way merge of same-length texts (checkbox edits); throws on a conflict. */
function mergeLines(base: string, ours: string, theirs: string, path: string): string {
  const [b, o, t] = [base, ours, theirs].map((x) => x.split("\n"));
  if (!b || !o || !t || b.length !== o.length || b.length !== t.length) {
    throw new Error(`fake GitHub: merge conflict in ${path}`);
  }
  return b
    .map((line, i) => {
      const mine = o[i] ?? line;
      const other = t[i] ?? line;
      if (other === line) return mine;
      if (mine === line || mine === other) return other;
      throw new Error(`fake GitHub: merge conflict in ${path} line ${i + 1}`);
    })
    .join("\n");
}

export class FakeGitHub {
  readonly gh: GitHubMock;
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  commits = new Map<string, FakeCommit>();
  branches = new Map<string, string>();
  /** Refs that are not branches (the bot's claims), full name -> sha. */
  refs = new Map<string, string>();
  /** Answers to give once instead of the normal one (see `failNext`). */
  private faults: { method: string; path: RegExp; status: number }[] = [];
  pulls: FakePull[] = [];
  comments: FakeComment[] = [];
  commitComments: FakeComment[] = [];
  runs: FakeRun[] = [];
  permissions = new Map<string, { permission: string; role_name: string }>();
  reactions: { comment: number; content: string }[] = [];
  /** Raw `.github/dxfix.yml` of the default branch comes from the files; this overrides nothing. */
  private nextNumber = 1;
  private nextId = 1000;

  constructor(opts: {
    owner: string;
    repo: string;
    defaultBranch: string;
    files: Record<string, string>;
  }) {
    this.owner = opts.owner;
    this.repo = opts.repo;
    this.defaultBranch = opts.defaultBranch;
    const root = this.commit(null, new Map(Object.entries(opts.files)), "octocat", "initial");
    this.branches.set(opts.defaultBranch, root);
    this.gh = mockGitHub();
    this.install();
  }

  commit(
    parent: string | null,
    files: Map<string, string>,
    author: string,
    message: string,
  ): string {
    const sha = randomBytes(20).toString("hex");
    this.commits.set(sha, { sha, parent, files, author, message });
    return sha;
  }

  /** A commit by someone else on top of a branch (e.g. a user pushing to a dxfix branch). */
  pushCommit(branch: string, path: string, text: string, author = "octocat"): string {
    const head = this.tip(branch);
    const files = new Map(this.commitOf(head).files);
    files.set(path, text);
    const sha = this.commit(head, files, author, `edit ${path}`);
    this.branches.set(branch, sha);
    return sha;
  }

  file(branch: string, path: string): string | undefined {
    const head = this.branches.get(branch);
    return head === undefined ? undefined : this.commits.get(head)?.files.get(path);
  }

  /** Merge a PR the way GitHub does for a fast-forward-able branch (merge commit on base). */
  merge(number: number): void {
    const pull = this.pulls.find((p) => p.number === number);
    if (!pull) throw new Error(`fake GitHub: no PR #${number}`);
    const head = this.commitOf(this.tip(pull.head)).files;
    const target = this.commitOf(this.tip(pull.base)).files;
    const forkPoint = this.commitOf(this.mergeBase(this.tip(pull.base), this.tip(pull.head))).files;
    const files = new Map(target);
    // What the branch changed since it left the base, applied on the base as it is now:
    // whole new files, and line edits of files both sides kept at the same length (as
    // checkbox edits are). Anything else would be a conflict GitHub refuses to merge.
    for (const [path, text] of head) {
      const before = forkPoint.get(path);
      if (before === text) continue;
      const now = target.get(path);
      if (before === undefined || now === undefined || now === before) files.set(path, text);
      else files.set(path, mergeLines(before, now, text, path));
    }
    const sha = this.commit(this.tip(pull.base), files, "octocat", `Merge #${number}`);
    this.branches.set(pull.base, sha);
    pull.state = "closed";
    pull.merged_at = new Date().toISOString();
  }

  addComment(
    issue: number,
    body: string,
    login: string,
    type: "User" | "Bot" = "User",
  ): FakeComment {
    const c = { id: this.nextId++, issue, body, login, type, created_at: new Date().toISOString() };
    this.comments.push(c);
    return c;
  }

  /**
   * The next matching request answers `status` (a GitHub hiccup). Only the writes the bot
   * guards with a claim check for it: comments and workflow dispatches.
   */
  failNext(method: string, path: RegExp, status: number): void {
    this.faults.push({ method, path, status });
  }

  private fault(req: Request): [number, { message: string }] | null {
    const path = new URL(req.url).pathname;
    const i = this.faults.findIndex((f) => f.method === req.method && f.path.test(path));
    if (i < 0) return null;
    const [f] = this.faults.splice(i, 1);
    return [f?.status ?? 500, { message: "Server Error" }];
  }

  /** Requests of one kind, e.g. `requests("POST", /\/pulls$/)`. */
  requests(method: string, path: RegExp) {
    return this.gh.requests.filter(
      (r) => r.method === method && path.test(r.path.split("?")[0] ?? ""),
    );
  }

  /** The head of a branch the test relies on; a missing one is a bug in the test. */
  /** The newest commit both histories share. */
  private mergeBase(a: string, b: string): string {
    const seen = new Set<string>();
    for (let c: string | null = a; c; c = this.commits.get(c)?.parent ?? null) seen.add(c);
    for (let c: string | null = b; c; c = this.commits.get(c)?.parent ?? null) {
      if (seen.has(c)) return c;
    }
    throw new Error("fake GitHub: unrelated histories");
  }

  private tip(branch: string): string {
    const sha = this.branches.get(branch);
    if (sha === undefined) throw new Error(`fake GitHub: no branch ${branch}`);
    return sha;
  }

  /** A commit the fake must know (a branch head, a parent); throws otherwise. */
  private commitOf(sha: string | undefined): FakeCommit {
    const commit = sha === undefined ? undefined : this.commits.get(sha);
    if (!commit) throw new Error(`fake GitHub: no commit ${sha}`);
    return commit;
  }

  private base(): string {
    return `/repos/${this.owner}/${this.repo}`;
  }

  private pullJson(p: FakePull) {
    const sha = this.branches.get(p.head) ?? "0".repeat(40);
    return {
      number: p.number,
      state: p.state,
      title: p.title,
      body: p.body,
      merged_at: p.merged_at,
      user: p.user ?? { login: "dxfix[bot]", type: "Bot" },
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${p.number}`,
      head: { ref: p.head, sha, repo: { full_name: `${this.owner}/${this.repo}` } },
      base: { ref: p.base, sha: this.branches.get(p.base) },
      labels: p.labels.map((name) => ({ name })),
    };
  }

  private commentJson(c: FakeComment) {
    return {
      id: c.id,
      body: c.body,
      user: { login: c.login, type: c.type },
      created_at: c.created_at,
    };
  }

  private install(): void {
    const s = this.gh.scope;
    const b = this.base();
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = (tail: string) => new RegExp(`^${esc(b)}${tail}(\\?.*)?$`);
    const url = (req: Request) => new URL(req.url);
    // Octokit sends `/` inside {path} and {ref} as %2F: decode the whole path before slicing.
    const tail = (req: Request, prefix: string) =>
      decodeURIComponent(url(req).pathname).slice(`${b}${prefix}`.length);
    const seg = (req: Request, index: number) =>
      decodeURIComponent(url(req).pathname.split("/")[index] ?? "");
    const json = async (req: Request) => (await req.json()) as Record<string, unknown>;

    // The App itself (app authentication): the bot learns its own login from the slug.
    s.get("/app")
      .reply(200, { id: 1, slug: APP_SLUG, name: APP_SLUG, owner: { login: this.owner } })
      .persist();

    // Installation token for every delivery.
    s.post(/^\/app\/installations\/\d+\/access_tokens$/)
      .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
      .persist();

    // Contents (raw for the config plugin, JSON otherwise).
    s.get(re("/contents/.+"))
      .query(true)
      .reply(async (req: Request) => {
        const u = url(req);
        const path = decodeURIComponent(u.pathname).slice(`${b}/contents/`.length);
        const ref = u.searchParams.get("ref") ?? this.defaultBranch;
        const sha = this.branches.get(ref) ?? (this.commits.has(ref) ? ref : null);
        const text = sha ? this.commitOf(sha).files.get(path) : undefined;
        if (text === undefined) return [404, { message: "Not Found" }];
        if ((req.headers.get("accept") ?? "").includes("raw")) {
          return [200, text, { "content-type": "text/plain; charset=utf-8" }];
        }
        return [
          200,
          {
            type: "file",
            path,
            sha: blobSha(text),
            encoding: "base64",
            content: Buffer.from(text).toString("base64"),
          },
        ];
      })
      .persist();
    s.get(new RegExp(`^/repos/${esc(this.owner)}/\\.github/contents/.+`))
      .reply(404, { message: "Not Found" })
      .persist();
    s.put(re("/contents/.+"))
      .reply(async (req: Request) => {
        const path = tail(req, "/contents/");
        const body = await json(req);
        const branch = String(body.branch);
        const head = this.branches.get(branch);
        if (!head) return [404, { message: "Branch not found" }];
        const files = new Map(this.commitOf(head).files);
        const current = files.get(path);
        if (current !== undefined && blobSha(current) !== body.sha) {
          return [409, { message: `${path} does not match ${body.sha}` }];
        }
        files.set(path, Buffer.from(String(body.content), "base64").toString("utf8"));
        const sha = this.commit(head, files, APP_LOGIN, String(body.message));
        this.branches.set(branch, sha);
        return [200, { content: { path }, commit: { sha } }];
      })
      .persist();

    // Git refs, trees, commits.
    s.get(re("/git/matching-refs/heads(/|%2F).*"))
      .reply(async (req: Request) => {
        const prefix = tail(req, "/git/matching-refs/heads/");
        const refs = [...this.branches]
          .filter(([name]) => name.startsWith(prefix))
          .map(([name, sha]) => ({ ref: `refs/heads/${name}`, object: { sha, type: "commit" } }));
        return [200, refs];
      })
      .persist();
    s.get(re("/git/matching-refs/dxfix-locks"))
      .reply(async () => {
        const refs = [...this.refs]
          .filter(([ref]) => ref.startsWith("refs/dxfix-locks/"))
          .map(([ref, sha]) => ({ ref, object: { sha, type: "commit" } }));
        return [200, refs];
      })
      .persist();
    s.get(re("/git/ref/heads(/|%2F).+"))
      .reply(async (req: Request) => {
        const branch = tail(req, "/git/ref/heads/");
        const sha = this.branches.get(branch);
        if (!sha) return [404, { message: "Not Found" }];
        return [200, { ref: `refs/heads/${branch}`, object: { sha, type: "commit" } }];
      })
      .persist();
    s.post(re("/git/refs"))
      .reply(async (req: Request) => {
        const body = await json(req);
        const ref = String(body.ref);
        if (!this.commits.has(String(body.sha))) return [422, { message: "Object does not exist" }];
        // Other refs (the bot's claims under refs/dxfix-locks/) are not branches.
        if (!ref.startsWith("refs/heads/")) {
          if (this.refs.has(ref)) return [422, { message: "Reference already exists" }];
          this.refs.set(ref, String(body.sha));
          return [201, { ref, object: { sha: body.sha, type: "commit" } }];
        }
        const branch = ref.slice("refs/heads/".length);
        if (this.branches.has(branch)) return [422, { message: "Reference already exists" }];
        this.branches.set(branch, String(body.sha));
        return [201, { ref: body.ref, object: { sha: body.sha, type: "commit" } }];
      })
      .persist();
    s.delete(re("/git/refs/.+"))
      .reply(async (req: Request) => {
        const ref = `refs/${tail(req, "/git/refs/")}`;
        if (!this.refs.delete(ref)) return [422, { message: "Reference does not exist" }];
        return [204, ""];
      })
      .persist();
    s.patch(re("/git/refs/heads(/|%2F).+"))
      .reply(async (req: Request) => {
        const branch = tail(req, "/git/refs/heads/");
        const body = await json(req);
        const target = this.commits.get(String(body.sha));
        if (!target || (target.parent !== this.branches.get(branch) && body.force !== true)) {
          return [422, { message: "Update is not a fast forward" }];
        }
        this.branches.set(branch, target.sha);
        return [200, { ref: `refs/heads/${branch}`, object: { sha: target.sha } }];
      })
      .persist();
    s.get(re("/git/commits/[0-9a-f]+"))
      .reply(async (req: Request) => {
        const sha = seg(req, 6);
        return [200, { sha, tree: { sha: `tree-${sha}` } }];
      })
      .persist();
    s.post(re("/git/commits"))
      .reply(async (req: Request) => {
        const body = await json(req);
        const parent = this.commitOf((body.parents as string[])[0]);
        const sha = this.commit(parent.sha, new Map(parent.files), APP_LOGIN, String(body.message));
        return [201, { sha }];
      })
      .persist();
    s.get(re("/git/trees/[0-9a-f]+"))
      .query(true)
      .reply(async (req: Request) => {
        const commit = this.commits.get(seg(req, 6));
        if (!commit) return [404, { message: "Not Found" }];
        const tree = [...commit.files.keys()].map((path) => ({
          path,
          type: "blob",
          mode: "100644",
          sha: "x",
        }));
        return [200, { sha: commit.sha, tree, truncated: false }];
      })
      .persist();

    // Pulls.
    s.get(re("/pulls"))
      .query(true)
      .reply(async (req: Request) => {
        const q = url(req).searchParams;
        const head = q.get("head")?.split(":")[1];
        const state = q.get("state") ?? "open";
        const list = this.pulls
          .filter((p) => head === undefined || p.head === head)
          .filter((p) => state === "all" || p.state === state)
          .reverse();
        return [200, list.map((p) => this.pullJson(p))];
      })
      .persist();
    // The PR's commits: from the head back to where it left the base branch.
    s.get(re("/pulls/\\d+/commits"))
      .reply(async (req: Request) => {
        const pull = this.pulls.find((p) => p.number === Number(seg(req, 5)));
        if (!pull) return [404, { message: "Not Found" }];
        const onBase = new Set<string>();
        for (
          let c = this.branches.get(pull.base) ?? null;
          c;
          c = this.commits.get(c)?.parent ?? null
        )
          onBase.add(c);
        const list = [];
        for (let c = this.branches.get(pull.head) ?? null; c && !onBase.has(c); ) {
          const commit = this.commits.get(c);
          if (!commit) break;
          list.unshift({
            sha: commit.sha,
            commit: { message: commit.message, committer: { date: "2026-12-01T00:00:00Z" } },
          });
          c = commit.parent;
        }
        return [200, list];
      })
      .persist();
    s.get(re("/pulls/\\d+"))
      .reply(async (req: Request) => {
        const p = this.pulls.find((x) => x.number === Number(seg(req, 5)));
        return p ? [200, this.pullJson(p)] : [404, { message: "Not Found" }];
      })
      .persist();
    s.post(re("/pulls"))
      .reply(async (req: Request) => {
        const body = await json(req);
        const head = String(body.head);
        if (!this.branches.has(head)) return [422, { message: "Validation Failed: head" }];
        if (this.pulls.some((p) => p.head === head && p.state === "open")) {
          return [422, { message: "A pull request already exists" }];
        }
        if (this.branches.get(head) === this.branches.get(String(body.base))) {
          return [422, { message: "No commits between" }];
        }
        const p: FakePull = {
          number: this.nextNumber++,
          title: String(body.title),
          body: String(body.body),
          head,
          base: String(body.base),
          state: "open",
          merged_at: null,
          labels: [],
        };
        this.pulls.push(p);
        return [201, this.pullJson(p)];
      })
      .persist();
    s.post(re("/issues/\\d+/labels"))
      .reply(async (req: Request) => {
        const p = this.pulls.find((x) => x.number === Number(seg(req, 5)));
        const body = await json(req);
        p?.labels.push(...(body.labels as string[]));
        return [200, (p?.labels ?? []).map((name) => ({ name }))];
      })
      .persist();

    // Comments and reactions.
    s.get(re("/issues/\\d+/comments"))
      .query(true)
      .reply(async (req: Request) => {
        const n = Number(seg(req, 5));
        return [200, this.comments.filter((c) => c.issue === n).map((c) => this.commentJson(c))];
      })
      .persist();
    s.post(re("/issues/\\d+/comments"))
      .reply(async (req: Request) => {
        const fault = this.fault(req);
        if (fault) return fault;
        const body = await json(req);
        const c = this.addComment(Number(seg(req, 5)), String(body.body), APP_LOGIN, "Bot");
        return [201, this.commentJson(c)];
      })
      .persist();
    s.post(re("/issues/comments/\\d+/reactions"))
      .reply(async (req: Request) => {
        const body = await json(req);
        this.reactions.push({ comment: Number(seg(req, 6)), content: String(body.content) });
        return [201, { id: 1, content: body.content }];
      })
      .persist();
    s.get(re("/commits/[0-9a-f]+/comments"))
      .query(true)
      .reply(async () => [200, this.commitComments.map((c) => this.commentJson(c))])
      .persist();
    s.post(re("/commits/[0-9a-f]+/comments"))
      .reply(async (req: Request) => {
        const body = await json(req);
        const c = {
          id: this.nextId++,
          issue: 0,
          body: String(body.body),
          login: APP_LOGIN,
          type: "Bot" as const,
          created_at: "",
        };
        this.commitComments.push(c);
        return [201, this.commentJson(c)];
      })
      .persist();

    // Permissions.
    s.get(re("/collaborators/[^/]+/permission"))
      .reply(async (req: Request) => {
        const login = seg(req, 5);
        const p = this.permissions.get(login);
        if (!p) return [404, { message: "Not Found" }];
        return [200, { permission: p.permission, role_name: p.role_name, user: { login } }];
      })
      .persist();

    // Actions.
    s.get(re("/actions/workflows/[^/]+/runs"))
      .query(true)
      .reply(async (req: Request) => {
        const workflow = seg(req, 6);
        const sha = url(req).searchParams.get("head_sha");
        const event = url(req).searchParams.get("event");
        const runs = this.runs.filter(
          (r) =>
            r.workflow === workflow &&
            (!sha || r.head_sha === sha) &&
            (!event || (r.event ?? "pull_request") === event),
        );
        const json = runs.map((r) => ({
          id: r.id,
          display_title: r.display_title ?? "dxfix",
          event: r.event ?? "pull_request",
          head_sha: r.head_sha,
          status: r.status,
          conclusion: r.conclusion,
          run_attempt: r.run_attempt,
          created_at: "2026-11-23T12:00:00Z",
          html_url: `https://github.com/${this.owner}/${this.repo}/actions/runs/${r.id}`,
        }));
        return [200, { total_count: json.length, workflow_runs: json }];
      })
      .persist();
    // A workflow_dispatch run is queued at once, titled as the fix workflow's run-name says.
    s.post(re("/actions/workflows/[^/]+/dispatches"))
      .reply(async (req: Request) => {
        const fault = this.fault(req);
        if (fault) return fault;
        const body = (await req.json()) as { ref: string; inputs?: Record<string, string> };
        const head = this.branches.get(body.ref);
        if (!head) return [422, { message: `No ref found for: ${body.ref}` }];
        this.runs.push({
          id: this.nextId++,
          head_sha: head,
          status: "queued",
          conclusion: null,
          run_attempt: 1,
          workflow: seg(req, 6),
          event: "workflow_dispatch",
          display_title: `dxfix fix #${body.inputs?.pr ?? "?"}`,
        });
        return [204, ""];
      })
      .persist();
    s.post(re("/actions/runs/\\d+/rerun-failed-jobs"))
      .reply(async (req: Request) => {
        const run = this.runs.find((r) => r.id === Number(seg(req, 6)));
        if (!run) return [404, { message: "Not Found" }];
        // Like GitHub, the run goes back to the queue a moment later.
        setTimeout(() => {
          run.status = "queued";
          run.conclusion = null;
          run.run_attempt++;
        }, 5);
        return [201, {}];
      })
      .persist();
  }
}
