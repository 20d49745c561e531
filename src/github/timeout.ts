// A time limit on every request dxfix sends to GitHub. Octokit has none: against an API
// that accepts the connection and never answers, the Action hung until the runner killed
// it (150 s in the attack) and still reported `status=passed`. Each attempt gets its own
// limit (the fetch is wrapped, inside the retry plugin), so a timed-out attempt is retried
// within octokit's policy like a 5xx, and the last one fails with the request's name.

/** How long one request may wait for GitHub's answer, headers and body (30 s). */
export const REQUEST_TIMEOUT_MS = 30_000;

type Fetch = typeof globalThis.fetch;

/** A request GitHub did not answer in time (octokit wraps it: see isRequestTimeout). */
export class RequestTimeoutError extends Error {
  override name = "RequestTimeoutError";
}

/** True when `error`, or an error it was caused by, is a request timeout. */
export function isRequestTimeout(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof RequestTimeoutError) return true;
  }
  return false;
}

function describe(input: Parameters<Fetch>[0], init: RequestInit | undefined): string {
  const url = input instanceof Request ? input.url : String(input);
  const method = init?.method ?? (input instanceof Request ? input.method : "GET");
  return `${method} ${url}`;
}

/**
 * `inner` with a limit of `ms` per call; without `inner`, the global fetch looked up at
 * each call (so test interceptors still apply). The error names the request and the limit.
 */
export function timedFetch(ms = REQUEST_TIMEOUT_MS, inner?: Fetch): Fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await (inner ?? globalThis.fetch)(input, { ...init, signal });
    } catch (error) {
      if (!timeout.aborted) throw error;
      throw new RequestTimeoutError(
        `GitHub did not answer ${describe(input, init)} within ${ms / 1000} s (request timeout)`,
        { cause: error },
      );
    }
  };
}
