// Listing a repository's files: git's view when it is a repository (respects
// .gitignore, fast), else a bounded walk that skips build and dependency folders; and
// finding the files globs name, ignored or not (the reports commands leave).
import { spawnSync } from "node:child_process";
import { readdirSync, realpathSync, statSync } from "node:fs";
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
 * Depth-first over the files below `start`: `enter` says which folders to go into, `more`
 * when to stop. Symbolic links are followed only with `follow` (not into a folder the
 * walk is already inside, so a loop ends); callers that follow them check where the files
 * really are.
 */
function walk(
  start: string,
  enter: (name: string) => boolean,
  file: (path: string) => void,
  more: () => boolean,
  follow = false,
): void {
  // With `follow`, each folder carries the real paths of the folders above it: a link to
  // one of them is a loop and is not entered; a folder reached by two routes is walked twice.
  const stack: { dir: string; chain: readonly string[] }[] = [{ dir: start, chain: [] }];
  for (let top = stack.pop(); top !== undefined && more(); top = stack.pop()) {
    const { dir } = top;
    let entries: import("node:fs").Dirent[];
    let chain = top.chain;
    try {
      if (follow) {
        const real = realpathSync(dir);
        if (chain.includes(real)) continue;
        chain = [...chain, real];
      }
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      const kind = follow && e.isSymbolicLink() ? linked(path) : e;
      if (kind?.isDirectory()) {
        if (enter(e.name)) stack.push({ dir: path, chain });
      } else if (kind?.isFile()) file(path);
    }
  }
}

/** What a symbolic link points at, or null when it points nowhere. */
function linked(path: string): import("node:fs").Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Folders never searched for report files unless a glob's fixed part names them. */
const NEVER: ReadonlySet<string> = new Set([".git", "node_modules"]);

export interface GlobOptions {
  /** Folder names not entered unless a glob's fixed part names them (default .git, node_modules). */
  skip?: ReadonlySet<string>;
  /** Entries visited before the walk stops. */
  limit?: number;
  /** Follow symbolic links to folders and files (each folder once). */
  follow?: boolean;
}

/**
 * Files under `root` that match any of the globs, git-ignored ones included: reports
 * (JUnit XML) are written to ignored folders (`target/`, `reports/`) as a rule. The walk
 * starts at each glob's fixed prefix, stays inside `root`, does not follow symlinked
 * folders, and stops after `limit` entries. Paths are relative to `root`, `/`-separated.
 */
export function globFiles(
  root: string,
  globs: readonly string[],
  { skip = NEVER, limit = 200_000, follow = false }: GlobOptions = {},
): string[] {
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
        return !skip.has(name) || base.split("/").includes(name);
      },
      (path) => {
        visited++;
        const file = relative(root, path).split(sep).join("/");
        if (match(file)) found.add(file);
      },
      () => visited < limit,
      follow,
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
