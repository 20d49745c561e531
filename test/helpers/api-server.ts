// A loopback HTTP server playing GitHub's REST API for child processes (the bundled
// Action), where nock cannot reach. It keeps a PR conversation (issue comments) in
// memory, checks every request against the OpenAPI description, and can fail on demand.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type FakeComment, fakeComment } from "./comments.ts";
import { parseBody, type RecordedRequest } from "./github.ts";
import { checkRequest, findOperation } from "./openapi.ts";

export interface FakeGitHubServer {
  url: string;
  requests: RecordedRequest[];
  violations: string[];
  comments: FakeComment[];
  add(body: string, login?: string): FakeComment;
  fail(method: string, status: number, message?: string): void;
  /**
   * The next `count` comment-list requests (after letting `skip` pass) wait until all of
   * them arrived.
   */
  barrier(count: number, skip?: number): void;
  assertNoViolations(): void;
  close(): Promise<void>;
}

export async function startFakeGitHub(options: {
  owner: string;
  repo: string;
  issueNumber: number;
}): Promise<FakeGitHubServer> {
  const { owner, repo, issueNumber } = options;
  const listPath = `/repos/${owner}/${repo}/issues/${issueNumber}/comments`;
  const commentPath = new RegExp(`^/repos/${owner}/${repo}/issues/comments/(\\d+)$`);
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const comments: FakeComment[] = [];
  const failures: Array<{ method: string; status: number; message: string }> = [];
  let nextId = 1000;
  let tick = 0;
  let barrierSize = 0;
  let barrierSkip = 0;
  let waiting: Array<() => void> = [];
  let url = "";

  const add = (body: string, login = "github-actions[bot]"): FakeComment => {
    const comment = fakeComment({ owner, repo, issueNumber }, nextId++, tick++, body, login);
    comments.push(comment);
    return comment;
  };

  const send = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, text: string) => {
    const method = req.method ?? "GET";
    const rawPath = req.url ?? "/";
    const body = parseBody(text);
    requests.push({
      method,
      path: rawPath,
      operation: findOperation(method, rawPath),
      body,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
    });
    violations.push(...checkRequest({ method, url: rawPath, body }));
    const pathname = rawPath.split("?")[0];

    if (method === "GET" && pathname === listPath && barrierSize > 0 && barrierSkip-- <= 0) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= barrierSize) {
          barrierSize = 0;
          for (const go of waiting.splice(0)) go();
        }
      });
    }
    const f = failures.find((x) => x.method === method);
    if (f) {
      failures.splice(failures.indexOf(f), 1);
      return send(res, f.status, {
        message: f.message,
        documentation_url: "https://docs.github.com/rest",
      });
    }

    if (method === "GET" && pathname === listPath) {
      const query = new URL(rawPath, url).searchParams;
      const perPage = Number(query.get("per_page") ?? 30);
      const page = Number(query.get("page") ?? 1);
      const headers: Record<string, string> = {};
      if (page * perPage < comments.length) {
        headers.link = `<${url}${listPath}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
      }
      return send(res, 200, comments.slice((page - 1) * perPage, page * perPage), headers);
    }
    if (method === "POST" && pathname === listPath) {
      return send(res, 201, add((body as { body: string }).body));
    }
    const match = commentPath.exec(pathname ?? "");
    const comment = match ? comments.find((c) => c.id === Number(match[1])) : undefined;
    if (match && !comment) return send(res, 404, { message: "Not Found" });
    if (comment && method === "PATCH") {
      comment.body = (body as { body: string }).body;
      comment.updated_at = new Date(Date.UTC(2026, 10, 23, 12, 0, tick++)).toISOString();
      return send(res, 200, comment);
    }
    if (comment && method === "DELETE") {
      comments.splice(comments.indexOf(comment), 1);
      return send(res, 204);
    }
    violations.push(`${method} ${rawPath}: not handled by the fake GitHub server`);
    return send(res, 404, { message: "Not Found" });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((error) => {
        violations.push(`server error: ${(error as Error).message}`);
        send(res, 500, { message: "fake server error" });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    violations,
    comments,
    add,
    fail(method, status, message = "Server Error") {
      failures.push({ method: method.toUpperCase(), status, message });
    },
    barrier(count, skip = 0) {
      barrierSize = count;
      barrierSkip = skip;
      waiting = [];
    },
    assertNoViolations() {
      if (violations.length > 0)
        throw new Error(`GitHub API violations:\n  ${violations.join("\n  ")}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
