// The REST client's retry policy (src/github/retry.ts) on an in-memory API and a fake
// clock: what is retried and after how long, what is not, and the spacing of writes.
import { Octokit } from "@octokit/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { rateLimitOf, retryRequests } from "../../src/github/retry.ts";

interface Answer {
  status: number;
  headers?: Record<string, string>;
  message?: string;
}

/** A client whose API answers from `answers` in turn (then 200), logging each call's time. */
function client(answers: Answer[], retries = 3) {
  const calls: { method: string; at: number }[] = [];
  const logs: string[] = [];
  const octokit = new Octokit({
    request: {
      fetch: async (_url: string, init: RequestInit) => {
        calls.push({ method: init.method ?? "GET", at: Date.now() });
        const a = answers.shift() ?? { status: 200 };
        return new Response(JSON.stringify({ message: a.message ?? "ok" }), {
          status: a.status,
          headers: { "content-type": "application/json", ...a.headers },
        });
      },
    },
  });
  retryRequests(octokit, { retries, second: 1000, maxWaitSeconds: 600, log: (m) => logs.push(m) });
  return { octokit, calls, logs };
}

const get = (o: Octokit) => o.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("retryRequests", () => {
  it("retries a 5xx after 1 s, then 4 s", async () => {
    const { octokit, calls } = client([{ status: 502 }, { status: 500 }]);
    const done = get(octokit);
    await vi.runAllTimersAsync();
    await expect(done).resolves.toMatchObject({ status: 200 });
    expect(calls.map((c) => c.at - 1_000_000)).toEqual([0, 1000, 5000]);
  });

  it("gives up after its retries with GitHub's error", async () => {
    const { octokit, calls } = client([{ status: 503 }, { status: 503 }, { status: 503 }], 2);
    const done = get(octokit).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await done).toMatchObject({ status: 503 });
    expect(calls).toHaveLength(3);
  });

  it("never retries an answer such as 404 or 422", async () => {
    for (const status of [404, 422, 401]) {
      const { octokit, calls } = client([{ status }]);
      await expect(get(octokit)).rejects.toMatchObject({ status });
      expect(calls).toHaveLength(1);
    }
  });

  it("waits for a primary limit's reset and for a secondary limit's retry-after", async () => {
    const reset = String(1_000_000 / 1000 + 30);
    const { octokit, calls, logs } = client([
      { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset } },
      {
        status: 403,
        headers: { "retry-after": "7" },
        message: "You have exceeded a secondary rate limit",
      },
    ]);
    const done = get(octokit);
    await vi.runAllTimersAsync();
    await expect(done).resolves.toMatchObject({ status: 200 });
    expect(calls.map((c) => c.at - 1_000_000)).toEqual([0, 30_000, 37_000]);
    expect(logs).toEqual([
      "GitHub primary rate limit on GET /repos/{owner}/{repo}: retrying in 30s",
      "GitHub secondary rate limit on GET /repos/{owner}/{repo}: retrying in 7s",
    ]);
  });

  it("fails at once when the reset is further away than a run should wait", async () => {
    const reset = String(1_000_000 / 1000 + 3600);
    const { octokit, calls, logs } = client([
      { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset } },
    ]);
    await expect(get(octokit)).rejects.toMatchObject({ status: 403 });
    expect(calls).toHaveLength(1);
    expect(logs[0]).toMatch(
      /primary rate limit .*giving up after 0 retries \(it asks to wait 3600s\)/,
    );
  });

  it("spaces writes by a second and leaves reads alone", async () => {
    const { octokit, calls } = client([]);
    const comment = () =>
      octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: "o",
        repo: "r",
        issue_number: 1,
        body: "x",
      });
    const done = (async () => {
      await comment();
      await get(octokit);
      await comment();
    })();
    await vi.runAllTimersAsync();
    await done;
    expect(calls.map((c) => [c.method, c.at - 1_000_000])).toEqual([
      ["POST", 0],
      ["GET", 0],
      ["POST", 1000],
    ]);
  });
});

describe("rateLimitOf", () => {
  const failure = (status: number, headers: Record<string, string>, message = "") => ({
    status,
    message,
    response: { headers },
  });
  it("tells primary from secondary limits, and a forbidden request from both", () => {
    expect(rateLimitOf(failure(429, {}))).toEqual({ kind: "secondary", seconds: 60 });
    expect(rateLimitOf(failure(403, {}, "secondary rate limit"))).toEqual({
      kind: "secondary",
      seconds: 60,
    });
    expect(rateLimitOf(failure(403, {}, "Resource not accessible by integration"))).toBeNull();
    expect(rateLimitOf(failure(500, { "retry-after": "1" }))).toBeNull();
  });
});
