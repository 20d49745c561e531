// In-process coordination. GitHub is the state; these only stop one process from racing
// itself (e.g. a push and a `pull_request.closed` for the same merge arriving together).

const tails = new Map<string, Promise<unknown>>();

/** Run `fn` after every earlier call with the same key has settled. */
export function serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}

const inflight = new Map<string, Promise<unknown>>();

/**
 * Calls with the same key while one is in flight share its answer instead of asking
 * GitHub again (ten `/dxfix retry` at once: one re-run). `joined` is true for the ones
 * that waited. Namespace keys by their use (`retry:`, `fix:`).
 */
export async function coalesce<T>(
  key: string,
  fn: () => Promise<T>,
): Promise<{ value: T; joined: boolean }> {
  const running = inflight.get(key) as Promise<T> | undefined;
  if (running) return { value: await running, joined: true };
  const attempt = fn().finally(() => inflight.delete(key));
  inflight.set(key, attempt);
  return { value: await attempt, joined: false };
}
