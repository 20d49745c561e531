// Finding the plans to check: explicit paths or globs, relative to the working
// directory first and then to the repository root (so both `plan: .kiro/specs/*/tasks.md`
// with a working-directory and a root-relative `plan: examples/x/.kiro/...` work).
import { existsSync, globSync, realpathSync, statSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError } from "../errors.ts";

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
  return globSync(pattern, {
    cwd: base,
    exclude: (entry: string) => SKIP.has(basename(entry)),
  })
    .map((p) => resolve(base, p))
    .filter((p) => statSync(p).isFile());
}

/** Absolute plan paths, sorted, without duplicates; throws when a pattern finds nothing. */
export function findPlans(
  patterns: string[],
  workspace: string,
  workingDirectory: string,
  allowOutside = false,
): string[] {
  const bases = [...new Set([resolve(workspace, workingDirectory), resolve(workspace)])];
  const found = new Set<string>();
  const missing: string[] = [];
  for (const pattern of patterns) {
    let hits: string[] = [];
    for (const base of bases) {
      hits = matches(pattern, base);
      if (hits.length > 0) break;
    }
    if (hits.length === 0) missing.push(pattern);
    for (const hit of hits) found.add(assertInside(workspace, hit, "plan", allowOutside));
  }
  if (found.size === 0) {
    const where = bases.map((b) => relative(workspace, b) || ".").join(" or ");
    throw new InputError(
      `no plan found: ${missing.map((p) => `'${p}'`).join(", ")} matched no file under ${where}. Set the 'plan' input to your tasks.md (a path or a glob)`,
    );
  }
  return [...found].sort();
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
