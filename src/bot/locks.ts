// Coordination. Across processes (replicas, serverless instances) GitHub is the referee:
// a write that must happen once is preceded by a claim (`claim` in github.ts creates a
// hidden ref; GitHub lets one writer create it and answers 422 to the rest). The names of
// those claims are built here. In-process, `serialize` and `coalesce` only save calls (a
// push and a `pull_request.closed` for one merge, ten retries at once): correctness never
// depends on them, since a second process has none of their state.
import { createHash } from "node:crypto";
import { claim, type Repo, releaseClaim } from "./github.ts";

/**
 * Do `write` once across every process: only after winning the claim `name` (at commit
 * `sha`); false when another process holds it. A write that throws gives the claim back,
 * so the next event can try again; only a process dying in between leaves it undone.
 */
export async function once(
  r: Repo,
  name: string,
  sha: string,
  write: () => Promise<void>,
): Promise<boolean> {
  if (!(await claim(r, name, sha))) return false;
  try {
    await write();
  } catch (error) {
    await releaseClaim(r, name).catch((e: unknown) =>
      r.log.warn({ err: e }, `could not release the claim ${name}`),
    );
    throw error;
  }
  return true;
}

/** A short, ref-safe digest of text that may hold anything (ids, titles). */
function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** The failure comment of PR `pr` for head commit `sha`: one per (PR, sha). */
export const failureClaim = (pr: number, sha: string) => `failure/${pr}/${sha}`;
/** The later-groups notice of PR `pr` with notice key `key`: one per (PR, key). */
export const noticeClaim = (pr: number, key: string) => `notice/${pr}/${digest(key)}`;
/** Every command of one comment: a replayed delivery of the same comment acts once. */
export const commentClaim = (commentId: number) => `comment/${commentId}`;
/** One re-run request per workflow run attempt. */
export const retryClaim = (runId: number, attempt: number) => `retry/${runId}/${attempt}`;
/**
 * One fix-run dispatch per PR head and per newest fix run seen: once that run exists the
 * next request finds it active (or finished, with a new newest run id) instead.
 */
export const fixClaim = (pr: number, sha: string, newestRun: number) =>
  `fix/${pr}/${sha}/${newestRun}`;

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
