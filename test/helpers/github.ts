// A nock 15 mock of GitHub's REST API that checks every intercepted request against
// GitHub's OpenAPI description and records it, so tests assert the exact calls made
// and fail on a call GitHub would reject. Requests nothing matched are violations too.
import nock from "nock";
import { checkRequest, findOperation } from "./openapi.ts";

export interface RecordedRequest {
  method: string;
  /** Raw pathname plus query string, e.g. "/repos/o/r/issues/2/comments?per_page=100". */
  path: string;
  /** The operation it maps to, e.g. "POST /repos/{owner}/{repo}/issues/{issue_number}/comments". */
  operation: string | null;
  /** Parsed JSON body, the raw string if it is not JSON, undefined when empty. */
  body: unknown;
  headers: Record<string, string>;
}

export interface GitHubMock {
  /** Add interceptors here: `gh.scope.post("/repos/o/r/issues/1/comments").reply(201, {...})`. */
  scope: nock.Scope;
  requests: RecordedRequest[];
  violations: string[];
  /** Throws listing every OpenAPI violation and unmatched request seen so far. */
  assertNoViolations(): void;
  /** assertNoViolations() plus every interceptor consumed. */
  done(): void;
}

export function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

let netGuarded = false;

/** Block real network access except loopback (tests' own HTTP servers). */
export function guardNetwork(): void {
  if (netGuarded) return;
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
  netGuarded = true;
}

const cleanups: Array<() => void> = [];

/** Remove all interceptors and listeners; call in afterEach. */
export function resetGitHubMocks(): void {
  for (const cleanup of cleanups.splice(0)) cleanup();
  nock.cleanAll();
}

export function mockGitHub(baseUrl = "https://api.github.com"): GitHubMock {
  guardNetwork();
  const origin = new URL(baseUrl).origin;
  const prefix = new URL(baseUrl).pathname.replace(/\/$/, "");
  const scope = nock(baseUrl);
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];

  const record = (req: Request, bodyText: string | undefined): RecordedRequest => {
    const url = new URL(req.url);
    // Match the raw path as sent (keeps %2F), minus a GHES-style /api/v3 prefix.
    const rawPath = req.url.slice(url.origin.length).replace(/#.*$/, "");
    const path = prefix && rawPath.startsWith(prefix) ? rawPath.slice(prefix.length) : rawPath;
    const body = parseBody(bodyText);
    const headers: Record<string, string> = {};
    req.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const entry = {
      method: req.method,
      path,
      operation: findOperation(req.method, path),
      body,
      headers,
    };
    requests.push(entry);
    violations.push(...checkRequest({ method: req.method, url: path, body }));
    return entry;
  };

  scope.on("request", (req: Request, _interceptor: unknown, body: string) => {
    record(req, body);
  });
  const onNoMatch = (req: Request) => {
    if (!req?.url || new URL(req.url).origin !== origin) return;
    const entry = record(req, undefined);
    violations.push(`${entry.method} ${entry.path}: no interceptor matched (nock answered 501)`);
  };
  nock.emitter.on("no match", onNoMatch);
  cleanups.push(() => nock.emitter.removeListener("no match", onNoMatch));

  const assertNoViolations = () => {
    if (violations.length > 0) {
      throw new Error(`GitHub API violations:\n  ${violations.join("\n  ")}`);
    }
  };
  return {
    scope,
    requests,
    violations,
    assertNoViolations,
    done() {
      assertNoViolations();
      scope.done();
    },
  };
}
