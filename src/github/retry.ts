// Retries and rate limits for dxfix's REST client, as @octokit/plugin-retry and
// @octokit/plugin-throttling handle them, for the few requests an Action run makes:
// - a 5xx, a network failure or a timed-out attempt is retried after 1 s, 4 s, 9 s;
// - a primary rate limit (403/429 with `x-ratelimit-remaining: 0`) waits for the reset,
//   a secondary one (`retry-after`, or GitHub's "secondary rate limit" message) for
//   `retry-after` (60 s when GitHub names none), then retries;
// - any other 4xx is GitHub's answer to the request itself: never retried;
// - mutating requests are spaced by at least a second, as GitHub asks of integrations.
// The two plugins and Bottleneck, their scheduler, cost ~7 ms of CPU at every start
// (bench/startup.bench.ts) to schedule three or four requests; this is the same policy in
// one request hook. The bot's client is Probot's, which keeps the plugins.
import type { Octokit } from "@octokit/core";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** One second of waiting, in ms (tests shrink it): 5xx backoff is n² of it. */
  second: number;
  /** Longest wait for a rate limit, in seconds; a later reset fails at once. */
  maxWaitSeconds: number;
  log: (message: string) => void;
}

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);
/** GitHub's advice when a secondary limit names no `retry-after`. */
const SECONDARY_FALLBACK_SECONDS = 60;

interface FailedRequest {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

type Limit = { kind: "primary" | "secondary"; seconds: number };

/** The rate limit a failed request hit, and how long GitHub asks to wait; null for none. */
export function rateLimitOf(error: unknown, now = Date.now()): Limit | null {
  const e = error as FailedRequest;
  if (e.status !== 403 && e.status !== 429) return null;
  const headers = e.response?.headers ?? {};
  if (String(headers["x-ratelimit-remaining"]) === "0" && headers["x-ratelimit-reset"]) {
    const reset = Number(headers["x-ratelimit-reset"]) * 1000;
    return { kind: "primary", seconds: Math.max(0, Math.ceil((reset - now) / 1000)) };
  }
  const retryAfter = headers["retry-after"];
  if (
    retryAfter !== undefined ||
    e.status === 429 ||
    /secondary rate limit/i.test(e.message ?? "")
  ) {
    const seconds = Number(retryAfter);
    return {
      kind: "secondary",
      seconds: Number.isFinite(seconds) && seconds >= 0 ? seconds : SECONDARY_FALLBACK_SECONDS,
    };
  }
  return null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wraps every request of `octokit` in the policy above. */
export function retryRequests(octokit: Octokit, policy: RetryPolicy): void {
  let lastWrite = Number.NEGATIVE_INFINITY;
  octokit.hook.wrap("request", async (request, options) => {
    const name = `${options.method} ${options.url}`;
    for (let attempt = 0; ; attempt++) {
      if (WRITES.has(options.method)) {
        const wait = lastWrite + policy.second - Date.now();
        if (wait > 0) await sleep(wait);
        lastWrite = Date.now();
      }
      try {
        return await request(options);
      } catch (error) {
        const limit = rateLimitOf(error);
        if (limit) {
          const giveUp = attempt >= policy.retries || limit.seconds > policy.maxWaitSeconds;
          policy.log(
            giveUp
              ? `GitHub ${limit.kind} rate limit on ${name}: giving up after ${attempt} retries (it asks to wait ${limit.seconds}s)`
              : `GitHub ${limit.kind} rate limit on ${name}: retrying in ${limit.seconds}s`,
          );
          if (giveUp) throw error;
          await sleep(limit.seconds * policy.second);
          continue;
        }
        // Octokit reports a network failure or a timed-out attempt as a 500.
        const status = (error as FailedRequest).status ?? 0;
        if (attempt >= policy.retries || status < 500) throw error;
        await sleep((attempt + 1) ** 2 * policy.second);
      }
    }
  });
}
