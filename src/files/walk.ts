// Listing a repository's files: git's view when it is a repository (respects
// .gitignore, fast), else a bounded walk that skips build and dependency folders; and
// finding the files globs name, ignored or not (the reports commands leave).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";

const SKIP = new Set([".git", "node_modules", "target", "dist", "build", ".venv", "__pycache__"]);

export function listFiles(root: string, limit = 50_000): string[] {
  const git = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (git.status === 0) return git.stdout.split("\0").filter(Boolean).slice(0, limit);
  const out: string[] = [];
  walk(
    root,
    (name) => !SKIP.has(name),
    (path) => out.push(relative(root, path)),
    () => out.length < limit,
  );
  return out;
}

/**
 * Depth-first over the files below `start` (symlinked folders are not followed):
 * `enter` says which folders to go into, `more` when to stop.
 */
function walk(
  start: string,
  enter: (name: string) => boolean,
  file: (path: string) => void,
  more: () => boolean,
): void {
  const stack = [start];
  for (let dir = stack.pop(); dir !== undefined && more(); dir = stack.pop()) {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (enter(e.name)) stack.push(join(dir, e.name));
      } else if (e.isFile()) file(join(dir, e.name));
    }
  }
}

/** Folders never searched for report files unless a glob's fixed part names them. */
const NEVER = new Set([".git", "node_modules"]);

/**
 * Files under `root` that match any of the globs, git-ignored ones included: reports
 * (JUnit XML) are written to ignored folders (`target/`, `reports/`) as a rule. The walk
 * starts at each glob's fixed prefix, stays inside `root`, does not follow symlinked
 * folders, and stops after `limit` entries.
 */
export function globFiles(root: string, globs: readonly string[], limit = 200_000): string[] {
  if (globs.length === 0) return [];
  const match = picomatch([...globs], { dot: true });
  const found = new Set<string>();
  let visited = 0;
  for (const base of globBases(globs)) {
    const start = resolve(root, base);
    const rel = relative(root, start);
    if (rel.startsWith("..") || isAbsolute(rel)) continue;
    // A glob without wildcards names one file: its "base" is the file itself.
    if (isFile(start)) {
      const file = rel.split(sep).join("/");
      if (match(file)) found.add(file);
      continue;
    }
    walk(
      start,
      (name) => {
        visited++;
        return !NEVER.has(name) || base.split("/").includes(name);
      },
      (path) => {
        visited++;
        const file = relative(root, path).split(sep).join("/");
        if (match(file)) found.add(file);
      },
      () => visited < limit,
    );
  }
  return [...found].sort();
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The fixed folder each glob starts in (`reports` for `reports/**\/*.xml`), outermost only. */
function globBases(globs: readonly string[]): string[] {
  const bases = [...new Set(globs.map((g) => picomatch.scan(g).base || "."))].sort();
  return bases.filter((b, i) => !bases.slice(0, i).some((a) => a === "." || b.startsWith(`${a}/`)));
}
