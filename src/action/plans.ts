// Finding the plans to check: explicit paths or globs, relative to the working
// directory first and then to the repository root (so both `plan: .kiro/specs/*/tasks.md`
// with a working-directory and a root-relative `plan: examples/x/.kiro/...` work).
import { existsSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError } from "../errors.ts";
import { globFiles } from "../files/walk.ts";

/**
 * Plans, requirements and the working directory must stay inside the workspace: a
 * `../`, an absolute path or a symlink could make the Action read (and run commands
 * from) files the workflow never checked out. `allowOutside` is the explicit opt-in.
 */
export function assertInside(
  workspace: string,
  path: string,
  what: string,
  allowOutside = false,
): string {
  if (allowOutside) return path;
  const root = realpathSync(workspace);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    real = resolve(path);
  }
  if (real === root || real.startsWith(root + sep)) return path;
  throw new InputError(
    `${what} '${relative(workspace, path) || path}' is outside the workspace (${real}); dxfix reads only the checked-out repository unless 'allow-outside-workspace: true' is set`,
  );
}

const SKIP = new Set(["node_modules", ".git", "target", "dist"]);

function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

function matches(pattern: string, base: string): string[] {
  if (isAbsolute(pattern) && !isGlob(pattern)) return existsSync(pattern) ? [pattern] : [];
  if (!isGlob(pattern)) {
    const path = resolve(base, pattern);
    return existsSync(path) && statSync(path).isFile() ? [path] : [];
  }
  // Our walk, not fs.globSync: its first call costs ~4 ms of CPU (it loads a glob engine
  // of its own), a tenth of a run's start-up (bench/startup.bench.ts). Symlinked spec
  // folders are followed; findPlans refuses what they reach outside the workspace.
  return globFiles(base, [pattern], { skip: SKIP, follow: true }).map((p) => resolve(base, p));
}

/** Absolute plan paths, sorted, without duplicates; throws when a pattern finds nothing. */
export function findPlans(
  patterns: string[],
  workspace: string,
  workingDirectory: string,
  allowOutside = false,
): string[] {
  const bases = [...new Set([resolve(workspace, workingDirectory), resolve(workspace)])];
  // By real path: a plan reached twice (through a symlinked folder) is checked once, under
  // its shortest path.
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const pattern of patterns) {
    let hits: string[] = [];
    for (const base of bases) {
      hits = matches(pattern, base);
      if (hits.length > 0) break;
    }
    if (hits.length === 0) missing.push(pattern);
    for (const hit of hits) {
      const path = assertInside(workspace, hit, "plan", allowOutside);
      const real = realpathSync(path);
      const known = found.get(real);
      if (known === undefined || path.length < known.length) found.set(real, path);
    }
  }
  if (found.size === 0) {
    const where = bases.map((b) => relative(workspace, b) || ".").join(" or ");
    throw new InputError(
      `no plan found: ${missing.map((p) => `'${p}'`).join(", ")} matched no file under ${where}. Set the 'plan' input to your tasks.md (a path or a glob)`,
    );
  }
  return [...found.values()].sort();
}

/** A requirements path relative to the working directory, else to the repository root. */
export function findFile(
  path: string,
  workspace: string,
  workingDirectory: string,
  allowOutside = false,
): string {
  for (const base of [resolve(workspace, workingDirectory), resolve(workspace)]) {
    const candidate = resolve(base, path);
    if (existsSync(candidate))
      return assertInside(workspace, candidate, "requirements file", allowOutside);
  }
  throw new InputError(
    `requirements file '${path}' does not exist (looked in ${join(workingDirectory, path)} and ${path})`,
  );
}

/** The default glob, searched anywhere below `base`: for monorepos and examples/ folders. */
const DEEP_DEFAULT = "**/.kiro/specs/*/tasks.md";

/** Plans anywhere below the working directory (skipping dependencies and build output). */
export function searchPlans(workspace: string, workingDirectory: string): string[] {
  try {
    return matches(DEEP_DEFAULT, resolve(workspace, workingDirectory)).sort();
  } catch {
    return [];
  }
}
