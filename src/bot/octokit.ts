// The bot's Octokit with the same time limit on every request as the Action's
// (src/github/timeout.ts): Probot's client has none, so a GitHub that stops answering
// would hold a delivery, and its comment, forever. DXFIX_REQUEST_TIMEOUT_MS overrides
// the 30 s default (tests, slow GitHub Enterprise servers).
import { ProbotOctokit } from "probot";
import { REQUEST_TIMEOUT_MS, timedFetch } from "../github/timeout.ts";

export const TIMEOUT_ENV = "DXFIX_REQUEST_TIMEOUT_MS";

/** The limit from the environment, checked: a typo would silently mean no limit. */
export function timeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[TIMEOUT_ENV]?.trim();
  if (!raw) return REQUEST_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new Error(`${TIMEOUT_ENV} must be a positive number of milliseconds, got '${raw}'`);
  }
  return ms;
}

type Fetch = typeof globalThis.fetch;

/** `Octokit` whose every instance (installation clients included) limits each request. */
export function withRequestTimeout(
  Octokit: typeof ProbotOctokit = ProbotOctokit,
  ms: number = timeoutFromEnv(),
): typeof ProbotOctokit {
  return Octokit.defaults((options: Record<string, unknown>) => {
    const request = (options.request ?? {}) as { fetch?: Fetch };
    return { ...options, request: { ...request, fetch: timedFetch(ms, request.fetch) } };
  });
}
