// Real git repositories in temp dirs for tests: one `git` that fails loudly with git's
// own message, a repository made from the files already in a folder, and temp dirs
// removed after each test.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs git in `root` as a fixed test identity; throws with git's stderr when it fails. */
export function git(root: string, ...args: string[]): string {
  const r = spawnSync(
    "git",
    [
      "-C",
      root,
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@t",
      "-c",
      "commit.gpgsign=false",
      ...args,
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Makes `root` a repository on `main` with everything in it committed. */
export function initRepo(root: string, message = "start"): string {
  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", message);
  return root;
}

/** Temp dirs made by a test file; `cleanup()` in afterEach/afterAll removes them. */
export function tempDirs() {
  const made: string[] = [];
  return {
    make(prefix: string): string {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    /** A path beside the temp dirs (removed with them), e.g. for a file a fixer writes. */
    keep(path: string): string {
      made.push(path);
      return path;
    },
    cleanup(): void {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
