// Every request has a time limit: against an API that accepts connections and never
// answers, the client retries within its policy and then fails naming the request,
// instead of hanging until the runner kills the job.
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createOctokit } from "../../src/github/octokit.ts";
import { isRequestTimeout, timedFetch } from "../../src/github/timeout.ts";

/** A TCP server that accepts, reads, and never answers; counts the requests it got. */
async function silentApi(): Promise<{ base: string; requests: () => number; server: Server }> {
  const sockets: Socket[] = [];
  let seen = "";
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on("data", (d: Buffer) => {
      seen += d.toString("latin1");
    });
  });
  server.on("close", () => {
    for (const s of sockets) s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    requests: () => seen.match(/^(GET|POST|PATCH) \//gm)?.length ?? 0,
    server,
  };
}

let server: Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

describe("requests to a silent API", () => {
  it("time out per attempt, are retried, then fail naming the request", async () => {
    const api = await silentApi();
    server = api.server;
    const octokit = createOctokit("t", {
      baseUrl: api.base,
      timeoutMs: 200,
      retries: 2,
      retryAfterBaseValue: 1,
    });
    const error = await octokit
      .request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner: "o",
        repo: "r",
        issue_number: 1,
      })
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toBe(
      `GitHub did not answer GET ${api.base}/repos/o/r/issues/1/comments within 0.2 s (request timeout)`,
    );
    // Octokit wraps it as a 500 (hence the retries); callers can still tell it apart.
    expect(isRequestTimeout(error)).toBe(true);
    expect(isRequestTimeout(new Error("other"))).toBe(false);
    // The first attempt and two retries, each cut off by the limit.
    expect(api.requests()).toBe(3);
  });

  it("a caller's own abort is not reported as a timeout", async () => {
    const api = await silentApi();
    server = api.server;
    const controller = new AbortController();
    const pending = timedFetch(60_000)(`${api.base}/x`, { signal: controller.signal });
    controller.abort(new Error("caller gave up"));
    await expect(pending).rejects.toThrow("caller gave up");
  });
});
