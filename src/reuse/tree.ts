// What a command can see of the repository, as one digest: the git index of the checked-
// out commit (`git ls-files -s`: mode, blob id and path of every tracked file) plus the
// content of files changed or added since (a laptop's dirty tree), with the plan files
// and the `reuse.ignore` globs left out. Computed once per run, before
// any command, so what the commands write does not move it.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, matchesGlob, relative, resolve, sep } from "node:path";

export interface TreeOptions {
  /** Absolute paths of files that never count (the plan's tasks.md, requirements.md). */
  exclude: string[];
  /** Globs relative to the repository's top level. */
  ignore: string[];
}

function git(top: string, args: string[]): string | null {
  const r = spawnSync("git", ["-C", top, ...args], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  return r.status === 0 ? r.stdout : null;
}

/**
 * The repository's top level containing `dir`, or null outside git: the nearest folder
 * holding `.git` (a folder, or the file of a worktree or submodule). Found on disk rather
 * than by `git rev-parse` (a process per run), unless GIT_DIR or GIT_WORK_TREE say where
 * the repository is. Not resolved through symlinks, like the plan paths left out of the
 * digest, so they stay relative to it.
 */
export function gitTop(dir: string): string | null {
  if (process.env.GIT_DIR || process.env.GIT_WORK_TREE) {
    return git(dir, ["rev-parse", "--show-toplevel"])?.trim() || null;
  }
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return null;
  }
}

/** Paths of `git status` entries (modified, added, untracked; not ignored files). */
function changedPaths(top: string): string[] {
  const out = git(top, ["status", "--porcelain=v1", "-z", "--untracked-files=all"]) ?? "";
  const fields = out.split("\0");
  const paths: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i] ?? "";
    if (entry.length < 4) continue;
    paths.push(entry.slice(3));
    // A rename or copy names its source in the next field: that path changed too.
    if (entry[0] === "R" || entry[0] === "C") paths.push(fields[++i] ?? "");
  }
  return paths.filter((p) => p !== "");
}

function contentId(top: string, path: string): string {
  try {
    const abs = resolve(top, path);
    if (!statSync(abs).isFile()) return "not-a-file";
    return createHash("sha256").update(readFileSync(abs)).digest("hex");
  } catch {
    return "deleted";
  }
}

/** The digest of the tree at `root`'s repository, or null when `root` is not in git. */
export function treeDigest(root: string, options: TreeOptions): string | null {
  const top = gitTop(root);
  if (!top) return null;
  const listing = git(top, ["ls-files", "-s", "-z"]);
  if (listing === null) return null;
  const excluded = new Set(options.exclude.map((p) => relative(top, p).split(sep).join("/")));
  const globs = options.ignore;
  const counts = (path: string) => !excluded.has(path) && !globs.some((g) => matchesGlob(path, g));
  const hash = createHash("sha256");
  for (const entry of listing.split("\0")) {
    // "<mode> <blob> <stage>\t<path>"
    const tab = entry.indexOf("\t");
    if (tab < 0) continue;
    const path = entry.slice(tab + 1);
    if (counts(path)) hash.update(`${entry.slice(0, tab)} ${path}\0`);
  }
  for (const path of [...new Set(changedPaths(top))].sort()) {
    if (counts(path)) hash.update(`changed ${contentId(top, path)} ${path}\0`);
  }
  return hash.digest("hex");
}
