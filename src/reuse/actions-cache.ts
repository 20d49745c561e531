// Results kept in GitHub's Actions cache, for runs with no PR comment to read (pushes).
// One small JSON file per key; @actions/cache is imported only when this source is used,
// so runs that never need it do not pay for loading it.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResultSource } from "../checkpoints/check.ts";
import { messageOf } from "../errors.ts";
import { readStored, reusedRan, type StoredResult } from "./sources.ts";

type CacheModule = typeof import("@actions/cache");

export function cacheKey(key: string): string {
  return `dxfix-reuse-v1-${key}`;
}

/** A source over @actions/cache; `log` hears why a lookup or a save did not work. */
export function actionsCacheSource(sha: string, log: (message: string) => void): ResultSource {
  const dir = join(process.env.RUNNER_TEMP || tmpdir(), "dxfix-reuse");
  let loaded: Promise<CacheModule | null> | null = null;
  const cache = () => {
    // No cache service on this runner (a local run): not worth loading the module.
    if (!process.env.ACTIONS_CACHE_URL && !process.env.ACTIONS_RESULTS_URL) return null;
    loaded ??= import("@actions/cache").then(
      (m) => (m.isFeatureAvailable() ? m : null),
      () => null,
    );
    return loaded;
  };
  return {
    async find({ key }) {
      const m = key ? await cache() : null;
      if (!m || !key) return null;
      const path = join(dir, `${key}.json`);
      try {
        mkdirSync(dir, { recursive: true });
        if (!(await m.restoreCache([path], cacheKey(key)))) return null;
        const stored = readStored(readFileSync(path, "utf8"), key);
        return stored ? reusedRan(stored, key) : null;
      } catch (error) {
        log(`dxfix: cache lookup failed (the command runs): ${messageOf(error)}`);
        return null;
      }
    },
    async ran({ key }, ran) {
      const m = key && ran.result.status === "passed" ? await cache() : null;
      if (!m || !key) return;
      const path = join(dir, `${key}.json`);
      const stored: StoredResult = { v: 1, sha, result: ran.result, tests: ran.tests };
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path, JSON.stringify(stored));
        await m.saveCache([path], cacheKey(key));
      } catch (error) {
        log(`dxfix: could not save the result in the cache: ${messageOf(error)}`);
      }
    },
  };
}
