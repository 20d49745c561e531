// Listing a repository's files: git's view when it is a repository (respects
// .gitignore, fast), else a bounded walk that skips build and dependency folders.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const SKIP = new Set([".git", "node_modules", "target", "dist", "build", ".venv", "__pycache__"]);

export function listFiles(root: string, limit = 50_000): string[] {
  const git = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (git.status === 0) return git.stdout.split("\0").filter(Boolean).slice(0, limit);
  const out: string[] = [];
  const stack = [root];
  for (let dir = stack.pop(); dir !== undefined && out.length < limit; dir = stack.pop()) {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) stack.push(join(dir, e.name));
      } else if (e.isFile()) out.push(relative(root, join(dir, e.name)));
    }
  }
  return out;
}
