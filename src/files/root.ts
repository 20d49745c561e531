// Where a plan's relative paths start: the folder holding `.kiro/` (Kiro's workspace
// root), else the git top level of the plan, else the plan's own folder.
import { spawnSync } from "node:child_process";
import { dirname, resolve, sep } from "node:path";

export function findRoot(planPath: string): string {
  const abs = resolve(planPath);
  const marker = `${sep}.kiro${sep}`;
  const at = abs.lastIndexOf(marker);
  if (at > 0) return abs.slice(0, at);
  const git = spawnSync("git", ["rev-parse", "--show-toplevel"], {
    cwd: dirname(abs),
    encoding: "utf8",
  });
  if (git.status === 0 && git.stdout.trim()) return git.stdout.trim();
  return dirname(abs);
}

/** The spec name of `.kiro/specs/<spec>/tasks.md`, else null. */
export function specName(planPath: string): string | null {
  const m = /(?:^|[\\/])\.kiro[\\/]specs[\\/](?<spec>[^\\/]+)[\\/][^\\/]+$/.exec(planPath);
  return m?.groups?.spec ?? null;
}
