// What a fixer's changes may touch before dxfix commits them. An agent works with the
// repository's files, not its trust: it must not change the workflows that run with
// secrets, the configuration that sets its own limits, or anything outside the paths the
// user allowed. Pure: the caller lists the changed files (git diff --numstat).
import picomatch from "picomatch";

export interface ChangedFile {
  path: string;
  /** Lines added and removed; null for a binary file. */
  added: number | null;
  removed: number | null;
}

export interface GuardRules {
  /** Globs (repository-relative) a change may touch; default everything. */
  paths: string[];
  /** Most lines added plus removed, over all files. */
  maxChangedLines: number;
  /** Paths that are never the fixer's to change, whatever `paths` says. */
  protected: string[];
}

/** Never the fixer's: workflows run with secrets; the config sets the fixer's own limits. */
export const ALWAYS_PROTECTED = [".github/workflows/**", ".github/dxfix.yml", ".git/**"];

export interface GuardVerdict {
  ok: boolean;
  /** Why the change is refused, one line each (empty when ok). */
  reasons: string[];
  changedLines: number;
}

export function guardChanges(files: readonly ChangedFile[], rules: GuardRules): GuardVerdict {
  const reasons: string[] = [];
  const protectedMatch = picomatch([...ALWAYS_PROTECTED, ...rules.protected], { dot: true });
  const allowed = picomatch(rules.paths.length > 0 ? rules.paths : ["**"], { dot: true });
  let changedLines = 0;
  for (const f of files) {
    if (protectedMatch(f.path)) reasons.push(`${f.path} is protected: the fixer may not change it`);
    else if (!allowed(f.path))
      reasons.push(`${f.path} is outside fixer.paths (${rules.paths.join(", ")})`);
    changedLines += (f.added ?? 1) + (f.removed ?? 0);
  }
  if (changedLines > rules.maxChangedLines) {
    reasons.push(
      `${changedLines} changed lines, more than fixer.maxChangedLines (${rules.maxChangedLines})`,
    );
  }
  return { ok: reasons.length === 0, reasons, changedLines };
}

/** Parses `git diff --numstat -z` output (binary files show `-` counts). */
export function parseNumstat(output: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  const fields = output.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const head = fields[i] ?? "";
    if (head === "") continue;
    const [added = "", removed = "", path = ""] = head.split("\t");
    const count = (n: string) => (n === "-" ? null : Number(n));
    if (path !== "") {
      files.push({ path, added: count(added), removed: count(removed) });
      continue;
    }
    // A rename: `added\tremoved\t\0old\0new`; the new path is the one that changes.
    const to = fields[i + 2] ?? "";
    files.push({ path: to, added: count(added), removed: count(removed) });
    i += 2;
  }
  return files;
}
