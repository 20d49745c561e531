// The one way dxfix builds a REST client: @actions/github's Octokit (GHES-aware via
// GITHUB_API_URL) with retries for 5xx and rate limits, so a flaky API costs a
// delay rather than a failed run, and a time limit on each request (timeout.ts), so a
// silent API costs a clear failure rather than a hung job.
import { getOctokit } from "@actions/github";
import { defaults } from "@actions/github/lib/utils";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { REQUEST_TIMEOUT_MS, timedFetch } from "./timeout.ts";

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  /** REST API root; defaults to GITHUB_API_URL or https://api.github.com. */
  baseUrl?: string;
  /** Retries for 5xx answers and for primary/secondary rate limits (default 3). */
  retries?: number;
  /** Base of the quadratic 5xx backoff in ms (default 1000: 1 s, 4 s, 9 s). */
  retryAfterBaseValue?: number;
  /** Where retry decisions are logged (default: nowhere). */
  log?: (message: string) => void;
  userAgent?: string;
  /** How long each attempt may wait for an answer, in ms (default 30 s). */
  timeoutMs?: number;
}

export function createOctokit(token: string, options: ClientOptions = {}): GitHubClient {
  const retries = options.retries ?? 3;
  const log = options.log ?? (() => {});
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _o: unknown,
      retryCount: number,
    ) => {
      if (retryCount < retries) {
        log(
          `GitHub ${kind} rate limit on ${request.method} ${request.url}: retrying in ${retryAfter}s`,
        );
        return true;
      }
      log(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: giving up after ${retryCount} retries`,
      );
      return false;
    };
  return getOctokit(
    token,
    {
      ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/$/, "") } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      // @actions/github's own fetch (proxy-aware), each call under the time limit.
      request: {
        ...defaults.request,
        fetch: timedFetch(options.timeoutMs ?? REQUEST_TIMEOUT_MS, defaults.request?.fetch),
      },
      retry: { retries, retryAfterBaseValue: options.retryAfterBaseValue ?? 1000 },
      throttle: {
        onRateLimit: onLimit("primary"),
        onSecondaryRateLimit: onLimit("secondary"),
        ...(options.retryAfterBaseValue !== undefined
          ? { retryAfterBaseValue: options.retryAfterBaseValue, fallbackSecondaryRateRetryAfter: 1 }
          : {}),
      },
    },
    retry,
    throttling,
  );
}
