// Coordination. Across processes (replicas, serverless instances) GitHub is the referee:
// a write that must happen once is preceded by a claim (`claim` in github.ts creates a
// hidden ref; GitHub lets one writer create it and answers 422 to the rest). The names of
// those claims are built here. In-process, `serialize` and `coalesce` only save calls (a
// push and a `pull_request.closed` for one merge, ten retries at once): correctness never
// depends on them, since a second process has none of their state.
//
// Claims are kept a day, then swept. A ref has no date, so each claim lives in a bucket
// of its UTC day: `refs/dxfix-locks/2026-12-02/failure/12/<sha>`. A claim made in the
// first hour of a day also takes the previous day's bucket first, so two deliveries racing
// across midnight still meet on one ref. After a won claim (a write is coming anyway), at
// most once an hour per repository and process, the bot lists the claims (one call) and
// deletes up to SWEEP_LIMIT in buckets older than yesterday, so every ref it deletes is
// more than a day old. A delivery replayed after that acts again.
import { createHash } from "node:crypto";
import { statusOf } from "../errors.ts";
import { claim, listClaims, type Repo, releaseClaim } from "./github.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** In its first hour, a day's claim also takes the day before's bucket. */
const EDGE_MS = 60 * 60 * 1000;
/** Stale claims deleted per sweep at most: one event never pays for a long backlog. */
export const SWEEP_LIMIT = 10;
const SWEEP_EVERY_MS = 60 * 60 * 1000;

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The refs (under refs/dxfix-locks/) that claim `name` at `now` takes, oldest first. */
export function claimRefs(name: string, now: number): string[] {
  const today = `${utcDay(now)}/${name}`;
  return now % DAY_MS < EDGE_MS ? [`${utcDay(now - DAY_MS)}/${name}`, today] : [today];
}

/** True for a claim in a bucket older than yesterday, or from before buckets (no date). */
export function isStale(ref: string, now: number): boolean {
  const slash = ref.indexOf("/");
  const bucket = Date.parse(ref.slice(0, slash));
  if (slash !== 10 || !Number.isFinite(bucket)) return true;
  return bucket < Date.parse(utcDay(now)) - DAY_MS;
}

async function release(r: Repo, refs: readonly string[]): Promise<void> {
  for (const ref of refs) {
    await releaseClaim(r, ref).catch((e: unknown) =>
      r.log.warn({ err: e }, `could not release the claim ${ref}`),
    );
  }
}

/**
 * Claim `name` at commit `sha` for the whole repository: the refs it took, or null when
 * another delivery holds it. `sweep: false` skips the sweep (a call the caller saves).
 */
export async function claimOnce(
  r: Repo,
  name: string,
  sha: string,
  options: { sweep?: boolean; now?: number } = {},
): Promise<string[] | null> {
  const now = options.now ?? Date.now();
  const taken: string[] = [];
  for (const ref of claimRefs(name, now)) {
    if (!(await claim(r, ref, sha))) {
      await release(r, taken);
      return null;
    }
    taken.push(ref);
  }
  if (options.sweep !== false) await sweep(r, now);
  return taken;
}

const sweptAt = new Map<string, number>();

/** Deletes up to SWEEP_LIMIT stale claims; never fails the event that pays for it. */
async function sweep(r: Repo, now: number): Promise<void> {
  const key = `${r.owner}/${r.repo}`;
  if (now - (sweptAt.get(key) ?? Number.NEGATIVE_INFINITY) < SWEEP_EVERY_MS) return;
  sweptAt.set(key, now);
  try {
    const stale = (await listClaims(r)).filter((ref) => isStale(ref, now)).slice(0, SWEEP_LIMIT);
    for (const ref of stale) {
      // 422: another replica swept it first.
      await releaseClaim(r, ref).catch((e: unknown) => {
        if (statusOf(e) !== 422) throw e;
      });
    }
    if (stale.length > 0) r.log.info(`deleted ${stale.length} stale claim(s)`);
  } catch (error) {
    r.log.warn({ err: error }, "could not sweep stale claims");
  }
}

/** Forget when repositories were swept (tests: each starts with a sweep due). */
export function forgetSweeps(): void {
  sweptAt.clear();
}

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
  const taken = await claimOnce(r, name, sha);
  if (!taken) return false;
  try {
    await write();
  } catch (error) {
    await release(r, taken);
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
