// Reuse for `dxfix check` on a laptop: a local cache directory, keyed like the Action's
// results, with the `reuse` section of `.github/dxfix.yml` when the repository has one.
// The default lives inside the repository's git directory (`.git/dxfix-cache`): never in
// the work tree, so no `git add -A` (the fix loop's, a user's) can commit it.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ReuseOptions } from "../checkpoints/check.ts";
import { CONFIG_PATH, defaultConfig, formatConfigError, parseConfig } from "../config.ts";
import { UsageError } from "../errors.ts";
import { findRoot } from "../files/root.ts";
import { dirSource } from "./sources.ts";
import { gitTop } from "./tree.ts";

/** The default cache directory of the repository holding `top`, or null outside git. */
function defaultCacheDir(top: string): string | null {
  const r = spawnSync("git", ["-C", top, "rev-parse", "--git-common-dir"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim()
    ? join(resolve(top, r.stdout.trim()), "dxfix-cache")
    : null;
}

function reuseConfig(top: string): { ignore: string[]; env: string[] } {
  const path = join(top, CONFIG_PATH);
  if (!existsSync(path)) return defaultConfig.reuse;
  const result = parseConfig(readFileSync(path, "utf8"), CONFIG_PATH);
  if ("error" in result) throw new UsageError(formatConfigError(path, result.error));
  return result.config.reuse;
}

/** Reuse options for a CLI run; with `reuse` false, keys are recorded but nothing is reused. */
export function cliReuse(
  planPath: string,
  root: string | null,
  options: { reuse: boolean; cacheDir: string | undefined },
): ReuseOptions {
  const base = resolve(root ?? findRoot(planPath));
  const top = gitTop(base) ?? base;
  const settings = reuseConfig(top);
  if (!options.reuse) return settings;
  const head = spawnSync("git", ["-C", top, "rev-parse", "HEAD"], { encoding: "utf8" });
  const sha = head.status === 0 ? head.stdout.trim() : "local";
  const dir = options.cacheDir ? resolve(options.cacheDir) : defaultCacheDir(top);
  return dir ? { ...settings, source: dirSource(dir, sha) } : settings;
}
