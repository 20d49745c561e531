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

/** Staged changes between two trees or commits. */
export async function changesBetween(
  root: string,
  from: string,
  to: string,
): Promise<ChangedFile[]> {
  return parseNumstat(await git(root, ["diff", "--numstat", "-z", "--no-renames", from, to]));
}

/** Short stat between two trees or commits, for the fix log. */
export async function statBetween(root: string, from: string, to: string): Promise<string> {
  return (await git(root, ["diff", "--stat=100", from, to])).trimEnd();
}

/** The tree of the index (after stageAll: of the working tree). */
export async function writeTree(root: string): Promise<string> {
  return (await git(root, ["write-tree"])).trim();
}

/** The tree a commit points at. */
export async function treeOf(root: string, commit: string): Promise<string> {
  return (await git(root, ["rev-parse", `${commit}^{tree}`])).trim();
}

/**
 * Puts the index and the working tree back to `tree` and removes files that are not in
 * it (ignored files stay). Only used on changes the fix run itself made: it refuses to
 * start on a dirty tree.
 */
export async function resetTo(root: string, tree: string): Promise<void> {
  await git(root, ["read-tree", "-u", "--reset", tree]);
  await git(root, ["clean", "-fdq"]);
}

/**
 * One commit of `tree` on top of `parent`, as `identity`; the current branch moves to it
 * only if it still points at `parent` (never a forced move). Returns the commit's sha.
 */
export async function commitTree(
  root: string,
  args: { tree: string; parent: string; message: string; identity: Identity },
): Promise<string> {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: args.identity.name,
    GIT_AUTHOR_EMAIL: args.identity.email,
    GIT_COMMITTER_NAME: args.identity.name,
    GIT_COMMITTER_EMAIL: args.identity.email,
  };
  const sha = (
    await git(root, ["commit-tree", args.tree, "-p", args.parent, "-m", args.message], env)
  ).trim();
  await git(root, ["update-ref", "-m", "dxfix fix", "HEAD", sha, args.parent]);
  return sha;
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
