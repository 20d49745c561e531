// The one way dxfix builds a REST client: Octokit with pagination, called by route
// (`octokit.request("GET /repos/{owner}/{repo}/...")`, the form Probot's client takes too;
// the REST method table, 80 KiB evaluated at every start, is left out), GHES-aware via GITHUB_API_URL, with retries
// for 5xx and rate limits, so a flaky API costs a delay rather than a failed run, and a
// time limit on each request (timeout.ts), so a silent API costs a clear failure rather
// than a hung job. Requests go through node:http/https (http-fetch.ts: Node's own fetch
// costs ~35 ms of CPU to start); the proxy-aware fetch (@actions/http-client and undici,
// what @actions/github always loads) is imported only when a proxy applies, which keeps
// the Action's start-up near the lightest actions' (bench/startup.bench.ts).
import { getProxyUrl } from "@actions/http-client/lib/proxy";
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { httpFetch } from "./http-fetch.ts";
import { REQUEST_TIMEOUT_MS, timedFetch } from "./timeout.ts";

const Client = Octokit.plugin(paginateRest, retry, throttling);
export type GitHubClient = InstanceType<typeof Client>;

type Fetch = typeof globalThis.fetch;

/** node:http(s), or the proxy-aware fetch when https_proxy/no_proxy say so for `baseUrl`. */
function apiFetch(baseUrl: string): Fetch {
  if (!getProxyUrl(new URL(baseUrl))) return httpFetch;
  const loaded = import("./proxy-fetch.ts").then((m) => m.proxyFetch(baseUrl));
  return async (input, init) => (await loaded)(input, init);
}

/** The Actions orchestration id in the user agent, as @actions/github adds it. */
function userAgentOf(base: string | undefined): string | undefined {
  const id = process.env.ACTIONS_ORCHESTRATION_ID?.trim();
  if (!id) return base;
  const tag = `actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, "_")}`;
  return base ? `${base} ${tag}` : tag;
}

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
  const baseUrl = (
    options.baseUrl ??
    process.env.GITHUB_API_URL ??
    "https://api.github.com"
  ).replace(/\/$/, "");
  const userAgent = userAgentOf(options.userAgent);
  return new Client({
    auth: `token ${token}`,
    baseUrl,
    ...(userAgent ? { userAgent } : {}),
    // Each attempt under the time limit.
    request: { fetch: timedFetch(options.timeoutMs ?? REQUEST_TIMEOUT_MS, apiFetch(baseUrl)) },
    retry: { retries, retryAfterBaseValue: options.retryAfterBaseValue ?? 1000 },
    throttle: {
      onRateLimit: onLimit("primary"),
      onSecondaryRateLimit: onLimit("secondary"),
      ...(options.retryAfterBaseValue !== undefined
        ? { retryAfterBaseValue: options.retryAfterBaseValue, fallbackSecondaryRateRetryAfter: 1 }
        : {}),
    },
  });
}
