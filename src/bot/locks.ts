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
