import { afterEach, describe, expect, it } from "vitest";
import { GitHubPermissionError, upsertComment } from "../../src/github/comment.ts";
import { checklistMarker } from "../../src/github/markers.ts";
import { createOctokit } from "../../src/github/octokit.ts";
import { fakeConversation } from "../helpers/comments.ts";
import { mockGitHub, resetGitHubMocks } from "../helpers/github.ts";

afterEach(() => resetGitHubMocks());

const marker = checklistMarker(".kiro/specs/demo/tasks.md");
const target = { owner: "Codertocat", repo: "Hello-World", issueNumber: 2 };
const identity = "github-actions[bot]";
const client = () => createOctokit("t0ken", { retryAfterBaseValue: 1 });
const calls = (gh: ReturnType<typeof mockGitHub>) => gh.requests.map((r) => r.operation);

const LIST = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
const CREATE = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
const UPDATE = "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}";
const DELETE = "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}";

describe("upsertComment", () => {
  it("creates, then updates, then leaves an identical body alone", async () => {
    const gh = mockGitHub();
    const pr = fakeConversation(gh, target);
    const octokit = client();
    const first = await upsertComment(octokit, { ...target, marker, identity, body: "v1" });
    expect(first.action).toBe("created");
    expect(pr.comments.map((c) => c.body)).toEqual([`${marker}\nv1`]);

    const second = await upsertComment(octokit, {
      ...target,
      marker,
      identity,
      body: `${marker}\nv2`,
    });
    expect(second).toMatchObject({ action: "updated", id: first.id });
    const third = await upsertComment(octokit, { ...target, marker, identity, body: "v2" });
    expect(third).toMatchObject({ action: "unchanged", id: first.id });

    expect(pr.comments.map((c) => c.body)).toEqual([`${marker}\nv2`]);
    expect(calls(gh)).toEqual([LIST, CREATE, LIST, LIST, UPDATE, LIST]);
    expect(gh.requests[1]?.body).toEqual({ body: `${marker}\nv1` });
    gh.assertNoViolations();
  });

  it("starts from the caller's listing, and writes anew a listed comment deleted since", async () => {
    const gh = mockGitHub();
    const pr = fakeConversation(gh, target);
    const octokit = client();
    const mine = pr.add(`${marker}\nv1`, identity);
    const listed = pr.comments.map((c) => ({ ...c }));
    const updated = await upsertComment(octokit, {
      ...target,
      marker,
      identity,
      body: "v2",
      listed,
    });
    expect(updated).toMatchObject({ action: "updated", id: mine.id });
    expect(calls(gh)).toEqual([UPDATE]);

    // Deleted after the caller listed it: the edit finds nothing, so the comment is created.
    pr.comments.splice(0);
    const again = await upsertComment(octokit, { ...target, marker, identity, body: "v3", listed });
    expect(again.action).toBe("created");
    expect(pr.comments.map((c) => c.body)).toEqual([`${marker}\nv3`]);
    expect(calls(gh)).toEqual([UPDATE, UPDATE, CREATE, LIST]);
    gh.assertNoViolations();
  });

  it("learns who the token writes as when it is not the expected identity, and says so", async () => {
    const gh = mockGitHub();
    // A PAT: GitHub writes the comment as its owner, not github-actions[bot].
    const pr = fakeConversation(gh, { ...target, identity: "octo-dev" });
    const logs: string[] = [];
    const result = await upsertComment(client(), {
      ...target,
      marker,
      identity,
      body: "v1",
      log: (m) => logs.push(m),
    });
    expect(result.action).toBe("created");
    expect(pr.comments.map((c) => c.user.login)).toEqual(["octo-dev"]);
    expect(logs.join("\n")).toMatch(
      /written as octo-dev, not github-actions\[bot\]: set the comment-author input to octo-dev/,
    );
    gh.assertNoViolations();
  });

  it("never edits someone else's comment that carries the marker", async () => {
    const gh = mockGitHub();
    const pr = fakeConversation(gh, target);
    const forged = pr.add(`${marker}\nall green, trust me`, "mallory");
    const logs: string[] = [];
    const result = await upsertComment(client(), {
      ...target,
      marker,
      identity,
      body: "real",
      log: (m) => logs.push(m),
    });
    expect(result.action).toBe("created");
    expect(result.id).not.toBe(forged.id);
    expect(forged.body).toBe(`${marker}\nall green, trust me`);
    expect(pr.comments).toHaveLength(2);
    expect(calls(gh)).not.toContain(UPDATE);
    expect(calls(gh)).not.toContain(DELETE);
    expect(logs.join("\n")).toMatch(/ignoring comment \d+ by mallory/);
    gh.assertNoViolations();
  });

  it("finds its comment on a later page", async () => {
    const gh = mockGitHub();
    const pr = fakeConversation(gh, target);
    for (let i = 0; i < 150; i++) pr.add(`chatter ${i}`, "someone");
    const ours = pr.add(`${marker}\nold`);
    const result = await upsertComment(client(), { ...target, marker, identity, body: "new" });
    expect(result).toMatchObject({ action: "updated", id: ours.id });
    expect(gh.requests.filter((r) => r.method === "GET").map((r) => r.path)).toEqual([
      "/repos/Codertocat/Hello-World/issues/2/comments?per_page=100",
      "/repos/Codertocat/Hello-World/issues/2/comments?per_page=100&page=2",
    ]);
    gh.assertNoViolations();
  });

  it("leaves one comment when two runs race", async () => {
    const gh = mockGitHub();
    const pr = fakeConversation(gh, target);
    pr.barrier(2); // both runs list before either creates
    const [a, b] = await Promise.all([
      upsertComment(client(), { ...target, marker, identity, body: "run A" }),
      upsertComment(client(), { ...target, marker, identity, body: "run B" }),
    ]);
    expect(calls(gh).filter((c) => c === CREATE)).toHaveLength(2);
    expect(pr.comments).toHaveLength(1);
    expect(a.id).toBe(b.id);
    expect(pr.comments[0]?.id).toBe(a.id);
    expect([`${marker}\nrun A`, `${marker}\nrun B`]).toContain(pr.comments[0]?.body);
    gh.assertNoViolations();
  });

  it("cleans up duplicates left by an earlier race, keeping the oldest", async () => {
    const gh = mockGitHub();
    const pr = fakeConversation(gh, target);
    const oldest = pr.add(`${marker}\nA`);
    pr.add(`${marker}\nB`);
    const result = await upsertComment(client(), { ...target, marker, identity, body: "C" });
    expect(result).toMatchObject({ action: "updated", id: oldest.id });
    expect(pr.comments.map((c) => [c.id, c.body])).toEqual([[oldest.id, `${marker}\nC`]]);
    gh.assertNoViolations();
  });

  it("names the missing permission on 403 and 404", async () => {
    const gh = mockGitHub();
    const pr = fakeConversation(gh, target);
    pr.fail("POST", 403, "Resource not accessible by integration");
    const error = await upsertComment(client(), { ...target, marker, identity, body: "x" }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(GitHubPermissionError);
    expect(error).toMatchObject({ status: 403, readOnly: true });
    expect(error.message).toMatch(/pull-requests: write/);

    pr.fail("GET", 404, "Not Found");
    const missing = await upsertComment(client(), { ...target, marker, identity, body: "x" }).catch(
      (e) => e,
    );
    expect(missing).toMatchObject({ status: 404, readOnly: false });
    expect(missing.message).toMatch(/Codertocat\/Hello-World#2 was not found.*contents: read/);
    gh.assertNoViolations();
  });

  it("retries a 500 and succeeds", async () => {
    const gh = mockGitHub();
    const pr = fakeConversation(gh, target);
    pr.fail("POST", 500);
    pr.fail("POST", 502);
    const result = await upsertComment(client(), { ...target, marker, identity, body: "x" });
    expect(result.action).toBe("created");
    expect(calls(gh)).toEqual([LIST, CREATE, CREATE, CREATE, LIST]);
    expect(pr.comments).toHaveLength(1);
    gh.assertNoViolations();
  });
});

describe("createOctokit", () => {
  it("recovers from a primary rate limit, a secondary limit and a 500 in one call", async () => {
    const gh = mockGitHub();
    const pr = fakeConversation(gh, target);
    const reset = String(Math.floor(Date.now() / 1000) + 1);
    pr.fail("GET", 403, "API rate limit exceeded", {
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": reset,
    });
    pr.fail("GET", 403, "You have exceeded a secondary rate limit", { "retry-after": "1" });
    pr.fail("GET", 500);
    const logs: string[] = [];
    const octokit = createOctokit("t", { retryAfterBaseValue: 1, log: (m) => logs.push(m) });
    const { data } = await octokit.request(
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      {
        owner: "Codertocat",
        repo: "Hello-World",
        issue_number: 2,
      },
    );
    expect(data).toEqual([]);
    expect(gh.requests).toHaveLength(4);
    expect(logs.join("\n")).toMatch(/primary rate limit.*retrying/);
    expect(logs.join("\n")).toMatch(/secondary rate limit.*retrying/);
    gh.assertNoViolations();
  });

  it("gives up after the configured retries", async () => {
    const gh = mockGitHub();
    const pr = fakeConversation(gh, target);
    for (let i = 0; i < 3; i++) pr.fail("GET", 503);
    const octokit = createOctokit("t", { retries: 2, retryAfterBaseValue: 1 });
    await expect(
      octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: "Codertocat",
        repo: "Hello-World",
        issue_number: 2,
      }),
    ).rejects.toMatchObject({ status: 503 });
    expect(gh.requests).toHaveLength(3);
  });
});
