// An in-memory PR conversation behind the nock GitHub mock: list (paginated with Link
// headers, like GitHub), create, update and delete issue comments, with injectable
// failures and a barrier that makes concurrent runs list before any of them writes.
import type { GitHubMock } from "./github.ts";

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface FakeConversation {
  comments: FakeComment[];
  /** Add a comment written by `login` (e.g. a user pasting our marker). */
  add(body: string, login?: string): FakeComment;
  /** The next `method` request (GET/POST/PATCH/DELETE) answers `status` instead. */
  fail(method: string, status: number, message?: string, headers?: Record<string, string>): void;
  /** The next `count` list requests wait until all of them have arrived. */
  barrier(count: number): void;
}

interface Options {
  owner: string;
  repo: string;
  issueNumber: number;
  /** Login of whoever the token belongs to (default github-actions[bot]). */
  identity?: string;
  baseUrl?: string;
}

/** A comment as GitHub returns it; `tick` orders creation times. */
export function fakeComment(
  where: { owner: string; repo: string; issueNumber: number },
  id: number,
  tick: number,
  body: string,
  login: string,
): FakeComment {
  const at = new Date(Date.UTC(2026, 10, 23, 12, 0, tick)).toISOString();
  return {
    id,
    body,
    user: { login, type: login.endsWith("[bot]") ? "Bot" : "User" },
    created_at: at,
    updated_at: at,
    html_url: `https://github.com/${where.owner}/${where.repo}/pull/${where.issueNumber}#issuecomment-${id}`,
  };
}

export function fakeConversation(gh: GitHubMock, options: Options): FakeConversation {
  const { owner, repo, issueNumber } = options;
  const identity = options.identity ?? "github-actions[bot]";
  const base = `/repos/${owner}/${repo}/issues`;
  const listPath = `${base}/${issueNumber}/comments`;
  const comments: FakeComment[] = [];
  const failures: Array<{
    method: string;
    status: number;
    message: string;
    headers: Record<string, string>;
  }> = [];
  let nextId = 1000;
  let tick = 0;
  let waiting: Array<() => void> = [];
  let barrierSize = 0;

  const add = (body: string, login = identity): FakeComment => {
    const comment = fakeComment({ owner, repo, issueNumber }, nextId++, tick++, body, login);
    comments.push(comment);
    return comment;
  };

  const failure = (method: string) => {
    const f = failures.find((x) => x.method === method);
    if (!f) return null;
    failures.splice(failures.indexOf(f), 1);
    return [
      f.status,
      { message: f.message, documentation_url: "https://docs.github.com/rest" },
      f.headers,
    ] as const;
  };

  const byId = (path: string) =>
    comments.find((c) => `${base}/comments/${c.id}` === path.split("?")[0]);
  const origin = new URL(options.baseUrl ?? "https://api.github.com").origin;

  gh.scope
    .persist()
    .get((uri) => uri.split("?")[0] === listPath)
    .query(true)
    .reply(async (req: Request) => {
      if (barrierSize > 0) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length >= barrierSize) {
            barrierSize = 0;
            for (const go of waiting.splice(0)) go();
          }
        });
      }
      const failed = failure("GET");
      if (failed) return failed;
      const url = new URL(req.url);
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      const slice = comments.slice((page - 1) * perPage, page * perPage).map((c) => ({ ...c }));
      const headers: Record<string, string> = {};
      if (page * perPage < comments.length) {
        headers.link = `<${origin}${listPath}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
      }
      return [200, slice, headers];
    })
    .post(listPath)
    .reply(async (req: Request) => {
      const failed = failure("POST");
      if (failed) return failed;
      const { body } = (await req.json()) as { body: string };
      return [201, { ...add(body) }];
    })
    .patch((uri) => uri.startsWith(`${base}/comments/`))
    .reply(async (req: Request) => {
      const failed = failure("PATCH");
      if (failed) return failed;
      const comment = byId(new URL(req.url).pathname);
      // A comment deleted (or never there) is GitHub's 404.
      if (!comment) return [404, { message: "Not Found" }];
      comment.body = ((await req.json()) as { body: string }).body;
      comment.updated_at = new Date(Date.UTC(2026, 10, 23, 12, 0, tick++)).toISOString();
      return [200, { ...comment }];
    })
    .delete((uri) => uri.startsWith(`${base}/comments/`))
    .reply((req: Request) => {
      const failed = failure("DELETE");
      if (failed) return failed;
      const comment = byId(new URL(req.url).pathname);
      if (!comment) return [404, { message: "Not Found" }];
      comments.splice(comments.indexOf(comment), 1);
      return [204];
    });

  return {
    comments,
    add,
    fail(method, status, message = "Server Error", headers = {}) {
      failures.push({ method: method.toUpperCase(), status, message, headers });
    },
    barrier(count) {
      barrierSize = count;
      waiting = [];
    },
  };
}
