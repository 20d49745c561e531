// The one way dxfix builds a REST client: Octokit with pagination, called by route
// (`octokit.request("GET /repos/{owner}/{repo}/...")`, the form Probot's client takes
// too; the REST method table, 80 KiB evaluated at every start, is left out), GHES-aware
// via GITHUB_API_URL, with retries for 5xx and rate limits (retry.ts), so a flaky API
// costs a delay rather than a failed run, and a time limit on each request (timeout.ts),
// so a silent API costs a clear failure rather than a hung job. Requests go through
// node:http/https (http-fetch.ts: Node's own fetch costs ~35 ms of CPU to start); the
// proxy-aware fetch (@actions/http-client and undici, what @actions/github always loads)
// is imported only when a proxy applies, which keeps the Action's start-up near the
// lightest actions' (bench/startup.bench.ts).
import { getProxyUrl } from "@actions/http-client/lib/proxy";
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { httpFetch } from "./http-fetch.ts";
import { retryRequests } from "./retry.ts";
import { REQUEST_TIMEOUT_MS, timedFetch } from "./timeout.ts";

const Client = Octokit.plugin(paginateRest);
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

/** A run waits this long at most for a rate limit's reset; a later one fails the request. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 15 * 60;

export interface ClientOptions {
  /** REST API root; defaults to GITHUB_API_URL or https://api.github.com. */
  baseUrl?: string;
  /** Retries for 5xx answers and for primary/secondary rate limits (default 3). */
  retries?: number;
  /** One second of waiting in ms (default 1000): the 5xx backoff is 1, 4, 9 of it, and
   * rate-limit waits and the spacing of writes are counted in it. */
  retryAfterBaseValue?: number;
  /** Where retry decisions are logged (default: nowhere). */
  log?: (message: string) => void;
  userAgent?: string;
  /** How long each attempt may wait for an answer, in ms (default 30 s). */
  timeoutMs?: number;
}

export function createOctokit(token: string, options: ClientOptions = {}): GitHubClient {
  const baseUrl = (
    options.baseUrl ??
    process.env.GITHUB_API_URL ??
    "https://api.github.com"
  ).replace(/\/$/, "");
  const userAgent = userAgentOf(options.userAgent);
  const octokit = new Client({
    auth: `token ${token}`,
    baseUrl,
    ...(userAgent ? { userAgent } : {}),
    // Each attempt under the time limit.
    request: { fetch: timedFetch(options.timeoutMs ?? REQUEST_TIMEOUT_MS, apiFetch(baseUrl)) },
  });
  retryRequests(octokit, {
    retries: options.retries ?? 3,
    second: options.retryAfterBaseValue ?? 1000,
    maxWaitSeconds: MAX_RATE_LIMIT_WAIT_SECONDS,
    log: options.log ?? (() => {}),
  });
  return octokit;
}
