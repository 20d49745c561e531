// The few git operations the fix step needs, on a local checkout. The fix step only adds
// commits on top of the current branch; it never resets or rewrites anything it did not
// make, and it refuses to start on a working tree holding someone's uncommitted work.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { UserError } from "../errors.ts";
import { type ChangedFile, parseNumstat } from "./guard.ts";

const run = promisify(execFile);

export class GitError extends UserError {}

export interface Identity {
  name: string;
  email: string;
}

export async function git(root: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run("git", ["-C", root, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env: env ?? process.env,
    });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message?: string };
    const why = (e.stderr ?? "").trim().split("\n")[0] || e.message || String(error);
    throw new GitError(`git ${args[0] ?? ""} failed in ${root}: ${why}`);
  }
}

export async function topLevel(dir: string): Promise<string> {
  return (await git(dir, ["rev-parse", "--show-toplevel"])).trim();
}

export async function head(root: string): Promise<string> {
  return (await git(root, ["rev-parse", "HEAD"])).trim();
}

/** Uncommitted changes and untracked files (ignored files do not count). */
export async function dirtyPaths(root: string): Promise<string[]> {
  const out = await git(root, ["status", "--porcelain=v1", "-z", "--untracked-files=all"]);
  return out
    .split("\0")
    .filter((l) => l.length > 3)
    .map((l) => l.slice(3));
}

/** Stages everything (new, changed and deleted files, .gitignore respected). */
export async function stageAll(root: string): Promise<void> {
  await git(root, ["add", "-A"]);
}

/** Changes of the working tree against the index: what the last attempt did. */
export async function unstagedChanges(root: string): Promise<ChangedFile[]> {
  await git(root, ["add", "-A", "--intent-to-add"]);
  return parseNumstat(await git(root, ["diff", "--numstat", "-z", "--no-renames"]));
}

/** Staged changes against `base`: everything the fix run would commit. */
export async function stagedChanges(root: string, base: string): Promise<ChangedFile[]> {
  return parseNumstat(
    await git(root, ["diff", "--cached", "--numstat", "-z", "--no-renames", base]),
  );
}

/** Short stat of the staged changes against `base`, for the fix log. */
export async function stagedStat(root: string, base: string): Promise<string> {
  return (await git(root, ["diff", "--cached", "--stat=100", base])).trimEnd();
}

/** Puts the working tree back to the index: the last attempt's changes are dropped. */
export async function dropUnstaged(root: string): Promise<void> {
  await git(root, ["checkout", "--", "."]);
  await git(root, ["clean", "-fdq"]);
}

/** Commits the index as `identity`; returns the new commit's sha. */
export async function commit(root: string, message: string, identity: Identity): Promise<string> {
  await git(root, [
    ...["-c", `user.name=${identity.name}`, "-c", `user.email=${identity.email}`],
    ...["-c", "commit.gpgsign=false"],
    ...["commit", "-q", "-m", message],
  ]);
  return head(root);
}

/** Commit messages of `range` (e.g. `base..HEAD`, or `-n 200` for the latest ones). */
export async function commitMessages(root: string, range: string[]): Promise<string[]> {
  const out = await git(root, ["log", "--format=%B%x00", ...range]);
  return out
    .split("\0")
    .map((m) => m.trim())
    .filter(Boolean);
}

/**
 * Credentials that actions/checkout leaves in the local config (`http.<url>.extraheader`)
 * would let a fixer push by itself. They are removed before a fixer runs; the Action
 * pushes with its own token afterwards.
 */
export async function removePersistedCredentials(root: string): Promise<string[]> {
  let keys: string[] = [];
  try {
    const out = await git(root, [
      "config",
      "--local",
      "--name-only",
      "--get-regexp",
      "^http\\..*\\.extraheader$",
    ]);
    keys = [
      ...new Set(
        out
          .split("\n")
          .map((k) => k.trim())
          .filter(Boolean),
      ),
    ];
  } catch {
    return []; // no such key: git exits 1
  }
  for (const key of keys) await git(root, ["config", "--local", "--unset-all", key]);
  return keys;
}
