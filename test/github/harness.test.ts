// The harness must be able to fail: a checker that accepts everything would make every
// GitHub-facing test meaningless.
import { getOctokit } from "@actions/github";
import { afterEach, describe, expect, it } from "vitest";
import { mockGitHub, resetGitHubMocks } from "../helpers/github.ts";
import { checkRequest, findOperation } from "../helpers/openapi.ts";
import { PAYLOAD_EVENTS, payload, payloads } from "../helpers/payloads.ts";

afterEach(() => resetGitHubMocks());

const octokit = () => getOctokit("t0ken", { request: { retries: 0 } });

describe("checkRequest", () => {
  it("accepts a valid comment creation", () => {
    expect(
      checkRequest({
        method: "POST",
        url: "https://api.github.com/repos/o/r/issues/2/comments",
        body: { body: "hi" },
      }),
    ).toEqual([]);
  });

  it("reports a body that breaks the schema", () => {
    const missing = checkRequest({
      method: "POST",
      url: "/repos/o/r/issues/2/comments",
      body: { text: "hi" },
    });
    expect(missing.join("\n")).toMatch(/required property 'body'/);
    const wrongType = checkRequest({
      method: "PATCH",
      url: "/repos/o/r/issues/comments/7",
      body: { body: 42 },
    });
    expect(wrongType.join("\n")).toMatch(/body\/body must be string/);
  });

  it("reports an unknown path, a wrong method and an unknown query parameter", () => {
    expect(checkRequest({ method: "GET", url: "/repos/o/r/comment" })).toEqual([
      "GET /repos/o/r/comment: no such path in GitHub's REST API",
    ]);
    expect(checkRequest({ method: "PUT", url: "/repos/o/r/issues/2/comments" })[0]).toMatch(
      /method not allowed.*allowed: GET, POST/,
    );
    expect(
      checkRequest({ method: "GET", url: "/repos/o/r/issues/2/comments?per_page=100&sort=x" }),
    ).toEqual([
      'GET /repos/o/r/issues/2/comments?per_page=100&sort=x: unknown query parameter "sort" for /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
  });

  it("prefers the template with more literal segments and keeps %2F in one segment", () => {
    expect(findOperation("PATCH", "/repos/o/r/issues/comments/7")).toBe(
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
    );
    expect(findOperation("GET", "/repos/o/r/contents/docs%2Fa.md")).toBe(
      "GET /repos/{owner}/{repo}/contents/{path}",
    );
    expect(
      checkRequest({ method: "GET", url: "/repos/o/r/contents/docs%2Fa.md?ref=main" }),
    ).toEqual([]);
  });

  it("validates through components refs and the nullable fix", () => {
    const ok = checkRequest({
      method: "POST",
      url: "/repos/o/r/check-runs",
      body: {
        name: "dxfix",
        head_sha: "abc",
        status: "completed",
        conclusion: "success",
        output: { title: "t", summary: "s" },
      },
    });
    expect(ok).toEqual([]);
    const bad = checkRequest({
      method: "POST",
      url: "/repos/o/r/check-runs",
      body: { name: "dxfix", head_sha: "abc", conclusion: "great" },
    });
    expect(bad.join("\n")).toMatch(/conclusion must be equal to one of the allowed values/);
  });
});

describe("mockGitHub", () => {
  it("records the exact calls Octokit sends and finds no violations in valid ones", async () => {
    const gh = mockGitHub();
    gh.scope
      .post("/repos/o/r/issues/2/comments")
      .reply(async (req: Request) => [201, { id: 9, ...((await req.json()) as object) }]);
    const res = await octokit().rest.issues.createComment({
      owner: "o",
      repo: "r",
      issue_number: 2,
      body: "x",
    });
    expect(res.data).toMatchObject({ id: 9, body: "x" });
    expect(gh.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ["POST", "/repos/o/r/issues/2/comments", { body: "x" }],
    ]);
    expect(gh.requests[0]?.headers.authorization).toBe("token t0ken");
    gh.done();
  });

  it("turns an invalid request into a violation", async () => {
    const gh = mockGitHub();
    gh.scope.post("/repos/o/r/issues/2/comments").reply(201, {});
    // A route string Octokit has no types for, so the wrong body type-checks.
    const route: string = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
    await octokit().request(route, { owner: "o", repo: "r", issue_number: 2, comment: "x" });
    expect(() => gh.assertNoViolations()).toThrow(/required property 'body'/);
  });

  it("turns an unmatched request into a violation", async () => {
    const gh = mockGitHub();
    gh.scope.get("/user").reply(200, {});
    await expect(
      octokit().request("GET /repos/{owner}/{repo}/nope", { owner: "o", repo: "r" }),
    ).rejects.toThrow();
    expect(gh.violations.join("\n")).toMatch(/no such path/);
    expect(gh.violations.join("\n")).toMatch(/no interceptor matched/);
    expect(() => gh.done()).toThrow();
  });

  it("blocks the real network", async () => {
    mockGitHub();
    await expect(fetch("https://example.com/")).rejects.toThrow();
  });
});

describe("payloads", () => {
  it("gives real pull_request payloads as independent clones", () => {
    const a = payload("pull_request", "opened", (p) => {
      p.number = 99;
    });
    const b = payload("pull_request", "opened");
    expect(a.number).toBe(99);
    expect(b.number).toBe(2);
    expect(b.pull_request.head.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(b.repository.full_name).toBe("Codertocat/Hello-World");
  });

  it("knows the validated events and refuses unknown ones", () => {
    expect(PAYLOAD_EVENTS).toEqual([
      "issue_comment",
      "pull_request",
      "workflow_run",
      "check_suite",
      "push",
    ]);
    expect(payload("issue_comment", "created").installation.id).toBeTypeOf("number");
    expect(payloads("workflow_run", "completed")).toHaveLength(2);
    expect(payloads("push")).toHaveLength(2);
    expect(() => payload("deployment")).toThrow(/no validated payloads/);
  });
});
